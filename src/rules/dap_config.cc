// Rules on the launch configuration (launch.json / settings `launch`) and on checked DAP
// traffic (`godiag dap check`).
#include <fmt/format.h>

#include "dap/session.h"
#include "rules/all.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

// One finding per configuration problem of the rule's kind (the id's last part).
void CheckConfig(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || !s.dap->config) return;
  std::string kind = rule.id.substr(rule.id.rfind('.') + 1);
  for (const auto& p : s.dap->config->problems) {
    if (p.kind != kind) continue;
    std::string message = p.detail + ".";
    if (!p.suggestion.empty()) message += " Did you mean \"" + p.suggestion + "\"?";
    Finding f = core::MakeFinding(rule, p.where.empty() ? p.field : p.where, message);
    f.evidence.push_back({"launch configuration", p.field.empty() ? "file" : p.field, p.detail,
                          p.where.empty() ? std::nullopt : std::optional<std::string>(p.where)});
    f.fixes.push_back({p.suggestion.empty() ? rule.fix : "Rename it to \"" + p.suggestion + "\"", std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckTraffic(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& t : s.dap_traffic) {
    for (const auto& d : t.defects) {
      if (d.id != rule.id) continue;
      std::string msg = d.detail + (d.count > 1 ? fmt::format(" (seen {} times; the first at {})", d.count, d.where) : "") + ".";
      Finding f = core::MakeFinding(rule, t.file + ": " + d.where, msg);
      f.evidence.push_back({"dap check", t.format, t.file, t.file + " " + d.where});
      f.fixes.push_back({rule.fix, std::nullopt});
      out.push_back(std::move(f));
    }
  }
}

void CheckTrafficErrors(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& t : s.dap_traffic) {
    if (t.errors.empty()) continue;
    const auto& e = t.errors.front();
    Finding f = core::MakeFinding(rule, t.file,
                                  fmt::format("{} error response(s); the first: {} failed: \"{}\".", t.errors.size(), e.command,
                                              e.format.empty() ? e.message : e.format));
    for (const auto& x : t.errors) {
      f.evidence.push_back({"dap check", x.command, x.format.empty() ? x.message : x.format, std::nullopt});
      if (f.evidence.size() >= 10) break;
    }
    for (const auto& o : t.output) {
      if (o.text.rfind("Build Error:", 0) == 0) f.evidence.push_back({"output event (stderr)", "Build Error", o.text, std::nullopt});
    }
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  }
}

const core::RuleText kConfigRules[] = {
    {"dap.config.unknown-key", Severity::kWarning, "an unknown attribute in the launch configuration",
     "A key that neither vscode-go nor Delve knows (usually a typo); the nearest known key is suggested.",
     "It is silently ignored: the setting the user meant does not apply.", "Rename or remove it."},
    {"dap.config.bad-program", Severity::kError, "the launch configuration's program is wrong",
     "\"program\" is missing, does not exist, or is not a directory or .go file (debug/test) or a file (exec).",
     "Delve fails: \"The program attribute … must be a valid directory or .go file in debug/test/auto modes.\"",
     "Point \"program\" at the main package directory, e.g. \"${workspaceFolder}\" or \"${workspaceFolder}/cmd/app\"."},
    {"dap.config.bad-value", Severity::kWarning, "a launch attribute has a value Delve or vscode-go rejects",
     "A field of the wrong type or an unknown value (mode, buildFlags, env, cwd, substitutePath, variables only VS Code "
     "resolves).",
     "The launch fails or the value is dropped.", "Fix the value as the message says."},
    {"dap.config.ignored-flag", Severity::kInfo, "a build flag of the launch configuration is dropped",
     "vscode-go removes -gcflags from buildFlags (Delve adds -gcflags all=-N -l itself).",
     "The flag has no effect.", "Remove it from buildFlags."},
    {"dap.config.unsupported", Severity::kInfo, "a configuration the probe does not run as written",
     "An attach request or the legacy adapter; godiag probes a dlv dap launch of the same program instead.",
     "The result describes the launch, not the attach.", "Probe a launch configuration with --config NAME."},
    {"dap.config.parse", Severity::kError, "launch.json cannot be read",
     "launch.json is not valid JSON with comments (or \"configurations\" is not an array).",
     "VS Code shows an error and offers no Go configuration; godiag used the default one.",
     "Fix the syntax at the line shown."},
    {"dap.config.not-found", Severity::kError, "no launch configuration with that name",
     "--config NAME names no configuration in launch.json or the settings' launch section.",
     "The probe ran the default configuration instead.", "Use one of the names listed."},
};

const core::RuleText kTrafficRules[] = {
    {"dap.traffic.framing", Severity::kWarning, "captured DAP traffic has framing defects",
     "A deviation from exact \"Content-Length: N\\r\\n\\r\\n\" framing.",
     "Delve closes the connection on any other header; other peers may desync.", "Fix the writer of those bytes."},
    {"dap.traffic.malformed", Severity::kWarning, "the capture is damaged",
     "The trace or log could not be read to its end.", "What follows the damage is unchecked.", "Capture again."},
    {"dap.traffic.invalid-message", Severity::kWarning, "a message that is not valid DAP",
     "Not JSON, no seq/type, a JSON-RPC message, or a response without request_seq/success/command.",
     "The peer drops it or fails.", "Follow the DAP base protocol schema."},
    {"dap.traffic.seq", Severity::kInfo, "seq numbers out of order",
     "A side's seq did not grow by one (Delve up to v1.26.1 sent seq 0 on every message; that is tolerated).",
     "Clients that order by seq misbehave.", "Number messages 1, 2, 3, … per side."},
    {"dap.traffic.unknown-response", Severity::kWarning, "a response to no pending request",
     "request_seq names no request that is still waiting.", "The client drops it; its real request stays unanswered.",
     "Answer each request once, with its seq."},
    {"dap.traffic.command-mismatch", Severity::kWarning, "a response names another command",
     "The response's command differs from its request's.", "Clients may dispatch it wrongly.", "Echo the request's command."},
    {"dap.traffic.before-initialize", Severity::kWarning, "a request before initialize",
     "The client sent a request before initialize (vscode-go refuses: \"the first message must be an initialize "
     "request\").",
     "Adapters may not be ready.", "Send initialize first."},
    {"dap.traffic.second-initialize", Severity::kWarning, "initialize sent twice",
     "initialize may be sent once per session.", "Adapters refuse the second one.", "Send it once."},
    {"dap.traffic.unanswered", Severity::kWarning, "requests never answered",
     "At the end of the capture, requests were still waiting (a build that hung, a dead adapter, a cut capture).",
     "The editor waits forever (a spinner, no error).", "Look at what the adapter did after the request (build output)."},
};

}  // namespace

void AddDapConfigRules(std::vector<core::Rule>& out) {
  for (const auto& t : kConfigRules) out.push_back({core::ToRuleInfo(t), CheckConfig});
  for (const auto& t : kTrafficRules) out.push_back({core::ToRuleInfo(t), CheckTraffic});
  out.push_back({{"dap.traffic.error-response", Severity::kWarning, "the adapter answered requests with errors",
                  "Error responses in the capture (e.g. \"Failed to launch: Build error: Check the debug console for "
                  "details.\"), with the build's output when it is there.",
                  "Each is a failed user action (a launch, a breakpoint, an evaluation).",
                  "Read the texts; godiag dap probe explains the launch errors."},
                 CheckTrafficErrors});
}

}  // namespace godiag::rules

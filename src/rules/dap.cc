// Rules on the debugger probe (facts/dap.md §3): Delve's own failure texts quoted and
// explained — Go/Delve version range, DWARFv5, build errors, a build waiting on the
// network, ptrace, not an executable, missing debug info, trimpath — and the start-up:
// dlv missing or differing from the terminal's, listener, connect, initialize, exits,
// leftovers.
#include <fmt/format.h>

#include <algorithm>

#include "rules/all.h"
#include "rules/dap_util.h"

namespace godiag::rules {

namespace {

using core::DapProbeResult;
using core::Finding;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

// A rule that fires on one of Delve's texts, wherever it arrives.
struct TextRule {
  const char* id;
  Severity severity;
  const char* title;
  const char* what;
  const char* why;
  const char* fix;
  std::vector<std::string> markers;
  const char* command;  // nullptr = none
};

const std::vector<TextRule>& TextRules() {
  static const std::vector<TextRule> kRules = {
      {"dap.go.too-old", Severity::kError, "the program's Go is older than this Delve supports",
       "Delve refused the program: its Go version is below the minimum this Delve release supports (Delve's text "
       "\"Go version … is too old for this version of Delve\").",
       "The debug session fails at launch (VS Code: \"Failed to launch\"), every time.",
       "Build the program with a newer Go, or use a Delve release that supports its Go (facts: v1.27.x supports Go "
       "1.25–1.27, v1.26.0 1.24–1.26, v1.25.1 1.22–1.25); --check-go-version=false in dlvFlags only hides it.",
       {"is too old for this version of Delve", "Version of Go is too old for this version of Delve"}, nullptr},
      {"dap.delve.too-old", Severity::kError, "this Delve is too old for the program's Go",
       "Delve refused the program: its Go is newer than this Delve release supports (\"Version of Delve is too old "
       "for Go version …\").",
       "The debug session fails at launch; with --check-go-version=false it runs with undefined behaviour.",
       "Update Delve to a release that supports this Go.",
       {"Version of Delve is too old for", "version of Delve is too old for"},
       "go install github.com/go-delve/delve/cmd/dlv@latest"},
      {"dap.delve.dwarf5", Severity::kError, "Delve was built with a Go too old to read DWARFv5",
       "Go 1.25+ writes DWARF 5; a dlv built with Go < 1.25 refuses such programs (\"To debug executables using "
       "DWARFv5 or later Delve must be built with Go version 1.25.0 or later\").",
       "No Go 1.25+ program can be debugged with this dlv.",
       "Rebuild dlv with the Go you build programs with.",
       {"Delve must be built with Go version"}, "go install github.com/go-delve/delve/cmd/dlv@latest"},
      {"dap.launch.ptrace", Severity::kError, "the debugger may not trace the program (ptrace denied)",
       "Delve built the program but could not start it under ptrace (\"could not launch process: fork/exec …: "
       "operation not permitted\", or an attach refused by kernel.yama.ptrace_scope).",
       "No debugging is possible on this machine or container until ptrace is allowed.",
       "Allow ptrace: in a container run it with --cap-add=SYS_PTRACE --security-opt seccomp=unconfined; on the "
       "host set kernel.yama.ptrace_scope to 0 (sysctl -w kernel.yama.ptrace_scope=0).",
       {"operation not permitted", "ptrace_scope"}, nullptr},
      {"dap.launch.not-executable", Severity::kError, "the built program is not an executable for this machine",
       "Delve could not run the binary: \"could not launch process: not an executable file\" or \"exec format "
       "error\" (GOOS/GOARCH set to another platform in env or go.toolsEnvVars, or exec mode on a script).",
       "The session fails right after the build.",
       "Remove GOOS/GOARCH from the launch env (and go.toolsEnvVars), or debug on the target platform.",
       {"not an executable file", "exec format error"}, nullptr},
      {"dap.debuginfo.missing", Severity::kWarning, "the program has no debug information",
       "Delve found no DWARF (built with -ldflags=-s -w, by go run, or by a build system that strips): \"Warning: "
       "no debug info found\" or \"could not open debug info\" / \"decoding dwarf section info\".",
       "Breakpoints on lines, stack traces and variables do not work (or the launch fails with older Delve).",
       "Remove -s -w from -ldflags in buildFlags/GOFLAGS; do not debug binaries built by go run.",
       {"no debug info found", "could not open debug info", "decoding dwarf section info",
        "could not read debug info"},
       nullptr},
      {"dap.debuginfo.trimpath", Severity::kWarning, "the program was built with -trimpath",
       "Delve says \"Warning: debugging executable built with trimpath\": file paths in the binary are module paths, "
       "so breakpoints set on the editor's files are not verified (\"could not find file …\").",
       "Breakpoints are never hit; the program runs through.",
       "Remove -trimpath from buildFlags/GOFLAGS, or map paths with \"substitutePath\": [{\"from\": "
       "\"${workspaceFolder}\", \"to\": \"<module path>\"}].",
       {"built with trimpath"}, nullptr},
      {"dap.listener.failed", Severity::kError, "dlv cannot open its listening port",
       "dlv dap exited at once with \"couldn't start listener: …\" (port in use, unknown host in --listen).",
       "vscode-go only notices after 30 s: \"timed out while waiting for DAP server to start\".",
       "Remove --listen from dlvFlags (vscode-go picks a free port) or free the port; check the host name.",
       {"couldn't start listener"}, nullptr},
  };
  return kRules;
}

bool MatchesAnyTextRule(const std::string& text) {
  for (const auto& t : TextRules()) {
    for (const auto& m : t.markers) {
      if (text.find(m) != std::string::npos) return true;
    }
  }
  return false;
}

void CheckText(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap) return;
  const auto& rules = TextRules();
  auto t = std::find_if(rules.begin(), rules.end(), [&](const TextRule& x) { return rule.id == x.id; });
  auto hit = FindDelveText(*s.dap, t->markers);
  if (!hit) return;
  Finding f = core::MakeFinding(rule, DapSubject(*s.dap), "Delve says: \"" + hit->text + "\".");
  f.evidence.push_back({hit->source, "text", hit->text, std::nullopt});
  AddServerEvidence(*s.dap, f);
  if (rule.id == "dap.launch.ptrace" && !s.dap->ptrace_scope.empty()) {
    f.evidence.push_back({"kernel", "kernel.yama.ptrace_scope", s.dap->ptrace_scope, "/proc/sys/kernel/yama/ptrace_scope"});
  }
  if (rule.id == "dap.launch.not-executable" && s.dap->config) {
    for (const char* k : {"GOOS", "GOARCH"}) {
      auto it = s.dap->config->env.find(k);
      if (it != s.dap->config->env.end()) f.evidence.push_back({"launch env", k, it->second, s.dap->config->source});
    }
  }
  f.fixes.push_back({t->fix, t->command ? std::optional<std::string>(t->command) : std::nullopt});
  out.push_back(std::move(f));
}

void CheckMissing(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || !s.dap->not_found) return;
  const auto& r = *s.dap;
  Finding f = core::MakeFinding(rule, "dlv",
                                "No dlv where the editor looks for it; vscode-go says \"Couldn't find dlv at the Go "
                                "tools path, GOPATH/bin or PATH\" and the session does not start.");
  for (const auto& place : r.server.searched) f.evidence.push_back({"dlv search (as vscode-go)", "searched", place, std::nullopt});
  if (r.server.searched.empty() && r.start_error) f.evidence.push_back({"dap probe", "error", *r.start_error, std::nullopt});
  f.fixes.push_back({"Install Delve (it lands in GOBIN or GOPATH/bin, where vscode-go looks), or set "
                     "go.alternateTools.dlv to its absolute path",
                     "go install github.com/go-delve/delve/cmd/dlv@latest"});
  out.push_back(std::move(f));
}

void CheckPathDiffers(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || s.dap->server.terminal_path.empty() || s.dap->server.path.empty()) return;
  const auto& v = s.dap->server;
  if (v.terminal_path == v.path) return;
  Finding f = core::MakeFinding(
      rule, "dlv",
      fmt::format("The editor runs {} ({}), a terminal runs {} ({}): `dlv version` in a terminal says nothing "
                  "about the debugger the editor uses.",
                  v.path, v.version.empty() ? "version unknown" : "Delve " + v.version, v.terminal_path,
                  v.terminal_version.empty() ? "version unknown" : "Delve " + v.terminal_version));
  f.evidence.push_back({"editor (" + v.found_by + ")", "dlv", v.path, std::nullopt});
  f.evidence.push_back({"terminal PATH", "dlv", v.terminal_path, std::nullopt});
  f.fixes.push_back({"Keep one dlv: install it once and point go.alternateTools.dlv at it (or remove the other)",
                     "go install github.com/go-delve/delve/cmd/dlv@latest"});
  out.push_back(std::move(f));
}

void CheckStartFailed(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || !s.dap->start_error || s.dap->not_found) return;
  const auto& r = *s.dap;
  if (r.hung_in == "listening" || FindDelveText(r, {"couldn't start listener"})) return;
  if (!r.connect.empty() || PhaseFailed(r, "connect")) return;  // dap.connect.failed
  Finding f = core::MakeFinding(rule, DapSubject(r), "The debug adapter could not be started: " + *r.start_error + ".");
  AddServerEvidence(r, f);
  AddStreams(r, f);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckListenTimeout(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || s.dap->hung_in != "listening") return;
  Finding f = core::MakeFinding(rule, DapSubject(*s.dap),
                                fmt::format("dlv printed no \"DAP server listening at:\" line in {:.0f} ms; vscode-go "
                                            "gives up after 30 s with \"timed out while waiting for DAP server to start\".",
                                            s.dap->hung_after_ms));
  AddServerEvidence(*s.dap, f);
  AddStreams(*s.dap, f);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckConnect(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || !PhaseFailed(*s.dap, "connect")) return;
  Finding f = core::MakeFinding(rule, DapSubject(*s.dap), *s.dap->start_error + ".");
  AddServerEvidence(*s.dap, f);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckHang(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, const std::string& phase,
               const std::string& message) {
  if (!s.dap || s.dap->hung_in != phase) return;
  Finding f = core::MakeFinding(rule, DapSubject(*s.dap), message);
  AddServerEvidence(*s.dap, f);
  for (const auto& d : s.dap->defects) f.evidence.push_back({"dap probe", d.id, d.detail, std::nullopt});
  AddStreams(*s.dap, f);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckInitialize(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap) return;
  for (const auto& e : s.dap->error_responses) {
    if (e.command != "initialize") continue;
    Finding f = core::MakeFinding(rule, DapSubject(*s.dap), "initialize failed: \"" + ErrorText(e) + "\".");
    AddServerEvidence(*s.dap, f);
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckExited(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || !s.dap->exited_early || s.dap->start_error) return;
  const auto& r = *s.dap;
  std::string how = r.exit_signal ? fmt::format("was killed by signal {}", *r.exit_signal)
                    : r.exit_code ? fmt::format("exited with code {}", *r.exit_code)
                                  : std::string("closed the connection");
  Finding f = core::MakeFinding(rule, DapSubject(r), fmt::format("The debug adapter {} during {}.", how, FailedPhaseName(r)));
  for (const auto& d : r.defects) {
    if (d.id == "dap.protocol.framing") f.message += " Before that, its output was malformed: " + d.detail + ".";
  }
  AddServerEvidence(r, f);
  AddStreams(r, f);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckBuildError(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap) return;
  const auto& r = *s.dap;
  for (const auto& o : r.output) {
    if (o.text.rfind("Build Error: ", 0) != 0) continue;
    auto locations = CompilerLocations(o.text, r.config ? r.config->build_dir : r.dir);
    std::string first = locations.empty() ? FirstLines(o.text, 3) : locations.front().second;
    Finding f = core::MakeFinding(rule, locations.empty() ? DapSubject(r) : locations.front().first,
                                  "The debug build failed; Delve puts the compiler's output in the Debug Console "
                                  "(VS Code only shows \"Build error: Check the debug console for details.\"): " + first);
    for (const auto& [where, text] : locations) f.evidence.push_back({"go build (in dlv)", "error", text, where});
    f.evidence.push_back({"Delve output event (stderr)", "Build Error", FirstLines(o.text, 12), std::nullopt});
    std::string dir = r.config ? r.config->build_dir : r.dir;
    f.fixes.push_back({"Fix the errors shown, then debug again; this command reproduces it in a terminal",
                       (dir.empty() ? "" : "cd " + dir + " && ") + BuildCommandLine(o.text)});
    out.push_back(std::move(f));
    return;
  }
}

void CheckBuildWaiting(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || s.dap->hung_in != "launch") return;
  const auto& r = *s.dap;
  bool building = r.last_output.rfind("Building", 0) == 0;
  Finding f = core::MakeFinding(
      rule, DapSubject(r),
      building ? fmt::format("After {:.1f} s the build inside Delve was still at \"{}\" with no other output: go build "
                             "is waiting, most often on a module download that never completes (cmd/go prints nothing "
                             "while it waits). The editor shows nothing but a spinner; Delve ignores the client until "
                             "the build ends.",
                             r.hung_after_ms / 1000, Trim(r.last_output))
               : fmt::format("No answer to launch after {:.1f} s (last output: \"{}\").", r.hung_after_ms / 1000,
                             Trim(r.last_output)));
  AddServerEvidence(r, f);
  AddRouteEvidence(s, f);
  f.fixes.push_back({"Check where the modules come from and whether that answers: godiag route and godiag net show "
                     "each module's route and probe the proxies; set GOPRIVATE/GONOPROXY for private modules, or fix "
                     "GOPROXY",
                     "godiag net"});
  out.push_back(std::move(f));
}

void CheckLaunchFailed(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap) return;
  for (const auto& e : s.dap->error_responses) {
    if (e.command != "launch" && e.command != "configurationDone" && e.command != "setFunctionBreakpoints") continue;
    std::string text = ErrorText(e);
    if (MatchesAnyTextRule(text) || text.find("Build error") != std::string::npos) continue;
    Finding f = core::MakeFinding(rule, DapSubject(*s.dap), e.command + " failed: \"" + text + "\".");
    AddServerEvidence(*s.dap, f);
    AddStreams(*s.dap, f);
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckLeftover(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || (!s.dap->debuggee_left && !s.dap->binary_left)) return;
  std::string what = s.dap->debuggee_left ? fmt::format("the debuggee (pid {}) is still running", s.dap->debuggee_pid)
                                          : "the built binary " + s.dap->output_binary + " is still there";
  Finding f = core::MakeFinding(rule, DapSubject(*s.dap), "After the probe " + what + ".");
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckKilled(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || !s.dap->killed || !s.dap->hung_in.empty() || s.dap->interrupted || s.dap->exited_early) return;
  Finding f = core::MakeFinding(rule, DapSubject(*s.dap),
                                "After disconnect {terminateDebuggee: true} the debug adapter did not exit by itself; "
                                "godiag ended it (vscode-go waits 1 s, then sends SIGINT).");
  AddServerEvidence(*s.dap, f);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckProtocol(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap) return;
  for (const auto& d : s.dap->defects) {
    if (d.id != rule.id) continue;
    Finding f = core::MakeFinding(rule, fmt::format("server output byte {}", d.offset),
                                  d.detail + (d.count > 1 ? fmt::format(" (seen {} times)", d.count) : "") + ".");
    AddServerEvidence(*s.dap, f);
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckInterrupted(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.dap || !s.dap->interrupted) return;
  Finding f = core::MakeFinding(rule, DapSubject(*s.dap),
                                "godiag was interrupted during the probe; the debug adapter, the debuggee and the "
                                "built binary were ended and removed.");
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

}  // namespace

void AddDapRules(std::vector<core::Rule>& out) {
  for (const auto& t : TextRules()) out.push_back({{t.id, t.severity, t.title, t.what, t.why, t.fix}, CheckText});
  out.push_back({{"dap.dlv.missing", Severity::kError, "dlv (Delve) is not where the editor looks",
                  "No dlv via go.alternateTools, GOBIN, GOPATH/bin, GOROOT/bin or PATH (vscode-go's order).",
                  "The debugger cannot start: \"Cannot find Delve debugger (dlv dap)\".",
                  "go install github.com/go-delve/delve/cmd/dlv@latest"},
                 CheckMissing});
  out.push_back({{"dap.dlv.path-differs", Severity::kWarning, "the editor's dlv is not the terminal's dlv",
                  "The dlv vscode-go runs differs from the first dlv on the terminal's PATH.",
                  "Version checks done in a terminal mislead (go-delve/delve#3777: \"you are using 1.21\").",
                  "Keep one dlv, or set go.alternateTools.dlv."},
                 CheckPathDiffers});
  out.push_back({{"dap.server.start-failed", Severity::kError, "the debug adapter cannot be started",
                  "dlv (or the given DAP server) could not be executed, or exited before it listened.",
                  "The editor reports \"couldn't start dlv dap\" and no session starts.",
                  "Run the command shown by hand and read its output; reinstall dlv if it is damaged."},
                 CheckStartFailed});
  out.push_back({{"dap.listener.timeout", Severity::kError, "dlv never says it is listening",
                  "No \"DAP server listening at:\" line before the deadline.",
                  "vscode-go fails with \"timed out while waiting for DAP server to start\".",
                  "Check dlvFlags (a wrapper script, --log-dest, --client-addr) and dlv's stderr shown."},
                 CheckListenTimeout});
  out.push_back({{"dap.connect.failed", Severity::kError, "cannot connect to the debug adapter",
                  "dlv said it listens, or an address was given, but the TCP connection failed.",
                  "vscode-go fails with \"connection timeout\" (golang/vscode-go#4048).",
                  "Check loopback firewalls and proxies; with Remote-SSH or containers, check the forwarded port."},
                 CheckConnect});
  out.push_back({{"dap.initialize.timeout", Severity::kError, "no answer to initialize",
                  "The adapter accepted the connection but did not answer initialize before the deadline.",
                  "The editor waits; nvim-dap warns \"Debug adapter didn't respond\". A second client on a busy "
                  "dlv dap, or a server that does not speak DAP with exact Content-Length framing.",
                  "Make sure nothing else is connected to that dlv; check that the command is a DAP server."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckHang(s, r, o, "initialize", "The debug adapter did not answer initialize before the deadline.");
                 }});
  out.push_back({{"dap.initialize.error", Severity::kError, "initialize is refused",
                  "The adapter answered initialize with an error (e.g. \"Failed to initialize: Unsupported "
                  "'pathFormat' value\").", "No session can start.", "Fix what the error names."},
                 CheckInitialize});
  out.push_back({{"dap.server.exited", Severity::kError, "the debug adapter exits during the session",
                  "The adapter process ended or closed the connection before disconnect.",
                  "The editor shows \"debug adapter exited\" and the session is gone.",
                  "Read its stderr shown; run the command by hand with --log --log-output=dap."},
                 CheckExited});
  out.push_back({{"dap.build.error", Severity::kError, "the program does not build for debugging",
                  "Delve's `go build -gcflags all=-N -l` failed (\"Build Error:\"); the compiler's messages are "
                  "shown at file:line.",
                  "VS Code shows only \"Build error: Check the debug console for details.\" (showUser false).",
                  "Fix the errors; check buildFlags, env and GOFLAGS of the launch configuration."},
                 CheckBuildError});
  out.push_back({{"dap.build.waiting", Severity::kError, "the debug build hangs",
                  "The launch stayed at \"Building …\" until the deadline: go build waits (module download from an "
                  "unreachable proxy or VCS, an auth prompt, a lock).",
                  "The editor shows a spinner with no error; Delve ignores disconnects until the build ends.",
                  "Find the module and route that hangs (godiag route / godiag net); fix GOPROXY/GOPRIVATE."},
                 CheckBuildWaiting});
  out.push_back({{"dap.launch.failed", Severity::kError, "the debugger cannot launch the program",
                  "launch (or configuration) failed with an error Delve explains in its text, quoted.",
                  "The session ends with \"Failed to launch\".", "Fix what Delve's text names."},
                 CheckLaunchFailed});
  out.push_back({{"dap.stopped.timeout", Severity::kWarning, "the program never stops on entry",
                  "After configurationDone no `stopped` event came before the deadline.",
                  "Breakpoints may never be hit; the session looks stuck.",
                  "Read the output shown; try the session with showLog and logOutput dap."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckHang(s, r, o, "stopped", "No stopped event after configurationDone.");
                 }});
  out.push_back({{"dap.server.killed", Severity::kWarning, "the debug adapter does not exit after disconnect",
                  "godiag had to kill the adapter after disconnect {terminateDebuggee: true}.",
                  "Editors leave it running or kill it; the debuggee may be orphaned.",
                  "Update dlv; report it with a --log-output=dap log."},
                 CheckKilled});
  out.push_back({{"dap.cleanup.leftover", Severity::kError, "the probe left something behind",
                  "After the probe the debuggee still ran or the built binary was still on disk.",
                  "The probe must be harmless; this is a godiag or Delve defect.",
                  "Kill the process / remove the file named; report it."},
                 CheckLeftover});
  out.push_back({{"dap.protocol.framing", Severity::kWarning, "the debug adapter's framing is off",
                  "The adapter's bytes deviate from exact \"Content-Length: N\\r\\n\\r\\n\" framing.",
                  "Strict clients (and Delve itself) drop the connection on such frames.",
                  "Write exactly one Content-Length header per message, then \\r\\n\\r\\n."},
                 CheckProtocol});
  out.push_back({{"dap.protocol.message", Severity::kWarning, "the debug adapter sends malformed DAP messages",
                  "A message without seq/type, a response to no request, or seq numbers out of order.",
                  "Clients drop or mis-route such messages.", "Follow the DAP base protocol."},
                 CheckProtocol});
  out.push_back({{"dap.probe.interrupted", Severity::kInfo, "the probe was interrupted",
                  "godiag got SIGINT/SIGTERM while probing and cleaned up.",
                  "The result is incomplete.", "Run it again."},
                 CheckInterrupted});
  AddDapConfigRules(out);
}

}  // namespace godiag::rules

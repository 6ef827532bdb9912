// Rules on what the editor's logs already recorded: gopls panics and runtime crashes with
// their traces, and the known failure lines of gopls, the go command and the Go extension.
// Only the current session counts; older sessions are summarised as history with their age.
#include <fmt/format.h>

#include <algorithm>

#include "rules/all.h"
#include "rules/evidence.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::LogEvent;
using core::LogSource;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

// What each failure line follows from, and what it is about (core::Finding::about): the
// doctor's findings of now that explain it, and a stale gopls (processes.gopls.stale) whose
// differing values are among the topics (a changed settings or go env file may hold any).
struct LogLink {
  const char* id;
  std::vector<std::string> follows_from;
  std::vector<std::string> about;
};

const std::vector<LogLink>& LogLinks() {
  static const std::vector<std::string> kFiles = {"settings file", "go env file"};
  auto with_files = [](std::vector<std::string> v) {
    v.insert(v.end(), kFiles.begin(), kFiles.end());
    return v;
  };
  static const std::vector<LogLink> kLinks = {
      {"logs.net.tls",
       {"net.tls.unknown-authority", "net.tls.expired", "net.tls.wrong-host", "processes.gopls.stale"},
       with_files({"SSL_CERT_FILE", "SSL_CERT_DIR", "GOPROXY", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
                   "NO_PROXY", "no_proxy", "GOINSECURE", "GONOPROXY", "GOPRIVATE"})},
      {"logs.net.unreachable",
       {"net.proxy.unreachable", "net.direct.unreachable", "processes.gopls.stale"},
       with_files({"GOPROXY", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
                   "GONOPROXY", "GOPRIVATE"})},
      {"logs.load.goproxy-off", {"proxy.list.off", "processes.gopls.stale"},
       with_files({"GOPROXY", "GOFLAGS", "GOPRIVATE", "GONOPROXY"})},
      {"logs.load.go-version", {"toolchain.go-line.too-new", "processes.gopls.stale"},
       with_files({"GOTOOLCHAIN", "GOROOT", "PATH", "binary"})},
      {"logs.vendor.inconsistent", {"vendor.inconsistent", "processes.gopls.stale"}, with_files({"GOFLAGS"})},
      {"logs.gomod.update-needed", {"processes.gopls.stale"}, with_files({"GOFLAGS"})},
      {"logs.gomod.syntax", {"workspace.gomod.invalid"}, {}},
      {"logs.module.none", {"workspace.module.none", "module.go111module.off-in-module", "processes.gopls.stale"},
       with_files({"GO111MODULE", "GOWORK", "GOFLAGS"})},
      {"logs.go.not-found", {"editor.gopls.no-go", "env.go.missing", "processes.gopls.stale"},
       with_files({"PATH", "GOROOT"})},
      {"logs.gopls.start-failed", {"tools.gopls.missing", "editor.alternate-tools.missing"}, {}},
      {"logs.gopls.go-unsupported", {"tools.gopls.old-go", "processes.gopls.stale"}, with_files({"PATH", "GOROOT", "binary"})},
  };
  return kLinks;
}

const LogLink* LinkOf(const std::string& id) {
  for (const auto& l : LogLinks())
    if (id == l.id) return &l;
  return nullptr;
}

/// "3 days", "5 minutes", "40 seconds".
std::string Ago(int64_t s) {
  auto unit = [](int64_t n, const char* one) { return fmt::format("{} {}{}", n, one, n == 1 ? "" : "s"); };
  if (s >= 2 * 86400) return unit(s / 86400, "day");
  if (s >= 2 * 3600) return unit(s / 3600, "hour");
  if (s >= 120) return unit(s / 60, "minute");
  return unit(s, "second");
}

std::string SourceName(const LogSource& src) {
  if (src.editor.empty()) return src.path == "-" ? "standard input" : src.path;
  std::string s = src.editor;
  if (!src.channel.empty()) s += " \"" + src.channel + "\"";
  if (!src.session.empty()) s += " (session " + src.session + (src.window.empty() ? "" : ", " + src.window) + ")";
  return s;
}

std::string Where(const LogSource& src, uint64_t line) { return src.path + ":" + std::to_string(line); }

const LogSource* SourceOf(const Snapshot& s, const LogEvent& e) {
  return e.source < s.logs->sources.size() ? &s.logs->sources[e.source] : nullptr;
}

std::string Repeats(const LogEvent& e) {
  std::string s;
  if (e.count > 1) s += fmt::format(" Seen {} times, the last at line {}.", e.count, e.last_line);
  if (!e.time.empty()) s += " Logged at " + e.time + (e.count > 1 ? " (the last)." : ".");
  return s;
}

std::string Age(const LogSource& src) {
  return src.age_s ? " The log was last written " + Ago(*src.age_s) + " ago." : "";
}

void AddLogEvidence(const LogSource& src, const LogEvent& e, Finding& f) {
  f.evidence.push_back({SourceName(src), "line", e.text, Where(src, e.line)});
  for (size_t i = 0; i < e.frames.size() && i < 4; ++i)
    f.evidence.push_back({"goroutine trace", i == 0 ? "top frame" : "frame", e.frames[i], std::nullopt});
  if (e.goroutines > 1) f.evidence.push_back({"goroutine trace", "goroutines", std::to_string(e.goroutines), std::nullopt});
  if (!e.gopls_version.empty())
    f.evidence.push_back({"log", "gopls version at the time",
                          e.gopls_version + (e.go_version.empty() ? "" : " (" + e.go_version + ")"), std::nullopt});
}

// The gopls installed now, so the user can tell whether the crash was an older one.
void AddInstalledGopls(const Snapshot& s, const LogEvent& e, Finding& f) {
  const auto& g = s.tools.gopls;
  if (g.path.empty() || g.version.empty()) return;
  std::string v = g.version + (g.built_with.empty() ? "" : " (built with " + g.built_with + ")");
  if (!e.gopls_version.empty() && e.gopls_version != g.version) v += "; the log's crash was " + e.gopls_version;
  f.evidence.push_back({"gopls version", g.path, v, std::nullopt});
}

template <class Fn>
void ForCurrent(const Snapshot& s, const RuleInfo& rule, Fn fn) {
  if (!s.logs) return;
  for (const auto& e : s.logs->events) {
    const LogSource* src = SourceOf(s, e);
    if (e.id == rule.id && e.current && src) fn(*src, e);
  }
}

void CheckPanic(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForCurrent(s, rule, [&](const LogSource& src, const LogEvent& e) {
    std::string msg = fmt::format("{} logged a Go panic of gopls: {}.{}{}", SourceName(src), e.text, Repeats(e), Age(src));
    if (!e.frames.empty()) msg += " The top frame is " + e.frames[0] + ".";
    Finding f = core::MakeFinding(rule, Where(src, e.line), msg);
    AddLogEvidence(src, e, f);
    AddInstalledGopls(s, e, f);
    f.about = {"log:" + src.path};
    f.fixes.push_back({"See whether a newer gopls fixes it (compare `gopls version` with the release notes); "
                       "report it with the frames shown if the newest still crashes",
                       "gopls version"});
    out.push_back(std::move(f));
  });
}

std::string CrashCause(const std::string& text) {
  if (text.find("out of memory") != std::string::npos) return "gopls ran out of memory";
  if (text.find("failed to reserve page summary memory") != std::string::npos)
    return "the address-space limit (ulimit -v / RLIMIT_AS) is too small for the Go runtime";
  if (text.find("pthread_create failed") != std::string::npos)
    return "a thread, process or address-space limit stopped the Go runtime from starting a thread";
  if (text.find("stack exceeds") != std::string::npos || text.find("stack overflow") != std::string::npos)
    return "a goroutine overflowed its stack (a gopls bug)";
  if (text.rfind("SIG", 0) == 0) return "a signal ended gopls (sent from outside, or a fault in native code)";
  return "the Go runtime stopped gopls";
}

void CheckCrash(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForCurrent(s, rule, [&](const LogSource& src, const LogEvent& e) {
    Finding f = core::MakeFinding(rule, Where(src, e.line),
                                  fmt::format("{} logged a Go runtime crash of gopls: {}. Likely cause: {}.{}{}",
                                              SourceName(src), e.text, CrashCause(e.text), Repeats(e), Age(src)));
    AddLogEvidence(src, e, f);
    AddInstalledGopls(s, e, f);
    f.about = {"log:" + src.path};
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  });
}

// gopls reloads with GOPROXY=off itself: only when the editor's own GOPROXY is off is it the user's.
std::string GoproxyOffNote(const Snapshot& s) {
  if (Value(s.editor_side, "GOPROXY") == "off" || Value(s.terminal, "GOPROXY") == "off")
    return " GOPROXY is also off in your environment, so downloads are disabled for the go command too.";
  return " This is gopls's own reload behaviour, not your setting: gopls runs every load after the first with "
         "GOPROXY=off so that typing never downloads; the module is simply not in the module cache yet.";
}

// The crash that made the client give up: the last one before it in the same log.
void AddCrashBefore(const Snapshot& s, const LogEvent& e, Finding& f) {
  const LogEvent* crash = nullptr;
  for (const auto& c : s.logs->events)
    if (c.source == e.source && c.kind != core::LogEventKind::kSignature && c.line < e.line) crash = &c;
  if (crash) f.evidence.push_back({"log", "crash before it", crash->text, Where(*SourceOf(s, *crash), crash->line)});
}

void CheckSignature(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForCurrent(s, rule, [&](const LogSource& src, const LogEvent& e) {
    std::string text = e.text;
    while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
    std::string msg = fmt::format("{} line {}: {}.{}{}", SourceName(src), e.line, text, Repeats(e), Age(src));
    if (rule.id == "logs.load.goproxy-off") msg += GoproxyOffNote(s);
    Finding f = core::MakeFinding(rule, Where(src, e.line), msg);
    AddLogEvidence(src, e, f);
    if (rule.id == "logs.load.goproxy-off" || rule.id == "logs.net.tls" || rule.id == "logs.net.unreachable") {
      for (const auto* side : {&s.editor_side, &s.terminal})
        if (!side->env.empty()) f.evidence.push_back(VarEvidence(*side, "GOPROXY"));
    }
    if (rule.id == "logs.gopls.restart-loop") AddCrashBefore(s, e, f);
    if (const LogLink* link = LinkOf(rule.id)) f.about = link->about;
    if (rule.id == "logs.gopls.restart-loop") f.about = {"log:" + src.path};
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  });
}

void CheckHistory(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.logs) return;
  std::vector<const LogEvent*> old;
  for (const auto& e : s.logs->events)
    if (!e.current && SourceOf(s, e)) old.push_back(&e);
  if (old.empty()) return;
  std::optional<int64_t> newest;
  for (const auto* e : old)
    if (auto a = SourceOf(s, *e)->age_s) newest = newest ? std::min(*newest, *a) : *a;
  Finding f = core::MakeFinding(
      rule, "older sessions",
      fmt::format("{} crash or failure line(s) in older editor sessions{}; they are history, not the current state.",
                  old.size(), newest ? " (the newest of them last written " + Ago(*newest) + " ago)" : ""));
  for (size_t i = 0; i < old.size() && i < 12; ++i) {
    const LogSource& src = *SourceOf(s, *old[i]);
    std::string when = src.age_s ? Ago(*src.age_s) + " ago" : "age unknown";
    f.evidence.push_back({SourceName(src) + ", " + when, old[i]->id, old[i]->text, Where(src, old[i]->line)});
  }
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

// One rule per known failure line; the check is CheckSignature for all of them.
const RuleInfo kSignatureRules[] = {
    {"logs.load.go-version", Severity::kError, "the log shows a go.mod or go.work needing a newer Go",
     "gopls's go command refused the workspace: \"go.mod requires go >= N (running go M; GOTOOLCHAIN=local)\" or the "
     "go.work twin.",
     "gopls cannot load any package: no completion, no diagnostics.",
     "Install the Go the go line asks for, or allow toolchain switching (GOTOOLCHAIN=auto) in the editor's environment."},
    {"logs.load.goproxy-off", Severity::kWarning, "the log shows \"module lookup disabled by GOPROXY=off\"",
     "A load failed because a required module is not in the module cache while downloads were off.",
     "gopls reloads with GOPROXY=off by design, so a module missing from the cache stays missing until downloaded; "
     "imports of it show as errors.",
     "Run `go mod download` in the workspace (or apply gopls's \"Download\" quick fix on go.mod)."},
    {"logs.net.tls", Severity::kError, "the log shows a TLS certificate failure of the go command",
     "The go command under gopls could not verify a proxy's or origin's certificate (x509).",
     "Modules cannot be downloaded from the editor: a TLS-intercepting proxy or a missing CA.",
     "Give the editor's environment the CA (SSL_CERT_FILE / SSL_CERT_DIR) the terminal uses, or fix the proxy; "
     "`godiag net` shows the chain."},
    {"logs.net.unreachable", Severity::kError, "the log shows a proxy or origin the go command could not reach",
     "dial tcp errors (connection refused, no such host, i/o timeout) from the go command under gopls.",
     "Module downloads fail in the editor.",
     "Check GOPROXY and HTTP(S)_PROXY of the editor's environment; `godiag net` probes them."},
    {"logs.gomod.update-needed", Severity::kWarning, "the log shows \"updates to go.mod needed\"",
     "go.mod does not match the build list and gopls's go command runs with -mod=readonly.",
     "Packages fail to load until go.mod is tidied.", "Run `go mod tidy`."},
    {"logs.gosum.missing", Severity::kWarning, "the log shows missing go.sum entries",
     "\"missing go.sum entry\" / \"go.sum is out of sync with go.mod\" / \"updates to go.sum needed\".",
     "The packages of those modules fail to load.", "Run `go mod download` (or `go mod tidy`)."},
    {"logs.vendor.inconsistent", Severity::kError, "the log shows inconsistent vendoring",
     "vendor/modules.txt does not match go.mod (\"inconsistent vendoring\").",
     "Nothing loads while -mod=vendor is in effect.", "Run `go mod vendor`, or build with -mod=mod."},
    {"logs.gomod.syntax", Severity::kError, "the log shows a go.mod or go.work syntax error",
     "The go command could not parse go.mod or go.work.", "No package of the module loads.",
     "Fix the line named in the message."},
    {"logs.module.none", Severity::kWarning, "the log shows the folder is not in a module",
     "\"go.mod file not found\", \"gopls requires a module at the root of your workspace\" and the like.",
     "gopls works in a limited mode or not at all.",
     "Open the module's folder, or add a go.work listing the modules."},
    {"logs.workspace.not-included", Severity::kWarning, "the log shows files outside every gopls view",
     "\"No active builds contain …\" / \"… which is not included in your workspace\".",
     "Those files get no type information.", "Add the module to go.work, or open it as its own folder."},
    {"logs.go.not-found", Severity::kError, "the log shows gopls or the extension could not find go",
     "\"go command required, not found\" (gopls) or \"Provide a valid path to the Go binary\" (vscode-go).",
     "Nothing works: a GUI-launched editor often lacks the terminal's PATH.",
     "Add Go's bin directory to the PATH the editor inherits, or set go.goroot / go.alternateTools."},
    {"logs.gopls.go-unsupported", Severity::kWarning, "the log shows a Go version gopls does not support",
     "gopls's warning that the Go on its PATH, or the one it was built with, is too old.",
     "Features break or gopls refuses to work.", "Upgrade Go, or install the gopls version the message names."},
    {"logs.gopls.restart-loop", Severity::kError, "the log shows the client gave up restarting gopls",
     "\"Server will not be restarted\" / \"connection to server is erroring\" after repeated crashes.",
     "The editor runs without a language server until reloaded.",
     "Find the crash before it in the same log (logs.gopls.panic / logs.gopls.crash) and fix its cause."},
    {"logs.gopls.start-failed", Severity::kError, "the log shows gopls could not be started",
     "\"Error starting language server\", \"couldn't create connection to server\", \"failed to initialize\".",
     "No language features at all.", "Check the gopls path and go.languageServerFlags; `godiag lsp probe` starts it."},
    {"logs.gopls.bad-flags", Severity::kError, "the log shows gopls rejected its flags",
     "\"flag provided but not defined\" or vscode-go's go.languageServerFlags hint.",
     "gopls exits at once on every start.", "Correct go.languageServerFlags."},
    {"logs.gopls.killed", Severity::kWarning, "the log shows a go command killed by a signal",
     "\"signal: killed\": a go command gopls ran was killed, usually by the OOM killer.",
     "Loads fail intermittently; the machine is short of memory.",
     "Free memory or narrow the workspace (directoryFilters, fewer folders)."},
    {"logs.gopls.bug", Severity::kWarning, "the log shows a gopls internal bug report",
     "\"A bug occurred on the server\" (bug.Report, shown with showBugReports).", "A gopls bug; behaviour may be off.",
     "Report it with the text shown."},
    {"logs.daemon.unreachable", Severity::kWarning, "the log shows the gopls daemon could not be used",
     "\"dialing remote: …\" or \"socket … is owned by a different user\" (-remote).",
     "The forwarder cannot reach its daemon; sessions fail to start.",
     "Remove the stale socket, or drop -remote from the flags."},
    {"logs.dlv.port-in-use", Severity::kWarning, "the log shows dlv could not listen",
     "\"couldn't start listener … address already in use\": a previous dlv still holds the port.",
     "Debugging cannot start.", "End the leftover dlv (`godiag ps` lists it) or reload the window."},
};

}  // namespace

void AddLogsRules(std::vector<core::Rule>& out) {
  out.push_back({{"logs.gopls.panic", Severity::kError, "the log shows a gopls panic",
                  "A Go panic with its goroutine trace in the current session's gopls output (editor channel, "
                  "Neovim's lsp.log or a given file), with the gopls version when the log names it.",
                  "gopls crashed; the editor restarts it up to 5 times and then gives up.",
                  "Compare `gopls version` with the release that fixes it; report the panic with its frames."},
                 CheckPanic});
  out.push_back({{"logs.gopls.crash", Severity::kError, "the log shows a Go runtime crash of gopls",
                  "A `fatal error:`, out-of-memory or signal dump of gopls in the current session.",
                  "gopls died without a recoverable panic: memory or thread limits, or a signal.",
                  "Raise the memory / address-space / thread limits, or narrow the workspace; a signal from "
                  "outside (OOM killer, a supervisor) is visible in the system log."},
                 CheckCrash});
  for (const auto& r : kSignatureRules) {
    out.push_back({r, CheckSignature});
    if (const LogLink* link = LinkOf(r.id)) out.back().info.follows_from = link->follows_from;
  }
  // The client gives up after crashes: the crash in the same log is the cause (about "log:PATH").
  for (auto& r : out)
    if (r.info.id == "logs.gopls.restart-loop") r.info.follows_from = {"logs.gopls.panic", "logs.gopls.crash"};
  out.push_back({{"logs.history", Severity::kInfo, "older editor sessions recorded crashes or failures",
                  "Crashes and known failure lines from session folders older than the newest one (and Neovim "
                  "entries before its last start), with how long ago they were written.",
                  "Context only: they describe how things were, not how they are.",
                  "Nothing to do unless the same lines appear in the current session."},
                 CheckHistory});
}

}  // namespace godiag::rules

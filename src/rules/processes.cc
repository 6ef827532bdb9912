// Rules on the running Go language tools: a gopls that no longer matches what the editor
// would start (environment, settings, binary), one whose binary was replaced, two servers
// for one workspace, and servers or debuggers whose editor is gone.
#include <fmt/format.h>

#include <algorithm>

#include "rules/all.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::GoProcess;
using core::ProcessRole;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

std::string Ago(int64_t s) {
  if (s >= 2 * 86400) return fmt::format("{} days", s / 86400);
  if (s >= 2 * 3600) return fmt::format("{} hours", s / 3600);
  if (s >= 120) return fmt::format("{} minutes", s / 60);
  return fmt::format("{} seconds", s);
}

std::string Argv(const GoProcess& g) {
  std::string s;
  for (const auto& a : g.argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::string Subject(const GoProcess& g) { return "pid " + std::to_string(g.pid); }

std::string Who(const GoProcess& g) {
  std::string s = fmt::format("{} pid {}", core::ProcessRoleName(g.role), g.pid);
  if (g.age_s) s += ", running for " + Ago(*g.age_s);
  if (!g.parent.empty()) s += fmt::format(", parent {} (pid {})", g.parent, g.ppid);
  return s;
}

void AddProcessEvidence(const GoProcess& g, Finding& f) {
  f.evidence.push_back({"process " + std::to_string(g.pid), "argv", Argv(g), std::nullopt});
  if (!g.exe.empty())
    f.evidence.push_back({"process " + std::to_string(g.pid), "exe", g.exe + (g.exe_deleted ? " (deleted)" : ""), std::nullopt});
  if (!g.version.empty())
    f.evidence.push_back({"go version -m", "version", g.version + (g.built_with.empty() ? "" : " built with " + g.built_with),
                          std::nullopt});
  if (!g.cwd.empty()) f.evidence.push_back({"process " + std::to_string(g.pid), "cwd", g.cwd, std::nullopt});
}

template <class Fn>
void ForEach(const Snapshot& s, Fn fn) {
  if (!s.processes) return;
  for (const auto& g : s.processes->processes) fn(g);
}

void CheckStale(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEach(s, [&](const GoProcess& g) {
    if (g.stale.empty()) return;
    std::string names;
    for (const auto& r : g.stale) names += (names.empty() ? "" : ", ") + r.what;
    Finding f = core::MakeFinding(
        rule, Subject(g),
        fmt::format("{} runs with what the editor had when it started, not what it would start now: {} differ{}. "
                    "Settings changes that vscode-go does not restart gopls for (go.goroot, go.gopath, http.proxy, "
                    "go env -w, the shell profile) reach it only after a restart.",
                    Who(g), names, g.stale.size() == 1 ? "s" : ""));
    for (const auto& r : g.stale) {
      f.about.push_back(r.what);  // links the log lines it explains (rules/logs.cc LogLinks)
      f.evidence.push_back({"running process", r.what, r.running, std::nullopt});
      f.evidence.push_back({"now: " + r.source, r.what, r.now, std::nullopt});
    }
    AddProcessEvidence(g, f);
    f.fixes.push_back({"Restart the language server (VS Code: \"Go: Restart Language Server\"; Neovim: :LspRestart), "
                       "or end it",
                       "kill " + std::to_string(g.pid)});
    out.push_back(std::move(f));
  });
}

void CheckReplaced(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEach(s, [&](const GoProcess& g) {
    if (!g.exe_deleted || g.role == ProcessRole::kGoplsTelemetry) return;
    Finding f = core::MakeFinding(
        rule, Subject(g),
        fmt::format("{} runs a binary that was replaced or removed after it started: {} (deleted){}.", Who(g), g.exe,
                    g.version.empty() ? "" : "; the running one is " + g.version));
    AddProcessEvidence(g, f);
    if (!s.tools.gopls.path.empty() && g.role != ProcessRole::kDlv)
      f.evidence.push_back({"gopls now", s.tools.gopls.path, s.tools.gopls.version, std::nullopt});
    f.fixes.push_back({"Restart the language server so the new binary runs", "kill " + std::to_string(g.pid)});
    out.push_back(std::move(f));
  });
}

void CheckDuplicate(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEach(s, [&](const GoProcess& g) {
    if (g.duplicates.empty() || *std::min_element(g.duplicates.begin(), g.duplicates.end()) < g.pid) return;
    std::string others;
    for (int pid : g.duplicates) others += (others.empty() ? "" : ", ") + std::to_string(pid);
    Finding f = core::MakeFinding(rule, Subject(g),
                                  fmt::format("{} gopls serve the workspace {}: pids {} and {}. Each loads and "
                                              "type-checks it again (memory, CPU, duplicate diagnostics).",
                                              g.duplicates.size() + 1, g.cwd, g.pid, others));
    for (const auto& other : s.processes->processes) {
      if (other.pid != g.pid && std::find(g.duplicates.begin(), g.duplicates.end(), other.pid) == g.duplicates.end())
        continue;
      f.evidence.push_back({"process " + std::to_string(other.pid), "parent",
                            other.parent + " (pid " + std::to_string(other.ppid) + ")", std::nullopt});
      f.evidence.push_back({"process " + std::to_string(other.pid), "argv", Argv(other), std::nullopt});
    }
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  });
}

void CheckOrphan(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  bool debug = rule.id == "processes.dlv.orphan";
  ForEach(s, [&](const GoProcess& g) {
    bool is_debug = g.role == ProcessRole::kDlv || g.role == ProcessRole::kDebuggee;
    if (!g.orphan || is_debug != debug) return;
    Finding f = core::MakeFinding(rule, Subject(g),
                                  fmt::format("{} has no editor any more: {}.", Who(g), g.orphan_reason));
    AddProcessEvidence(g, f);
    f.fixes.push_back({"End it", "kill " + std::to_string(g.pid)});
    out.push_back(std::move(f));
  });
}

void CheckOtherUsers(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.processes) return;
  std::vector<const GoProcess*> others;
  for (const auto& g : s.processes->processes)
    if (g.uid != s.processes->own_uid && s.processes->own_uid > 0) others.push_back(&g);
  if (others.empty()) return;
  Finding f = core::MakeFinding(
      rule, "other users",
      fmt::format("{} Go tool process(es) of other users: their command line, parent and start time are shown; their "
                  "environment, executable and working directory cannot be read without root, so they are not "
                  "checked for staleness or duplicates.",
                  others.size()));
  for (const auto* g : others) {
    std::string refused;
    for (const auto& e : g->unreadable) refused += (refused.empty() ? "" : "; ") + e;
    f.evidence.push_back({"process " + std::to_string(g->pid) + " (uid " + std::to_string(g->uid) + ")", "argv", Argv(*g),
                          std::nullopt});
    if (!refused.empty()) f.evidence.push_back({"process " + std::to_string(g->pid), "not readable", refused, std::nullopt});
  }
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

}  // namespace

void AddProcessesRules(std::vector<core::Rule>& out) {
  out.push_back({{"processes.gopls.stale", Severity::kWarning, "a running gopls does not match what the editor starts now",
                  "A running gopls (stdio, forwarder or daemon) whose Go variables differ from the environment the "
                  "editor would give it now, that started before a settings or go env file changed, or that runs "
                  "another binary than the one the editor now finds. Each difference names both values and the "
                  "source of the new one.",
                  "gopls reads its environment once; vscode-go restarts it only for go.useLanguageServer, "
                  "go.languageServerFlags, go.alternateTools, go.toolsEnvVars and go.formatTool; a daemon keeps "
                  "its first client's environment. A fix that \"has no effect\" is often this.",
                  "Restart the language server (\"Go: Restart Language Server\", :LspRestart) or end the process."},
                 CheckStale});
  out.push_back({{"processes.gopls.binary-replaced", Severity::kWarning, "a running gopls or dlv runs a replaced binary",
                  "The process's executable is marked \"(deleted)\": `go install` or an update replaced it after it "
                  "started.",
                  "The old version keeps running with its old bugs until restarted; a daemon lingers on its old socket.",
                  "Restart the language server or end the process."},
                 CheckReplaced});
  out.push_back({{"processes.gopls.duplicate", Severity::kWarning, "two or more gopls serve one workspace",
                  "Several gopls stdio servers or forwarders of one user share a working directory (VS Code starts "
                  "gopls in the first workspace folder).",
                  "Double memory and CPU; duplicate completions and diagnostics when two clients attach.",
                  "Close the second window or disable the second client (vim-go + native LSP, coc-go + "
                  "languageserver.golang); or share one daemon with -remote=auto."},
                 CheckDuplicate});
  out.push_back({{"processes.gopls.orphan", Severity::kWarning, "a gopls outlived its editor",
                  "A gopls stdio server or forwarder whose parent exited: it was re-parented to PID 1 or a subreaper. "
                  "Daemons (-listen) and the \"** telemetry **\" sidecar are exempt: that is their normal life.",
                  "gopls does not watch the editor's pid; it holds memory until its pipe closes.",
                  "End it."},
                 CheckOrphan});
  out.push_back({{"processes.dlv.orphan", Severity::kWarning, "a dlv or debuggee outlived its debug session",
                  "dlv or a __debug_bin whose parent exited.",
                  "A leftover dlv holds its port (\"address already in use\" next time); a debuggee keeps running.",
                  "End it."},
                 CheckOrphan});
  out.push_back({{"processes.other-users", Severity::kInfo, "Go tool processes of other users were only partly read",
                  "gopls/dlv processes of other users: /proc allows their command line, parent and start time, "
                  "not their environment, executable or working directory.",
                  "They are listed but not judged.",
                  "Run godiag as that user (or as root) to check them."},
                 CheckOtherUsers});
}

}  // namespace godiag::rules

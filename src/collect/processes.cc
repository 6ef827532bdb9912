#include "collect/processes.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>

#include "collect/tools.h"
#include "core/report.h"

namespace godiag::collect {

namespace {

using core::GoProcess;
using core::ProcessRole;
using core::StaleReason;

constexpr std::string_view kDeleted = " (deleted)";

std::string BaseName(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string StripDeleted(std::string s) {
  if (EndsWith(s, kDeleted)) s.resize(s.size() - kDeleted.size());
  return s;
}

bool IsGoplsName(const std::string& base) { return base == "gopls" || base == "gopls.exe"; }

// "-remote=auto", "--remote auto" … -> "auto"; nullopt when the flag is absent.
std::optional<std::string> FlagValue(const std::vector<std::string>& argv, std::string_view name) {
  for (size_t i = 1; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    if (a.starts_with("--")) a.remove_prefix(2);
    else if (a.starts_with("-")) a.remove_prefix(1);
    else continue;
    if (a == name) return i + 1 < argv.size() ? argv[i + 1] : "";
    if (a.starts_with(name) && a.size() > name.size() && a[name.size()] == '=') return std::string(a.substr(name.size() + 1));
  }
  return std::nullopt;
}

std::string Iso(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", fmt::gmtime(tt));
}

int64_t WallSeconds(const platform::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.WallNow().time_since_epoch()).count();
}

bool IsServer(ProcessRole r) {
  return r == ProcessRole::kGopls || r == ProcessRole::kGoplsForwarder || r == ProcessRole::kGoplsDaemon;
}

// Environment to compare with: the terminal's under Neovim/Vim/Emacs, else the editor's.
const core::EnvSide& ExpectedSide(const core::Snapshot& snap, bool terminal_editor) {
  return terminal_editor ? snap.terminal : snap.editor_side;
}

// The go command reads an empty variable as unset (its env files then apply): so do we.
std::string Shown(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() || it->second.empty() ? "(unset)" : core::RedactSecrets(it->second);
}

// Set for the process itself (not from an env file or the go command's default).
bool ProcessLevel(const core::EnvValue& v) {
  return v.set && v.source.kind != core::SourceKind::kUserEnvFile && v.source.kind != core::SourceKind::kGorootEnvFile &&
         v.source.kind != core::SourceKind::kGoDefault;
}

// Compares what the running process's go command sees with what the editor's would now: a
// variable the process does not set resolves from the same env files and defaults as now.
void CompareEnv(const core::EnvSide& side, std::map<std::string, std::string> running, GoProcess& g) {
  if (side.process_env.empty()) return;  // the expected environment is unknown: no verdict
  for (const auto& name : ComparedVariables()) {
    auto it = side.env.find(name);
    if (it != side.env.end() && it->second.unknown) continue;  // nothing to compare with
    const std::string now_value = it == side.env.end() ? "" : it->second.value;
    std::string was = Shown(running, name);
    bool files_decide = was == "(unset)" && it != side.env.end() && !ProcessLevel(it->second);
    std::string now = now_value.empty() ? "(unset)" : core::RedactSecrets(now_value);
    if (files_decide || was == now) continue;
    std::string source = it != side.env.end() && it->second.set ? core::DescribeSource(it->second.source)
                                                                : "the " + side.label + "'s environment";
    g.stale.push_back({name, was, now, source});
  }
}

void CompareFiles(const platform::FileSystem& fs, const core::Snapshot& snap, bool vscode_settings, GoProcess& g) {
  if (!g.start_time) return;
  auto newer = [&](const std::string& path, const char* what) {
    auto st = fs.Stat(path);
    if (st.mtime > *g.start_time)
      g.stale.push_back({what, "started " + Iso(*g.start_time), "changed " + Iso(st.mtime), path});
  };
  if (vscode_settings)
    for (const auto& f : snap.editor.files)
      if (f.exists) newer(f.path, "settings file");
  if (snap.user_env_file.exists) newer(snap.user_env_file.path, "go env file");
}

void CompareBinary(const platform::FileSystem& fs, const core::Snapshot& snap, GoProcess& g) {
  const auto& tool = snap.tools.gopls;
  if (g.exe.empty() || g.exe_deleted || tool.path.empty() || g.role == ProcessRole::kDlv) return;
  std::string now = fs.RealPath(tool.path);
  if (now != g.exe && tool.path != g.exe)
    g.stale.push_back({"binary", g.exe, now, "the gopls the editor starts (" + tool.found_by + ")"});
}

void MarkDuplicates(std::vector<GoProcess>& procs) {
  std::map<std::pair<int, std::string>, std::vector<size_t>> groups;
  for (size_t i = 0; i < procs.size(); ++i) {
    const auto& g = procs[i];
    if ((g.role == ProcessRole::kGopls || g.role == ProcessRole::kGoplsForwarder) && !g.cwd.empty())
      groups[{g.uid, g.cwd}].push_back(i);
  }
  for (const auto& [key, members] : groups) {
    if (members.size() < 2) continue;
    for (size_t i : members)
      for (size_t j : members)
        if (i != j) procs[i].duplicates.push_back(procs[j].pid);
  }
}

void MarkOrphan(const ParentKind& parent, bool parent_alive, GoProcess& g) {
  bool server = g.role == ProcessRole::kGopls || g.role == ProcessRole::kGoplsForwarder;
  bool debug = g.role == ProcessRole::kDlv || g.role == ProcessRole::kDebuggee;
  if (!server && !debug) return;  // daemons and the telemetry sidecar outlive their parents by design
  if (g.ppid <= 1 || parent.reaper) {
    g.orphan = true;
    g.orphan_reason = g.ppid <= 1 ? "its parent exited and it was re-parented to PID 1"
                                  : "its parent exited and it was re-parented to the subreaper " + parent.name +
                                        " (pid " + std::to_string(g.ppid) + ")";
  } else if (!parent_alive) {
    g.orphan = true;
    g.orphan_reason = "its parent pid " + std::to_string(g.ppid) + " is not running";
  }
}

const platform::ProcessEntry* Find(const std::vector<platform::ProcessEntry>& all, int pid) {
  for (const auto& e : all)
    if (e.pid == pid) return &e;
  return nullptr;
}

struct VersionCache {
  const platform::Platform& p;
  std::string go;
  std::map<std::string, BuildInfo> by_exe;
  void Fill(GoProcess& g) {
    if (go.empty() || g.exe.empty()) return;
    auto it = by_exe.find(g.exe);
    if (it == by_exe.end()) {
      std::string target = p.processes->ExecutableForReading(g.pid);
      platform::ProcessSpec spec;
      spec.argv = {go, "version", "-m", target.empty() ? g.exe : target};
      spec.timeout = std::chrono::milliseconds(5000);
      BuildInfo info;
      if (auto r = p.runner.Run(spec); r && r->exit_code == 0) info = ParseGoVersionM(r->out);
      it = by_exe.emplace(g.exe, info).first;  // a deleted exe's path is unique to the old binary
    }
    g.version = it->second.mod_version;
    g.built_with = it->second.go_version;
  }
};

GoProcess Describe(const platform::Platform& p, const platform::ProcessEntry& e, ProcessRole role, int64_t now) {
  GoProcess g;
  g.pid = e.pid;
  g.ppid = e.ppid;
  g.uid = e.uid;
  g.role = role;
  for (const auto& a : e.argv) g.argv.push_back(core::RedactSecrets(a));
  g.start_time = e.start_time;
  if (e.start_time) g.age_s = std::max<int64_t>(0, now - *e.start_time);
  platform::ProcessDetails d = p.processes->Details(e.pid);
  if (d.exe) {
    g.exe_deleted = EndsWith(*d.exe, kDeleted);
    g.exe = StripDeleted(*d.exe);
  }
  if (d.cwd) g.cwd = *d.cwd;
  g.unreadable = d.errors;
  if (d.env) {
    g.env_readable = true;
    for (const auto& name : ComparedVariables())
      if (auto it = d.env->find(name); it != d.env->end()) g.go_env[name] = core::RedactSecrets(it->second);
    if (auto it = d.env->find("PATH"); it != d.env->end()) g.go_env["PATH"] = it->second;
  }
  if (auto v = FlagValue(e.argv, "listen")) g.listen = *v;
  if (auto v = FlagValue(e.argv, "remote")) g.remote = *v;
  return g;
}

}  // namespace

const std::vector<std::string>& ComparedVariables() {
  static const std::vector<std::string> kVars = {
      "GOPROXY", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOSUMDB",     "GOINSECURE",    "GOFLAGS",
      "GOTOOLCHAIN", "GOROOT", "GOPATH",   "GOBIN",     "GOMODCACHE",  "GO111MODULE",   "GOWORK",
      "GOENV",   "GOAUTH",    "CGO_ENABLED", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",   "http_proxy",
      "https_proxy", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR"};
  return kVars;
}

std::optional<ProcessRole> ClassifyProcess(const std::vector<std::string>& argv, const std::string& exe) {
  if (argv.empty()) return std::nullopt;
  std::string base = BaseName(argv[0]);
  std::string exe_base = BaseName(StripDeleted(exe));
  if (base.rfind("__debug_bin", 0) == 0 || exe_base.rfind("__debug_bin", 0) == 0) return ProcessRole::kDebuggee;
  if (base == "dlv" || base == "dlv.exe" || exe_base == "dlv") return ProcessRole::kDlv;
  if (!IsGoplsName(base) && !IsGoplsName(exe_base)) return std::nullopt;
  if (argv.size() > 1 && argv[1] == "** telemetry **") return ProcessRole::kGoplsTelemetry;
  if (FlagValue(argv, "listen") || (argv.size() > 1 && argv[1] == "serve")) return ProcessRole::kGoplsDaemon;
  if (FlagValue(argv, "remote")) return ProcessRole::kGoplsForwarder;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i].empty() || argv[i][0] == '-') continue;
    if (i > 1 && argv[i - 1].find('=') == std::string::npos && argv[i - 1][0] == '-') continue;  // a flag's value
    return std::nullopt;  // `gopls version`, `gopls remote sessions`, …: a command, not a server
  }
  return ProcessRole::kGopls;
}

ParentKind ClassifyParent(int pid, const std::vector<std::string>& argv, const std::string& comm) {
  ParentKind k;
  for (const auto& a : argv) {
    if (a.rfind("--user-data-dir=", 0) == 0) k.user_data_dir = a.substr(16);
    if (a == "--type=extensionHost" || a == "--utility-sub-type=node.mojom.NodeService") k.editor = true;
  }
  std::string base = argv.empty() ? comm : BaseName(argv[0]);
  if (k.editor) return k.name = "VS Code extension host", k;
  if (pid == 1) return k.name = "init (" + comm + ")", k.reaper = true, k;
  if (base == "nvim" || base == "nvim.exe") return k.name = "Neovim", k.editor = k.terminal_editor = true, k;
  if (base == "vim" || base == "gvim") return k.name = "Vim", k.editor = k.terminal_editor = true, k;
  if (base == "emacs" || base.rfind("emacs-", 0) == 0) return k.name = "Emacs", k.editor = k.terminal_editor = true, k;
  // Child subreapers that adopt orphans (facts §4.1).
  bool systemd_user = base == "systemd" && std::find(argv.begin(), argv.end(), "--user") != argv.end();
  if (systemd_user || base == "tini" || base == "dumb-init" || base == "catatonit") k.reaper = true;
  k.name = systemd_user ? "systemd --user" : base.empty() ? "pid " + std::to_string(pid) : base;
  return k;
}

core::Expected<ProcArgs> ParseProcArgs2(std::string_view buf) {
  if (buf.size() < sizeof(int)) return core::MakeError(core::ErrorCode::kParse, "KERN_PROCARGS2: shorter than argc");
  int argc = 0;
  std::memcpy(&argc, buf.data(), sizeof argc);
  if (argc < 0 || static_cast<size_t>(argc) > buf.size())
    return core::MakeError(core::ErrorCode::kParse, "KERN_PROCARGS2: argc " + std::to_string(argc) + " is impossible");
  size_t i = sizeof(int);
  ProcArgs out;
  size_t nul = buf.find('\0', i);
  if (nul == std::string_view::npos) return core::MakeError(core::ErrorCode::kParse, "KERN_PROCARGS2: no exec path end");
  out.exec_path = std::string(buf.substr(i, nul - i));
  i = nul;
  while (i < buf.size() && buf[i] == '\0') ++i;  // padding
  for (int k = 0; k < argc; ++k) {
    nul = buf.find('\0', i);
    if (nul == std::string_view::npos)
      return core::MakeError(core::ErrorCode::kParse, "KERN_PROCARGS2: " + std::to_string(argc - k) + " arguments missing");
    out.argv.emplace_back(buf.substr(i, nul - i));
    i = nul + 1;
  }
  while (i < buf.size()) {
    nul = buf.find('\0', i);
    std::string_view kv = buf.substr(i, nul == std::string_view::npos ? std::string_view::npos : nul - i);
    if (kv.empty()) break;  // the environment ends at an empty string
    size_t eq = kv.find('=');
    if (eq != std::string_view::npos) out.env[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
    if (nul == std::string_view::npos) break;
    i = nul + 1;
  }
  return out;
}

core::ProcessScan CollectProcesses(const platform::Platform& p, const core::Snapshot& snap, const std::string& workspace) {
  core::ProcessScan scan;
  if (!p.processes) {
    scan.supported = false;
    scan.error = "no process table on this platform";
    return scan;
  }
  auto all = p.processes->List();
  if (!all) {
    scan.supported = all.error().code != core::ErrorCode::kInvalidArgument;
    scan.error = all.error().message;
    return scan;
  }
  scan.own_uid = p.processes->CurrentUid();
  const int64_t now = WallSeconds(p.clock);
  VersionCache versions{p, snap.terminal.go_env.go_path.empty() ? "go" : snap.terminal.go_env.go_path, {}};
  int other_users = 0;
  size_t elsewhere = 0;
  for (const auto& e : *all) {
    auto role = ClassifyProcess(e.argv, "");
    if (!role) continue;
    GoProcess g = Describe(p, e, *role, now);
    if (!workspace.empty() && !RelatedToWorkspace(g, workspace)) {
      ++elsewhere;  // not judged, and no `go version -m` for it
      continue;
    }
    const platform::ProcessEntry* parent = Find(*all, e.ppid);
    ParentKind pk = parent ? ClassifyParent(parent->pid, parent->argv, parent->comm) : ParentKind{};
    if (parent) {
      g.parent = pk.name;
      g.parent_is_editor = pk.editor;
      g.parent_argv = parent->argv;
      for (auto& a : g.parent_argv) a = core::RedactSecrets(a);
      g.editor_user_data = pk.user_data_dir;
    }
    if (e.uid != scan.own_uid && scan.own_uid != 0) ++other_users;
    if (*role != ProcessRole::kGoplsTelemetry) versions.Fill(g);
    // Only a server an editor started has an editor to compare with: under a shell or an
    // unknown parent the expected environment is unknown, and no verdict is given.
    if (IsServer(g.role) && pk.editor) {
      if (g.env_readable) CompareEnv(ExpectedSide(snap, pk.terminal_editor), g.go_env, g);
      CompareFiles(p.fs, snap, !pk.terminal_editor, g);
      if (!pk.terminal_editor) CompareBinary(p.fs, snap, g);
    }
    MarkOrphan(pk, parent != nullptr, g);
    scan.processes.push_back(std::move(g));
  }
  MarkDuplicates(scan.processes);
  if (elsewhere > 0)
    scan.notes.push_back(fmt::format("{} other gopls/dlv process(es) do not work in {} (or cannot be read); "
                                     "`godiag ps` lists and judges them",
                                     elsewhere, workspace));
  if (other_users > 0)
    scan.notes.push_back(fmt::format(
        "{} of these processes belong to other users: /proc shows their command line, parent and start time, but "
        "not their environment, executable or working directory (only their owner or root may read those), so "
        "they are not compared",
        other_users));
  return scan;
}

bool RelatedToWorkspace(const GoProcess& g, const std::string& dir) {
  // `inner` is `outer` or a folder below it; a server started in / serves no one folder.
  auto within = [](const std::string& inner, const std::string& outer) {
    if (outer.empty()) return false;
    if (inner == outer) return true;
    return outer != "/" && inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
           (outer.back() == '/' || inner[outer.size()] == '/');
  };
  return g.role != ProcessRole::kGoplsTelemetry && !g.cwd.empty() && (within(dir, g.cwd) || within(g.cwd, dir));
}

}  // namespace godiag::collect

#include "collect/snapshot_builder.h"

#include <future>

#include "collect/derived.h"
#include "collect/desktop_env.h"
#include "collect/editor_model.h"
#include "collect/editor_settings.h"
#include "collect/env_files.h"
#include "collect/env_model.h"
#include "collect/go_env.h"
#include "collect/login_shell.h"
#include "collect/route.h"
#include "collect/tools.h"
#include "collect/workspace.h"
#include "probe/gopls_target.h"
#include "probe/lsp_probe.h"
#include "collect/network.h"
#include "crypto/sha256.h"

namespace godiag::collect {

namespace {

using StringMap = std::map<std::string, std::string>;

// `systemctl --user` answers at once or not at all.
constexpr std::chrono::milliseconds kDesktopEnvTimeout{2000};

std::string Get(const StringMap& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? "" : it->second;
}

// The variables `go env -json` depends on (Go variables, PATH, HOME and the C toolchain).
StringMap GoRelevant(const StringMap& env) {
  StringMap out;
  for (const auto& [k, v] : env) {
    if (k.rfind("GO", 0) == 0 || k.rfind("CGO_", 0) == 0 || k == "PATH" || k == "HOME" || k == "XDG_CONFIG_HOME" ||
        k == "CC" || k == "CXX" || k == "AR" || k == "FC" || k == "PKG_CONFIG" || k == "GCCGO")
      out[k] = v;
  }
  return out;
}

core::EnvFile GorootEnvFile(const platform::FileSystem& fs, const std::string& goroot) {
  core::EnvFile f;
  if (goroot.empty()) return f;
  f.path = goroot + "/go.env";
  return CollectEnvFile(fs, f);
}

void ParseSide(core::EnvSide& side) { side.settings = ParseSettings(Values(side.env)); }

void AddRoutes(core::EnvSide& side, const core::Workspace& ws) {
  if (side.unknown) return;  // the go command's settings are not known on this side
  std::vector<const core::GoModFile*> files;
  if (ws.gomod) files.push_back(&*ws.gomod);
  for (const auto* f : files) {
    for (const auto& r : f->requires_) side.routes.push_back(ComputeRoute(side.settings, r.path, r.version));
  }
}

}  // namespace

std::string LookPath(const platform::FileSystem& fs, const std::string& name, const std::string& path_value) {
  if (name.find('/') != std::string::npos) return fs.Stat(name).executable ? name : "";
  size_t start = 0;
  while (start <= path_value.size()) {
    size_t end = path_value.find(':', start);
    if (end == std::string::npos) end = path_value.size();
    std::string dir = path_value.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (fs.Stat(candidate).executable) return candidate;
    start = end + 1;
  }
  return "";
}

core::Snapshot CollectSnapshot(const platform::Platform& p, const CollectOptions& options) {
  core::Snapshot snap;
  snap.workspace_dir = options.dir;
  snap.offline = options.offline;
  snap.no_lsp = options.no_lsp;
  snap.process_env = p.env.Variables();
  const std::string os = p.env.Os();

  // Independent collectors, started together. The crypto library initialises meanwhile
  // (the GOSUMDB key's hash check is its first use).
  auto crypto_ready = std::async(std::launch::async, [] { crypto::Initialize(); });
  std::future<core::LoginShellEnv> login;
  std::future<core::EditorSettings> editor_settings;
  if (options.editor_side) {
    login = std::async(std::launch::async, [&] {
      // VS Code resolves the login shell's environment from its own (the desktop session's);
      // started from a terminal it skips that and keeps the terminal's.
      snap.editor_launch = CollectEditorLaunch(p, snap.process_env, options.launched_from, kDesktopEnvTimeout);
      if (options.launched_from == LaunchedFrom::kTerminal) return core::LoginShellEnv{};
      return CollectLoginShellEnv(p, snap.editor_launch.env, options.child_timeout);
    });
    editor_settings = std::async(std::launch::async, [&] { return CollectEditorSettings(p, options.dir, snap.process_env); });
  }
  std::string terminal_go = LookPath(p.fs, "go", Get(snap.process_env, "PATH"));
  // Asked by name, `go env` does not run the C compiler: about half its time.
  std::shared_future<core::GoEnvRun> terminal_go_env = std::async(std::launch::async, [&] {
    return CollectGoEnv(p, "terminal", terminal_go, snap.process_env, options.dir, options.child_timeout,
                        ModelledGoEnvNames());
  });
  std::future<core::Tools> terminal_tools;
  if (options.with_tools) {
    terminal_tools = std::async(std::launch::async, [&p, &snap] { return CollectTerminalTools(p, snap.process_env); });
  }
  // After the threads above exist: loading libcurl holds the dynamic loader's lock, which
  // creating a thread waits for.
  if (options.warm_network) p.http.Warm();
  snap.user_env_file = CollectEnvFile(p.fs, LocateUserEnvFile(snap.process_env, os));

  // Editor side: the extension host inherits the login shell's environment (or, when that
  // cannot be had, VS Code's own), then the Go extension activates. Its `go env` runs as soon
  // as that environment is known, alongside the terminal's.
  if (login.valid()) snap.login_shell = login.get();
  if (editor_settings.valid()) snap.editor = editor_settings.get();
  snap.editor_side.label = "editor";
  ActivationInputs in;
  if (!options.editor_side) {
    in.inherited = snap.process_env;
    in.inherited_kind = core::SourceKind::kProcessEnv;
  } else if (snap.login_shell.ran) {
    in.inherited = snap.login_shell.env;
    in.inherited_kind = core::SourceKind::kLoginShell;
  } else {
    in.inherited = snap.editor_launch.env;
    in.inherited_kind = snap.editor_launch.kind == core::EditorLaunch::Kind::kTerminal ? core::SourceKind::kProcessEnv
                                                                                       : core::SourceKind::kDesktopEnv;
  }
  in.settings = &snap.editor;
  in.os = HostOsFromName(os);
  auto editor_go_env = [&](const std::string& go, const StringMap& env) {
    if (go == terminal_go && GoRelevant(env) == GoRelevant(snap.process_env)) {
      core::GoEnvRun run = terminal_go_env.get();  // same binary, same inputs: same answer
      run.label = "editor";
      return run;
    }
    return CollectGoEnv(p, "editor", go, env, options.dir, options.child_timeout, ModelledGoEnvNames());
  };
  Activation activation = ModelActivation(p.fs, in, editor_go_env);
  snap.editor_model = activation.model;

  // Terminal side.
  snap.terminal.label = "terminal";
  snap.terminal.go_env = terminal_go_env.get();
  ProcessEnv terminal_process = TagEnvironment(snap.process_env, core::SourceKind::kProcessEnv);
  snap.terminal.process_env = snap.process_env;
  if (!snap.terminal.go_env.ok) snap.terminal.unknown = terminal_go.empty() ? "no go on PATH" : "`go env` fails";
  std::string goroot = Get(snap.terminal.go_env.values, "GOROOT");
  if (goroot.empty()) goroot = Get(snap.process_env, "GOROOT");
  snap.goroot_env_file = GorootEnvFile(p.fs, goroot);
  snap.terminal.env = ResolveEnvironment(terminal_process, snap.user_env_file, snap.goroot_env_file,
                                         snap.terminal.go_env.values, snap.terminal.unknown);
  snap.local_go_version = Get(snap.terminal.go_env.values, "GOVERSION");
  const std::string gowork = snap.terminal.env["GOWORK"].value;
  auto workspace = std::async(std::launch::async, [&p, &options, gowork] {
    return CollectWorkspace(p, options.dir, gowork, options.nested_modules);
  });

  snap.editor_side.go_env = activation.go_env;
  snap.editor_side.go_env.label = "editor";
  snap.editor_side.unknown = activation.unknown;
  ProcessEnv editor_effective = WithGoplsBuildEnv(activation.tools, snap.editor);
  snap.editor_side.process_env = Plain(activation.tools);
  core::EnvFile editor_user_file = CollectEnvFile(p.fs, LocateUserEnvFile(Plain(editor_effective), os));
  std::string editor_goroot = Get(snap.editor_side.go_env.values, "GOROOT");
  core::EnvFile editor_goroot_file =
      editor_goroot == goroot ? snap.goroot_env_file : GorootEnvFile(p.fs, editor_goroot);
  snap.editor_side.env = ResolveEnvironment(editor_effective, editor_user_file, editor_goroot_file,
                                            snap.editor_side.go_env.values, snap.editor_side.unknown);

  snap.workspace = workspace.get();
  if (options.with_tools) {
    snap.tools = terminal_tools.get();
    snap.tools.goroot = CheckGoroot(p.fs, goroot);
    CollectEditorTools(p, activation, snap.editor, snap.tools);
  }
  // The gopls handshake is the slowest probe; it runs while the rest is parsed and routed.
  std::future<core::LspProbeResult> lsp;
  if (options.with_tools && !options.no_lsp) {
    if (auto target = probe::EditorGoplsProbe(snap, p.fs, p.env.ProcessId(), options.godiag_version)) {
      target->timeout = options.lsp_timeout;
      if (!options.lsp_open) target->open_path.clear();
      lsp = std::async(std::launch::async, [&p, t = std::move(*target)] {
        return probe::RunLspProbe(p.launcher, p.clock, t);
      });
    }
  }
  crypto_ready.wait();
  ParseSide(snap.terminal);
  ParseSide(snap.editor_side);
  AddRoutes(snap.terminal, snap.workspace);
  AddRoutes(snap.editor_side, snap.workspace);
  // The network probes (doctor only, not --offline) run while the derived facts are computed.
  std::future<std::vector<core::NetCheck>> net;
  if (options.with_tools && !options.offline) {
    NetworkOptions no;
    no.timeout = options.net_timeout;
    no.whole_zips = false;  // the doctor stays quick: `godiag net` hashes the zips
    net = std::async(std::launch::async, [&p, &snap, no] { return CollectNetwork(snap, p, no); });
  }
  snap.derived = ComputeDerived(snap, p);
  if (net.valid()) snap.net = net.get();
  if (lsp.valid()) snap.lsp = lsp.get();
  return snap;
}

}  // namespace godiag::collect

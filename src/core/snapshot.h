// The Snapshot: every piece of evidence godiag collected, as plain data with its source.
// Collectors and probes fill it; rules only read it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dap.h"
#include "core/editor_settings.h"
#include "core/go_settings.h"
#include "core/logs.h"
#include "core/processes.h"
#include "core/problems.h"
#include "core/lsp_probe.h"
#include "core/net.h"

namespace godiag::core {

// ---- provenance ----

enum class SourceKind {
  kUnset,            ///< nothing sets it
  kProcessEnv,       ///< the environment godiag was started with (the terminal)
  kLoginShell,       ///< `$SHELL -l` environment (what a GUI-launched editor inherits)
  kUserEnvFile,      ///< `go env -w` file ($GOENV or <UserConfigDir>/go/env)
  kGorootEnvFile,    ///< $GOROOT/go.env
  kGoDefault,        ///< computed by the go command (GOPATH=$HOME/go, GOROOT of the binary, …)
  kToolsEnvVars,     ///< VS Code go.toolsEnvVars
  kHttpProxySetting, ///< VS Code http.proxy copied by vscode-go
  kGorootSetting,    ///< VS Code go.goroot
  kGoEnvFillIn,      ///< vscode-go copied it from `go env -json` because it was unset
  kGoplsBuildEnv,    ///< gopls build.env setting
  kEditorRewrite,    ///< vscode-go rewrote it (e.g. -json removed from GOFLAGS)
  kDesktopEnv,       ///< the desktop session's environment, which VS Code itself starts with
  kExtensionPath,    ///< PATH with GOROOT/bin put first by the Go extension
};

const char* SourceKindName(SourceKind k);

struct ValueSource {
  SourceKind kind = SourceKind::kUnset;
  std::string path;    ///< file that set it, when a file did
  int line = 0;        ///< 1-based line in `path`, 0 when unknown
  std::string detail;  ///< free text, e.g. "originally from user env file"
};

/// "user env file /root/.config/go/env:3" etc.
std::string DescribeSource(const ValueSource& s);

struct EnvValue {
  std::string value;
  ValueSource source;
  bool set = false;                    ///< false when nothing sets it (value is "")
  std::optional<std::string> unknown;  ///< why the value could not be had (then set=false, value="")
};

/// A resolved environment: name -> value with its source.
using EffectiveEnv = std::map<std::string, EnvValue>;

// ---- raw inputs ----

struct EnvFileEntry {
  std::string key;
  std::string value;
  int line = 0;
};

struct EnvFile {
  std::string path;
  bool exists = false;
  bool disabled = false;                 ///< GOENV=off
  std::optional<std::string> error;      ///< e.g. "$HOME is not defined" or an I/O error
  std::vector<EnvFileEntry> entries;     ///< in file order; later duplicates win
};

/// The environment VS Code's own process starts with, before it resolves the login shell's.
struct EditorLaunch {
  enum class Kind { kSystemdUser, kMinimalDesktop, kTerminal };
  Kind kind = Kind::kMinimalDesktop;
  std::string origin;                    ///< how it was had, in words (shown in reports)
  std::map<std::string, std::string> env;
  std::optional<std::string> systemd_error;  ///< why the user manager's environment could not be read
};

struct LoginShellEnv {
  std::string shell;                     ///< $SHELL used
  bool ran = false;
  std::optional<std::string> error;      ///< timeout, exit status, unparsable output
  std::map<std::string, std::string> env;
  double elapsed_ms = 0;
};

/// One `go env -json` run.
struct GoEnvRun {
  std::string label;                     ///< "terminal" or "editor"
  std::string go_path;                   ///< which go binary ran ("" when none found)
  bool ok = false;
  std::map<std::string, std::string> values;
  std::optional<std::string> error;      ///< go's stderr or why it could not run
  int exit_code = 0;
  bool timed_out = false;
};

// ---- workspace ----

struct VendorInfo {
  bool dir_exists = false;
  bool modules_txt_exists = false;
  std::vector<std::string> problems;     ///< inconsistencies between go.mod and vendor/modules.txt
};

struct Workspace {
  std::string dir;                       ///< the opened folder (absolute)
  std::optional<GoModFile> gomod;        ///< nearest go.mod upward
  std::optional<GoModFile> gowork;       ///< go.work in effect (GOWORK or upward), if any
  std::string gowork_env;                ///< GOWORK as set ("off" disables)
  std::vector<std::string> nested_modules;  ///< go.mod files below dir (relative paths), excluding dir itself
  VendorInfo vendor;
};

// ---- tools ----

struct GoBinary {
  std::string path;        ///< as found on PATH
  std::string real_path;   ///< symlinks resolved
  std::string version;     ///< "go1.26.8" ("" when it could not run)
  std::optional<std::string> error;
};

struct ToolInfo {
  std::string name;                 ///< "gopls", "dlv", "git", "go"
  std::string path;                 ///< "" when not found
  std::string found_by;             ///< "go.alternateTools", "GOBIN", "GOPATH/bin", "PATH", …
  std::string version;              ///< module version, e.g. "v0.20.0"
  std::string built_with;           ///< Go version it was built with, e.g. "go1.24.1"
  std::optional<std::string> error; ///< why version could not be read
  std::vector<std::string> searched;  ///< places looked at, in order
  std::string why;                  ///< vscode-go's reason: alternateTool, gobin, gopath, goroot, path, default
  std::optional<std::string> unknown;  ///< the lookup was not made, and why (the extension stopped first)
};

struct PathEntryProblem {
  std::string entry;
  int index = 0;
  std::string problem;  ///< "empty", "relative", "missing", "duplicate", "not a directory"
};

struct GorootCheck {
  std::string path;
  bool valid = false;       ///< has bin/go and src/runtime or VERSION
  std::string version;      ///< from $GOROOT/VERSION
  std::optional<std::string> problem;
};

/// What VS Code's Go extension does at activation (goMain.ts activate, updateGoVarsFromConfig).
struct EditorModel {
  ToolInfo go;                               ///< the go it finds (getBinPathWithExplanation('go'))
  bool go_env_ok = false;                    ///< its `go env -json` succeeded
  std::optional<std::string> stopped;        ///< why activation stops before gopls is started
  std::string goroot;                        ///< its current GOROOT (from that go env)
  bool activate_environment = true;          ///< go.terminal.activateEnvironment
  std::optional<std::string> path_prepended; ///< GOROOT/bin it put first on PATH
  std::string gopls_go;                      ///< the go gopls finds on its own PATH ("" = none)
};

struct Tools {
  std::vector<GoBinary> go_on_path;
  GorootCheck goroot;
  ToolInfo gopls;
  ToolInfo dlv;
  ToolInfo git;
  std::vector<PathEntryProblem> path_problems;       ///< terminal PATH
  std::vector<PathEntryProblem> editor_path_problems;
};

// ---- derived per environment ----

/// Every Go setting of one environment, parsed as the go command parses it.
struct ParsedSettings {
  ProxyList goproxy;
  SumDbConfig gosumdb;
  PatternList goprivate;
  PatternList gonoproxy;   ///< effective list (GOPRIVATE when GONOPROXY is empty)
  PatternList gonosumdb;   ///< effective list (GOPRIVATE when GONOSUMDB is empty)
  PatternList goinsecure;
  bool gonoproxy_from_goprivate = false;
  bool gonosumdb_from_goprivate = false;
  GovcsConfig govcs;
  GoFlags goflags;
  Go111Module go111module;
  GoToolchain gotoolchain;
};

/// How the go command would fetch and verify one module.
struct RouteStep {
  std::string source;   ///< proxy URL, "direct", "off", "noproxy"
  std::string action;   ///< "fetch", "direct", "skip: disabled by GOPRIVATE/GONOPROXY", "fail: module lookup disabled by GOPROXY=off", …
  Fallback fallback = Fallback::kOnNotFound;
};

struct Route {
  std::string module;
  std::string version;
  std::vector<RouteStep> steps;              ///< in order
  bool direct = false;                       ///< may be fetched from its VCS origin
  std::optional<std::string> govcs_rule;     ///< deciding GOVCS rule when direct ("public:git|hg")
  std::vector<std::string> govcs_allowed;    ///< VCS allowed for it when direct
  std::optional<std::string> checksum_db;    ///< name of the DB that verifies it, nullopt = none
  std::string checksum_reason;               ///< why (e.g. "GONOSUMDB pattern *.corp")
  bool insecure = false;
  std::optional<std::string> error;          ///< the error the go command would print
  std::map<std::string, std::optional<std::string>> matched;  ///< var -> pattern that matched
};

struct EnvSide {
  std::string label;        ///< "terminal" or "editor"
  EffectiveEnv env;         ///< Go variables, PATH and proxy variables with provenance
  GoEnvRun go_env;          ///< `go env -json` under this environment
  ParsedSettings settings;
  std::vector<Route> routes;
  std::map<std::string, std::string> process_env;  ///< full environment of the processes this side starts
  std::optional<std::string> unknown;              ///< why values the go command computes are unknown here
};

/// Version comparisons done at collection time (rules do not parse versions themselves).
struct ToolchainSelection {
  std::string local;                 ///< running go, e.g. "go1.26.8" ("" when unknown)
  std::string required;              ///< toolchain the go/toolchain lines ask for, e.g. "go1.27.0" ("" = none)
  std::string required_by;           ///< "path:line" of the deciding go or toolchain line
  bool needs_newer = false;          ///< required is newer than local
  bool switch_allowed = false;       ///< GOTOOLCHAIN lets the go command switch
  std::optional<std::string> error;  ///< the go command's own error text when it cannot switch
};

/// A variable that is set where the go command would read it but is not one of its
/// variables, while being one edit or two from one that matters (GOPRIVTE, GO_PRIVATE).
struct MisspelledGoVar {
  std::string name;        ///< as set
  std::string suggestion;  ///< the go command's variable it is nearest to
  std::string where;       ///< "go.toolsEnvVars, /home/u/.config/Code/User/settings.json:4", "the terminal's environment"
  std::string side;        ///< "terminal" or "editor"
};

struct DerivedFacts {
  ToolchainSelection toolchain;
  bool gopls_older_than_go_line = false;  ///< gopls built with a Go older than the workspace's go line
  bool dlv_older_than_go_line = false;
  std::string workspace_go_line;          ///< go line that decides (go.work over go.mod)
  std::string workspace_go_line_at;       ///< "path:line"
  std::map<std::string, std::string> alternate_tool_paths;  ///< go.alternateTools key -> resolved path ("" = not found)
  bool goroot_setting_is_dir = true;      ///< go.goroot (when set) is an existing directory
  bool vendor_mode = false;               ///< -mod=vendor is in effect (explicitly or by default)
  std::string vendor_mode_reason;         ///< "GOFLAGS=-mod=vendor" or "go 1.14+ and vendor/ exists"
  std::vector<MisspelledGoVar> misspelled_go_vars;
};

struct Snapshot {
  std::string workspace_dir;
  std::map<std::string, std::string> process_env;
  EditorLaunch editor_launch;     ///< what VS Code starts with (desktop session, or a terminal)
  LoginShellEnv login_shell;
  EditorModel editor_model;
  EnvFile user_env_file;
  EnvFile goroot_env_file;
  EditorSettings editor;
  EnvSide terminal;
  EnvSide editor_side;
  Workspace workspace;
  Tools tools;
  std::string local_go_version;   ///< e.g. "go1.26.8", from go env GOVERSION
  DerivedFacts derived;
  bool offline = false;
  bool no_lsp = false;
  std::optional<LspProbeResult> lsp;          ///< the LSP handshake probe, when it ran
  std::vector<LspTrafficReport> lsp_traffic;  ///< `lsp check` inputs
  std::vector<NetCheck> net;                  ///< network probes: terminal, then editor when it differs
  std::optional<SumDbVerify> sumdb_verify;    ///< `sumdb verify`
  std::vector<std::string> collector_errors;  ///< failures of godiag itself while collecting
  std::optional<DapProbeResult> dap;          ///< the debugger probe, when it ran
  std::vector<DapTrafficReport> dap_traffic;  ///< `dap check` inputs
  std::optional<LogsScan> logs;               ///< `godiag logs`, and the doctor's log scan
  std::optional<ProcessScan> processes;       ///< `godiag ps`, and the doctor's process scan
  std::optional<ProblemsScan> problems;       ///< `godiag problems`, and the doctor's editor-vs-terminal run
};

}  // namespace godiag::core

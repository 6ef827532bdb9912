// Evidence from the debugger probe (godiag dap probe, doctor's Delve check) and from checked
// DAP traffic (godiag dap check). Plain data filled by collect/launch_config,
// probe/dap_probe and dap/traffic; read by rules/dap and the writers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/lsp_probe.h"

namespace godiag::core {

/// A problem in the launch configuration (launch.json or the settings' `launch` section).
struct DapConfigProblem {
  std::string kind;        ///< "unknown-key", "bad-program", "bad-value", "parse", "not-found"
  std::string field;       ///< "program", "buildFlag", …
  std::string detail;      ///< what is wrong, with the value
  std::string suggestion;  ///< nearest known key ("" = none)
  std::string where;       ///< "path:line" ("" = unknown)
};

/// The launch configuration the probe used, resolved like vscode-go resolves it.
struct DapLaunchConfig {
  std::string name;             ///< "name" of the configuration ("" for the default one)
  std::string source;           ///< "/ws/.vscode/launch.json:7", "settings.json:3 (launch)", "default"
  std::string mode = "debug";   ///< after `auto` is resolved
  std::string program;          ///< absolute, variables substituted
  std::string build_dir;        ///< where dlv runs (vscode-go's __buildDir)
  std::string cwd;              ///< "" = Delve's default
  std::map<std::string, std::string> env;  ///< envFile + env, as sent in the launch request
  std::string env_file;
  std::vector<std::string> dlv_flags;
  std::vector<std::string> build_flags;  ///< as given (a string is one element)
  bool build_flags_string = false;       ///< the string form (Delve splits it)
  std::vector<std::string> args;
  std::string debug_adapter = "dlv-dap";
  bool show_log = false;
  std::string log_output;
  std::vector<DapConfigProblem> problems;
  std::vector<std::string> configurations;  ///< names of every configuration found
};

struct DapOutput {
  std::string category;  ///< "console", "stdout", "stderr", "important", …
  std::string text;
  double at_ms = 0;
};

struct DapErrorResponse {
  std::string command;
  int64_t id = 0;          ///< body.error.id (3000 FailedToLaunch, …)
  std::string message;     ///< the short `message`
  std::string format;      ///< body.error.format: the full text
  bool show_user = true;
};

/// The dlv the probe ran and the one a terminal would run.
struct DapServerInfo {
  std::string path;
  std::string found_by;             ///< "go.alternateTools", "GOBIN", "PATH", "command line"
  std::string version;              ///< "1.27.2" from `dlv version`
  std::string built_with;           ///< "go1.26.8" from `go version -m`
  std::vector<std::string> searched;
  std::string terminal_path;        ///< `dlv` on the terminal's PATH ("" = none)
  std::string terminal_version;
  std::string kind;                 ///< "dlv dap" (banner "DAP server listening at:"), "stdio", "tcp"
  std::string listen_address;       ///< from the banner
  std::string fingerprint;          ///< Delve version range from the capabilities
};

struct DapProbeResult {
  bool ran = false;
  std::string label;
  std::vector<std::string> argv;    ///< the server command ("" when connecting)
  std::string connect;              ///< "tcp:HOST:PORT" when connecting
  std::string dir;                  ///< where the server ran
  std::optional<DapLaunchConfig> config;
  std::string launch_arguments;     ///< the launch request's arguments as sent (JSON)
  std::optional<std::string> start_error;  ///< could not start or reach the server
  bool not_found = false;           ///< start_error: no dlv where the editor looks
  DapServerInfo server;
  std::vector<LspPhase> phases;     ///< spawn, listening, connect, initialize, launch, configurationDone, stopped, disconnect, exit
  std::vector<std::string> capabilities;  ///< true capability keys, sorted
  std::vector<DapOutput> output;    ///< `output` events in order (bounded)
  std::vector<std::string> stdout_lines;  ///< dlv's stdout besides the banner (bounded)
  std::vector<std::string> stderr_lines;  ///< dlv's stderr (bounded)
  std::vector<DapErrorResponse> error_responses;
  std::optional<int> exit_code;
  std::optional<int> exit_signal;
  bool exited_early = false;        ///< the server ended (or closed the connection) before disconnect
  bool killed = false;              ///< godiag had to kill the server
  bool interrupted = false;         ///< godiag was interrupted; everything was still ended
  std::string hung_in;              ///< phase that reached its deadline ("" = none)
  double hung_after_ms = 0;
  std::string last_output;          ///< last output event before the hang
  long debuggee_pid = 0;            ///< from the `process` event
  bool debuggee_left = false;       ///< still alive after cleanup (should never be)
  std::string output_binary;        ///< the launch `output` path (private temp dir)
  bool binary_left = false;         ///< the built binary was still there after cleanup
  std::string stopped_reason;       ///< "entry", …
  std::string ptrace_scope;         ///< /proc/sys/kernel/yama/ptrace_scope ("" = absent)
  std::vector<LspDefect> defects;   ///< wire / message defects in the server's output
  double total_ms = 0;
};

/// Per-command statistics of checked DAP traffic.
struct DapCommandRow {
  std::string command;
  uint64_t requests = 0;
  uint64_t errors = 0;
  double max_ms = 0;
};

/// `godiag dap check` of one input.
struct DapTrafficReport {
  std::string file;
  std::string format;              ///< "Delve dap log", "godiag trace", "raw stream"
  std::optional<std::string> read_error;
  uint64_t bytes = 0;
  uint64_t messages = 0;
  std::vector<LspDefect> defects;  ///< id "dap.traffic.*", where = "line N" / "byte N"
  std::vector<DapCommandRow> commands;
  std::vector<DapErrorResponse> errors;
  std::vector<std::string> unanswered;  ///< "launch (seq 2)"
  std::vector<DapOutput> output;   ///< important/stderr output events (bounded)
};

}  // namespace godiag::core

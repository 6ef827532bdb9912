// Command line -> Options. Pure: no I/O; usage errors carry a "did you mean" suggestion.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"

namespace godiag::cli {

enum class FailOn { kError, kWarning, kNever };
enum class ColorMode { kAuto, kAlways, kNever };

struct Options {
  std::string command = "doctor";      ///< doctor, env, route, rules, help, version
  bool command_given = false;          ///< the command was named on the command line
  std::vector<std::string> args;       ///< positional arguments after the command
  std::string format = "text";         ///< text, json, markdown, sarif
  FailOn fail_on = FailOn::kError;
  ColorMode color = ColorMode::kAuto;
  bool verbose = false;
  bool offline = false;
  bool no_lsp = false;
  bool editor = false;                 ///< route: use the editor's environment
  bool from_terminal = false;          ///< VS Code was started from this terminal (`code .`), not the desktop
  // lsp probe
  std::vector<std::string> server_argv; ///< the server command after `--`
  std::string connect;                  ///< --connect tcp:HOST:PORT | unix:PATH
  std::string open_file;                ///< --open FILE
  bool no_open = false;                 ///< --no-open: skip didOpen
  int timeout_ms = 30000;               ///< --timeout DURATION
  bool timeout_given = false;
  std::string key;                      ///< sumdb verify-note --key VERIFIER
  bool sigquit = false;                 ///< --sigquit: the server is a Go program
  // lsp tap
  std::string trace;                    ///< --trace FILE
  bool check = false;                   ///< --check
  // dap probe
  std::string config_name;              ///< --config NAME: the launch configuration
  bool no_dap = false;                  ///< doctor: --no-dap skips the debugger probe
  // problems
  int max_files = 1000;                 ///< --max-files N: Go files opened in the editor's gopls
  std::vector<std::string> seen;        ///< --seen TEXT (repeatable): what the editor shows
  bool no_logs = false;                 ///< doctor: --no-logs skips reading the editor's logs
  bool no_ps = false;                   ///< doctor: --no-ps skips the running gopls/dlv
  bool help = false;
  bool version = false;
};

/// The commands godiag knows, in help order.
const std::vector<std::string>& CommandNames();

/// Parses argv[1..]. Errors are usage errors with go-style wording and a suggestion.
core::Expected<Options> ParseArgs(const std::vector<std::string>& argv);

/// "30s", "500ms", "2m", or plain seconds, in milliseconds.
core::Expected<int> ParseDurationMs(const std::string& text);

/// Closest candidate within a small edit distance, for "did you mean" hints.
std::optional<std::string> Suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace godiag::cli

// The command table (ninja's kTools): name, one-line summary, usage text, function.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/exit_code.h"
#include "collect/launch_config.h"
#include "core/report.h"
#include "core/snapshot.h"
#include "platform/platform.h"
#include "probe/problems.h"

namespace godiag::cli {

/// Everything a command needs.
struct Context {
  const Options& options;
  const platform::Platform& platform;
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string name;
  std::string summary;
  std::string usage;  ///< full help text of the command
  ExitCode (*run)(const Context&);
};

const std::vector<Command>& Commands();
const Command* FindCommand(const std::string& name);

ExitCode RunDoctor(const Context& ctx);
ExitCode RunEnv(const Context& ctx);
ExitCode RunRoute(const Context& ctx);
ExitCode RunNet(const Context& ctx);
ExitCode RunSumDb(const Context& ctx);
ExitCode RunRules(const Context& ctx);
ExitCode RunLsp(const Context& ctx);
ExitCode RunCheck(const Context& ctx);  // lsp check
ExitCode RunDap(const Context& ctx);
ExitCode RunLogs(const Context& ctx);
ExitCode RunPs(const Context& ctx);
ExitCode RunProblems(const Context& ctx);
ExitCode RunDiff(const Context& ctx);

/// The doctor's report of DIR (an absolute folder) under the command line's flags; `diff`
/// runs it for the report of now.
core::Report DoctorReport(const Context& ctx, const std::string& dir);

/// What a command without tool versions needs collected (see collect::CollectOptions).
struct CollectScope {
  bool editor_side = true;     ///< false: the editor's environment is taken to be the terminal's (not read)
  bool nested_modules = true;  ///< false: no go.mod files below the folder
  bool warm_network = false;   ///< the command will use the network
};

/// The Snapshot of the current directory without tool versions (env, route, net, sumdb);
/// nullopt after printing why when the directory cannot be used.
std::optional<core::Snapshot> CollectWithoutTools(const Context& ctx, CollectScope scope = {});

/// What the launch configuration of DIR is read from: .vscode/launch.json, the settings'
/// `launch` section, the main package, the editor's environment (dap probe, doctor).
collect::LaunchInputs DapLaunchInputs(const platform::Platform& p, const core::Snapshot& snap, const std::string& dir,
                                      const std::string& name);

/// `dap check` of one input; IsDapInput: its first bytes carry DAP (for `lsp check`).
core::DapTrafficReport CheckDapInput(const platform::FileSystem& fs, const std::string& path);
bool IsDapInput(const platform::FileSystem& fs, const std::string& path);

/// The doctor's debugger probe: when DIR has a main package or .vscode/launch.json, the
/// dlv the editor would run is probed into snap.dap (nothing when dlv is missing and there
/// is no launch.json: tools.dlv.missing covers that).
void RunDoctorDap(const Context& ctx, const std::string& dir, core::Snapshot& snap);
/// The Snapshot `logs` and `ps` compare with: both environments and the tools, no network,
/// no gopls handshake; nullopt after printing why when the current directory cannot be used.
std::optional<core::Snapshot> CollectRuntimeSnapshot(const Context& ctx);

/// `problems` options from the command line (file limit, --seen, --timeout, a status line on a terminal).
probe::ProblemsOptions ProblemsOptionsFor(const Context& ctx, const std::string& dir);

/// Top-level help text (lists commands, common flags, exit codes).
std::string GeneralHelp();

}  // namespace godiag::cli

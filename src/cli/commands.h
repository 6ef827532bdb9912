// The command table (ninja's kTools): name, one-line summary, usage text, function.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/exit_code.h"
#include "core/snapshot.h"
#include "platform/platform.h"

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
ExitCode RunLogs(const Context& ctx);
ExitCode RunPs(const Context& ctx);

/// What a command without tool versions needs collected (see collect::CollectOptions).
struct CollectScope {
  bool editor_side = true;     ///< false: the editor's environment is taken to be the terminal's (not read)
  bool nested_modules = true;  ///< false: no go.mod files below the folder
  bool warm_network = false;   ///< the command will use the network
};

/// The Snapshot of the current directory without tool versions (env, route, net, sumdb);
/// nullopt after printing why when the directory cannot be used.
std::optional<core::Snapshot> CollectWithoutTools(const Context& ctx, CollectScope scope = {});

/// The Snapshot `logs` and `ps` compare with: both environments and the tools, no network,
/// no gopls handshake; nullopt after printing why when the current directory cannot be used.
std::optional<core::Snapshot> CollectRuntimeSnapshot(const Context& ctx);

/// Top-level help text (lists commands, common flags, exit codes).
std::string GeneralHelp();

}  // namespace godiag::cli

#include "cli/run.h"

#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_code.h"

namespace godiag::cli {

int Run(int argc, char** argv, const platform::Platform& platform, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto options = ParseArgs(args);
  if (!options) {
    err << "godiag: " << options.error().message << "\nRun 'godiag --help' for usage.\n";
    return ToInt(ExitCode::kUsage);
  }
  if (options->version) {
    out << "godiag " << GODIAG_VERSION << "\n";
    return ToInt(ExitCode::kOk);
  }
  const Command* command = FindCommand(options->command);
  if (options->help) {
    if (options->command_given && command != nullptr) {
      out << command->usage;
    } else {
      out << GeneralHelp();
    }
    return ToInt(ExitCode::kOk);
  }
  if (command == nullptr) {
    err << "godiag: unknown command \"" << options->command << "\"\n";
    return ToInt(ExitCode::kUsage);
  }
  Context ctx{*options, platform, out, err};
  return ToInt(command->run(ctx));
}

}  // namespace godiag::cli

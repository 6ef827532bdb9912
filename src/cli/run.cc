#include "cli/run.h"

#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/lsp_tap.h"

namespace godiag::cli {

int Run(int argc, char** argv, const platform::Platform& platform, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Installed as the editor's server command under the server's name: tap the real one.
  auto target = TapTargetForInvocation(platform, argc > 0 ? argv[0] : "");
  if (!target) {
    err << "godiag: " << target.error().message << "\n";
    return 127;
  }
  if (!target->empty()) {
    auto env = platform.env.Variables();
    TapOptions o;
    o.argv = {*target};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.trace = env.count("GODIAG_TAP_TRACE") ? env["GODIAG_TAP_TRACE"] : "";
    o.check = env.count("GODIAG_TAP_CHECK") && env["GODIAG_TAP_CHECK"] == "1";
    return RunTap(platform, o, err);
  }
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

// `godiag route [MODULE[@VERSION]...]`: how each module would be fetched and verified.
#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/route.h"

namespace godiag::cli {

ExitCode RunRoute(const Context& ctx) {
  auto collected = CollectWithoutTools(ctx);
  if (!collected) return ExitCode::kToolError;
  const core::Snapshot& snap = *collected;
  const core::EnvSide& side = ctx.options.editor ? snap.editor_side : snap.terminal;
  if (side.unknown) {  // no go could resolve this side's settings: a route would be a guess
    ctx.err << "godiag route: the " << side.label << "'s Go settings are unknown (" << *side.unknown
            << "); `godiag doctor` shows why\n";
    return ExitCode::kFindings;
  }
  std::vector<core::Route> routes;
  if (ctx.options.args.empty()) {
    if (!snap.workspace.gomod) {
      ctx.err << "godiag: no go.mod in " << snap.workspace_dir << " or above; name modules: godiag route MODULE[@VERSION]...\n";
      return ExitCode::kUsage;
    }
    routes = side.routes;
  } else {
    for (const auto& arg : ctx.options.args) {
      size_t at = arg.find('@');
      std::string module = arg.substr(0, at);
      std::string version = at == std::string::npos ? "" : arg.substr(at + 1);
      if (module.empty()) {
        ctx.err << "godiag: malformed module argument \"" << arg << "\"\n";
        return ExitCode::kUsage;
      }
      routes.push_back(collect::ComputeRoute(side.settings, module, version));
    }
  }
  report::WriteRoutes(routes, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                      ctx.out);
  return ExitCode::kOk;
}

}  // namespace godiag::cli

// `godiag env [VAR...]`: both effective environments with the source of every value.
#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/snapshot_builder.h"

namespace godiag::cli {

ExitCode RunEnv(const Context& ctx) {
  auto dir = ResolveDir(ctx.platform.fs, {});
  if (!dir) {
    ctx.err << "godiag: " << dir.error().message << "\n";
    return ExitCode::kToolError;
  }
  collect::CollectOptions copts;
  copts.dir = *dir;
  copts.with_tools = false;
  core::Snapshot snap = collect::CollectSnapshot(ctx.platform, copts);
  auto rows = BuildEnvRows(snap, ctx.options.verbose, ctx.options.args);
  report::WriteEnvTable(rows, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                        ctx.out);
  return ExitCode::kOk;
}

}  // namespace godiag::cli

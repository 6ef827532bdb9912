// `godiag env [VAR...]`: both effective environments with the source of every value.
#include "cli/commands.h"
#include "cli/report_builder.h"

namespace godiag::cli {

ExitCode RunEnv(const Context& ctx) {
  auto collected = CollectWithoutTools(ctx);
  if (!collected) return ExitCode::kToolError;
  const core::Snapshot& snap = *collected;
  auto rows = BuildEnvRows(snap, ctx.options.verbose, ctx.options.args);
  std::vector<std::string> notes = UnknownNotes(snap);
  for (auto& n : UnreadSettingsNotes(snap)) notes.push_back(std::move(n));
  notes.push_back(EditorGoNote(snap));
  notes.push_back(EditorLaunchNote(snap));
  report::WriteEnvTable(rows, notes, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                        ctx.out);
  return ExitCode::kOk;
}

}  // namespace godiag::cli

// `godiag logs [FILE...]`: finds the logs the editors wrote about gopls (or reads the files
// given) and reports the crashes and known failure lines in them, streaming, gzip included.
#include <algorithm>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/logs.h"
#include "core/engine.h"
#include "rules/all.h"

namespace godiag::cli {

ExitCode RunLogs(const Context& ctx) {
  auto snap = CollectRuntimeSnapshot(ctx);
  if (!snap) return ExitCode::kUsage;
  collect::LogsOptions o;
  o.files = ctx.options.args;
  snap->logs = collect::CollectLogs(ctx.platform, o);
  auto findings = core::RunRules(*snap, rules::RulesWithPrefix("logs."));
  core::Report report;
  report.godiag_version = GODIAG_VERSION;
  report.workspace = "logs";
  report.findings = std::move(findings);
  std::sort(report.findings.begin(), report.findings.end(), core::FindingLess);
  report.logs = snap->logs;
  for (const auto& row : BuildToolRows(*snap))
    if (row.name == "gopls") report.tools.push_back(row);  // `gopls version` beside its crashes
  report::WriteReport(report, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                      ctx.out);
  bool unreadable = false;
  for (const auto& s : snap->logs->sources) {
    if (!s.read_error) continue;
    ctx.err << "godiag logs: " << s.path << ": " << *s.read_error << "\n";
    unreadable |= s.bytes == 0;
  }
  if (unreadable && !o.files.empty()) return ExitCode::kToolError;
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

}  // namespace godiag::cli

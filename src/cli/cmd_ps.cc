// `godiag ps`: the running gopls (servers, forwarders, daemons) and dlv, each compared with
// what the editor would start now.
#include <algorithm>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/processes.h"
#include "core/engine.h"
#include "rules/all.h"

namespace godiag::cli {

ExitCode RunPs(const Context& ctx) {
  auto snap = CollectRuntimeSnapshot(ctx);
  if (!snap) return ExitCode::kUsage;
  snap->processes = collect::CollectProcesses(ctx.platform, *snap);
  core::Report report;
  report.godiag_version = GODIAG_VERSION;
  report.workspace = "processes";  // (a 2-character literal trips g++ 12 -O3 -Wrestrict)
  report.findings = core::RunRules(*snap, rules::RulesWithPrefix("processes."));
  std::sort(report.findings.begin(), report.findings.end(), core::FindingLess);
  report.processes = snap->processes;
  for (const auto& row : BuildToolRows(*snap))
    if (row.name == "gopls" || row.name == "dlv") report.tools.push_back(row);
  report::WriteReport(report, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                      ctx.out);
  if (snap->processes->error) ctx.err << "godiag ps: " << *snap->processes->error << "\n";
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

}  // namespace godiag::cli

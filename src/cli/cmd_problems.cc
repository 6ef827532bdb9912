// `godiag problems [DIR]`: the errors the editor shows that the terminal does not (and the
// reverse), each explained by experiment.
#include <algorithm>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/snapshot_builder.h"
#include "core/engine.h"
#include "probe/problems.h"
#include "rules/all.h"

namespace godiag::cli {

probe::ProblemsOptions ProblemsOptionsFor(const Context& ctx, const std::string& dir) {
  probe::ProblemsOptions po;
  po.dir = dir;
  po.file_limit = static_cast<size_t>(ctx.options.max_files);
  po.seen = ctx.options.seen;
  po.client_pid = ctx.platform.env.ProcessId();
  po.godiag_version = GODIAG_VERSION;
  if (ctx.options.timeout_given) po.editor_timeout = std::chrono::milliseconds(ctx.options.timeout_ms);
  if (ctx.options.format == "text" && ctx.platform.env.StderrIsTerminal()) {
    po.status = [&ctx](const std::string& line) { ctx.err << "\33[2K\rgodiag: " << line << std::flush; };
  }
  return po;
}

std::vector<core::Finding> ProblemsFindings(const core::Snapshot& snap) {
  std::vector<core::Rule> rules = rules::RulesWithPrefix("problems.");
  for (const auto& r : rules::RulesWithPrefix("env.editor.differs")) rules.push_back(r);  // the causes they follow from
  auto findings = core::RunRules(snap, rules);
  // Keep a variable's difference only where it explains a problem.
  std::erase_if(findings, [](const core::Finding& f) { return f.id == "env.editor.differs" && f.consequences.empty(); });
  return findings;
}

ExitCode RunProblems(const Context& ctx) {
  auto dir = ResolveDir(ctx.platform.fs, ctx.options.args);
  if (!dir) {
    ctx.err << "godiag: " << dir.error().message << "\n";
    return ExitCode::kUsage;
  }
  collect::CollectOptions copts;
  copts.dir = *dir;
  copts.offline = true;
  copts.no_lsp = true;
  copts.launched_from = ctx.options.from_terminal ? collect::LaunchedFrom::kTerminal : collect::LaunchedFrom::kDesktop;
  copts.godiag_version = GODIAG_VERSION;
  probe::ProblemsOptions po = ProblemsOptionsFor(ctx, *dir);
  if (po.status) po.status("collecting the two environments ...");
  core::Snapshot snap = collect::CollectSnapshot(ctx.platform, copts);
  snap.problems = probe::RunProblems(ctx.platform, snap, po);
  if (po.status) ctx.err << "\33[2K\r" << std::flush;
  core::Report report;
  report.godiag_version = GODIAG_VERSION;
  report.workspace = *dir;
  report.findings = ProblemsFindings(snap);
  report.problems = snap.problems;
  report::WriteReport(report, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                      ctx.out);
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

}  // namespace godiag::cli

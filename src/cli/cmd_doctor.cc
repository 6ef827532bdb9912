// `godiag [doctor] [DIR]`: collect everything, run every rule, render the report.
#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/snapshot_builder.h"
#include "core/engine.h"
#include "probe/problems.h"
#include "rules/all.h"

namespace godiag::cli {

ExitCode RunDoctor(const Context& ctx) {
  auto dir = ResolveDir(ctx.platform.fs, ctx.options.args);
  if (!dir) {
    ctx.err << "godiag: " << dir.error().message << "\n";
    return ExitCode::kUsage;
  }
  auto format = report::ParseFormat(ctx.options.format);
  collect::CollectOptions copts;
  copts.dir = *dir;
  copts.offline = ctx.options.offline;
  copts.no_lsp = ctx.options.no_lsp;
  copts.lsp_open = false;  // the problems run opens every file instead
  copts.launched_from = ctx.options.from_terminal ? collect::LaunchedFrom::kTerminal : collect::LaunchedFrom::kDesktop;
  copts.godiag_version = GODIAG_VERSION;
  copts.warm_network = !copts.offline;
  bool progress = ctx.options.format == "text" && ctx.platform.env.StderrIsTerminal();
  if (progress) ctx.err << "godiag: collecting evidence for " << *dir << " ...\r" << std::flush;
  core::Snapshot snap = collect::CollectSnapshot(ctx.platform, copts);
  if (!ctx.options.no_dap) RunDoctorDap(ctx, *dir, snap);
  if (!ctx.options.no_lsp && snap.lsp && !snap.lsp->exited_early && !snap.lsp->start_error) {
    probe::ProblemsOptions po = ProblemsOptionsFor(ctx, *dir);
    if (!progress) po.status = nullptr;
    snap.problems = probe::RunProblems(ctx.platform, snap, po);
  }
  if (progress) ctx.err << "\33[2K\r" << std::flush;
  auto findings = core::RunRules(snap, rules::AllRules());
  core::Report report = BuildReport(snap, findings, ctx.options.verbose);
  report.dap = snap.dap;
  report.problems = snap.problems;
  auto writer_options = MakeWriterOptions(ctx.options, ctx.platform.env);
  writer_options.compact_lsp = true;
  report::WriteReport(report, *format, writer_options, ctx.out);
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

}  // namespace godiag::cli

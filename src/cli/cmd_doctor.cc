// `godiag [doctor] [DIR]`: collect everything, run every rule, render the report.
#include <future>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/logs.h"
#include "collect/processes.h"
#include "collect/snapshot_builder.h"
#include "core/engine.h"
#include "probe/problems.h"
#include "rules/all.h"

namespace godiag::cli {

namespace {

// The doctor reads only the newest session of each editor (older ones are history, and a
// long-lived machine keeps up to 50 of them) and of each log its last 8 MiB, where the
// current state is: a 100 MiB channel then costs a read, not a scan. It reads them while
// the Snapshot is collected.
constexpr uint64_t kDoctorLogTail = 8u << 20;

std::future<core::LogsScan> StartLogs(const Context& ctx) {
  return std::async(std::launch::async, [&ctx] {
    collect::LogsOptions o;
    o.max_sessions = 1;
    o.tail_bytes = kDoctorLogTail;
    return collect::CollectLogs(ctx.platform, o);
  });
}

}  // namespace

core::Report DoctorReport(const Context& ctx, const std::string& dir) {
  collect::CollectOptions copts;
  copts.dir = dir;
  copts.offline = ctx.options.offline;
  copts.no_lsp = ctx.options.no_lsp;
  copts.lsp_open = false;  // the problems run opens every file instead
  copts.launched_from = ctx.options.from_terminal ? collect::LaunchedFrom::kTerminal : collect::LaunchedFrom::kDesktop;
  copts.godiag_version = GODIAG_VERSION;
  copts.warm_network = !copts.offline;
  bool progress = ctx.options.format == "text" && ctx.platform.env.StderrIsTerminal();
  if (progress) ctx.err << "godiag: collecting evidence for " << dir << " ...\r" << std::flush;
  std::future<core::LogsScan> logs;
  if (!ctx.options.no_logs) logs = StartLogs(ctx);
  core::Snapshot snap = collect::CollectSnapshot(ctx.platform, copts);
  if (!ctx.options.no_ps) snap.processes = collect::CollectProcesses(ctx.platform, snap, dir);
  if (logs.valid()) snap.logs = logs.get();
  if (!ctx.options.no_dap) RunDoctorDap(ctx, dir, snap);
  if (!ctx.options.no_lsp && snap.lsp && !snap.lsp->exited_early && !snap.lsp->start_error) {
    probe::ProblemsOptions po = ProblemsOptionsFor(ctx, dir);
    if (!progress) po.status = nullptr;
    snap.problems = probe::RunProblems(ctx.platform, snap, po);
  }
  if (progress) ctx.err << "\33[2K\r" << std::flush;
  auto findings = core::RunRules(snap, rules::AllRules());
  core::Report report = BuildReport(snap, findings, ctx.options.verbose);
  report.dap = snap.dap;
  report.logs = snap.logs;
  report.processes = snap.processes;
  report.problems = snap.problems;
  if (ctx.options.no_logs) report.notes.push_back("editor logs not read (--no-logs)");
  if (ctx.options.no_ps) report.notes.push_back("running gopls and dlv not checked (--no-ps)");
  return report;
}

ExitCode RunDoctor(const Context& ctx) {
  auto dir = ResolveDir(ctx.platform.fs, ctx.options.args);
  if (!dir) {
    ctx.err << "godiag: " << dir.error().message << "\n";
    return ExitCode::kUsage;
  }
  auto format = report::ParseFormat(ctx.options.format);
  core::Report report = DoctorReport(ctx, *dir);
  auto writer_options = MakeWriterOptions(ctx.options, ctx.platform.env);
  writer_options.compact_lsp = true;
  writer_options.compact_runtime = true;
  report::WriteReport(report, *format, writer_options, ctx.out);
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

}  // namespace godiag::cli

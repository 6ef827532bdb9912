// `godiag net [MODULE@VERSION...]`: the network as the go command meets it.
#include <mutex>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/network.h"
#include "core/engine.h"
#include "rules/all.h"

namespace godiag::cli {

ExitCode RunNet(const Context& ctx) {
  auto collected = CollectWithoutTools(ctx, {.warm_network = true});
  if (!collected) return ExitCode::kToolError;
  core::Snapshot snap = std::move(*collected);
  for (const auto& arg : ctx.options.args) {
    if (arg.empty() || arg.front() == '@') {
      ctx.err << "godiag: malformed module argument \"" << arg << "\" (want MODULE@VERSION)\n";
      return ExitCode::kUsage;
    }
  }
  collect::NetworkOptions o;
  o.modules = ctx.options.args;
  o.editor_only = ctx.options.editor;
  o.timeout = std::chrono::milliseconds(ctx.options.timeout_ms);
  std::mutex mu;
  bool progress = ctx.options.format == "text" && ctx.platform.env.StderrIsTerminal();
  if (progress) {
    o.progress = [&](const std::string& side, size_t done, size_t total) {
      std::lock_guard<std::mutex> lock(mu);
      ctx.err << "godiag: net (" << side << "): " << done << "/" << total << " requests\r" << std::flush;
    };
  }
  snap.net = collect::CollectNetwork(snap, ctx.platform, o);
  if (progress) ctx.err << "\33[2K\r" << std::flush;
  auto findings = core::RunRules(snap, rules::RulesWithPrefix("net."));
  core::Report report;
  report.godiag_version = GODIAG_VERSION;
  report.workspace = snap.workspace_dir;
  report.findings = std::move(findings);
  report.net = snap.net;
  auto format = report::ParseFormat(ctx.options.format);
  report::WriteReport(report, *format, MakeWriterOptions(ctx.options, ctx.platform.env), ctx.out);
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

}  // namespace godiag::cli

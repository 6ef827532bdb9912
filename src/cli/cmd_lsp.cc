// `godiag lsp probe`: a real LSP handshake with a server (default: the gopls the editor
// would start), every phase timed, every byte checked.
#include "cli/commands.h"
#include "cli/lsp_tap.h"
#include "cli/report_builder.h"
#include "collect/snapshot_builder.h"
#include "core/engine.h"
#include "probe/gopls_target.h"
#include "probe/lsp_probe.h"
#include "rules/all.h"

namespace godiag::cli {

namespace {

std::string Absolute(const std::string& cwd, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return cwd + "/" + path;
}

bool LooksLikeGopls(const std::vector<std::string>& argv) {
  if (argv.empty()) return false;
  std::string base = argv[0].substr(argv[0].find_last_of('/') + 1);
  return base.find("gopls") != std::string::npos;
}

// Server given on the command line (`-- CMD ARGS` or --connect): probe it as it is.
probe::LspProbeOptions ExplicitTarget(const Context& ctx, const std::string& dir) {
  const Options& opt = ctx.options;
  probe::LspProbeOptions o;
  o.connect = opt.connect;
  o.spec.argv = opt.server_argv;
  o.spec.cwd = dir;
  o.label = opt.connect.empty() ? opt.server_argv[0] : opt.connect;
  o.client.root_path = dir;
  o.go_server = opt.sigquit || LooksLikeGopls(opt.server_argv);
  if (LooksLikeGopls(opt.server_argv) && opt.open_file.empty() && !opt.no_open) {
    o.open_path = probe::PickGoFile(ctx.platform.fs, dir);
  }
  return o;
}

core::Expected<probe::LspProbeOptions> ProbeTarget(const Context& ctx, const std::string& dir,
                                                   core::Snapshot& snap) {
  const Options& opt = ctx.options;
  probe::LspProbeOptions o;
  if (!opt.server_argv.empty() || !opt.connect.empty()) {
    o = ExplicitTarget(ctx, dir);
  } else {
    collect::CollectOptions copts;
    copts.dir = dir;
    copts.offline = true;
    copts.no_lsp = true;
    copts.launched_from = opt.from_terminal ? collect::LaunchedFrom::kTerminal : collect::LaunchedFrom::kDesktop;
    snap = collect::CollectSnapshot(ctx.platform, copts);
    auto editor = probe::EditorGoplsProbe(snap, ctx.platform.fs, ctx.platform.env.ProcessId(), GODIAG_VERSION);
    if (!editor && snap.editor_model.stopped) {
      return core::MakeError(core::ErrorCode::kNotFound,
                             "the editor would not start gopls: " + *snap.editor_model.stopped);
    }
    if (!editor) {
      std::string searched;
      for (const auto& s : snap.tools.gopls.searched) searched += "\n  " + s;
      return core::MakeError(core::ErrorCode::kNotFound,
                             "no gopls found the way the editor looks for it; searched:" + searched);
    }
    o = std::move(*editor);
  }
  if (opt.no_open) o.open_path.clear();
  if (!opt.open_file.empty()) o.open_path = Absolute(dir, opt.open_file);
  if (!o.open_path.empty() && o.open_text.empty()) {
    auto text = ctx.platform.fs.ReadFile(o.open_path, 16u << 20);
    if (!text) return core::MakeError(core::ErrorCode::kNotFound, "--open " + o.open_path + ": " + text.error().message);
    o.open_text = *text;
  }
  o.client.process_id = ctx.platform.env.ProcessId();
  o.client.version = GODIAG_VERSION;
  o.timeout = std::chrono::milliseconds(opt.timeout_ms);
  return o;
}

ExitCode RunProbe(const Context& ctx) {
  auto dir = ResolveDir(ctx.platform.fs, {});
  if (!dir) {
    ctx.err << "godiag: " << dir.error().message << "\n";
    return ExitCode::kToolError;
  }
  core::Snapshot snap;
  snap.workspace_dir = *dir;
  auto target = ProbeTarget(ctx, *dir, snap);
  if (!target && target.error().code != core::ErrorCode::kNotFound) {
    ctx.err << "godiag lsp probe: " << target.error().message << "\n";
    return ExitCode::kToolError;
  }
  std::string label = target ? target->label : "gopls as VS Code's Go extension starts it";
  if (!target) {  // no gopls where the editor looks: a finding, with where it looked
    core::LspProbeResult missing;
    missing.ran = true;
    missing.label = label;
    missing.argv = {"gopls"};
    missing.start_error = target.error().message;
    snap.lsp = missing;
  } else {
    bool progress = ctx.options.format == "text" && ctx.platform.env.StderrIsTerminal();
    if (progress) ctx.err << "godiag: probing " << (target->spec.argv.empty() ? target->label : target->spec.argv[0]) << " ...\r" << std::flush;
    snap.lsp = probe::RunLspProbe(ctx.platform.launcher, ctx.platform.clock, *target);
    if (progress) ctx.err << "\33[2K\r" << std::flush;
  }
  auto findings = core::RunRules(snap, rules::LspRules());
  core::Report report;
  report.godiag_version = GODIAG_VERSION;
  report.workspace = "lsp probe of " + label;
  report.findings = findings;
  std::sort(report.findings.begin(), report.findings.end(), core::FindingLess);
  report.lsp = snap.lsp;
  report::WriteReport(report, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                      ctx.out);
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

}  // namespace

ExitCode RunLsp(const Context& ctx) {
  std::string sub = ctx.options.args.empty() ? "" : ctx.options.args[0];
  if (sub == "tap") {
    if (ctx.options.server_argv.empty()) {
      ctx.err << "godiag lsp tap: missing the server command (godiag lsp tap [--trace FILE] [--check] -- COMMAND ARGS...)\n";
      return ExitCode::kUsage;
    }
    TapOptions o{ctx.options.server_argv, ctx.options.trace, ctx.options.check};
    return static_cast<ExitCode>(RunTap(ctx.platform, o, ctx.err));
  }
  if (sub == "check") return RunCheck(ctx);
  if (sub == "probe") {
    if (ctx.options.args.size() > 1) {
      ctx.err << "godiag lsp probe: unexpected argument \"" << ctx.options.args[1]
              << "\" (put the server command after --)\n";
      return ExitCode::kUsage;
    }
    if (!ctx.options.server_argv.empty() && !ctx.options.connect.empty()) {
      ctx.err << "godiag lsp probe: give either -- COMMAND or --connect, not both\n";
      return ExitCode::kUsage;
    }
    return RunProbe(ctx);
  }
  ctx.err << "godiag lsp: " << (sub.empty() ? "missing subcommand" : "unknown subcommand \"" + sub + "\"")
          << " (want: probe, tap, check)\nRun 'godiag help lsp' for usage.\n";
  return ExitCode::kUsage;
}

}  // namespace godiag::cli

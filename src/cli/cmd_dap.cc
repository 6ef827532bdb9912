// `godiag dap probe [DIR] [--config NAME] [--timeout D] [-- CMD ARGS | --connect ADDR]`:
// the debugger started the way the editor starts it, every phase timed, every failure
// explained; `godiag dap check FILE...`: captured DAP traffic checked.
#include <algorithm>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "collect/launch_config.h"
#include "collect/snapshot_builder.h"
#include "core/engine.h"
#include "dap/traffic.h"
#include "platform/probe_support.h"
#include "probe/dap_probe.h"
#include "probe/dap_target.h"
#include "rules/all.h"

namespace godiag::cli {

namespace {

constexpr size_t kReadChunk = 1 << 20;
constexpr size_t kDetectBytes = 64 << 10;

const platform::ProbeSupport& Support() {
  static const platform::RealProbeSupport kSupport;
  return kSupport;
}

std::vector<std::string> PositionalAfter(const Options& o) {
  return o.args.size() > 1 ? std::vector<std::string>(o.args.begin() + 1, o.args.end()) : std::vector<std::string>{};
}

ExitCode Finish(const Context& ctx, core::Report& report, const core::Snapshot& snap) {
  report.godiag_version = GODIAG_VERSION;
  report.findings = core::RunRules(snap, rules::RulesWithPrefix("dap."));
  std::sort(report.findings.begin(), report.findings.end(), core::FindingLess);
  report::WriteReport(report, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                      ctx.out);
  if (report.dap && report.dap->interrupted) return static_cast<ExitCode>(130);
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

ExitCode RunDapProbe(const Context& ctx) {
  const Options& opt = ctx.options;
  auto dir = ResolveDir(ctx.platform.fs, PositionalAfter(opt));
  if (!dir) {
    ctx.err << "godiag dap probe: " << dir.error().message << "\n";
    return ExitCode::kToolError;
  }
  bool explicit_server = !opt.server_argv.empty() || !opt.connect.empty();
  core::Snapshot snap;
  snap.workspace_dir = *dir;
  if (!explicit_server) {
    collect::CollectOptions copts;
    copts.dir = *dir;
    copts.offline = true;
    copts.no_lsp = true;
    copts.nested_modules = false;
    snap = collect::CollectSnapshot(ctx.platform, copts);
  }
  auto inputs = DapLaunchInputs(ctx.platform, snap, *dir, opt.config_name);
  core::DapLaunchConfig config = collect::ResolveLaunchConfig(inputs, ctx.platform.fs);
  probe::DapProbeOptions target =
      explicit_server ? probe::ExplicitDapTarget(opt.server_argv, opt.connect, *dir, config, ctx.platform.env.Variables())
                      : probe::EditorDelveTarget(snap, config, ctx.platform.fs, ctx.platform.runner);
  const std::string& cmd0 = opt.server_argv.empty() ? std::string() : opt.server_argv[0];
  if (!cmd0.empty() && cmd0.substr(cmd0.find_last_of('/') + 1) == "dlv") {
    target.seed.server.version = probe::ReadDlvVersion(ctx.platform.runner, cmd0, ctx.platform.env.Variables());
  }
  target.timeout = std::chrono::milliseconds(opt.timeout_given ? opt.timeout_ms : 120000);
  target.listen_timeout = std::min(target.listen_timeout, target.timeout);
  target.request_timeout = std::min(target.request_timeout, target.timeout);
  if (target.seed.not_found) {
    snap.dap = target.seed;
    snap.dap->ran = true;
  } else {
    bool progress = opt.format == "text" && ctx.platform.env.StderrIsTerminal();
    if (progress) ctx.err << "godiag: probing " << target.label << " ...\r" << std::flush;
    Support().CatchInterrupts();
    snap.dap = probe::RunDapProbe(ctx.platform.launcher, ctx.platform.clock, Support(), ctx.platform.fs, target);
    if (progress) ctx.err << "\33[2K\r" << std::flush;
  }
  core::Report report;
  report.workspace = "dap probe of " + *dir;
  report.dap = snap.dap;
  return Finish(ctx, report, snap);
}

}  // namespace

core::DapTrafficReport CheckDapInput(const platform::FileSystem& fs, const std::string& path) {
  core::DapTrafficReport failed;
  failed.file = path;
  auto in = fs.OpenRead(path);
  if (!in) {
    failed.read_error = in.error().message;
    return failed;
  }
  std::string chunk(kReadChunk, '\0'), head;
  std::unique_ptr<dap::TrafficChecker> checker;
  std::unique_ptr<dap::TrafficReader> reader;
  dap::TrafficFormat format{};
  auto deliver = [&](std::string_view data, bool end) {
    if (reader) return reader->Feed(data);
    head.append(data);
    if (head.size() < kDetectBytes && !end) return;
    format = dap::DetectTrafficFormat(head);
    checker = std::make_unique<dap::TrafficChecker>(format != dap::TrafficFormat::kRawStream);
    reader = dap::MakeTrafficReader(format, *checker);
    reader->Feed(head);
  };
  std::string error;
  while (true) {
    auto got = (*in)->Read(chunk.data(), chunk.size());
    if (!got) {
      error = got.error().message;
      break;
    }
    if (*got == 0) break;
    deliver(std::string_view(chunk.data(), *got), false);
  }
  deliver("", true);
  reader->Finish();
  checker->Finish();
  core::DapTrafficReport r = std::move(checker->report());
  r.file = path;
  r.format = dap::TrafficFormatName(format);
  if (!error.empty()) r.read_error = error;
  return r;
}

namespace {

ExitCode RunDapCheck(const Context& ctx) {
  auto files = PositionalAfter(ctx.options);
  if (files.empty()) {
    ctx.err << "godiag dap check: missing FILE (a Delve --log-output=dap log, a godiag tap trace, or a raw stream; - is stdin)\n";
    return ExitCode::kUsage;
  }
  core::Snapshot snap;
  for (const auto& f : files) snap.dap_traffic.push_back(CheckDapInput(ctx.platform.fs, f));
  core::Report report;
  report.workspace = "dap check";
  report.dap_traffic = snap.dap_traffic;
  for (const auto& t : snap.dap_traffic) {
    if (t.read_error) ctx.err << "godiag dap check: " << t.file << ": " << *t.read_error << "\n";
  }
  ExitCode code = Finish(ctx, report, snap);
  bool unreadable = std::any_of(snap.dap_traffic.begin(), snap.dap_traffic.end(), [](const auto& t) { return t.read_error && t.messages == 0; });
  return unreadable ? ExitCode::kToolError : code;
}

}  // namespace

collect::LaunchInputs DapLaunchInputs(const platform::Platform& p, const core::Snapshot& snap, const std::string& dir,
                                      const std::string& name) {
  collect::LaunchInputs in;
  in.workspace_dir = dir;
  in.name = name;
  in.env = snap.editor_side.process_env.empty() ? p.env.Variables() : snap.editor_side.process_env;
  in.launch_json_path = dir + "/.vscode/launch.json";
  if (auto text = p.fs.ReadFile(in.launch_json_path, 4u << 20)) in.launch_json = *text;
  auto launch = snap.editor.merged.find("launch");
  if (launch != snap.editor.merged.end()) {
    in.settings_launch = launch->second.value.dump();
    in.settings_path = launch->second.where.file;
    in.settings_line = launch->second.where.line;
  }
  auto delve = snap.editor.merged.find("go.delveConfig");
  if (delve != snap.editor.merged.end()) in.delve_config = delve->second.value.dump();
  in.main_dir = collect::FindMainPackageDir(p.fs, dir);
  return in;
}

bool IsDapInput(const platform::FileSystem& fs, const std::string& path) {
  if (path == "-") return false;  // stdin can be read once
  auto in = fs.OpenRead(path);
  if (!in) return false;
  std::string head(kDetectBytes, '\0');
  size_t have = 0;
  while (have < head.size()) {
    auto got = (*in)->Read(head.data() + have, head.size() - have);
    if (!got || *got == 0) break;
    have += *got;
  }
  head.resize(have);
  return dap::LooksLikeDap(head);
}

void RunDoctorDap(const Context& ctx, const std::string& dir, core::Snapshot& snap) {
  auto inputs = DapLaunchInputs(ctx.platform, snap, dir, ctx.options.config_name);
  if (inputs.main_dir.empty() && !inputs.launch_json) return;  // nothing here to debug
  if (snap.tools.dlv.path.empty() && !inputs.launch_json) return;  // tools.dlv.missing says it
  core::DapLaunchConfig config = collect::ResolveLaunchConfig(inputs, ctx.platform.fs);
  auto target = probe::EditorDelveTarget(snap, config, ctx.platform.fs, ctx.platform.runner);
  target.timeout = std::chrono::milliseconds(ctx.options.timeout_given ? ctx.options.timeout_ms : 120000);
  target.listen_timeout = std::min(target.listen_timeout, target.timeout);
  target.request_timeout = std::min(target.request_timeout, target.timeout);
  if (target.seed.not_found) {
    snap.dap = target.seed;
    snap.dap->ran = true;
    return;
  }
  Support().CatchInterrupts();
  snap.dap = probe::RunDapProbe(ctx.platform.launcher, ctx.platform.clock, Support(), ctx.platform.fs, target);
}

ExitCode RunDap(const Context& ctx) {
  std::string sub = ctx.options.args.empty() ? "" : ctx.options.args[0];
  if (sub == "check") return RunDapCheck(ctx);
  if (sub == "probe") {
    if (ctx.options.args.size() > 2) {
      ctx.err << "godiag dap probe: unexpected argument \"" << ctx.options.args[2] << "\" (put the server command after --)\n";
      return ExitCode::kUsage;
    }
    if (!ctx.options.server_argv.empty() && !ctx.options.connect.empty()) {
      ctx.err << "godiag dap probe: give either -- COMMAND or --connect, not both\n";
      return ExitCode::kUsage;
    }
    return RunDapProbe(ctx);
  }
  ctx.err << "godiag dap: " << (sub.empty() ? "missing subcommand" : "unknown subcommand \"" + sub + "\"")
          << " (want: probe, check)\nRun 'godiag help dap' for usage.\n";
  return ExitCode::kUsage;
}

}  // namespace godiag::cli

// `godiag diff BASELINE.json [REPORT.json]`: reads the two reports (or runs the doctor on the
// current directory for the second), compares them (core::DiffReports) and renders the diff.
#include "cli/commands.h"
#include "cli/report_builder.h"
#include "core/report_diff.h"
#include "report/diff_writer.h"
#include "report/json_writer.h"

namespace godiag::cli {

namespace {

constexpr size_t kMaxReportBytes = 256u << 20;

core::Expected<core::ReportDocument> ReadReport(const platform::FileSystem& fs, const std::string& path) {
  auto text = fs.ReadFile(path, kMaxReportBytes);
  if (!text) return core::MakeError(text.error().code, path + ": " + text.error().message);
  return core::ParseReportDocument(*text, path);
}

}  // namespace

ExitCode RunDiff(const Context& ctx) {
  const auto& args = ctx.options.args;
  if (args.empty() || args.size() > 2) {
    ctx.err << "godiag diff: want BASELINE.json [REPORT.json], got " << args.size() << " arguments\n";
    return ExitCode::kUsage;
  }
  auto baseline = ReadReport(ctx.platform.fs, args[0]);
  if (!baseline) {
    ctx.err << "godiag diff: " << baseline.error().message << "\n";
    return ExitCode::kUsage;
  }
  core::Expected<core::ReportDocument> now = core::MakeError(core::ErrorCode::kInternal, "no report");
  if (args.size() == 2) {
    now = ReadReport(ctx.platform.fs, args[1]);
  } else {
    auto dir = ResolveDir(ctx.platform.fs, {});
    if (!dir) {
      ctx.err << "godiag diff: " << dir.error().message << "\n";
      return ExitCode::kUsage;
    }
    // The doctor's own JSON, read back as a saved one would be: one path for both.
    now = core::ParseReportDocument(report::ReportJson(DoctorReport(ctx, *dir)).dump(), "the doctor's report");
  }
  if (!now) {
    ctx.err << "godiag diff: " << now.error().message << "\n";
    return args.size() == 2 ? ExitCode::kUsage : ExitCode::kToolError;
  }
  core::ReportDiff diff = core::DiffReports(*baseline, *now);
  report::WriteDiff(diff, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                    ctx.out);
  if (ctx.options.fail_on == FailOn::kNever) return ExitCode::kOk;
  bool fails = diff.new_errors > 0 || (ctx.options.fail_on == FailOn::kWarning && diff.new_warnings > 0);
  return fails ? ExitCode::kFindings : ExitCode::kOk;
}

}  // namespace godiag::cli

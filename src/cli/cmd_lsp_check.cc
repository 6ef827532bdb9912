// `godiag lsp check FILE...`: validates captured LSP traffic in any supported format,
// streaming (memory bounded by the requests in flight), gzip included; `-` is stdin.
#include <algorithm>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "core/engine.h"
#include "lsp/checker.h"
#include "lsp/gunzip.h"
#include "lsp/trace_readers.h"
#include "rules/all.h"

namespace godiag::cli {

namespace {

constexpr size_t kReadChunk = 4 << 20;  // fewer frames straddle two reads (each such is copied)
constexpr size_t kDetectBytes = 64 << 10;

core::LspTrafficReport CheckInput(const platform::FileSystem& fs, const std::string& path) {
  core::LspTrafficReport failed;
  failed.file = path;
  auto in = fs.OpenRead(path);
  if (!in) {
    failed.read_error = in.error().message;
    return failed;
  }
  std::string chunk(kReadChunk, '\0');
  std::string head;  // the first (decompressed) bytes, to detect the format
  std::optional<lsp::Gunzip> gunzip;
  bool first = true;
  std::unique_ptr<lsp::TrafficChecker> checker;
  std::unique_ptr<lsp::FormatReader> reader;
  lsp::InputFormat format{};
  auto deliver = [&](std::string_view data, bool end) {
    if (!reader) {
      head.append(data);
      if (head.size() < kDetectBytes && !end) return;
      format = lsp::DetectFormat(head);
      checker = std::make_unique<lsp::TrafficChecker>(lsp::HasDirections(format), lsp::BodyScan::kWhenComplete);
      reader = lsp::MakeReader(format, *checker);
      reader->Feed(head);
      head.clear();
      return;
    }
    reader->Feed(data);
  };
  std::string error;
  while (true) {
    auto got = (*in)->Read(chunk.data(), chunk.size());
    if (!got) {
      error = got.error().message;
      break;
    }
    std::string_view data(chunk.data(), *got);
    if (first && lsp::IsGzip(data)) gunzip.emplace();
    first = false;
    if (*got == 0) break;
    if (gunzip) {
      std::string out;
      if (!gunzip->Feed(data, out)) {
        error = gunzip->error();
        deliver(out, false);
        break;
      }
      deliver(out, false);
    } else {
      deliver(data, false);
    }
  }
  deliver("", true);
  if (gunzip && error.empty() && !gunzip->Complete()) error = "gzip: the compressed stream is cut short";
  reader->Finish();
  core::LspTrafficReport r = std::move(checker->report());
  r.file = path;
  r.format = std::string(lsp::InputFormatName(format)) + (gunzip ? ", gzip" : "");
  if (!error.empty()) r.read_error = error;
  return r;
}

}  // namespace

ExitCode RunCheck(const Context& ctx) {
  std::vector<std::string> files(ctx.options.args.begin() + 1, ctx.options.args.end());
  if (files.empty()) {
    ctx.err << "godiag lsp check: give one or more files (or - for stdin)\n";
    return ExitCode::kUsage;
  }
  core::Snapshot snap;
  for (const auto& f : files) {
    if (IsDapInput(ctx.platform.fs, f)) snap.dap_traffic.push_back(CheckDapInput(ctx.platform.fs, f));  // same framing, DAP messages
    else snap.lsp_traffic.push_back(CheckInput(ctx.platform.fs, f));
  }
  bool unreadable = std::any_of(snap.lsp_traffic.begin(), snap.lsp_traffic.end(),
                                [](const auto& r) { return r.read_error && r.messages == 0; }) ||
                    std::any_of(snap.dap_traffic.begin(), snap.dap_traffic.end(),
                                [](const auto& r) { return r.read_error && r.messages == 0; });
  auto rules = rules::LspRules();
  if (!snap.dap_traffic.empty()) {
    auto dap = rules::RulesWithPrefix("dap.traffic.");
    rules.insert(rules.end(), dap.begin(), dap.end());
  }
  auto findings = core::RunRules(snap, rules);
  core::Report report;
  report.godiag_version = GODIAG_VERSION;
  report.workspace = "lsp check";
  report.findings = findings;
  std::sort(report.findings.begin(), report.findings.end(), core::FindingLess);
  report.lsp_traffic = snap.lsp_traffic;
  report.dap_traffic = snap.dap_traffic;
  report::WriteReport(report, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                      ctx.out);
  for (const auto& r : snap.lsp_traffic) {
    if (r.read_error) ctx.err << "godiag lsp check: " << r.file << ": " << *r.read_error << "\n";
  }
  if (unreadable) return ExitCode::kToolError;
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

}  // namespace godiag::cli

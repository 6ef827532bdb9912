// Fuzzes `godiag diff`'s input side: two reports (the input split at its first NUL byte, or
// in the middle) are parsed, and when both are reports, diffed and rendered in every format.
// No crash, no hang; a rejected input always has a message naming it.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "core/report_diff.h"
#include "report/diff_writer.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t cut = text.find('\0');
  if (cut == std::string_view::npos) cut = size / 2;
  auto a = godiag::core::ParseReportDocument(text.substr(0, cut), "a");
  auto b = godiag::core::ParseReportDocument(text.substr(std::min(size, cut + 1)), "b");
  if (!a) Check(a.error().message.rfind("a: ", 0) == 0);
  if (!b) Check(b.error().message.rfind("b: ", 0) == 0);
  if (!a || !b) return 0;
  auto diff = godiag::core::DiffReports(*a, *b);
  for (auto f : {godiag::report::Format::kText, godiag::report::Format::kMarkdown, godiag::report::Format::kJson}) {
    std::ostringstream out;
    godiag::report::WriteDiff(diff, f, godiag::report::WriterOptions{}, out);
    Check(!out.str().empty());
  }
  return 0;
}

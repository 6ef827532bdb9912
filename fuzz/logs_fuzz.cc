// Fuzzes the log scanner: no crash, no hang, bounded output whatever the bytes; the same
// events whatever the chunking (a line may be split anywhere); events point at real lines.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collect/log_scan.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto whole = godiag::collect::ScanLogText(text);
  auto split = godiag::collect::ScanLogText(text, 1 + size % 13);
  Check(whole.lines == split.lines);
  Check(whole.events.size() == split.events.size());
  for (size_t i = 0; i < whole.events.size(); ++i) {
    const auto& a = whole.events[i];
    const auto& b = split.events[i];
    Check(a.id == b.id && a.line == b.line && a.count == b.count && a.text == b.text && a.frames == b.frames);
    Check(a.line >= 1 && a.line <= whole.lines && a.last_line >= a.line);
    Check(a.text.size() <= 1024);
  }
  godiag::collect::UnquoteLua(text);
  return 0;
}

// Fuzzes the trace readers of `godiag lsp check` (every format, detected or forced by the
// first byte) and the traffic checker behind them: no crash, no hang, bounded state.
#include <cstdint>
#include <string_view>

#include "lsp/checker.h"
#include "lsp/trace_readers.h"

using namespace godiag::lsp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  std::string_view all(reinterpret_cast<const char*>(bytes), size);
  // First byte: 0-7 force a format, anything else lets detection decide; second: chunk size.
  unsigned pick = static_cast<unsigned char>(all[0]);
  size_t chunk = size > 1 ? 1 + static_cast<unsigned char>(all[1]) % 64 : 1;
  std::string_view data = all.substr(std::min<size_t>(2, size));
  InputFormat format = pick < 8 ? static_cast<InputFormat>(pick) : DetectFormat(data);
  TrafficChecker checker(HasDirections(format));
  auto reader = MakeReader(format, checker);
  for (size_t i = 0; i < data.size(); i += chunk) reader->Feed(data.substr(i, chunk));
  reader->Finish();
  const auto& r = checker.report();
  if (r.slowest.size() > 10 || r.unanswered.size() > 10) __builtin_trap();
  return 0;
}

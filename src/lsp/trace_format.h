// The godiag LSP trace format (docs/trace-format.md): writing record headers and reading
// records back incrementally. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace godiag::lsp {

inline constexpr std::string_view kTraceMagic = "godiag-lsp-trace/1\n";

enum class RecordKind : char { kToServer = '>', kToClient = '<', kNote = '!', kEnd = '=' };

/// "> 1234 56\n": the header of a record whose payload follows.
std::string RecordHeader(RecordKind kind, uint64_t t_ns, size_t size);

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void OnTraceHeader(std::string_view json) = 0;
  virtual void OnRecord(RecordKind kind, uint64_t t_ns, std::string_view payload, uint64_t offset) = 0;
};

/// Incremental reader. Errors (bad magic, malformed record header) stop it; `error()` says where.
class TraceReader {
 public:
  void Feed(std::string_view data, TraceSink& sink);
  /// End of input: a record cut short is reported as an error.
  void Finish();
  const std::string& error() const { return error_; }

 private:
  bool Step(TraceSink& sink);
  std::string buf_;
  size_t pos_ = 0;
  uint64_t base_ = 0;
  int stage_ = 0;  // 0 magic, 1 header json, 2 records
  std::string error_;
};

}  // namespace godiag::lsp

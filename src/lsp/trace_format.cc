#include "lsp/trace_format.h"

#include <charconv>
#include <cstring>

namespace godiag::lsp {

std::string RecordHeader(RecordKind kind, uint64_t t_ns, size_t size) {
  std::string s;
  s += static_cast<char>(kind);
  s += ' ';
  s += std::to_string(t_ns);
  s += ' ';
  s += std::to_string(size);
  s += '\n';
  return s;
}

void TraceReader::Feed(std::string_view data, TraceSink& sink) {
  if (!error_.empty()) return;
  buf_.append(data);
  while (error_.empty() && Step(sink)) {
  }
  if (pos_ > (1u << 20) || pos_ == buf_.size()) {
    buf_.erase(0, pos_);
    base_ += pos_;
    pos_ = 0;
  }
}

bool TraceReader::Step(TraceSink& sink) {
  size_t nl = buf_.find('\n', pos_);
  if (nl == std::string::npos) {
    if (buf_.size() - pos_ > 4096 && stage_ != 1) error_ = "no record header at byte " + std::to_string(base_ + pos_);
    return false;
  }
  std::string_view line(buf_.data() + pos_, nl - pos_);
  if (stage_ == 0) {
    if (std::string_view(buf_.data() + pos_, nl + 1 - pos_) != kTraceMagic) {
      error_ = "not a godiag trace (first line is not godiag-lsp-trace/1)";
      return false;
    }
    stage_ = 1;
    pos_ = nl + 1;
    return true;
  }
  if (stage_ == 1) {
    sink.OnTraceHeader(line);
    stage_ = 2;
    pos_ = nl + 1;
    return true;
  }
  // "<K> <T> <N>"
  uint64_t t = 0, n = 0;
  const char* p = line.data();
  const char* end = line.data() + line.size();
  bool ok = line.size() >= 5 && std::strchr("<>!=", line[0]) && line[1] == ' ';
  if (ok) {
    auto r1 = std::from_chars(p + 2, end, t);
    ok = r1.ec == std::errc() && r1.ptr < end && *r1.ptr == ' ';
    if (ok) {
      auto r2 = std::from_chars(r1.ptr + 1, end, n);
      ok = r2.ec == std::errc() && r2.ptr == end;
    }
  }
  if (!ok) {
    error_ = "malformed record header at byte " + std::to_string(base_ + pos_);
    return false;
  }
  if (buf_.size() - (nl + 1) < n + 1) return false;  // wait for the payload and its newline
  uint64_t payload_offset = base_ + nl + 1;
  sink.OnRecord(static_cast<RecordKind>(line[0]), t, std::string_view(buf_.data() + nl + 1, n), payload_offset);
  pos_ = nl + 1 + n + 1;
  return true;
}

void TraceReader::Finish() {
  if (error_.empty() && pos_ < buf_.size()) error_ = "the trace ends inside a record at byte " + std::to_string(base_ + pos_);
}

}  // namespace godiag::lsp

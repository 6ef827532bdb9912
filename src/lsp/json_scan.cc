#include "lsp/json_scan.h"

#include <cstring>

namespace godiag::lsp {

namespace {

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsBomByte(unsigned char c) { return c == 0xEF || c == 0xBB || c == 0xBF; }
bool IsScalarByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' ||
         c == 'E';
}

}  // namespace

// Inside a string: jump to the next quote or backslash.
size_t JsonEndScanner::ScanString(std::string_view data, size_t i) {
  while (i < data.size()) {
    if (escape_) {
      escape_ = false;
      ++i;
      continue;
    }
    const char* p = data.data() + i;
    size_t n = data.size() - i;
    const void* q = std::memchr(p, '"', n);
    const void* b = std::memchr(p, '\\', q ? static_cast<size_t>(static_cast<const char*>(q) - p) : n);
    if (b) {
      escape_ = true;
      i = static_cast<size_t>(static_cast<const char*>(b) - data.data()) + 1;
      continue;
    }
    if (!q) return data.size();
    in_string_ = false;
    return static_cast<size_t>(static_cast<const char*>(q) - data.data()) + 1;
  }
  return i;
}

size_t JsonEndScanner::Feed(std::string_view data) {
  if (status_ != Status::kIncomplete) return kNotYet;
  size_t i = 0;
  while (i < data.size()) {
    if (in_string_) {
      i = ScanString(data, i);
      if (!in_string_ && started_ && depth_ == 0) {
        status_ = Status::kComplete;
        return i;
      }
      continue;
    }
    auto c = static_cast<unsigned char>(data[i]);
    if (!started_) {
      if (IsSpace(c) || IsBomByte(c)) {
        ++i;
        continue;
      }
      started_ = true;
      if (c == '{' || c == '[') {
        depth_ = 1;
      } else if (c == '"') {
        in_string_ = true;
      } else if (IsScalarByte(c)) {
        scalar_ = true;
      } else {
        status_ = Status::kInvalid;
        return kNotYet;
      }
      ++i;
      continue;
    }
    if (scalar_) {
      if (!IsScalarByte(c)) {
        status_ = Status::kComplete;
        return i;
      }
      ++i;
      continue;
    }
    switch (c) {
      case '"': in_string_ = true; break;
      case '{': case '[': ++depth_; break;
      case '}': case ']':
        if (--depth_ == 0) {
          status_ = Status::kComplete;
          return i + 1;
        }
        break;
      default: break;
    }
    ++i;
  }
  return kNotYet;
}

void JsonEndScanner::Finish() {
  if (status_ == Status::kIncomplete && started_ && scalar_) status_ = Status::kComplete;
}

}  // namespace godiag::lsp

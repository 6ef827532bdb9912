// Streaming gzip decompression (zlib) for compressed traces.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace godiag::lsp {

inline bool IsGzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b;
}

class Gunzip {
 public:
  Gunzip();
  ~Gunzip();
  Gunzip(const Gunzip&) = delete;
  Gunzip& operator=(const Gunzip&) = delete;
  /// Appends the decompressed bytes of `in` to `out`; false on corrupt data (see error()).
  bool Feed(std::string_view in, std::string& out);
  /// True when the stream ended properly.
  bool Complete() const { return done_; }
  const std::string& error() const { return error_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  bool done_ = false;
  std::string error_;
};

}  // namespace godiag::lsp

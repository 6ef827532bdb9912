// Finds where a JSON value ends without parsing it: strings (with escapes) and bracket depth
// only. Incremental, so a body arriving in pieces is scanned once. Used by the framing codec
// to tell a wrong Content-Length from a broken body.
#pragma once

#include <cstddef>
#include <string_view>

namespace godiag::lsp {

class JsonEndScanner {
 public:
  enum class Status { kIncomplete, kComplete, kInvalid };
  static constexpr size_t kNotYet = static_cast<size_t>(-1);

  /// Scans `data`, the next bytes of the value. Returns the index in `data` just after the
  /// value's last byte once it completes, else kNotYet. A leading UTF-8 BOM and whitespace
  /// are skipped. After completion or invalidity further calls return kNotYet.
  size_t Feed(std::string_view data);
  /// End of input: a top-level scalar ends here.
  void Finish();
  Status status() const { return status_; }
  void Reset() { *this = JsonEndScanner(); }

 private:
  size_t ScanString(std::string_view data, size_t i);
  Status status_ = Status::kIncomplete;
  bool started_ = false;
  bool scalar_ = false;
  bool in_string_ = false;
  bool escape_ = false;
  long depth_ = 0;
};

}  // namespace godiag::lsp

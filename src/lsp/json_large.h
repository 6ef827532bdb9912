// Validates a large JSON object without building a DOM: simdjson's stage 1 (structural
// indexes, UTF-8, strings) and a grammar walk over the indexes, reading only the root members
// JSON-RPC needs. Conservative: it answers only where simdjson's DOM parser surely accepts the
// document (integers of up to 18 digits, no surrogate escapes, depth below 1000); anything
// else is "ask the DOM parser" (nullopt), so findings never depend on which path ran.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

namespace godiag::lsp {

/// One member of the root object, as written.
struct RootMember {
  char type = 0;          ///< '"' string, '0' integer, '{', '[', 't' true, 'f' false, 'n' null
  std::string_view raw;   ///< a string's content between the quotes, an integer's digits
  bool escaped = false;   ///< a string with a backslash in it (raw is not its value)
};

struct RootMembers {
  std::optional<RootMember> jsonrpc, method, id, params, result, error;
};

class LargeObjectScanner {
 public:
  LargeObjectScanner();
  ~LargeObjectScanner();
  LargeObjectScanner(const LargeObjectScanner&) = delete;
  LargeObjectScanner& operator=(const LargeObjectScanner&) = delete;
  /// `readable_after`: bytes readable past the body (simdjson reads 64 past the end; else
  /// the body is copied). nullopt: not surely valid, or a member read twice.
  std::optional<RootMembers> Scan(std::string_view body, size_t readable_after);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace godiag::lsp

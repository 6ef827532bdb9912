// The one result type of godiag: tl::expected<T, Error>, plus TRY helpers (ccache style).
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace godiag::core {

/// What kind of failure of godiag itself (not of the system under diagnosis).
enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kParse,
  kTimeout,
  kIo,
  kProtocol,
  kCrypto,
  kInternal,
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <class T>
using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

/// Name of an error code, for messages and JSON.
const char* ErrorCodeName(ErrorCode code);

}  // namespace godiag::core

// Propagate an error: TRY(expr) returns its error from the enclosing function.
#define GODIAG_CONCAT_(a, b) a##b
#define GODIAG_CONCAT(a, b) GODIAG_CONCAT_(a, b)
#define TRY(expr)                                                   \
  do {                                                              \
    auto&& godiag_try_result_ = (expr);                             \
    if (!godiag_try_result_)                                        \
      return tl::unexpected(std::move(godiag_try_result_).error()); \
  } while (false)
#define TRY_ASSIGN_IMPL_(tmp, lhs, expr)              \
  auto tmp = (expr);                                  \
  if (!tmp) return tl::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
#define TRY_ASSIGN(lhs, expr) \
  TRY_ASSIGN_IMPL_(GODIAG_CONCAT(godiag_try_tmp_, __LINE__), lhs, expr)

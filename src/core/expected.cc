#include "core/expected.h"

namespace godiag::core {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid-argument";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kParse: return "parse";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kProtocol: return "protocol";
    case ErrorCode::kCrypto: return "crypto";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace godiag::core

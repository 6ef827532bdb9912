// encoding/json's syntax check (scanner.go checkValid) with its exact error texts. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace godiag::codec {

/// "" when `data` is one JSON value (white space around allowed), else encoding/json's
/// SyntaxError text, e.g. "invalid character '<' looking for beginning of value" or
/// "unexpected end of JSON input".
std::string GoJsonSyntaxError(std::string_view data);

}  // namespace godiag::codec

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

/// The escape whose letter is s[i] (after its backslash): appends what it stands for to `out`
/// as UTF-8 and returns how many bytes it takes from i (a \uXXXX\uXXXX surrogate pair is one),
/// 0 when it is not a JSON escape. A lone surrogate becomes U+FFFD, as encoding/json decodes it
/// (and as JSON.parse's string reads once written as UTF-8).
size_t DecodeJsonEscape(std::string_view s, size_t i, std::string* out);

}  // namespace godiag::codec

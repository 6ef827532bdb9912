// A strict parser for JSON with comments and trailing commas (VS Code's settings.json,
// *.code-workspace) that also records the line of every object key, so settings can be
// reported as file:line.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/expected.h"

namespace godiag::collect {

/// Deepest nesting of arrays and objects accepted; deeper input is an error, not a crash.
inline constexpr int kMaxJsoncDepth = 256;

/// A parsed document and, for every object member, the 1-based line where its key starts.
struct JsoncDocument {
  nlohmann::json value;
  /// JSON pointer (RFC 6901, e.g. "/go.toolsEnvVars/GOPROXY") -> line of the key.
  std::map<std::string, int> key_lines;
};

/// Parses one JSON value with `//` and `/* */` comments and trailing commas in objects and
/// arrays, after an optional UTF-8 BOM. Duplicate keys: the last one wins (as JSON.parse).
/// Invalid UTF-8 and lone surrogates become U+FFFD. Errors (kParse): "line:col: message",
/// col counted in characters from 1.
core::Expected<JsoncDocument> ParseJsonc(std::string_view text);

/// ParseJsonc for a VS Code settings file: text without any value (empty, blanks or
/// comments only) is {}, and a top-level value that is not an object is an error.
core::Expected<JsoncDocument> ParseJsoncObject(std::string_view text);

/// One reference token of a JSON pointer: "~" -> "~0", "/" -> "~1".
std::string JsonPointerToken(std::string_view key);

}  // namespace godiag::collect

// encoding/json's syntax check (scanner.go checkValid) with its exact error texts, and the
// go command's reading of a proxy's .info / @latest answer (json.Unmarshal into RevInfo).
// Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace godiag::codec {

/// "" when `data` is one JSON value (white space around allowed), else encoding/json's
/// SyntaxError text, e.g. "invalid character '<' looking for beginning of value" or
/// "unexpected end of JSON input".
std::string GoJsonSyntaxError(std::string_view data);

/// What json.Unmarshal(data, &RevInfo{}) reports, as far as the go command's check of a
/// proxy answer needs it: a syntax error; a top level that is not an object or null
/// ("json: cannot unmarshal array into Go value of type modfetch.RevInfo"); a "Version"
/// (matched case-insensitively, the last one wins) that is not a string or null. `version`
/// gets the Version read ("" for none). "" when none of these is wrong.
std::string GoRevInfoError(std::string_view data, std::string* version);

}  // namespace godiag::codec

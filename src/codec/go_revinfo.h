// The go command's reading of a proxy's .info / @latest answer: json.Unmarshal into
// modfetch.RevInfo {Version string; Time time.Time; Origin *codehost.Origin}, with
// encoding/json's exact errors. Pure.
#pragma once

#include <string>
#include <string_view>

namespace godiag::codec {

/// What json.Unmarshal(data, &RevInfo{}) returns, "" for nil:
/// - a syntax error (GoJsonSyntaxError);
/// - a top level that is not an object or null ("json: cannot unmarshal array into Go value of
///   type modfetch.RevInfo");
/// - a Time that time.Time.UnmarshalJSON refuses (it stops the decoding: this error wins);
/// - else the first type error of a field: Version, Origin, or one of Origin's string fields.
/// Fields match keys as encoding/json matches them (exact, else case-folded); duplicates are
/// decoded in order. `version` gets the Version read ("" for none).
std::string GoRevInfoError(std::string_view data, std::string* version);

}  // namespace godiag::codec

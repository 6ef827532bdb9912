// Go's time.Parse for the one layout the go command meets in a proxy's answer: the Time of a
// .info is read by time.Time.UnmarshalJSON, which parses the raw bytes between the quotes as
// RFC 3339 (time/format.go parse with layout "2006-01-02T15:04:05Z07:00"). Pure.
#pragma once

#include <string>
#include <string_view>

namespace godiag::codec {

/// "" when time.Parse(time.RFC3339, value) succeeds, else its *time.ParseError text, e.g.
/// `parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`.
std::string GoParseRfc3339Error(std::string_view value);

/// What time.Time.UnmarshalJSON returns for the raw JSON value `raw` (of valid JSON): "" for
/// null or a string that parses, else its error text.
std::string GoTimeUnmarshalJsonError(std::string_view raw);

}  // namespace godiag::codec

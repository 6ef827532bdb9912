// Go's text helpers the parsers share: %q quoting (strconv.Quote) for the go command's error
// texts, unicode.IsSpace for strings.Fields / TrimSpace.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace godiag::codec {

/// strconv.Quote: escapes \" \\, control characters, invalid UTF-8 bytes (\xNN) and
/// non-printable runes (\uNNNN); printability from Latin-1, separators, format characters,
/// private use and noncharacters (unassigned code points are kept as they are).
std::string GoQuote(std::string_view s);

/// unicode.IsSpace.
bool IsGoSpace(uint32_t r);

}  // namespace godiag::codec

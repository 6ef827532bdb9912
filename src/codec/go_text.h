// Go's text helpers the parsers share: %q quoting (strconv.Quote) for the go command's error
// texts, unicode.IsSpace for strings.Fields / TrimSpace.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace godiag::codec {

/// strconv.Quote for ASCII and valid UTF-8: escapes \" \\ and control characters.
std::string GoQuote(std::string_view s);

/// unicode.IsSpace.
bool IsGoSpace(uint32_t r);

}  // namespace godiag::codec

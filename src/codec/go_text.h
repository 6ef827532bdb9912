// Go's %q quoting (strconv.Quote), for reproducing the go command's error texts.
#pragma once

#include <string>
#include <string_view>

namespace godiag::codec {

/// strconv.Quote for ASCII and valid UTF-8: escapes \" \\ and control characters.
std::string GoQuote(std::string_view s);

}  // namespace godiag::codec

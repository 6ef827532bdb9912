// Go's strings, unicode and unicode/utf8 functions that the parsers share (go_url, go_idna,
// proxy_env, netrc, goauth, the go-import tags of probe/net_direct).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace godiag::codec {

/// strings.TrimSpace: unicode.IsSpace runes removed at both ends.
std::string_view GoTrimSpace(std::string_view s);

/// strings.Fields: the runs between unicode.IsSpace runes (invalid UTF-8 is never space).
std::vector<std::string_view> GoFields(std::string_view s);

/// strings.ToLower, its case mapping reduced to detail::SimpleLower (invalid UTF-8 becomes
/// U+FFFD, as strings.Map does).
std::string GoLower(std::string_view s);

namespace detail {

/// utf8.DecodeRuneInString(s[i:]): invalid UTF-8 gives U+FFFD of width 1.
uint32_t DecodeRune(std::string_view s, size_t i, size_t* width);

/// utf8.AppendRune: the UTF-8 encoding of r.
void AppendRune(std::string* out, uint32_t r);

/// unicode.ToLower for Latin-1, Latin Extended-A, Greek and Cyrillic capitals (enough for host
/// names; other scripts are left as they are).
uint32_t SimpleLower(uint32_t r);

/// ASCII letters lowercased, every other byte kept.
std::string AsciiLower(std::string_view s);

/// [A-Za-z0-9].
bool IsAsciiAlnum(uint32_t c);

/// The value of a hex digit; -1 when c is none.
int HexValue(char c);

}  // namespace detail

}  // namespace godiag::codec

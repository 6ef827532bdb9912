#include "codec/go_text.h"

#include <cstdio>
#include <initializer_list>
#include <utility>

#include "codec/go_strings.h"

namespace godiag::codec {

namespace {

bool InRanges(uint32_t r, std::initializer_list<std::pair<uint32_t, uint32_t>> ranges) {
  for (const auto& [lo, hi] : ranges)
    if (r >= lo && r <= hi) return true;
  return false;
}

// unicode.IsPrint without Unicode's tables: Latin-1 exactly; above it the separators (Zs, Zl,
// Zp), format characters (Cf), private use (Co) and noncharacters are not printable.
// Unassigned code points count as printable here (Go escapes them).
bool IsGoPrint(uint32_t r) {
  if (r < 0x100) return (r >= 0x20 && r < 0x7F) || (r >= 0xA1 && r != 0xAD);
  if ((r & 0xFFFE) == 0xFFFE || (r >= 0xFDD0 && r <= 0xFDEF)) return false;
  return !InRanges(r, {{0x600, 0x605}, {0x61C, 0x61C}, {0x6DD, 0x6DD}, {0x70F, 0x70F}, {0x890, 0x891},
                       {0x8E2, 0x8E2}, {0x1680, 0x1680}, {0x180E, 0x180E}, {0x2000, 0x200F}, {0x2028, 0x202F},
                       {0x205F, 0x2064}, {0x2066, 0x206F}, {0x3000, 0x3000}, {0xE000, 0xF8FF}, {0xFEFF, 0xFEFF},
                       {0xFFF9, 0xFFFB}, {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
                       {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
                       {0xF0000, 0x10FFFF}});
}

}  // namespace

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  char buf[16];
  for (size_t i = 0, w = 0; i < s.size(); i += w) {
    uint32_t r = detail::DecodeRune(s, i, &w);
    if (r == 0xFFFD && w == 1) {  // invalid UTF-8: the byte
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i]));
      out += buf;
      continue;
    }
    switch (r) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
    }
    if (IsGoPrint(r)) {
      out.append(s.substr(i, w));
    } else {
      std::snprintf(buf, sizeof buf, r < 0x80 ? "\\x%02x" : r < 0x10000 ? "\\u%04x" : "\\U%08x", r);
      out += buf;
    }
  }
  return out + "\"";
}

bool IsGoSpace(uint32_t r) {
  switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

}  // namespace godiag::codec

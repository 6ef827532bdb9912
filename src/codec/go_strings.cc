#include "codec/go_strings.h"

#include <algorithm>

#include "codec/go_text.h"

namespace godiag::codec {

namespace detail {

uint32_t DecodeRune(std::string_view s, size_t i, size_t* width) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  *width = 1;
  if (c < 0x80) return c;
  size_t n = c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0xFFFD;
  uint32_t r = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0xFFFD;
    r = (r << 6) | (b(i + k) & 0x3F);
  }
  bool overlong = (n == 3 && r < 0x800) || (n == 4 && r < 0x10000);
  if (overlong || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0xFFFD;
  *width = n;
  return r;
}

uint32_t SimpleLower(uint32_t r) {
  if (r >= 'A' && r <= 'Z') return r + 0x20;
  if (r >= 0xC0 && r <= 0xDE && r != 0xD7) return r + 0x20;
  bool even_upper = (r >= 0x100 && r <= 0x12F) || (r >= 0x132 && r <= 0x137) || (r >= 0x14A && r <= 0x177);
  bool odd_upper = (r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E);
  if ((even_upper && r % 2 == 0) || (odd_upper && r % 2 == 1)) return r + 1;
  if (r == 0x178) return 0xFF;
  if (r == 0x386) return 0x3AC;
  if (r >= 0x388 && r <= 0x38A) return r + 0x25;
  if (r == 0x38C) return 0x3CC;
  if (r == 0x38E || r == 0x38F) return r + 0x3F;
  if (r >= 0x391 && r <= 0x3A9 && r != 0x3A2) return r + 0x20;
  if (r >= 0x400 && r <= 0x40F) return r + 0x50;
  if (r >= 0x410 && r <= 0x42F) return r + 0x20;
  return r;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool IsAsciiAlnum(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendRune(std::string* out, uint32_t r) {
  if (r < 0x80) {
    *out += static_cast<char>(r);
    return;
  }
  if (r < 0x800) {
    *out += static_cast<char>(0xC0 | (r >> 6));
  } else {
    if (r < 0x10000) {
      *out += static_cast<char>(0xE0 | (r >> 12));
    } else {
      *out += static_cast<char>(0xF0 | (r >> 18));
      *out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    }
    *out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
  }
  *out += static_cast<char>(0x80 | (r & 0x3F));
}

}  // namespace detail

namespace {

using detail::AppendRune;
using detail::AsciiLower;
using detail::DecodeRune;
using detail::SimpleLower;

// utf8.DecodeLastRuneInString for non-empty s.
uint32_t DecodeLastRune(std::string_view s, size_t* width) {
  size_t start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  uint32_t r = DecodeRune(s, start, width);
  if (start + *width == s.size()) return r;
  *width = 1;
  return 0xFFFD;
}


}  // namespace

std::string_view GoTrimSpace(std::string_view s) {
  size_t w = 0;
  while (!s.empty() && IsGoSpace(DecodeRune(s, 0, &w))) s.remove_prefix(w);
  while (!s.empty() && IsGoSpace(DecodeLastRune(s, &w))) s.remove_suffix(w);
  return s;
}

std::vector<std::string_view> GoFields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = std::string_view::npos;
  for (size_t i = 0, w = 0; i < s.size(); i += w) {
    bool space = IsGoSpace(DecodeRune(s, i, &w));
    if (!space && start == std::string_view::npos) start = i;
    if (space && start != std::string_view::npos) {
      out.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
  return out;
}

std::string GoLower(std::string_view s) {
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return AsciiLower(s);
  std::string out;
  for (size_t i = 0, w = 0; i < s.size(); i += w) AppendRune(&out, SimpleLower(DecodeRune(s, i, &w)));
  return out;
}

}  // namespace godiag::codec

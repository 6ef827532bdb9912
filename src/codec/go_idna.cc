#include "codec/go_idna.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "codec/go_strings.h"

namespace godiag::codec {

namespace {

using detail::AsciiLower;
using detail::DecodeRune;
using detail::IsAsciiAlnum;
using detail::SimpleLower;

constexpr auto npos = std::string_view::npos;

char PunyDigit(uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

uint32_t PunyAdapt(uint32_t delta, uint32_t points, bool first) {
  delta = first ? delta / 700 : delta / 2;
  delta += delta / points;
  uint32_t k = 0;
  for (; delta > 455; k += 36) delta /= 35;
  return k + 36 * delta / (delta + 38);
}

// RFC 3492 encoding of one label's runes.
std::string Punycode(const std::vector<uint32_t>& runes) {
  std::string out;
  for (uint32_t r : runes)
    if (r < 0x80) out += static_cast<char>(r);
  uint32_t basic = static_cast<uint32_t>(out.size()), h = basic, n = 128, delta = 0, bias = 72;
  if (basic > 0) out += '-';
  while (h < runes.size()) {
    uint32_t m = 0xFFFFFFFF;
    for (uint32_t r : runes)
      if (r >= n && r < m) m = r;
    delta += (m - n) * (h + 1);
    n = m;
    for (uint32_t r : runes) {
      if (r < n) ++delta;
      if (r != n) continue;
      uint32_t q = delta;
      for (uint32_t k = 36;; k += 36) {
        uint32_t t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
        if (q < t) break;
        out += PunyDigit(t + (q - t) % (36 - t));
        q = (q - t) / (36 - t);
      }
      out += PunyDigit(q);
      bias = PunyAdapt(delta, h + 1, h == basic);
      delta = 0;
      ++h;
    }
    ++delta;
    ++n;
  }
  return out;
}

// One label; nullopt where ToASCII reports an error (Go then keeps the whole name as is).
std::optional<std::string> IdnaLabel(std::string_view label) {
  std::vector<uint32_t> runes;
  bool ascii = true;
  for (size_t i = 0, w = 0; i < label.size(); i += w) {
    uint32_t r = DecodeRune(label, i, &w);
    if (r == 0xFFFD) return std::nullopt;
    if (r < 0x80 && !IsAsciiAlnum(r) && r != '-') return std::nullopt;  // STD3 rules
    ascii = ascii && r < 0x80;
    runes.push_back(SimpleLower(r));
  }
  if (!label.empty() && (label.front() == '-' || label.back() == '-')) return std::nullopt;
  if (label.size() >= 4 && label.substr(2, 2) == "--" && AsciiLower(label.substr(0, 4)) != "xn--") return std::nullopt;
  if (ascii) return AsciiLower(label);
  return "xn--" + Punycode(runes);
}

}  // namespace

std::string IdnaAscii(std::string_view v) {
  if (std::all_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(v);
  std::string out;
  for (size_t start = 0;;) {
    size_t dot = v.find('.', start);
    auto label = IdnaLabel(v.substr(start, dot == npos ? npos : dot - start));
    if (!label) return std::string(v);
    out += *label;
    if (dot == npos) return out;
    out += '.';
    start = dot + 1;
  }
}

}  // namespace godiag::codec

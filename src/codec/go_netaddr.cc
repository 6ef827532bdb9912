#include "codec/go_netaddr.h"

#include <algorithm>

#include "codec/go_strings.h"
#include "codec/go_text.h"

namespace godiag::codec {

namespace {

using Err = std::optional<std::string>;  // Go's error text; nullopt = success
using detail::HexValue;
constexpr auto npos = std::string_view::npos;

std::string AddrError(std::string_view in, std::string_view msg, std::string_view at = {}) {
  std::string s = "ParseAddr(" + GoQuote(in) + "): " + std::string(msg);
  if (!at.empty()) s += " (at " + GoQuote(at) + ")";
  return s;
}

Err ParseIPv4Fields(std::string_view in, size_t off, size_t end, uint8_t* fields) {
  std::string_view s = in.substr(off, end - off);
  int val = 0, pos = 0, digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits == 1 && val == 0) return AddrError(in, "IPv4 field has octet with leading zero");
      val = val * 10 + (c - '0');
      ++digits;
      if (val > 255) return AddrError(in, "IPv4 field has value >255");
    } else if (c == '.') {
      if (i == 0 || i == s.size() - 1 || s[i - 1] == '.')
        return AddrError(in, "IPv4 field must have at least one digit", s.substr(i));
      if (pos == 3) return AddrError(in, "IPv4 address too long");
      fields[pos++] = static_cast<uint8_t>(val);
      val = 0;
      digits = 0;
    } else {
      return AddrError(in, "unexpected character", s.substr(i));
    }
  }
  if (pos < 3) return AddrError(in, "IPv4 address too short");
  fields[3] = static_cast<uint8_t>(val);
  return std::nullopt;
}

// Moves the groups after the "::" to the end of the address.
Err ExpandEllipsis(std::string_view in, std::array<uint8_t, 16>& ip, int i, int ellipsis) {
  if (i < 16) {
    if (ellipsis < 0) return AddrError(in, "address string too short");
    int n = 16 - i;
    for (int j = i - 1; j >= ellipsis; --j) ip[static_cast<size_t>(j + n)] = ip[static_cast<size_t>(j)];
    for (int j = ellipsis; j < ellipsis + n; ++j) ip[static_cast<size_t>(j)] = 0;
  } else if (ellipsis >= 0) {
    return AddrError(in, "the :: must expand to at least one field of zeros");
  }
  return std::nullopt;
}

Err ParseIPv6(std::string_view in, NetAddr* out) {
  std::string_view s = in;
  if (size_t pct = s.find('%'); pct != npos) {
    out->zone = std::string(s.substr(pct + 1));
    s = s.substr(0, pct);
    if (out->zone.empty()) return AddrError(in, "zone must be a non-empty string");
  }
  std::array<uint8_t, 16>& ip = out->b;
  int ellipsis = -1;
  if (s.starts_with("::")) {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return std::nullopt;
  }
  int i = 0;
  while (i < 16) {
    size_t off = 0;
    uint32_t acc = 0;
    for (; off < s.size() && HexValue(s[off]) >= 0; ++off) {
      acc = (acc << 4) + static_cast<uint32_t>(HexValue(s[off]));
      if (off > 3) return AddrError(in, "each group must have 4 or less digits", s);
    }
    if (off == 0) return AddrError(in, "each colon-separated field must have at least one digit", s);
    if (off < s.size() && s[off] == '.') {
      if (ellipsis < 0 && i != 12)
        return AddrError(in, "embedded IPv4 address must replace the final 2 fields of the address", s);
      if (i + 4 > 16) return AddrError(in, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
      size_t end = in.size() - (out->zone.empty() ? 0 : out->zone.size() + 1);
      if (auto err = ParseIPv4Fields(in, end - s.size(), end, &ip[static_cast<size_t>(i)])) return err;
      s = {};
      i += 4;
      break;
    }
    ip[static_cast<size_t>(i)] = static_cast<uint8_t>(acc >> 8);
    ip[static_cast<size_t>(i + 1)] = static_cast<uint8_t>(acc);
    i += 2;
    s.remove_prefix(off);
    if (s.empty()) break;
    if (s[0] != ':') return AddrError(in, "unexpected character, want colon", s);
    if (s.size() == 1) return AddrError(in, "colon must be followed by more characters", s);
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return AddrError(in, "multiple :: in address", s);
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return AddrError(in, "trailing garbage after address", s);
  return ExpandEllipsis(in, ip, i, ellipsis);
}

const uint8_t kV4InV6Prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool HasV4Prefix(const Ip& ip) { return ip.size() == 16 && std::equal(ip.begin(), ip.begin() + 12, kV4InV6Prefix); }

Ip To4(const Ip& ip) {
  if (ip.size() == 4) return ip;
  if (HasV4Prefix(ip)) return Ip(ip.begin() + 12, ip.end());
  return {};
}

// net.IP.Mask.
Ip IpMask(Ip ip, Ip mask) {
  if (mask.size() == 16 && ip.size() == 4 && std::all_of(mask.begin(), mask.begin() + 12, [](uint8_t m) { return m == 0xff; }))
    mask.erase(mask.begin(), mask.begin() + 12);
  if (mask.size() == 4 && HasV4Prefix(ip)) ip.erase(ip.begin(), ip.begin() + 12);
  if (ip.size() != mask.size()) return {};
  for (size_t i = 0; i < ip.size(); ++i) ip[i] &= mask[i];
  return ip;
}

}  // namespace

Err ParseAddr(std::string_view s, NetAddr* out) {
  *out = NetAddr{};
  for (char c : s) {
    if (c == '.') {
      out->is4 = true;
      out->b[10] = out->b[11] = 0xff;
      return ParseIPv4Fields(s, 0, s.size(), &out->b[12]);
    }
    if (c == ':') return ParseIPv6(s, out);
    if (c == '%') return AddrError(s, "missing IPv6 address");
  }
  return AddrError(s, "unable to parse IP");
}

Ip AsSlice(const NetAddr& a) { return a.is4 ? Ip(a.b.begin() + 12, a.b.end()) : Ip(a.b.begin(), a.b.end()); }
Ip As16(const NetAddr& a) { return Ip(a.b.begin(), a.b.end()); }

bool IpEqual(const Ip& a, const Ip& b) {
  if (a.size() == b.size()) return a == b;
  if (a.size() == 4 && HasV4Prefix(b)) return std::equal(a.begin(), a.end(), b.begin() + 12);
  if (b.size() == 4 && HasV4Prefix(a)) return std::equal(b.begin(), b.end(), a.begin() + 12);
  return false;
}

bool IsLoopback(const Ip& ip) {
  Ip v4 = To4(ip);
  if (!v4.empty()) return v4[0] == 127;
  Ip one(16, 0);
  one[15] = 1;
  return IpEqual(ip, one);
}

bool ParseCidr(std::string_view s, Cidr* out) {
  size_t slash = s.find('/');
  if (slash == npos) return false;
  NetAddr a;
  if (ParseAddr(s.substr(0, slash), &a) || !a.zone.empty()) return false;
  std::string_view len = s.substr(slash + 1);
  int n = 0;
  size_t i = 0;
  for (; i < len.size() && len[i] >= '0' && len[i] <= '9'; ++i) {
    n = n * 10 + (len[i] - '0');
    if (n >= 0xFFFFFF) return false;
  }
  int bits = a.is4 ? 32 : 128;
  if (i == 0 || i != len.size() || n > bits) return false;
  out->mask.assign(static_cast<size_t>(bits / 8), 0);
  for (int k = 0; k < n; ++k) out->mask[static_cast<size_t>(k / 8)] |= static_cast<uint8_t>(0x80 >> (k % 8));
  out->ip = IpMask(As16(a), out->mask);
  return true;
}

bool CidrContains(const Cidr& c, Ip ip) {
  Ip nn = To4(c.ip);
  Ip m = c.mask;
  if (nn.empty()) {
    nn = c.ip;
    if (nn.size() != 16) return false;
  }
  if (m.size() == 4 && nn.size() != 4) return false;
  if (m.size() == 16 && nn.size() == 4) m.erase(m.begin(), m.begin() + 12);
  if (m.size() != 4 && m.size() != 16) return false;
  if (Ip v4 = To4(ip); !v4.empty()) ip = v4;
  if (ip.size() != nn.size()) return false;
  for (size_t i = 0; i < ip.size(); ++i)
    if ((nn[i] & m[i]) != (ip[i] & m[i])) return false;
  return true;
}

}  // namespace godiag::codec

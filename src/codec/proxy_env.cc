#include "codec/proxy_env.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "codec/go_proxy.h"
#include "codec/go_text.h"

namespace godiag::codec {

namespace {

using Err = std::optional<std::string>;  // Go's error text; nullopt = success
constexpr auto npos = std::string_view::npos;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool Contains(std::string_view s, char c) { return s.find(c) != npos; }

bool IsAlnum(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// ---------------------------------------------------------------------------------------
// UTF-8 and unicode.IsSpace, for strings.TrimSpace.

// Decodes one rune at s[i]; invalid UTF-8 gives U+FFFD of width 1 (like Go).
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

// utf8.DecodeLastRuneInString for non-empty s.
uint32_t DecodeLastRune(std::string_view s, size_t* width) {
  size_t start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  uint32_t r = DecodeRune(s, start, width);
  if (start + *width == s.size()) return r;
  *width = 1;
  return 0xFFFD;
}

// strings.TrimSpace.
std::string_view TrimSpace(std::string_view s) {
  size_t w = 0;
  while (!s.empty() && IsGoSpace(DecodeRune(s, 0, &w))) s.remove_prefix(w);
  while (!s.empty() && IsGoSpace(DecodeLastRune(s, &w))) s.remove_suffix(w);
  return s;
}

// unicode.ToLower for Latin-1, Latin Extended-A, Greek and Cyrillic capitals (enough for host
// names; other scripts are left as they are).
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

// strings.ToLower (invalid UTF-8 becomes U+FFFD, as strings.Map does).
std::string GoLower(std::string_view s) {
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return AsciiLower(s);
  std::string out;
  for (size_t i = 0, w = 0; i < s.size(); i += w) AppendRune(&out, SimpleLower(DecodeRune(s, i, &w)));
  return out;
}

// ---------------------------------------------------------------------------------------
// net/netip.ParseAddr and the net.IP operations httpproxy uses.

struct NetAddr {
  std::array<uint8_t, 16> b{};  ///< As16 form
  bool is4 = false;
  std::string zone;
};

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

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
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
  if (StartsWith(s, "::")) {
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

using Ip = std::vector<uint8_t>;  // net.IP: 4 or 16 bytes

const uint8_t kV4InV6Prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

Ip AsSlice(const NetAddr& a) { return a.is4 ? Ip(a.b.begin() + 12, a.b.end()) : Ip(a.b.begin(), a.b.end()); }
Ip As16(const NetAddr& a) { return Ip(a.b.begin(), a.b.end()); }

bool HasV4Prefix(const Ip& ip) { return ip.size() == 16 && std::equal(ip.begin(), ip.begin() + 12, kV4InV6Prefix); }

Ip To4(const Ip& ip) {
  if (ip.size() == 4) return ip;
  if (HasV4Prefix(ip)) return Ip(ip.begin() + 12, ip.end());
  return {};
}

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

// net.IP.Mask.
Ip IpMask(Ip ip, Ip mask) {
  if (mask.size() == 16 && ip.size() == 4 && std::all_of(mask.begin(), mask.begin() + 12, [](uint8_t m) { return m == 0xff; }))
    mask.erase(mask.begin(), mask.begin() + 12);
  if (mask.size() == 4 && HasV4Prefix(ip)) ip.erase(ip.begin(), ip.begin() + 12);
  if (ip.size() != mask.size()) return {};
  for (size_t i = 0; i < ip.size(); ++i) ip[i] &= mask[i];
  return ip;
}

struct Cidr {
  Ip ip, mask;
};

// net.ParseCIDR: address without zone, "/", decimal prefix length within the address size.
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

// net.IPNet.Contains.
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

// net.SplitHostPort.
bool SplitHostPort(std::string_view hp, std::string* host, std::string* port) {
  size_t i = hp.rfind(':');
  if (i == npos) return false;
  size_t j = 0, k = 0;
  if (hp[0] == '[') {
    size_t end = hp.find(']');
    if (end == npos || end + 1 != i) return false;
    *host = std::string(hp.substr(1, end - 1));
    j = 1;
    k = end + 1;
  } else {
    *host = std::string(hp.substr(0, i));
    if (Contains(*host, ':')) return false;
  }
  if (Contains(hp.substr(j), '[') || Contains(hp.substr(k), ']')) return false;
  *port = std::string(hp.substr(i + 1));
  return true;
}

std::string JoinHostPort(std::string_view host, std::string_view port) {
  if (Contains(host, ':')) return "[" + std::string(host) + "]:" + std::string(port);
  return std::string(host) + ":" + std::string(port);
}

// ---------------------------------------------------------------------------------------
// IDNA: golang.org/x/net/idna Lookup.ToASCII, its UTS #46 mapping reduced to SimpleLower.

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
    if (r < 0x80 && !IsAlnum(r) && r != '-') return std::nullopt;  // STD3 rules
    ascii = ascii && r < 0x80;
    runes.push_back(SimpleLower(r));
  }
  if (!label.empty() && (label.front() == '-' || label.back() == '-')) return std::nullopt;
  if (label.size() >= 4 && label.substr(2, 2) == "--" && AsciiLower(label.substr(0, 4)) != "xn--") return std::nullopt;
  if (ascii) return AsciiLower(label);
  return "xn--" + Punycode(runes);
}

// httpproxy's idnaASCII: ASCII names unchanged, others punycoded label by label.
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

// ---------------------------------------------------------------------------------------
// net/url.Parse and URL.String (Go 1.26, urlstrictcolons on, as in the go command).

enum class Mode { kPath, kHost, kZone, kUserPassword, kFragment };

bool ShouldEscape(unsigned char c, Mode mode) {
  if (IsAlnum(c)) return false;
  if ((mode == Mode::kHost || mode == Mode::kZone) && c != 0 &&
      std::string_view("!$&'()*+,;=:[]<>\"").find(static_cast<char>(c)) != npos)
    return false;
  if (c == '-' || c == '_' || c == '.' || c == '~') return false;
  if (c != 0 && std::string_view("$&+,/:;=?@").find(static_cast<char>(c)) != npos) {
    if (mode == Mode::kPath) return c == '?';
    if (mode == Mode::kUserPassword) return c == '@' || c == '/' || c == '?' || c == ':';
    if (mode == Mode::kFragment) return false;
  }
  if (mode == Mode::kFragment && (c == '!' || c == '(' || c == ')' || c == '*')) return false;
  return true;
}

std::string EscapeError(std::string_view s) { return "invalid URL escape " + GoQuote(s); }

// The error of url.unescape, checking s before any decoding.
Err CheckEscapes(std::string_view s, Mode mode) {
  bool host = mode == Mode::kHost || mode == Mode::kZone;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != '%') {
      if (host && c < 0x80 && ShouldEscape(c, mode))
        return "invalid character " + GoQuote(s.substr(i, 1)) + " in host name";
      ++i;
      continue;
    }
    if (i + 2 >= s.size() || HexValue(s[i + 1]) < 0 || HexValue(s[i + 2]) < 0) return EscapeError(s.substr(i, 3));
    std::string_view esc = s.substr(i, 3);
    auto v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
    if (mode == Mode::kHost && HexValue(s[i + 1]) < 8 && esc != "%25") return EscapeError(esc);
    if (mode == Mode::kZone && esc != "%25" && v != ' ' && ShouldEscape(v, Mode::kHost)) return EscapeError(esc);
    i += 3;
  }
  return std::nullopt;
}

// url.unescape (never in query mode, so '+' stays).
Err Unescape(std::string_view s, Mode mode, std::string* out) {
  if (auto err = CheckEscapes(s, mode)) return err;
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      *out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      *out += s[i];
    }
  }
  return std::nullopt;
}

std::string Escape(std::string_view s, Mode mode) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (ShouldEscape(c, mode)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

struct GoUrl {
  std::string scheme, opaque, username, password, host, path, raw_path, raw_query, fragment, raw_fragment;
  bool has_user = false, password_set = false, force_query = false, omit_host = false;
};

Err GetScheme(std::string_view raw, std::string* scheme, std::string_view* rest) {
  scheme->clear();
  *rest = raw;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) return std::nullopt;
      continue;
    }
    if (c == ':') {
      if (i == 0) return "missing protocol scheme";
      *scheme = AsciiLower(raw.substr(0, i));
      *rest = raw.substr(i + 1);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

bool ValidOptionalPort(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  return std::all_of(port.begin() + 1, port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "[v6]:port" hosts: the address must parse as IPv6, zone after "%25".
Err ParseIpLiteral(std::string_view host, std::string* out) {
  size_t close = host.rfind(']');
  if (close == npos) return "missing ']' in host";
  std::string_view colon_port = host.substr(close + 1);
  if (!ValidOptionalPort(colon_port)) return "invalid port " + GoQuote(colon_port) + " after host";
  std::string_view name = host.substr(1, close - 1);
  std::string addr, zone;
  size_t z = name.find("%25");
  if (auto err = Unescape(name.substr(0, z), Mode::kHost, &addr)) return err;
  if (z != npos) {
    if (auto err = Unescape(name.substr(z), Mode::kZone, &zone)) return err;
  }
  addr += zone;
  NetAddr a;
  if (auto err = ParseAddr(addr, &a)) return "invalid host: " + *err;
  if (a.is4) return "invalid IP-literal";
  *out = "[" + addr + "]" + std::string(colon_port);
  return std::nullopt;
}

Err ParseHost(std::string_view scheme, std::string_view host, std::string* out) {
  size_t open = host.rfind('[');
  if (open != npos && open > 0) return "invalid IP-literal";
  if (open == 0) return ParseIpLiteral(host, out);
  if (size_t i = host.find(':'); i != npos) {
    if (scheme != "http" && scheme != "https") i = host.rfind(':');
    if (!ValidOptionalPort(host.substr(i))) return "invalid port " + GoQuote(host.substr(i)) + " after host";
  }
  return Unescape(host, Mode::kHost, out);
}

bool ValidUserinfo(std::string_view s) {
  for (char c : s) {
    if (IsAlnum(static_cast<unsigned char>(c))) continue;
    if (c == 0 || std::string_view("-._:~!$&'()*+,;=%@").find(c) == npos) return false;
  }
  return true;
}

Err ParseAuthority(std::string_view scheme, std::string_view authority, GoUrl* u) {
  size_t at = authority.rfind('@');
  if (auto err = ParseHost(scheme, at == npos ? authority : authority.substr(at + 1), &u->host)) return err;
  if (at == npos) return std::nullopt;
  std::string_view userinfo = authority.substr(0, at);
  if (!ValidUserinfo(userinfo)) return "net/url: invalid userinfo";
  u->has_user = true;
  size_t colon = userinfo.find(':');
  if (auto err = Unescape(userinfo.substr(0, colon), Mode::kUserPassword, &u->username)) return err;
  if (colon == npos) return std::nullopt;
  u->password_set = true;
  return Unescape(userinfo.substr(colon + 1), Mode::kUserPassword, &u->password);
}

// setPath / setFragment: decoded text, plus the raw form when it is not the default escaping.
Err SetDecoded(std::string_view raw, Mode mode, std::string* decoded, std::string* raw_out) {
  if (auto err = Unescape(raw, mode, decoded)) return err;
  *raw_out = Escape(*decoded, mode) == raw ? "" : std::string(raw);
  return std::nullopt;
}

// url.parse with viaRequest false, on the text before '#'.
Err ParseNoFragment(std::string_view raw, GoUrl* u) {
  for (char c : raw)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "net/url: invalid control character in URL";
  if (raw == "*") {
    u->path = "*";
    return std::nullopt;
  }
  std::string_view rest;
  if (auto err = GetScheme(raw, &u->scheme, &rest)) return err;
  if (!rest.empty() && rest.back() == '?' && std::count(rest.begin(), rest.end(), '?') == 1) {
    u->force_query = true;
    rest.remove_suffix(1);
  } else if (size_t q = rest.find('?'); q != npos) {
    u->raw_query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (!StartsWith(rest, "/")) {
    if (!u->scheme.empty()) {
      u->opaque = std::string(rest);
      return std::nullopt;
    }
    if (Contains(rest.substr(0, rest.find('/')), ':')) return "first path segment in URL cannot contain colon";
  }
  if ((!u->scheme.empty() || !StartsWith(rest, "///")) && StartsWith(rest, "//")) {
    std::string_view authority = rest.substr(2);
    size_t slash = authority.find('/');
    rest = slash == npos ? std::string_view() : authority.substr(slash);
    if (auto err = ParseAuthority(u->scheme, authority.substr(0, slash), u)) return err;
  } else if (!u->scheme.empty() && StartsWith(rest, "/")) {
    u->omit_host = true;
  }
  return SetDecoded(rest, Mode::kPath, &u->path, &u->raw_path);
}

// url.Parse; the error as Go prints it ("parse \"…\": …"), the URL's password redacted.
Err ParseGoUrl(std::string_view raw, GoUrl* u) {
  *u = GoUrl{};
  size_t hash = raw.find('#');
  std::string_view before = raw.substr(0, hash);
  if (auto err = ParseNoFragment(before, u)) return "parse " + GoQuote(RedactUrl(before)) + ": " + *err;
  if (hash == npos || hash + 1 == raw.size()) return std::nullopt;
  if (auto err = SetDecoded(raw.substr(hash + 1), Mode::kFragment, &u->fragment, &u->raw_fragment))
    return "parse " + GoQuote(RedactUrl(raw)) + ": " + *err;
  return std::nullopt;
}

bool ValidEncoded(std::string_view s, Mode mode) {
  for (char c : s) {
    if (c != 0 && std::string_view("!$&'()*+,;=:@[]%").find(c) != npos) continue;
    if (ShouldEscape(static_cast<unsigned char>(c), mode)) return false;
  }
  return true;
}

// EscapedPath / EscapedFragment: the raw form when it is a valid encoding of the decoded one.
std::string Escaped(const std::string& decoded, const std::string& raw, Mode mode) {
  std::string again;
  if (!raw.empty() && ValidEncoded(raw, mode) && !Unescape(raw, mode, &again) && again == decoded) return raw;
  if (mode == Mode::kPath && decoded == "*") return "*";
  return Escape(decoded, mode);
}

std::string AuthorityString(const GoUrl& u) {
  std::string out;
  if (!u.host.empty() || !u.path.empty() || u.has_user) out += "//";
  if (u.has_user) {
    out += Escape(u.username, Mode::kUserPassword);
    if (u.password_set) out += ":" + Escape(u.password, Mode::kUserPassword);
    out += '@';
  }
  return out + Escape(u.host, Mode::kHost);
}

// URL.String.
std::string UrlString(const GoUrl& u) {
  std::string out = u.scheme.empty() ? "" : u.scheme + ":";
  if (!u.opaque.empty()) {
    out += u.opaque;
  } else {
    bool any = !u.scheme.empty() || !u.host.empty() || u.has_user;
    if (any && !(u.omit_host && u.host.empty() && !u.has_user)) out += AuthorityString(u);
    std::string path = Escaped(u.path, u.raw_path, Mode::kPath);
    if (!path.empty() && path[0] != '/' && !u.host.empty()) out += '/';
    if (out.empty() && Contains(std::string_view(path).substr(0, path.find('/')), ':')) out += "./";
    out += path;
  }
  if (u.force_query || !u.raw_query.empty()) out += "?" + u.raw_query;
  if (!u.fragment.empty()) out += "#" + Escaped(u.fragment, u.raw_fragment, Mode::kFragment);
  return out;
}

// url.splitHostPort: a trailing ":digits" is the port; brackets removed.
void UrlHostPort(std::string_view host_port, std::string* host, std::string* port) {
  std::string_view h = host_port;
  port->clear();
  if (size_t colon = h.rfind(':'); colon != npos && ValidOptionalPort(h.substr(colon))) {
    *port = std::string(h.substr(colon + 1));
    h = h.substr(0, colon);
  }
  if (StartsWith(h, "[") && EndsWith(h, "]")) h = h.substr(1, h.size() - 2);
  *host = std::string(h);
}

// ---------------------------------------------------------------------------------------
// httpproxy.

struct ProxyValue {
  std::optional<GoUrl> url;  ///< nullopt: no value, or one Go drops
  bool http_added = false;
  Err error;
};

// parseProxy: url.Parse, else "http://" + value; the first parse's error when both fail.
ProxyValue ParseProxyValue(std::string_view v) {
  ProxyValue out;
  if (v.empty()) return out;
  GoUrl u;
  Err err = ParseGoUrl(v, &u);
  if (err || u.scheme.empty() || u.host.empty()) {
    GoUrl with_http;
    if (!ParseGoUrl("http://" + std::string(v), &with_http)) {
      out.url = std::move(with_http);
      out.http_added = true;
      return out;
    }
  }
  if (err) {
    out.error = "invalid proxy address " + GoQuote(RedactUrl(v)) + ": " + *err;
    return out;
  }
  out.url = std::move(u);
  return out;
}

struct NoProxyRule {
  enum Kind { kAll, kCidr, kIp, kDomain } kind = kAll;
  std::string entry;  ///< trimmed and lowercased, as Go compares it
  Cidr cidr;
  Ip ip;
  std::string host, port;
  bool match_host = false;
};

// One non-"*" entry of NO_PROXY; nullopt when Go ignores it.
std::optional<NoProxyRule> ParseNoProxyEntry(const std::string& p) {
  NoProxyRule rule;
  rule.entry = p;
  if (ParseCidr(p, &rule.cidr)) {
    rule.kind = NoProxyRule::kCidr;
    return rule;
  }
  std::string phost, pport;
  if (SplitHostPort(p, &phost, &pport)) {
    if (phost.empty()) return std::nullopt;
    if (phost.size() >= 2 && phost.front() == '[' && phost.back() == ']') phost = phost.substr(1, phost.size() - 2);
  } else {
    phost = p;
    pport.clear();
  }
  rule.port = pport;
  NetAddr a;
  if (!ParseAddr(phost, &a) && a.zone.empty()) {
    rule.ip = As16(a);
    rule.kind = NoProxyRule::kIp;
    return rule;
  }
  if (phost.empty()) return std::nullopt;
  if (StartsWith(phost, "*.")) phost.erase(0, 1);
  rule.match_host = phost[0] != '.';
  if (rule.match_host) phost = "." + phost;
  rule.host = IdnaAscii(phost);
  rule.kind = NoProxyRule::kDomain;
  return rule;
}

// config.init's NO_PROXY part: IP rules and domain rules, each in list order.
std::vector<NoProxyRule> ParseNoProxy(std::string_view value) {
  std::vector<NoProxyRule> ip_rules, domain_rules;
  for (size_t start = 0; start <= value.size();) {
    size_t comma = value.find(',', start);
    std::string p = GoLower(TrimSpace(value.substr(start, comma == npos ? npos : comma - start)));
    start = comma == npos ? value.size() + 1 : comma + 1;
    if (p.empty()) continue;
    if (p == "*") return {NoProxyRule{}};
    if (auto rule = ParseNoProxyEntry(p))
      (rule->kind == NoProxyRule::kDomain ? domain_rules : ip_rules).push_back(std::move(*rule));
  }
  ip_rules.insert(ip_rules.end(), domain_rules.begin(), domain_rules.end());
  return ip_rules;
}

bool RuleMatches(const NoProxyRule& r, const std::string& host, const std::string& port, const Ip& ip) {
  switch (r.kind) {
    case NoProxyRule::kAll: return true;
    case NoProxyRule::kCidr: return !ip.empty() && CidrContains(r.cidr, ip);
    case NoProxyRule::kIp: return !ip.empty() && IpEqual(r.ip, ip) && (r.port.empty() || r.port == port);
    case NoProxyRule::kDomain:
      if (!ip.empty()) return false;
      if (!EndsWith(host, r.host) && !(r.match_host && host == r.host.substr(1))) return false;
      return r.port.empty() || r.port == port;
  }
  return false;
}

// useProxy: why the address goes direct, or nullopt when the proxy is used.
std::optional<std::string> DirectReason(const std::string& addr, std::string_view no_proxy,
                                        const std::string& no_from) {
  std::string host, port;
  if (!SplitHostPort(addr, &host, &port)) return "request address " + addr + " does not split into host and port";
  if (host == "localhost") return "localhost is never proxied";
  NetAddr a;
  Ip ip;
  if (!ParseAddr(host, &a)) {
    ip = AsSlice(a);
    if (IsLoopback(ip)) return "loopback address " + host + " is never proxied";
  }
  std::string lower = GoLower(TrimSpace(host));
  for (const auto& rule : ParseNoProxy(no_proxy)) {
    if (!RuleMatches(rule, lower, port, ip)) continue;
    if (rule.kind == NoProxyRule::kAll) return no_from + " entry * matches every host";
    return no_from + " entry " + rule.entry + " matches";
  }
  return std::nullopt;
}

// canonicalAddr: IDNA host and the port, the scheme's default port when absent.
std::string CanonicalAddr(const GoUrl& u) {
  std::string host, port;
  UrlHostPort(u.host, &host, &port);
  if (port.empty()) port = u.scheme == "https" ? "443" : "80";  // only http and https requests get here
  return JoinHostPort(IdnaAscii(host), port);
}

std::string UseReason(const std::string& from, const ProxyValue& v) {
  std::string reason = from;
  if (v.http_added) reason += " (no scheme: http:// assumed)";
  const std::string& s = v.url->scheme;
  if (s != "http" && s != "https" && s != "socks5" && s != "socks5h")
    reason += "; net/http cannot use proxy scheme \"" + s + "\"";
  return reason;
}

}  // namespace

ProxyEnv ReadProxyEnv(const std::map<std::string, std::string>& env) {
  ProxyEnv e;
  auto pick = [&env](std::initializer_list<const char*> names, std::string* value, std::string* from) {
    for (const char* n : names) {
      auto it = env.find(n);
      if (it == env.end() || it->second.empty()) continue;
      *value = it->second;
      *from = n;
      return;
    }
  };
  pick({"HTTP_PROXY", "http_proxy"}, &e.http_proxy, &e.http_from);
  pick({"HTTPS_PROXY", "https_proxy"}, &e.https_proxy, &e.https_from);
  pick({"NO_PROXY", "no_proxy"}, &e.no_proxy, &e.no_from);
  auto rm = env.find("REQUEST_METHOD");
  e.cgi = rm != env.end() && !rm->second.empty();
  return e;
}

ProxyChoice ChooseProxy(const ProxyEnv& e, std::string_view request_url) {
  ProxyChoice c;
  GoUrl req;
  if (auto err = ParseGoUrl(request_url, &req)) {
    c.reason = "request URL does not parse: " + *err;
    return c;
  }
  bool https = req.scheme == "https";
  if (!https && req.scheme != "http") {
    c.reason = "no proxy variable applies to \"" + req.scheme + "\" requests";
    return c;
  }
  const std::string& value = https ? e.https_proxy : e.http_proxy;
  const std::string& from = https ? e.https_from : e.http_from;
  ProxyValue v = ParseProxyValue(value);
  if (!v.url) {
    c.unusable = v.error;
    c.reason = v.error ? from + " does not parse, so Go ignores it and connects directly"
                       : https ? "neither HTTPS_PROXY nor https_proxy is set" : "neither HTTP_PROXY nor http_proxy is set";
    return c;
  }
  if (!https && e.cgi) {
    c.error = "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy";
    c.reason = "REQUEST_METHOD is set (CGI), so " + from + " is refused";
    return c;
  }
  if (auto direct = DirectReason(CanonicalAddr(req), e.no_proxy, e.no_from.empty() ? "NO_PROXY" : e.no_from)) {
    c.reason = *direct;
    return c;
  }
  c.proxy_url = UrlString(*v.url);
  c.reason = UseReason(from, v);
  return c;
}

}  // namespace godiag::codec

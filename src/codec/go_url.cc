#include "codec/go_url.h"

#include <algorithm>

#include "codec/go_netaddr.h"
#include "codec/go_proxy.h"
#include "codec/go_strings.h"
#include "codec/go_text.h"

namespace godiag::codec {

namespace {

using Err = std::optional<std::string>;  // Go's error text; nullopt = success
using detail::AsciiLower;
using detail::HexValue;
using detail::IsAsciiAlnum;
constexpr auto npos = std::string_view::npos;

bool Contains(std::string_view s, char c) { return s.find(c) != npos; }

enum class Mode { kPath, kHost, kZone, kUserPassword, kFragment };

bool ShouldEscape(unsigned char c, Mode mode) {
  if (IsAsciiAlnum(c)) return false;
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
    if (IsAsciiAlnum(static_cast<unsigned char>(c))) continue;
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
  if (!rest.starts_with("/")) {
    if (!u->scheme.empty()) {
      u->opaque = std::string(rest);
      return std::nullopt;
    }
    if (Contains(rest.substr(0, rest.find('/')), ':')) return "first path segment in URL cannot contain colon";
  }
  if ((!u->scheme.empty() || !rest.starts_with("///")) && rest.starts_with("//")) {
    std::string_view authority = rest.substr(2);
    size_t slash = authority.find('/');
    rest = slash == npos ? std::string_view() : authority.substr(slash);
    if (auto err = ParseAuthority(u->scheme, authority.substr(0, slash), u)) return err;
  } else if (!u->scheme.empty() && rest.starts_with("/")) {
    u->omit_host = true;
  }
  return SetDecoded(rest, Mode::kPath, &u->path, &u->raw_path);
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

}  // namespace

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

void UrlHostPort(std::string_view host_port, std::string* host, std::string* port) {
  std::string_view h = host_port;
  port->clear();
  if (size_t colon = h.rfind(':'); colon != npos && ValidOptionalPort(h.substr(colon))) {
    *port = std::string(h.substr(colon + 1));
    h = h.substr(0, colon);
  }
  if (h.starts_with("[") && h.ends_with("]")) h = h.substr(1, h.size() - 2);
  *host = std::string(h);
}

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

}  // namespace godiag::codec

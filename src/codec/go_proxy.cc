#include "codec/go_proxy.h"

#include "codec/go_text.h"

#include <cctype>
#include <optional>

namespace godiag::codec {

namespace {

std::string_view TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

struct ParsedUrl {
  std::string scheme;
  std::string rest;  ///< everything after "scheme:"
};

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// url.Parse's checks of the authority in "//user@host:port/path?query#fragment".
std::optional<std::string> CheckAuthority(std::string_view rest) {
  rest = rest.substr(0, rest.find('#'));
  rest = rest.substr(0, rest.find('?'));
  if (rest.rfind("//", 0) != 0) return std::nullopt;
  std::string_view authority = rest.substr(2, rest.find('/', 2) == std::string_view::npos ? std::string_view::npos
                                                                                          : rest.find('/', 2) - 2);
  size_t at = authority.rfind('@');
  std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (!host.empty() && host[0] == '[') return std::nullopt;  // IPv6 literals: not checked here
  size_t colon = host.find(':');
  if (colon != std::string_view::npos) {
    std::string_view port = host.substr(colon + 1);
    for (char c : port)
      if (c < '0' || c > '9') return "invalid port \"" + std::string(host.substr(colon)) + "\" after host";
    host = host.substr(0, colon);
  }
  for (char c : host) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) continue;
    if (std::string_view("-_.~!$&'()*+,;=:[]<>\"%").find(c) != std::string_view::npos) continue;
    return "invalid character \"" + std::string(1, c) + "\" in host name";
  }
  return std::nullopt;
}

// Go's url.Parse, as far as the go command's checks depend on it.
std::optional<std::string> ParseUrl(std::string_view raw, ParsedUrl* out) {
  std::string quoted = "parse " + GoQuote(RedactUrl(raw)) + ": ";  // go prints the password; godiag never does
  for (char c : raw) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return quoted + "net/url: invalid control character in URL";
  }
  // getScheme
  size_t i = 0;
  for (; i < raw.size(); ++i) {
    char c = raw[i];
    if (IsLetter(c)) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) {
        i = std::string_view::npos;
        break;
      }
      continue;
    }
    if (c == ':') {
      if (i == 0) return quoted + "missing protocol scheme";
      break;
    }
    i = std::string_view::npos;  // invalid character: no scheme
    break;
  }
  if (i != std::string_view::npos && i < raw.size()) {
    out->scheme = std::string(raw.substr(0, i));
    for (auto& ch : out->scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out->rest = std::string(raw.substr(i + 1));
    if (auto err = CheckAuthority(out->rest)) return quoted + *err;
    return std::nullopt;
  }
  out->scheme.clear();
  out->rest = std::string(raw);
  // No scheme: a colon in the first path segment is an error.
  std::string_view r = raw;
  size_t q = r.find('?');
  if (q != std::string_view::npos) r = r.substr(0, q);
  size_t slash = r.find('/');
  if (r.substr(0, slash).find(':') != std::string_view::npos)
    return quoted + "first path segment in URL cannot contain colon";
  return std::nullopt;
}

std::optional<std::string> ValidateProxyUrl(const std::string& url) {
  ParsedUrl u;
  if (auto err = ParseUrl(url, &u)) return err;
  const std::string redacted = RedactUrl(url);
  if (u.scheme == "http" || u.scheme == "https") return std::nullopt;
  if (u.scheme == "file") {
    // Only a path: "file:///abs/path" (empty host, no user, query, fragment) or "file:/abs".
    const std::string& r = u.rest;
    bool only_path = false;
    if (r.rfind("///", 0) == 0) only_path = true;          // empty authority
    else if (r.rfind("//", 0) == 0) only_path = false;     // has a host
    else only_path = !r.empty() && r[0] == '/';             // rootless/opaque forms are not paths
    if (r.find('?') != std::string::npos || r.find('#') != std::string::npos) only_path = false;
    if (!only_path) return "invalid file:// proxy URL with non-path elements: " + redacted;
    return std::nullopt;
  }
  if (u.scheme.empty()) return "invalid proxy URL missing scheme: " + redacted;
  return "invalid proxy URL scheme (must be https, http, file): " + redacted;
}

bool IsAbsolutePath(std::string_view s) { return !s.empty() && s[0] == '/'; }

}  // namespace

std::string RedactUrl(std::string_view url) {
  std::string s(url);
  size_t scheme = s.find("://");
  if (scheme == std::string::npos) return s;
  size_t start = scheme + 3;
  size_t end = s.find_first_of("/?#", start);
  std::string authority = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at == std::string::npos) return s;
  std::string userinfo = authority.substr(0, at);
  size_t colon = userinfo.find(':');
  if (colon == std::string::npos) return s;  // user only: Go keeps it
  return s.substr(0, start) + userinfo.substr(0, colon) + ":xxxxx" + authority.substr(at) +
         (end == std::string::npos ? "" : s.substr(end));
}

core::ProxyList ParseGoProxy(std::string_view goproxy, std::string_view gonoproxy_effective) {
  core::ProxyList list;
  list.value = std::string(goproxy);
  if (!gonoproxy_effective.empty() && goproxy != "direct") {
    list.entries.push_back({core::ProxyKind::kNoProxy, "", "noproxy", false, core::Fallback::kOnNotFound});
  }
  std::string_view rest = goproxy;
  bool stopped = false;
  while (!rest.empty()) {
    size_t sep = rest.find_first_of(",|");
    std::string_view raw = sep == std::string_view::npos ? rest : rest.substr(0, sep);
    core::Fallback fallback = sep != std::string_view::npos && rest[sep] == '|' ? core::Fallback::kOnAnyError
                                                                                : core::Fallback::kOnNotFound;
    rest = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 1);
    std::string_view entry = TrimSpace(raw);
    if (entry.empty()) continue;
    if (stopped) {
      list.ignored.emplace_back(entry);
      continue;
    }
    if (entry == "off" || entry == "direct") {
      core::ProxyKind kind = entry == "off" ? core::ProxyKind::kOff : core::ProxyKind::kDirect;
      list.entries.push_back({kind, std::string(entry), std::string(entry), false, fallback});
      stopped = true;
      continue;
    }
    std::string url(entry);
    bool added = false;
    if (url.find_first_of(".:/") != std::string::npos && url.find(":/") == std::string::npos && !IsAbsolutePath(url)) {
      url = "https://" + url;
      added = true;
    }
    if (auto err = ValidateProxyUrl(url)) {
      list.error = *err;
      list.bad_entry = std::string(entry);
      return list;
    }
    list.entries.push_back({core::ProxyKind::kUrl, std::string(entry), url, added, fallback});
  }
  if (list.entries.empty() || (list.entries.size() == 1 && list.entries[0].kind == core::ProxyKind::kNoProxy))
    list.error = "GOPROXY list is not the empty string, but contains no entries";
  return list;
}

}  // namespace godiag::codec

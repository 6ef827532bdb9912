#include "platform/http_url_text.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace godiag::platform::detail {

namespace {

constexpr const char* kRedacted = "xxxxx";

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = AsciiLower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/// [start, end) of the userinfo of `url` ("user:pass"), or nullopt.
std::optional<std::pair<size_t, size_t>> UserinfoSpan(std::string_view url) {
  size_t sep = url.find("://");
  size_t start = sep == std::string_view::npos ? 0 : sep + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  return std::make_pair(start, start + at);
}

/// The password of user:pass@ as written ("" when none).
std::string UserinfoPassword(const std::string& url) {
  auto span = UserinfoSpan(url);
  if (!span) return "";
  size_t colon = url.find(':', span->first);
  if (colon == std::string::npos || colon > span->second) return "";
  return url.substr(colon + 1, span->second - colon - 1);
}

void ReplaceAll(std::string& text, const std::string& secret) {
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 5)) {
    text.replace(at, secret.size(), kRedacted);
  }
}

}  // namespace

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), AsciiLower);
  return out;
}

std::string_view Trim(std::string_view s) {
  const char* space = " \t\r\n";
  size_t first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

std::string Scheme(std::string_view url) {
  size_t sep = url.find("://");
  return sep == std::string_view::npos ? "" : Lower(url.substr(0, sep));
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    int hi = s[i] == '%' && i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
    int lo = hi >= 0 ? HexValue(s[i + 2]) : -1;
    if (lo < 0) {
      out.push_back(s[i]);
      continue;
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

std::string RedactUserinfo(const std::string& url) {
  auto span = UserinfoSpan(url);
  if (!span) return url;
  size_t colon = url.find(':', span->first);
  if (colon == std::string::npos || colon > span->second) return url;
  return url.substr(0, colon + 1) + kRedacted + url.substr(span->second);
}

std::vector<std::string> SecretsOf(const HttpRequest& request, const HttpTransport& transport) {
  std::vector<std::string> secrets{request.password, UserinfoPassword(request.url),
                                   UserinfoPassword(transport.http_proxy), UserinfoPassword(transport.https_proxy)};
  for (size_t i = 1, n = secrets.size(); i < n; ++i) secrets.push_back(PercentDecode(secrets[i]));
  for (const std::string& header : request.headers) {
    size_t colon = header.find(':');
    if (colon != std::string::npos) secrets.emplace_back(Trim(std::string_view(header).substr(colon + 1)));
  }
  secrets.erase(std::remove(secrets.begin(), secrets.end(), std::string()), secrets.end());
  // Longest first, so that a secret containing another is replaced whole.
  std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return secrets;
}

std::string Scrubbed(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) ReplaceAll(text, secret);
  return text;
}

}  // namespace godiag::platform::detail

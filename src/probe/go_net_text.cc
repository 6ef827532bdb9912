#include "probe/go_net_text.h"

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <vector>

namespace godiag::probe {

namespace {

const char* GoStatusTextOf(int code) {
  switch (code) {
    case 200: return "OK";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// mime.ParseMediaType reduced to what formatErrorDetail needs: type and charset.
bool IsPlainTextWithKnownCharset(std::string_view content_type) {
  std::string ct = Lower(content_type);
  size_t semi = ct.find(';');
  if (Trim(ct.substr(0, semi)) != "text/plain") return false;
  std::string charset;
  while (semi != std::string::npos) {
    size_t next = ct.find(';', semi + 1);
    std::string param = Trim(ct.substr(semi + 1, next == std::string::npos ? std::string::npos : next - semi - 1));
    if (param.starts_with("charset=")) {
      charset = param.substr(8);
      if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') charset = charset.substr(1, charset.size() - 2);
    }
    semi = next;
  }
  return charset.empty() || charset == "utf-8" || charset == "us-ascii";
}

// Decodes one UTF-8 code point; returns false for invalid sequences.
bool NextRune(std::string_view s, size_t& i, char32_t& r) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return false;
  r = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 2) return false;
    r = (r << 6) | (cc & 0x3f);
  }
  static const char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (r < kMin[len] || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return false;
  i += len;
  return true;
}

// unicode.IsGraphic || unicode.IsSpace, approximated: control characters are neither
// (except the spaces \t \n \v \f \r and U+0085), everything else printable counts.
bool GraphicOrSpace(char32_t r) {
  if (r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == 0x85) return true;
  if (r < 0x20 || (r >= 0x7f && r < 0xa0)) return false;
  if (r == 0x2028 || r == 0x2029 || (r >= 0x200b && r <= 0x200f) || r == 0xfeff) return r == 0x2028 || r == 0x2029;
  return true;
}

// The first lines the go command keeps (errorDetailBuffer keeps 9 lines).
std::string_view FirstLines(std::string_view body, int lines) {
  size_t pos = 0;
  for (int i = 0; i < lines; ++i) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) return body;
    pos = nl + 1;
  }
  return body.substr(0, pos);
}

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    out.push_back(s.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) return out;
    start = nl + 1;
  }
}

std::string UrlPort(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  size_t close = rest.rfind(']');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (close == std::string_view::npos || colon > close))
    return std::string(rest.substr(colon + 1));
  return url.starts_with("http://") ? "80" : "443";
}

// "Nov 29 00:00:00 2026 GMT" → "2026-11-29T00:00:00Z" (Go's time format in x509 errors).
std::string GoTime(std::string_view openssl_time) {
  std::tm tm{};
  std::string s(openssl_time);
  if (strptime(s.c_str(), "%b %d %H:%M:%S %Y", &tm) == nullptr) return s;
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string NowGoTime() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsIpLiteral(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;
  for (char c : host)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  return !host.empty();
}

// Names of one kind from "DNS:a, IP Address:1.2.3.4".
std::vector<std::string> AltNames(std::string_view alt, std::string_view prefix) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < alt.size()) {
    size_t comma = alt.find(',', pos);
    std::string item = Trim(alt.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (item.starts_with(prefix)) out.push_back(item.substr(prefix.size()));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? std::string(sep) : "") + v[i];
  return out;
}

// net/http's wording when the HTTP proxy in between fails, from libcurl's message.
std::string GoProxyError(const std::string& curl_text) {
  size_t to = curl_text.find("Failed to connect to ");
  size_t port = curl_text.find(" port ");
  if (to != std::string::npos && port != std::string::npos && port > to) {
    std::string host = curl_text.substr(to + 21, port - to - 21);
    std::string num = curl_text.substr(port + 6, curl_text.find_first_not_of("0123456789", port + 6) - port - 6);
    return "proxyconnect tcp: dial tcp " + host + ":" + num + ": connect: connection refused";
  }
  if (size_t res = curl_text.find("resolve proxy: "); res != std::string::npos)
    return "proxyconnect tcp: dial tcp: lookup " + Trim(curl_text.substr(res + 15)) + ": no such host";
  if (size_t resp = curl_text.find("response "); resp != std::string::npos) {
    int code = std::atoi(curl_text.c_str() + resp + 9);  // CONNECT answered non-200: Go says the status text
    if (code > 0 && *GoStatusTextOf(code)) return GoStatusTextOf(code);
  }
  return "proxyconnect tcp: " + curl_text;
}

}  // namespace

std::string GoStatus(int code, std::string_view reason) {
  std::string text = reason.empty() ? GoStatusTextOf(code) : std::string(reason);
  return std::to_string(code) + (text.empty() ? "" : " " + text);
}

std::string GoServerDetail(std::string_view content_type, std::string_view body) {
  if (!IsPlainTextWithKnownCharset(content_type)) return "";
  std::string_view s = FirstLines(body, 9);
  for (size_t i = 0; i < s.size();) {
    char32_t r = 0;
    if (!NextRune(s, i, r) || !GraphicOrSpace(r)) return "";
  }
  std::string detail;
  auto lines = SplitLines(s);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (Trim(lines[i]).empty()) break;
    if (i > 0) detail += "\n\t";
    if (i >= 8) {
      detail += "[Truncated: too many lines.]";
      break;
    }
    if (detail.size() + lines[i].size() > 8 * 81) {
      detail += "[Truncated: too long.]";
      break;
    }
    detail += lines[i];
  }
  return detail;
}

std::string GoHttpError(std::string_view url, int code, std::string_view reason, std::string_view content_type,
                        std::string_view body) {
  std::string out = "reading " + std::string(url) + ": " + GoStatus(code, reason);
  std::string detail = GoServerDetail(content_type, body);
  if (!detail.empty())
    out += "\n\tserver response:" + std::string(detail.find('\n') == std::string::npos ? " " : "\n\t") + detail;
  return out;
}

namespace {

bool DnsNameMatches(std::string_view pattern, std::string_view host) {
  std::string p = Lower(pattern), h = Lower(host);
  if (p == h) return true;
  if (!p.starts_with("*.")) return false;
  size_t dot = h.find('.');
  return dot != std::string::npos && h.substr(dot) == p.substr(1);
}

std::string CommonName(std::string_view subject) {
  size_t cn = subject.find("CN");
  if (cn == std::string_view::npos) return "";
  size_t i = cn + 2;
  while (i < subject.size() && (subject[i] == ' ' || subject[i] == '=')) ++i;
  size_t end = subject.find_first_of(",/", i);
  return Trim(subject.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
}

// crypto/x509 VerifyHostname and HostnameError.Error on the leaf; "" when the name matches.
std::string HostnameError(std::string_view host, const platform::TlsCertInfo& leaf) {
  bool ip = IsIpLiteral(host);
  auto names = AltNames(leaf.alt_names, ip ? "IP Address:" : "DNS:");
  for (const auto& n : names)
    if (ip ? n == host : DnsNameMatches(n, host)) return "";
  if (Trim(leaf.alt_names).empty() && !ip && DnsNameMatches(CommonName(leaf.subject), host))
    return "x509: certificate relies on legacy Common Name field, use SANs instead";
  if (ip && names.empty())
    return "x509: cannot validate certificate for " + std::string(host) + " because it doesn't contain any IP SANs";
  if (names.empty()) return "x509: certificate is not valid for any names, but wanted to match " + std::string(host);
  return "x509: certificate is valid for " + Join(names, ", ") + ", not " + std::string(host);
}

}  // namespace

std::string GoX509Error(std::string_view host, const platform::HttpResponse& r) {
  std::string verify = Lower(r.tls_verify_text);
  std::string text = Lower(r.error_text);
  const platform::TlsCertInfo* leaf = r.chain.empty() ? nullptr : &r.chain.front();
  // crypto/tls checks the host name before it builds a chain.
  if (leaf) {
    std::string name_error = HostnameError(host, *leaf);
    if (!name_error.empty()) return name_error;
  } else if (text.find("subject name") != std::string::npos || verify.find("hostname mismatch") != std::string::npos) {
    return "x509: certificate is not valid for " + std::string(host);
  }
  if (verify.find("expired") != std::string::npos)
    return "x509: certificate has expired or is not yet valid: current time " + NowGoTime() + " is after " +
           (leaf ? GoTime(leaf->not_after) : std::string("its NotAfter"));
  if (verify.find("not yet valid") != std::string::npos)
    return "x509: certificate has expired or is not yet valid: current time " + NowGoTime() + " is before " +
           (leaf ? GoTime(leaf->not_before) : std::string("its NotBefore"));
  return "x509: certificate signed by unknown authority";
}

std::string GoTransportError(std::string_view url, std::string_view host, const platform::HttpResponse& r) {
  std::string get = "Get \"" + std::string(url) + "\": ";
  std::string port = UrlPort(url);
  std::string text = Lower(r.error_text);
  switch (r.error) {
    case platform::NetError::kDns: return get + "dial tcp: lookup " + std::string(host) + ": no such host";
    case platform::NetError::kConnect:
      return get + "dial tcp " + (r.remote_ip.empty() ? std::string(host) : r.remote_ip) + ":" + port +
             (text.find("timed out") != std::string::npos ? ": i/o timeout" : ": connect: connection refused");
    case platform::NetError::kTlsVerify: return get + "tls: failed to verify certificate: " + GoX509Error(host, r);
    case platform::NetError::kTlsHandshake: return get + "remote error: tls: handshake failure (" + r.error_text + ")";
    case platform::NetError::kTimeout:
      return get + "no complete answer within the probe's deadline (the go command has no deadline of its own "
                   "for module downloads and keeps waiting)";
    case platform::NetError::kReset:
      return get + (text.find("reset") != std::string::npos ? "read: connection reset by peer" : "EOF");
    case platform::NetError::kInsecureRedirect: {
      // url.Error names the request that was refused: the redirect's target.
      size_t to = r.error_text.rfind(" to insecure URL ");
      std::string target = to == std::string::npos ? std::string(url) : r.error_text.substr(to + 17);
      return "Get \"" + target + "\": " + r.error_text;
    }
    case platform::NetError::kTooManyRedirects:
      return "Get \"" + (r.redirects.empty() ? std::string(url) : r.redirects.back()) + "\": " + r.error_text;
    case platform::NetError::kProxy: return get + GoProxyError(r.error_text);
    default: return get + r.error_text;
  }
}

bool LooksLikeHtml(std::string_view content_type, std::string_view body) {
  if (Lower(content_type).find("text/html") != std::string::npos) return true;
  std::string head = Lower(Trim(body.substr(0, 512)));
  return head.starts_with("<!doctype html") || head.starts_with("<html");
}

std::string UrlHost(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with('[')) return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(rest.substr(0, rest.find(':')));
}

}  // namespace godiag::probe

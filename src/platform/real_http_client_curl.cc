// RealHttpClient: libcurl's multi interface for http:// and https://, POSIX reads for file://.
//
// One Fetch owns one CURLM; every request is a Transfer whose easy handle is configured anew
// for each hop. libcurl never follows redirects itself: a 3xx hop finishes, is checked the way
// the go command's http.Client checks it (at most 10, never https -> http, credentials only to
// the original host) and the same handle restarts on the target. When the chain is wanted but
// the hop did not show it (a verification failure, or a reused connection), one more
// connect-only handshake with verification off reads the certificates the server presents.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "platform/posix_spawn.h"
#include "platform/real_http_client.h"

namespace godiag::platform {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr size_t kMaxRedirects = 10;
constexpr std::chrono::milliseconds kPollSlice{20};  // longest curl_multi_poll wait: the deadline's precision
constexpr size_t kFileChunk = 64 * 1024;
constexpr const char* kRedacted = "xxxxx";

// ---------------------------------------------------------------------------------------------
// RAII for libcurl objects

struct EasyCleanup {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct MultiCleanup {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct SlistCleanup {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct UrlCleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlFree {
  void operator()(char* p) const { curl_free(p); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
using MultiHandle = std::unique_ptr<CURLM, MultiCleanup>;
using HeaderList = std::unique_ptr<curl_slist, SlistCleanup>;
using UrlHandle = std::unique_ptr<CURLU, UrlCleanup>;
using CurlString = std::unique_ptr<char, CurlFree>;

void InitCurlOnce() {
  // Function-local static: initialised exactly once, other callers wait for it.
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init;
}

// ---------------------------------------------------------------------------------------------
// Strings and URLs

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

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

/// Lower-case scheme before "://", "" when there is none.
std::string Scheme(std::string_view url) {
  size_t sep = url.find("://");
  return sep == std::string_view::npos ? "" : Lower(url.substr(0, sep));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = AsciiLower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/// %XX sequences decoded; malformed ones kept as they are.
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

UrlHandle ParseUrl(const std::string& url) {
  UrlHandle u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return nullptr;
  return u;
}

std::string UrlPart(CURLU* u, CURLUPart part) {
  char* raw = nullptr;
  if (curl_url_get(u, part, &raw, 0) != CURLUE_OK || raw == nullptr) return "";
  CurlString owned(raw);
  return owned.get();
}

/// Lower-case host name without IPv6 brackets; "" when the URL does not parse.
std::string UrlHost(const std::string& url) {
  UrlHandle u = ParseUrl(url);
  std::string host = u ? Lower(UrlPart(u.get(), CURLUPART_HOST)) : "";
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return host;
}

/// `location` (absolute, scheme-relative or relative) resolved against `base`.
std::optional<std::string> ResolveLocation(const std::string& base, const std::string& location) {
  UrlHandle u = ParseUrl(base);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK) return std::nullopt;
  std::string resolved = UrlPart(u.get(), CURLUPART_URL);
  if (resolved.empty()) return std::nullopt;
  return resolved;
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

/// Like Go's url.Redacted: the password of user:pass@ replaced with "xxxxx".
std::string RedactUserinfo(const std::string& url) {
  auto span = UserinfoSpan(url);
  if (!span) return url;
  size_t colon = url.find(':', span->first);
  if (colon == std::string::npos || colon > span->second) return url;
  return url.substr(0, colon + 1) + kRedacted + url.substr(span->second);
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

/// Every credential a transfer could leak into a message: passwords (raw and decoded) and
/// the values of the extra headers.
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

// ---------------------------------------------------------------------------------------------
// NO_PROXY the way libcurl 7.x applies it (only needed to report used_proxy on libcurl older
// than 8.7, which has no CURLINFO_USED_PROXY).

/// Address bytes of an IPv4 or IPv6 literal (4 or 16 of them), empty when not an address.
std::vector<unsigned char> AddressBytes(const std::string& text) {
  unsigned char buf[16];
  if (::inet_pton(AF_INET, text.c_str(), buf) == 1) return {buf, buf + 4};
  if (::inet_pton(AF_INET6, text.c_str(), buf) == 1) return {buf, buf + 16};
  return {};
}

bool AddressInCidr(const std::vector<unsigned char>& host, std::string_view entry) {
  size_t slash = entry.find('/');
  std::vector<unsigned char> net = AddressBytes(std::string(entry.substr(0, slash)));
  if (net.empty() || net.size() != host.size()) return false;
  size_t bits = net.size() * 8;
  if (slash != std::string_view::npos) {
    std::string digits(entry.substr(slash + 1));
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return false;
    bits = std::min(bits, static_cast<size_t>(std::stoul(digits.substr(0, 4))));
  }
  for (size_t i = 0; i < bits; ++i) {
    unsigned mask = 0x80u >> (i % 8);
    if ((host[i / 8] & mask) != (net[i / 8] & mask)) return false;
  }
  return true;
}

bool NameMatches(std::string_view host, std::string_view entry) {
  if (!entry.empty() && entry.front() == '.') entry.remove_prefix(1);
  std::string name = Lower(entry);
  if (name.empty()) return false;
  if (host == name) return true;
  return host.size() > name.size() && host.substr(host.size() - name.size()) == name &&
         host[host.size() - name.size() - 1] == '.';
}

[[maybe_unused]] bool NoProxyMatches(std::string host, std::string_view list) {
  if (Trim(list) == "*") return true;
  if (!host.empty() && host.back() == '.') host.pop_back();
  const std::vector<unsigned char> address = AddressBytes(host);
  size_t pos = 0;
  while (pos < list.size()) {
    size_t end = list.find_first_of(", \t", pos);
    if (end == std::string_view::npos) end = list.size();
    std::string_view entry = list.substr(pos, end - pos);
    pos = end + 1;
    if (entry.empty()) continue;
    if (entry == "*") return true;
    if (address.empty() ? NameMatches(host, entry) : AddressInCidr(address, entry)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Reading what libcurl saw

int64_t InfoUs(CURL* easy, CURLINFO info) {
  curl_off_t us = 0;
  curl_easy_getinfo(easy, info, &us);
  return static_cast<int64_t>(us);
}

double InfoMs(CURL* easy, CURLINFO info) { return static_cast<double>(InfoUs(easy, info)) / 1000.0; }

/// Timings of the hop in flight (all measured from its start) and the peer address.
void ReadHopInfo(CURL* easy, HttpResponse& r) {
  r.dns_ms = InfoMs(easy, CURLINFO_NAMELOOKUP_TIME_T);
  r.connect_ms = InfoMs(easy, CURLINFO_CONNECT_TIME_T);
  double app = InfoMs(easy, CURLINFO_APPCONNECT_TIME_T);
  r.tls_ms = app > 0 ? std::max(0.0, app - r.connect_ms) : 0;
  r.first_byte_ms = InfoMs(easy, CURLINFO_STARTTRANSFER_TIME_T);
  char* ip = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) r.remote_ip = ip;
}

void AssignCertField(TlsCertInfo& cert, std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string_view name = line.substr(0, colon);
  std::string value(Trim(line.substr(colon + 1)));
  if (name == "Subject") cert.subject = value;
  else if (name == "Issuer") cert.issuer = value;
  else if (name == "Start date") cert.not_before = value;
  else if (name == "Expire date") cert.not_after = value;
  else if (name == "X509v3 Subject Alternative Name") cert.alt_names = value;
}

/// CURLINFO_CERTINFO as TlsCertInfo, leaf first (empty when the hop made no handshake).
std::vector<TlsCertInfo> ReadCertChain(CURL* easy) {
  curl_certinfo* info = nullptr;
  std::vector<TlsCertInfo> chain;
  if (curl_easy_getinfo(easy, CURLINFO_CERTINFO, &info) != CURLE_OK || info == nullptr) return chain;
  for (int i = 0; i < info->num_of_certs; ++i) {
    TlsCertInfo cert;
    for (curl_slist* field = info->certinfo[i]; field != nullptr; field = field->next) {
      AssignCertField(cert, field->data);
    }
    chain.push_back(std::move(cert));
  }
  return chain;
}

/// OpenSSL's verify result text; `fallback` when OpenSSL gave none. libcurl presets the result
/// to X509_V_ERR_UNSPECIFIED before each handshake and its own host-name check runs after
/// OpenSSL accepted the chain, so "unspecified" means "not OpenSSL's verdict".
std::string VerifyResultText(CURL* easy, const std::string& fallback) {
  long result = X509_V_OK;
  if (curl_easy_getinfo(easy, CURLINFO_SSL_VERIFYRESULT, &result) != CURLE_OK || result == X509_V_OK ||
      result == X509_V_ERR_UNSPECIFIED) {
    return fallback;
  }
  return X509_verify_cert_error_string(result);
}

bool ProxyRefusedTunnel(CURL* easy) {
  long code = 0;
  curl_easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &code);
  return code != 0 && (code < 200 || code > 299);
}

NetError ClassifyCurlError(CURLcode code, CURL* easy, bool via_proxy) {
  if (via_proxy && ProxyRefusedTunnel(easy)) return NetError::kProxy;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return NetError::kDns;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
      return NetError::kProxy;
    case CURLE_COULDNT_CONNECT:  // through a proxy, the one connection we make is to the proxy
      return via_proxy ? NetError::kProxy : NetError::kConnect;
    case CURLE_SSL_CONNECT_ERROR:
      return NetError::kTlsHandshake;
    case CURLE_PEER_FAILED_VERIFICATION:  // also CURLE_SSL_CACERT
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return NetError::kTlsVerify;
    case CURLE_OPERATION_TIMEDOUT:
      return NetError::kTimeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return NetError::kReset;
    default:
      return NetError::kOther;
  }
}

bool IsRedirectStatus(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// ---------------------------------------------------------------------------------------------
// file://

/// The local path of a file:// URL (host empty or "localhost"), percent-decoded.
std::optional<std::string> FileUrlPath(std::string_view url) {
  std::string_view rest = url.substr(std::strlen("file://"));
  rest = rest.substr(0, rest.find_first_of("?#"));
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view host = rest.substr(0, slash);
  if (!host.empty() && Lower(host) != "localhost") return std::nullopt;
  std::string path = PercentDecode(rest.substr(slash));
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return path;
}

void SetFileError(HttpResponse& r, const std::string& op, const std::string& path, int err) {
  std::string text = op + " " + path + ": " + std::strerror(err);
  if (op == "open" && (err == ENOENT || err == ENOTDIR)) {
    r.status = 404;
    r.reason = "Not Found";
  } else if (op == "open" && (err == EACCES || err == EPERM)) {
    r.status = 403;
    r.reason = "Forbidden";
  } else {
    r.error = NetError::kFile;
  }
  r.error_text = std::move(text);  // for 404 / 403 the detail, as Go keeps the file error
}

/// Reads up to max_body bytes; counts the whole file in body_bytes. False on a read error.
bool ReadFileBody(int fd, const HttpRequest& request, off_t size, HttpResponse& r) {
  char buf[kFileChunk];
  while (r.body.size() < request.max_body) {
    size_t want = std::min(sizeof buf, request.max_body - r.body.size());
    ssize_t got = ::read(fd, buf, want);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) break;
    r.body.append(buf, static_cast<size_t>(got));
  }
  r.body_bytes = std::max(static_cast<int64_t>(r.body.size()), static_cast<int64_t>(size));
  return true;
}

void FetchFile(const HttpRequest& request, HttpResponse& r) {
  r.final_url = request.url;
  std::optional<std::string> path = FileUrlPath(request.url);
  if (!path) {
    r.error = NetError::kFile;
    r.error_text = "unsupported file URL (the host must be empty or localhost)";
    return;
  }
  Fd fd(::open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return SetFileError(r, "open", *path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return SetFileError(r, "stat", *path, errno);
  if (S_ISDIR(st.st_mode)) return SetFileError(r, "read", *path, EISDIR);
  if (!S_ISREG(st.st_mode)) {
    r.error = NetError::kFile;
    r.error_text = "read " + *path + ": not a regular file";
    return;
  }
  if (!request.head && !ReadFileBody(fd.get(), request, st.st_size, r)) {
    int err = errno;
    r.body.clear();
    r.body_bytes = 0;
    return SetFileError(r, "read", *path, err);
  }
  r.status = 200;
  r.reason = "OK";
  r.headers["content-length"] = std::to_string(st.st_size);
}

// ---------------------------------------------------------------------------------------------
// One request in the multi handle

enum class Stage {
  kRequest,  ///< an HTTP hop is in flight
  kChain,    ///< the response is final; a connect-only handshake reads the chain
  kDone,
};

struct Transfer {
  const HttpRequest* request = nullptr;
  HttpResponse* response = nullptr;
  std::vector<std::string> secrets;
  std::string url;               ///< the hop in flight
  std::string origin_host;       ///< credentials go only here
  std::string proxy;             ///< proxy URL given to libcurl for this hop ("" = none)
  bool proxy_expected = false;   ///< proxy set and not bypassed by NO_PROXY
  Stage stage = Stage::kRequest;
  bool in_multi = false;
  int64_t finished_hops_us = 0;  ///< total time of the hops before this one
  EasyHandle easy;
  HeaderList headers;
  char error[CURL_ERROR_SIZE] = {};
};

std::string ReasonPhrase(std::string_view status_line) {
  size_t code = status_line.find(' ');
  if (code == std::string_view::npos) return "";
  size_t reason = status_line.find(' ', status_line.find_first_not_of(' ', code));
  return reason == std::string_view::npos ? "" : std::string(Trim(status_line.substr(reason)));
}

void ParseHeaderLine(std::string_view line, HttpResponse& r) {
  if (line.substr(0, 5) == "HTTP/") {  // a new response (1xx, or the real one): start over
    r.headers.clear();
    r.reason = ReasonPhrase(Trim(line));
    return;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return;
  r.headers[Lower(Trim(line.substr(0, colon)))] = std::string(Trim(line.substr(colon + 1)));
}

// libcurl callbacks: C code on the other side, so nothing may escape; returning a short count
// makes libcurl abort the transfer (CURLE_WRITE_ERROR).
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  const size_t n = size * count;
  try {
    ParseHeaderLine(std::string_view(data, n), *static_cast<Transfer*>(user)->response);
  } catch (...) {
    return 0;
  }
  return n;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  const size_t n = size * count;
  auto* t = static_cast<Transfer*>(user);
  HttpResponse& r = *t->response;
  r.body_bytes += static_cast<int64_t>(n);
  if (r.body.size() >= t->request->max_body) return n;
  try {
    r.body.append(data, std::min(n, t->request->max_body - r.body.size()));
  } catch (...) {
    return 0;
  }
  return n;
}

HeaderList BuildHeaderList(const std::vector<std::string>& lines) {
  curl_slist* list = nullptr;
  for (const std::string& line : lines) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) break;
    list = grown;
  }
  return HeaderList(list);
}

void SetCommonOptions(Transfer& t) {
  CURL* e = t.easy.get();
  curl_easy_setopt(e, CURLOPT_PRIVATE, static_cast<void*>(&t));
  curl_easy_setopt(e, CURLOPT_URL, t.url.c_str());
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075700
  curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L);  // never wait for a resolver thread on removal
#endif
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  t.error[0] = '\0';
}

void SetProxyOptions(Transfer& t, const HttpTransport& transport) {
  CURL* e = t.easy.get();
  std::string scheme = Scheme(t.url);
  // A per-request proxy was already decided by the caller (Go's rules): no NO_PROXY here.
  // It applies to every hop of the request's redirects.
  const bool decided = t.request->proxy.has_value();
  t.proxy = decided ? *t.request->proxy
            : scheme == "https" ? transport.https_proxy
            : scheme == "http"  ? transport.http_proxy
                                : "";
  t.proxy_expected = !t.proxy.empty() && (decided || !NoProxyMatches(UrlHost(t.url), transport.no_proxy));
  // Both always set: libcurl then reads none of the proxy environment variables.
  curl_easy_setopt(e, CURLOPT_PROXY, t.proxy.c_str());
  curl_easy_setopt(e, CURLOPT_NOPROXY, decided ? "" : transport.no_proxy.c_str());
  curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
}

void SetTlsOptions(Transfer& t, const HttpTransport& transport, bool verify) {
  CURL* e = t.easy.get();
  // Roots only matter for https; NOCOPY: the transport outlives every handle of the batch
  // (a copy of a system bundle per handle cost more than the requests themselves).
  if (transport.ca_bundle && Scheme(t.url) == "https") {
    curl_blob blob{const_cast<char*>(transport.ca_bundle->data()), transport.ca_bundle->size(), CURL_BLOB_NOCOPY};
    curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
    curl_easy_setopt(e, CURLOPT_CAPATH, static_cast<char*>(nullptr));  // no system directory either
  }
  if (!verify) {
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
}

void SetRequestOptions(Transfer& t, const HttpTransport& transport) {
  CURL* e = t.easy.get();
  const HttpRequest& req = *t.request;
  const bool https = Scheme(t.url) == "https";
  curl_easy_setopt(e, CURLOPT_USERAGENT, transport.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, https ? long{CURL_HTTP_VERSION_2TLS} : long{CURL_HTTP_VERSION_1_1});
  curl_easy_setopt(e, CURLOPT_PIPEWAIT, https ? 1L : 0L);  // wait to multiplex rather than open more
  curl_easy_setopt(e, CURLOPT_CERTINFO, https && req.capture_chain ? 1L : 0L);
  if (req.head) curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  if (req.range) {
    std::string range = std::to_string(req.range->first) + "-";
    if (req.range->second >= 0) range += std::to_string(req.range->second);
    curl_easy_setopt(e, CURLOPT_RANGE, range.c_str());
  }
  const bool credentials = UrlHost(t.url) == t.origin_host;
  t.headers = credentials ? BuildHeaderList(req.headers) : nullptr;
  if (t.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers.get());
  if (credentials && !req.user.empty()) {
    curl_easy_setopt(e, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(e, CURLOPT_USERNAME, req.user.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, req.password.c_str());
  }
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, static_cast<void*>(&t));
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, static_cast<void*>(&t));
}

/// A TLS handshake only, trusting anything, on a connection of its own: what does the server present?
void SetChainProbeOptions(Transfer& t) {
  CURL* e = t.easy.get();
  curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_1_1});
  curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);  // a resumed session shows no chain
}

bool ProxyWasUsed(const Transfer& t) {
#if LIBCURL_VERSION_NUM >= 0x080700
  long used = 0;
  curl_easy_getinfo(t.easy.get(), CURLINFO_USED_PROXY, &used);
  return used != 0;
#else
  return t.proxy_expected;
#endif
}

/// Clears what a response learnt from the hop before a redirect.
void StartNewHop(HttpResponse& r) {
  r.status = 0;
  r.reason.clear();
  r.headers.clear();
  r.body.clear();
  r.body_bytes = 0;
}

// ---------------------------------------------------------------------------------------------
// The batch: all network requests of one Fetch

class Batch {
 public:
  Batch(const HttpTransport& transport, SteadyClock::time_point start, std::function<void()> on_finish)
      : transport_(transport), start_(start), on_finish_(std::move(on_finish)), multi_(curl_multi_init()) {
    if (!multi_) return;
    curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, long{CURLPIPE_MULTIPLEX});
    if (transport.max_per_host > 0) {
      curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(transport.max_per_host));
    }
  }
  ~Batch() {
    for (auto& t : transfers_) Detach(*t);
  }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  void Start(const HttpRequest& request, HttpResponse& response);
  void Run(SteadyClock::time_point deadline, std::chrono::milliseconds timeout);

 private:
  void Launch(Transfer& t);
  void Detach(Transfer& t);
  void Fail(Transfer& t, NetError error, const std::string& text);
  void Finish(Transfer& t);
  void Drain();
  void OnHopDone(Transfer& t, CURLcode code);
  void SetCurlError(Transfer& t, CURLcode code);
  void FollowRedirect(Transfer& t, const std::string& location);
  void AfterResponse(Transfer& t);
  void ExpireUnfinished(NetError error, const std::string& text);

  const HttpTransport& transport_;
  const SteadyClock::time_point start_;
  std::function<void()> on_finish_;
  MultiHandle multi_;                               // declared before the transfers: outlives them
  std::vector<std::unique_ptr<Transfer>> transfers_;
  size_t active_ = 0;
};

void Batch::Start(const HttpRequest& request, HttpResponse& response) {
  auto t = std::make_unique<Transfer>();
  t->request = &request;
  t->response = &response;
  t->secrets = SecretsOf(request, transport_);
  t->url = request.url;
  t->origin_host = UrlHost(request.url);
  response.final_url = request.url;
  t->easy.reset(curl_easy_init());
  Transfer& ref = *t;
  transfers_.push_back(std::move(t));
  ++active_;
  if (!multi_ || !ref.easy) return Fail(ref, NetError::kOther, "libcurl could not create a handle");
  Launch(ref);
}

/// (Re)configures the easy handle for the transfer's stage and hands it to the multi handle.
void Batch::Launch(Transfer& t) {
  Detach(t);
  curl_easy_reset(t.easy.get());
  SetCommonOptions(t);
  SetProxyOptions(t, transport_);
  if (t.stage == Stage::kChain) {
    SetTlsOptions(t, transport_, false);
    SetChainProbeOptions(t);
  } else {
    SetTlsOptions(t, transport_, !transport_.insecure_skip_verify);
    SetRequestOptions(t, transport_);
  }
  if (curl_multi_add_handle(multi_.get(), t.easy.get()) != CURLM_OK) {
    // Without the probe the answer stands, only its chain is missing.
    if (t.stage == Stage::kChain) return Finish(t);
    return Fail(t, NetError::kOther, "libcurl refused another transfer");
  }
  t.in_multi = true;
}

void Batch::Detach(Transfer& t) {
  if (t.in_multi) curl_multi_remove_handle(multi_.get(), t.easy.get());
  t.in_multi = false;
}

void Batch::Fail(Transfer& t, NetError error, const std::string& text) {
  HttpResponse& r = *t.response;
  r.status = 0;
  r.reason.clear();
  r.error = error;
  r.error_text = Scrubbed(text, t.secrets);
  Finish(t);
}

void Batch::Finish(Transfer& t) {
  if (t.stage == Stage::kDone) return;
  Detach(t);  // also closes a connect-only connection
  t.stage = Stage::kDone;
  --active_;
  if (on_finish_) on_finish_();
}

void Batch::Run(SteadyClock::time_point deadline, std::chrono::milliseconds timeout) {
  while (active_ > 0) {
    int running = 0;
    CURLMcode mc = curl_multi_perform(multi_.get(), &running);
    if (mc != CURLM_OK) return ExpireUnfinished(NetError::kOther, curl_multi_strerror(mc));
    Drain();
    if (active_ == 0) return;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) break;
    int wait_ms = static_cast<int>(std::min(left, kPollSlice).count());
    mc = curl_multi_poll(multi_.get(), nullptr, 0, wait_ms, nullptr);
    if (mc != CURLM_OK) return ExpireUnfinished(NetError::kOther, curl_multi_strerror(mc));
  }
  if (active_ > 0) {
    ExpireUnfinished(NetError::kTimeout,
                     "no complete answer within the deadline of " + std::to_string(timeout.count()) + " ms");
  }
}

void Batch::Drain() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;  // copied out: msg dies when its handle is removed
    CURLcode code = msg->data.result;
    char* priv = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
    if (priv != nullptr) OnHopDone(*reinterpret_cast<Transfer*>(priv), code);
  }
}

void Batch::OnHopDone(Transfer& t, CURLcode code) {
  HttpResponse& r = *t.response;
  CURL* e = t.easy.get();
  if (t.stage == Stage::kChain) {
    if (code == CURLE_OK) r.chain = ReadCertChain(e);
    return Finish(t);
  }
  t.finished_hops_us += InfoUs(e, CURLINFO_TOTAL_TIME_T);
  ReadHopInfo(e, r);
  r.total_ms = static_cast<double>(t.finished_hops_us) / 1000.0;
  r.used_proxy = ProxyWasUsed(t) ? RedactUserinfo(t.proxy) : "";
  if (t.request->capture_chain) r.chain = ReadCertChain(e);
  if (code != CURLE_OK) {
    SetCurlError(t, code);
    return AfterResponse(t);
  }
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  r.status = static_cast<int>(status);
  auto location = r.headers.find("location");
  if (t.request->follow_redirects && IsRedirectStatus(status) && location != r.headers.end()) {
    return FollowRedirect(t, location->second);
  }
  AfterResponse(t);
}

void Batch::SetCurlError(Transfer& t, CURLcode code) {
  HttpResponse& r = *t.response;
  CURL* e = t.easy.get();
  r.status = 0;
  r.reason.clear();
  r.error = ClassifyCurlError(code, e, ProxyWasUsed(t));
  r.error_text = Scrubbed(t.error[0] != '\0' ? t.error : curl_easy_strerror(code), t.secrets);
  if (r.error == NetError::kTlsVerify) r.tls_verify_text = Scrubbed(VerifyResultText(e, r.error_text), t.secrets);
}

void Batch::FollowRedirect(Transfer& t, const std::string& location) {
  HttpResponse& r = *t.response;
  std::optional<std::string> target = ResolveLocation(t.url, location);
  if (!target) return Fail(t, NetError::kOther, "invalid redirect location \"" + location + "\"");
  if (Scheme(t.url) == "https" && Scheme(*target) != "https") {
    return Fail(t, NetError::kInsecureRedirect,
                "redirected from secure URL " + RedactUserinfo(t.url) + " to insecure URL " + RedactUserinfo(*target));
  }
  if (r.redirects.size() >= kMaxRedirects) {
    return Fail(t, NetError::kTooManyRedirects, "stopped after " + std::to_string(kMaxRedirects) + " redirects");
  }
  r.redirects.push_back(*target);
  r.final_url = *target;
  t.url = *target;
  StartNewHop(r);
  Launch(t);
}

void Batch::AfterResponse(Transfer& t) {
  const HttpResponse& r = *t.response;
  bool want_chain = t.request->capture_chain && r.chain.empty() && Scheme(t.url) == "https" &&
                    (r.error == NetError::kNone || r.error == NetError::kTlsVerify);
  if (!want_chain) return Finish(t);
  t.stage = Stage::kChain;
  Launch(t);
}

void Batch::ExpireUnfinished(NetError error, const std::string& text) {
  const double elapsed_ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start_).count();
  for (auto& t : transfers_) {
    if (t->stage == Stage::kDone) continue;
    if (t->stage == Stage::kChain) {  // the answer is complete; only the chain is missing
      Finish(*t);
      continue;
    }
    HttpResponse& r = *t->response;
    ReadHopInfo(t->easy.get(), r);  // partial headers and body stay
    r.total_ms = elapsed_ms;
    r.used_proxy = ProxyWasUsed(*t) ? RedactUserinfo(t->proxy) : "";
    Fail(*t, error, text);
  }
}

bool IsFileUrl(const std::string& url) { return Scheme(url) == "file"; }

}  // namespace

const char* NetErrorName(NetError e) {
  switch (e) {
    case NetError::kNone: return "none";
    case NetError::kDns: return "dns";
    case NetError::kConnect: return "connect";
    case NetError::kTlsHandshake: return "tls-handshake";
    case NetError::kTlsVerify: return "tls-verify";
    case NetError::kTimeout: return "timeout";
    case NetError::kReset: return "reset";
    case NetError::kInsecureRedirect: return "insecure-redirect";
    case NetError::kTooManyRedirects: return "too-many-redirects";
    case NetError::kProxy: return "proxy";
    case NetError::kFile: return "file";
    case NetError::kOther: return "other";
  }
  return "other";
}

std::vector<HttpResponse> RealHttpClient::Fetch(const std::vector<HttpRequest>& requests,
                                                const HttpTransport& transport, std::chrono::milliseconds timeout,
                                                const HttpProgress& progress) const {
  const SteadyClock::time_point start = SteadyClock::now();
  std::vector<HttpResponse> responses(requests.size());
  size_t done = 0;
  auto tick = [&] {
    ++done;
    if (progress) progress(done, requests.size());
  };
  std::vector<size_t> network;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!IsFileUrl(requests[i].url)) {
      network.push_back(i);
      continue;
    }
    FetchFile(requests[i], responses[i]);
    tick();
  }
  if (network.empty()) return responses;
  InitCurlOnce();
  Batch batch(transport, start, tick);
  for (size_t i : network) batch.Start(requests[i], responses[i]);
  batch.Run(start + timeout, timeout);
  return responses;
}

}  // namespace godiag::platform

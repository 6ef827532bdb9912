// Per-transfer libcurl work for RealHttpClient: each hop's options (proxy, TLS, request), the
// response headers and body as they arrive, and what libcurl reports when the hop ends.
#include "platform/curl_transfer_internal.h"

#include <arpa/inet.h>
#include <openssl/x509.h>

#include <algorithm>
#include <string_view>

#include "platform/http_url_text.h"

namespace godiag::platform::detail {

namespace {

struct UrlCleanup {
  void operator()(CURLU* u) const { curl::url_cleanup(u); }
};
struct CurlFree {
  void operator()(char* p) const { curl::free(p); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlCleanup>;
using CurlString = std::unique_ptr<char, CurlFree>;

UrlHandle ParseUrl(const std::string& url) {
  UrlHandle u(curl::url());
  if (!u || curl::url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return nullptr;
  return u;
}

std::string UrlPart(CURLU* u, CURLUPart part) {
  char* raw = nullptr;
  if (curl::url_get(u, part, &raw, 0) != CURLUE_OK || raw == nullptr) return "";
  CurlString owned(raw);
  return owned.get();
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
// Reading what libcurl saw, and its errors as NetError

double InfoMs(CURL* easy, CURLINFO info) { return static_cast<double>(InfoUs(easy, info)) / 1000.0; }

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

/// OpenSSL's verify result text; `fallback` when OpenSSL gave none. libcurl presets the result
/// to X509_V_ERR_UNSPECIFIED before each handshake and its own host-name check runs after
/// OpenSSL accepted the chain, so "unspecified" means "not OpenSSL's verdict".
std::string VerifyResultText(CURL* easy, const std::string& fallback) {
  long result = X509_V_OK;
  if (curl::easy_getinfo(easy, CURLINFO_SSL_VERIFYRESULT, &result) != CURLE_OK || result == X509_V_OK ||
      result == X509_V_ERR_UNSPECIFIED) {
    return fallback;
  }
  return X509_verify_cert_error_string(result);
}

bool ProxyRefusedTunnel(CURL* easy) {
  long code = 0;
  curl::easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &code);
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

// ---------------------------------------------------------------------------------------------
// Response headers and body, and the options of each hop

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
  if (t->request->spool) {
    // The first bytes of a hop empty the file (a redirect's body is not the answer).
    auto kept = static_cast<size_t>(std::min<int64_t>(r.body_bytes, static_cast<int64_t>(t->request->max_body)));
    bool ok = (r.body_bytes > 0 || t->spool.Reset(&t->spool_error)) &&
              t->spool.Write(std::string_view(data, std::min(n, t->request->max_body - kept)), &t->spool_error);
    r.body_bytes += static_cast<int64_t>(n);
    return ok ? n : 0;  // 0: libcurl stops with CURLE_WRITE_ERROR
  }
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
    curl_slist* grown = curl::slist_append(list, line.c_str());
    if (grown == nullptr) break;
    list = grown;
  }
  return HeaderList(list);
}

void SetCommonOptions(Transfer& t) {
  CURL* e = t.easy.get();
  curl::easy_setopt(e, CURLOPT_PRIVATE, static_cast<void*>(&t));
  curl::easy_setopt(e, CURLOPT_URL, t.url.c_str());
  curl::easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
  curl::easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075700
  curl::easy_setopt(e, CURLOPT_QUICK_EXIT, 1L);  // never wait for a resolver thread on removal
#endif
  curl::easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl::easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
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
  curl::easy_setopt(e, CURLOPT_PROXY, t.proxy.c_str());
  curl::easy_setopt(e, CURLOPT_NOPROXY, decided ? "" : transport.no_proxy.c_str());
  curl::easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
}

void SetTlsOptions(Transfer& t, const HttpTransport& transport, bool verify) {
  CURL* e = t.easy.get();
  // Roots only matter for https; NOCOPY: the transport outlives every handle of the batch
  // (a copy of a system bundle per handle cost more than the requests themselves).
  if (transport.ca_bundle && Scheme(t.url) == "https") {
    curl_blob blob{const_cast<char*>(transport.ca_bundle->data()), transport.ca_bundle->size(), CURL_BLOB_NOCOPY};
    curl::easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
    curl::easy_setopt(e, CURLOPT_CAPATH, static_cast<char*>(nullptr));  // no system directory either
  }
  if (!verify) {
    curl::easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    curl::easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
}

void SetRequestOptions(Transfer& t, const HttpTransport& transport) {
  CURL* e = t.easy.get();
  const HttpRequest& req = *t.request;
  const bool https = Scheme(t.url) == "https";
  curl::easy_setopt(e, CURLOPT_USERAGENT, transport.user_agent.c_str());
  curl::easy_setopt(e, CURLOPT_HTTP_VERSION, https ? long{CURL_HTTP_VERSION_2TLS} : long{CURL_HTTP_VERSION_1_1});
  curl::easy_setopt(e, CURLOPT_PIPEWAIT, https ? 1L : 0L);  // wait to multiplex rather than open more
  curl::easy_setopt(e, CURLOPT_CERTINFO, https && req.capture_chain ? 1L : 0L);
  if (req.head) curl::easy_setopt(e, CURLOPT_NOBODY, 1L);
  if (req.range) {
    std::string range = std::to_string(req.range->first) + "-";
    if (req.range->second >= 0) range += std::to_string(req.range->second);
    curl::easy_setopt(e, CURLOPT_RANGE, range.c_str());
  }
  const bool credentials = UrlHost(t.url) == t.origin_host;
  t.headers = credentials ? BuildHeaderList(req.headers) : nullptr;
  if (t.headers) curl::easy_setopt(e, CURLOPT_HTTPHEADER, t.headers.get());
  if (credentials && !req.user.empty()) {
    curl::easy_setopt(e, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl::easy_setopt(e, CURLOPT_USERNAME, req.user.c_str());
    curl::easy_setopt(e, CURLOPT_PASSWORD, req.password.c_str());
  }
  curl::easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
  curl::easy_setopt(e, CURLOPT_HEADERDATA, static_cast<void*>(&t));
  curl::easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
  curl::easy_setopt(e, CURLOPT_WRITEDATA, static_cast<void*>(&t));
}

/// A TLS handshake only, trusting anything, on a connection of its own: what does the server present?
void SetChainProbeOptions(Transfer& t) {
  CURL* e = t.easy.get();
  curl::easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
  curl::easy_setopt(e, CURLOPT_CERTINFO, 1L);
  curl::easy_setopt(e, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_1_1});
  curl::easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
  curl::easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
  curl::easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);  // a resumed session shows no chain
}

}  // namespace

std::string UrlHost(const std::string& url) {
  UrlHandle u = ParseUrl(url);
  std::string host = u ? Lower(UrlPart(u.get(), CURLUPART_HOST)) : "";
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return host;
}

std::optional<std::string> ResolveLocation(const std::string& base, const std::string& location) {
  UrlHandle u = ParseUrl(base);
  if (!u || curl::url_set(u.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK) return std::nullopt;
  std::string resolved = UrlPart(u.get(), CURLUPART_URL);
  if (resolved.empty()) return std::nullopt;
  return resolved;
}

void ConfigureHop(Transfer& t, const HttpTransport& transport) {
  curl::easy_reset(t.easy.get());
  SetCommonOptions(t);
  SetProxyOptions(t, transport);
  if (t.stage == Stage::kChain) {
    SetTlsOptions(t, transport, false);
    SetChainProbeOptions(t);
  } else {
    SetTlsOptions(t, transport, !transport.insecure_skip_verify && !t.request->skip_verify);
    SetRequestOptions(t, transport);
  }
}

void StartNewHop(HttpResponse& r) {
  r.status = 0;
  r.reason.clear();
  r.headers.clear();
  r.body.clear();
  r.body_bytes = 0;
}

int64_t InfoUs(CURL* easy, CURLINFO info) {
  curl_off_t us = 0;
  curl::easy_getinfo(easy, info, &us);
  return static_cast<int64_t>(us);
}

void ReadHopInfo(CURL* easy, HttpResponse& r) {
  r.dns_ms = InfoMs(easy, CURLINFO_NAMELOOKUP_TIME_T);
  r.connect_ms = InfoMs(easy, CURLINFO_CONNECT_TIME_T);
  double app = InfoMs(easy, CURLINFO_APPCONNECT_TIME_T);
  r.tls_ms = app > 0 ? std::max(0.0, app - r.connect_ms) : 0;
  r.first_byte_ms = InfoMs(easy, CURLINFO_STARTTRANSFER_TIME_T);
  char* ip = nullptr;
  if (curl::easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) r.remote_ip = ip;
}

std::vector<TlsCertInfo> ReadCertChain(CURL* easy) {
  curl_certinfo* info = nullptr;
  std::vector<TlsCertInfo> chain;
  if (curl::easy_getinfo(easy, CURLINFO_CERTINFO, &info) != CURLE_OK || info == nullptr) return chain;
  for (int i = 0; i < info->num_of_certs; ++i) {
    TlsCertInfo cert;
    for (curl_slist* field = info->certinfo[i]; field != nullptr; field = field->next) {
      AssignCertField(cert, field->data);
    }
    chain.push_back(std::move(cert));
  }
  return chain;
}

bool ProxyWasUsed(const Transfer& t) {
#if LIBCURL_VERSION_NUM >= 0x080700
  long used = 0;
  curl::easy_getinfo(t.easy.get(), CURLINFO_USED_PROXY, &used);
  return used != 0;
#else
  return t.proxy_expected;
#endif
}

bool IsRedirectStatus(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

void SetCurlError(Transfer& t, CURLcode code) {
  HttpResponse& r = *t.response;
  CURL* e = t.easy.get();
  r.status = 0;
  r.reason.clear();
  r.error = ClassifyCurlError(code, e, ProxyWasUsed(t));
  r.error_text = Scrubbed(t.error[0] != '\0' ? t.error : curl::easy_strerror(code), t.secrets);
  if (r.error == NetError::kTlsVerify) r.tls_verify_text = Scrubbed(VerifyResultText(e, r.error_text), t.secrets);
}

}  // namespace godiag::platform::detail

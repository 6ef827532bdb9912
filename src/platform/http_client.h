// HTTP(S) and file:// fetching for the network probes: many requests at once under one
// deadline, with the details a diagnosis needs (timings, TLS chain, the exact failure).
// The real implementation is libcurl's multi interface (real_http_client_curl.cc); tests
// use fakes. Nothing here decides what a response means: the probes do.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godiag::platform {

struct HttpRequest {
  std::string url;                        ///< https://, http:// or file://
  bool head = false;                      ///< HEAD instead of GET
  std::optional<std::pair<int64_t, int64_t>> range;  ///< "Range: bytes=first-last"
  std::vector<std::string> headers;       ///< extra "Name: value" lines (may hold credentials: never logged)
  std::string user;                       ///< basic-auth user ("" = none); the caller only sets it for https
  std::string password;
  size_t max_body = 1 << 20;              ///< body bytes kept; the rest is counted and dropped
  bool follow_redirects = true;           ///< like Go's http.Client: at most 10, https→http refused
  bool capture_chain = false;             ///< fill HttpResponse::chain (https)
  std::optional<std::string> proxy;       ///< per-request proxy URL ("" = none); nullopt = the transport's
  bool skip_verify = false;               ///< no certificate verification (the go command's GOINSECURE go-get fetch)
  bool spool = false;                     ///< keep the body on disk (HttpResponse::spooled), not in `body`: large bodies
};

/// Settings shared by one batch: what one environment (terminal or editor) would use.
struct HttpTransport {
  std::string https_proxy;                ///< proxy URL for https requests ("" = none)
  std::string http_proxy;                 ///< proxy URL for http requests ("" = none)
  std::string no_proxy;                   ///< NO_PROXY list as given
  std::optional<std::string> ca_bundle;   ///< PEM roots to trust; nullopt = libcurl's default store
  bool insecure_skip_verify = false;
  std::string user_agent = "godiag";
  int max_per_host = 8;                   ///< parallel connections per host
};

enum class NetError {
  kNone,
  kDns,               ///< name did not resolve
  kConnect,           ///< TCP connect refused / unreachable
  kTlsHandshake,      ///< TLS failed before verification (protocol, alert)
  kTlsVerify,         ///< the certificate was not accepted (see tls_verify_text)
  kTimeout,           ///< the deadline passed before the answer was complete
  kReset,             ///< the connection was reset or closed before a full answer
  kInsecureRedirect,  ///< https redirected to http (Go refuses)
  kTooManyRedirects,  ///< more than 10
  kProxy,             ///< the HTTP proxy in between failed (CONNECT refused, proxy DNS, ...)
  kFile,              ///< file:// read error other than missing/permission
  kOther,
};

const char* NetErrorName(NetError e);

struct TlsCertInfo {
  std::string subject;
  std::string issuer;
  std::string not_before;   ///< as OpenSSL prints it, e.g. "Jan  1 00:00:00 2026 GMT"
  std::string not_after;
  std::string alt_names;    ///< subjectAltName text, e.g. "DNS:localhost, IP Address:127.0.0.1"
};

/// A body kept on disk and mapped (HttpRequest::spool).
class SpooledBody {
 public:
  virtual ~SpooledBody() = default;
  virtual std::string_view data() const = 0;
};

struct HttpResponse {
  int status = 0;                           ///< 0 when no HTTP answer arrived (and always for errors)
  std::string reason;                       ///< reason phrase from the status line ("" on HTTP/2)
  std::map<std::string, std::string> headers;  ///< lower-case names, last value wins (final hop)
  std::string body;                         ///< at most max_body bytes (empty when spooled)
  std::shared_ptr<const SpooledBody> spooled;  ///< the body of a spool request (at most max_body bytes)
  int64_t body_bytes = 0;                   ///< all bytes received
  std::string final_url;                    ///< after redirects
  std::vector<std::string> redirects;       ///< Location targets followed, in order
  NetError error = NetError::kNone;
  std::string error_text;                   ///< libcurl's detailed message, or the file error
  std::string tls_verify_text;              ///< OpenSSL's verify result text when kTlsVerify
  std::vector<TlsCertInfo> chain;           ///< presented chain, leaf first (also on kTlsVerify)
  std::string remote_ip;
  std::string used_proxy;                   ///< proxy URL the request went through ("" = none)
  double dns_ms = 0, connect_ms = 0, tls_ms = 0, first_byte_ms = 0, total_ms = 0;

  /// The body kept, wherever it is.
  std::string_view Body() const { return spooled ? spooled->data() : std::string_view(body); }
};

/// Called from the fetching thread as requests finish: (done, total).
using HttpProgress = std::function<void(size_t, size_t)>;

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// Runs all requests concurrently; returns one response per request, in order. Requests
  /// still running at the deadline end with kTimeout. Never throws for network failures.
  virtual std::vector<HttpResponse> Fetch(const std::vector<HttpRequest>& requests, const HttpTransport& transport,
                                          std::chrono::milliseconds timeout, const HttpProgress& progress = {}) const = 0;
  /// Starts getting ready for Fetch in the background (the real client loads libcurl), so that a
  /// command sure to use the network overlaps that with its other work. Optional.
  virtual void Warm() const {}
};

}  // namespace godiag::platform

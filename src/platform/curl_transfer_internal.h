// One request of RealHttpClient's batch as libcurl sees it: the Transfer, its easy handle
// configured anew for each hop, and what a finished hop tells. Private to platform/real_*.cc:
// this header includes <curl/curl.h> (through curl_api.h).
#pragma once

#include "platform/curl_api.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/http_client.h"
#include "platform/spool_file.h"

namespace godiag::platform::detail {

// RAII for the libcurl objects a Transfer owns.
struct EasyCleanup {
  void operator()(CURL* h) const { curl::easy_cleanup(h); }
};
struct SlistCleanup {
  void operator()(curl_slist* l) const { curl::slist_free_all(l); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
using HeaderList = std::unique_ptr<curl_slist, SlistCleanup>;

/// Where a transfer stands.
enum class Stage {
  kRequest,  ///< an HTTP hop is in flight
  kChain,    ///< the response is final; a connect-only handshake reads the chain
  kDone,
};

/// One request of the batch, across its hops. Owned by the batch and never moved: libcurl keeps
/// its address (CURLOPT_PRIVATE, the callbacks' user data, the error buffer).
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
  SpoolFile spool;               ///< the body of a spool request
  std::string spool_error;       ///< why the body could not be kept on disk
};

/// Lower-case host name without IPv6 brackets; "" when the URL does not parse.
std::string UrlHost(const std::string& url);

/// `location` (absolute, scheme-relative or relative) resolved against `base`.
std::optional<std::string> ResolveLocation(const std::string& base, const std::string& location);

/// curl_easy_reset, then every option of the transfer's stage for the hop to t.url: the request
/// (extra headers and credentials only to the origin host), or a connect-only handshake with
/// verification off that reads the chain the server presents.
void ConfigureHop(Transfer& t, const HttpTransport& transport);

/// Clears what a response learnt from the hop before a redirect.
void StartNewHop(HttpResponse& r);

/// A CURLINFO_*_T time of the hop, in microseconds.
int64_t InfoUs(CURL* easy, CURLINFO info);

/// Timings of the hop in flight (all measured from its start) and the peer address.
void ReadHopInfo(CURL* easy, HttpResponse& r);

/// CURLINFO_CERTINFO as TlsCertInfo, leaf first (empty when the hop made no handshake).
std::vector<TlsCertInfo> ReadCertChain(CURL* easy);

/// The hop went through t.proxy (before libcurl 8.7: the proxy was set and NO_PROXY kept it).
bool ProxyWasUsed(const Transfer& t);

/// 301, 302, 303, 307 or 308: the statuses Go's http.Client follows.
bool IsRedirectStatus(long status);

/// Records a failed hop in the response: no status, the NetError, libcurl's message and (for
/// kTlsVerify) OpenSSL's verdict, every secret of the transfer scrubbed.
void SetCurlError(Transfer& t, CURLcode code);

}  // namespace godiag::platform::detail

// The real HttpClient: libcurl's multi interface for http:// and https:// (one multi handle per
// Fetch, all requests concurrent under one deadline, redirects followed here the way Go's
// http.Client and the go command do) and plain POSIX reads for file://.
#pragma once

#include <chrono>
#include <vector>

#include "platform/http_client.h"

namespace godiag::platform {

class RealHttpClient final : public HttpClient {
 public:
  /// Thread-safe: each call owns its handles; libcurl is initialised once per process.
  std::vector<HttpResponse> Fetch(const std::vector<HttpRequest>& requests, const HttpTransport& transport,
                                  std::chrono::milliseconds timeout, const HttpProgress& progress = {}) const override;
  /// Loads libcurl on a background thread (it is loaded on first use, not at start-up).
  void Warm() const override;
};

}  // namespace godiag::platform

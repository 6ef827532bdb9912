// Which HTTP proxy the go command uses for a request: net/http.ProxyFromEnvironment of
// Go 1.26 (its vendored golang.org/x/net/http/httpproxy), including Go's url.Parse of
// the proxy values and NO_PROXY matching.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace godiag::codec {

/// The proxy variables as Go 1.26 reads them.
struct ProxyEnv {
  std::string http_proxy, https_proxy, no_proxy;
  std::string http_from, https_from, no_from;  ///< variable that supplied each value; "" = none
  bool cgi = false;  ///< REQUEST_METHOD non-empty: an HTTP_PROXY that applies is refused
};

/// HTTP_PROXY before http_proxy, HTTPS_PROXY before https_proxy, NO_PROXY before no_proxy:
/// the first non-empty one wins (Go 1.26; newer x/net puts lowercase first).
ProxyEnv ReadProxyEnv(const std::map<std::string, std::string>& env);

struct ProxyChoice {
  /// Go's url.String() of the proxy; "" = direct. May hold a password: show it through
  /// RedactUrl (go_proxy.h).
  std::string proxy_url;
  std::string reason;  ///< why, e.g. "HTTPS_PROXY", "NO_PROXY entry .corp.example matches"
  std::optional<std::string> error;  ///< the error Go returns (CGI refusal of HTTP_PROXY)
  /// Go's parse error for a proxy value that it silently ignores (then goes direct);
  /// the value's password redacted.
  std::optional<std::string> unusable;
};

/// The proxy for one request URL (http and https only; other schemes go direct). Non-ASCII
/// host names get Go's IDNA, its UTS #46 mapping reduced to lowercasing Latin, Greek and
/// Cyrillic letters (no NFKC, no other scripts' case mapping).
ProxyChoice ChooseProxy(const ProxyEnv& e, std::string_view request_url);

}  // namespace godiag::codec

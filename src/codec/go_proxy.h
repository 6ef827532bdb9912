// GOPROXY parsed exactly as cmd/go's proxyList and newProxyRepo do (facts §3).
#pragma once

#include <string>
#include <string_view>

#include "core/go_settings.h"

namespace godiag::codec {

/// The go command's list: implicit leading noproxy when GONOPROXY is non-empty and GOPROXY
/// is not "direct"; entries split on ',' and '|' (the separator after an entry is its
/// fallback); trimmed; off/direct end the list; https:// added to scheme-less hosts; the
/// first invalid entry's error in go's words; the "contains no entries" error.
core::ProxyList ParseGoProxy(std::string_view goproxy, std::string_view gonoproxy_effective);

/// URL with its password replaced by "xxxxx", like Go's url.URL.Redacted.
std::string RedactUrl(std::string_view url);

}  // namespace godiag::codec

// Turns raw HTTP answers of module proxies into EndpointChecks and into the outcome the
// go command would see (modfetch proxyRepo: getBytes, Stat's JSON check). Pure.
#pragma once

#include <string>

#include "core/net.h"
#include "platform/http_client.h"
#include "probe/proxy_walk.h"

namespace godiag::probe {

/// One GOPROXY protocol request: what, for which module, at which URL of which proxy base
/// (credentials removed in the result).
core::EndpointCheck ClassifyEndpoint(const std::string& what, const std::string& module, const std::string& url,
                                     const std::string& base, const platform::HttpResponse& r);

/// Host reachability and TLS details from the first answer of an origin.
core::HostCheck HostFromResponse(const std::string& url, const platform::HttpResponse& r);

/// The go command's outcome for one source, from its endpoints in request order: the first
/// failing one decides (404/410 are not-found; everything else is an error).
SourceOutcome OutcomeOf(const std::vector<const core::EndpointCheck*>& endpoints);

}  // namespace godiag::probe

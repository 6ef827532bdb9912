// A module's origin for GOPROXY's "direct": the repository the go command would clone
// (known hosting rules or the ?go-get=1 meta tag), whether it answers, whether the VCS
// tool exists and GOVCS allows it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/net.h"
#include "core/snapshot.h"
#include "platform/http_client.h"
#include "probe/proxy_walk.h"

namespace godiag::probe {

/// The repository for a module path when a static host rule applies (github.com,
/// bitbucket.org, …): {vcs, repo URL}; empty vcs when the go command must ask the server.
std::pair<std::string, std::string> KnownRepo(const std::string& module);

/// The go-import meta tag of a ?go-get=1 page whose prefix covers `module`: {prefix, vcs, repo}.
std::optional<std::vector<std::string>> FindGoImport(std::string_view html, const std::string& module);

/// The URL to ask first: the repository's git smart-HTTP refs when known, else ?go-get=1.
std::string DirectProbeUrl(const std::string& module);

/// Fills a DirectCheck from the answer to DirectProbeUrl (for a GOINSECURE module, the
/// answer the go command keeps: https without verification, else plain http).
core::DirectCheck ReadDirect(const std::string& module, const std::string& url, const platform::HttpResponse& r,
                             const std::map<std::string, std::string>& tool_paths, bool insecure = false);

/// The go command's outcome for "direct" from a DirectCheck and the route's GOVCS rule.
SourceOutcome DirectOutcome(const core::DirectCheck& d, const core::Route& route);

}  // namespace godiag::probe

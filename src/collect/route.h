// Parses one environment's Go settings and computes, per module, how the go command would
// fetch and verify it (modfetch lookup + proxyList + useSumDB + GOINSECURE + GOVCS).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/snapshot.h"

namespace godiag::collect {

/// GOPROXY, GOSUMDB, the pattern lists (GONOPROXY/GONOSUMDB default to GOPRIVATE), GOVCS,
/// GOFLAGS, GO111MODULE and GOTOOLCHAIN, from effective values.
core::ParsedSettings ParseSettings(const std::map<std::string, std::string>& go_env);

core::Route ComputeRoute(const core::ParsedSettings& s, std::string_view module, std::string_view version);

}  // namespace godiag::collect

// `go env -json` under a given environment: what the go command really resolves.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

/// Parses `go env -json` output: a flat JSON object of strings.
core::Expected<std::map<std::string, std::string>> ParseGoEnvJson(std::string_view text);

/// Runs `<go_path> env -json` in `cwd` with exactly `env`. A missing or broken go is
/// recorded in the result (ok=false, error), never returned as a godiag error.
core::GoEnvRun CollectGoEnv(const platform::Platform& p, const std::string& label,
                            const std::string& go_path, const std::map<std::string, std::string>& env,
                            const std::string& cwd, std::chrono::milliseconds timeout);

}  // namespace godiag::collect

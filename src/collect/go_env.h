// `go env -json` under a given environment: what the go command really resolves.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

/// Parses `go env -json` output: a flat JSON object of strings.
core::Expected<std::map<std::string, std::string>> ParseGoEnvJson(std::string_view text);

/// The variables godiag reads from `go env`. Asked for by name, none makes the go command run
/// the C compiler: cmd/go's envcmd does that only with no name or for CGO_CFLAGS, CGO_CPPFLAGS,
/// CGO_CXXFLAGS, CGO_FFLAGS, CGO_LDFLAGS, PKG_CONFIG or GOGCCFLAGS (`gcc -###`, ~half its time).
const std::vector<std::string>& ModelledGoEnvNames();

/// Runs `<go_path> env -json [NAMES...]` in `cwd` with exactly `env` (no names: every variable).
/// A missing or broken go is recorded in the result (ok=false, error), never returned as a
/// godiag error.
core::GoEnvRun CollectGoEnv(const platform::Platform& p, const std::string& label,
                            const std::string& go_path, const std::map<std::string, std::string>& env,
                            const std::string& cwd, std::chrono::milliseconds timeout,
                            const std::vector<std::string>& names = {});

}  // namespace godiag::collect

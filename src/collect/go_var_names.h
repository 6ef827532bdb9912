// Variables that look like the go command's but are not (GOPRIVTE, GO_PRIVATE, GONOSUMCHECK):
// the go command ignores them silently, so the setting the user meant stays unset.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/snapshot.h"

namespace godiag::collect {

/// The variable of the go command that `name` most likely means, when `name` is not one of
/// its variables (internal/cfg KnownEnv) nor another well-known name; nullopt otherwise.
/// Only variables whose absence changes fetching, verification or the build are suggested.
std::optional<std::string> MeantGoVariable(std::string_view name);

/// Every such variable set in the terminal's environment, the login shell's, the user's go
/// env file, go.toolsEnvVars or gopls build.env, once per name and place.
std::vector<core::MisspelledGoVar> FindMisspelledGoVars(const core::Snapshot& snap);

}  // namespace godiag::collect

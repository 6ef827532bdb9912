// go.mod and go.work read as golang.org/x/mod/modfile does, for the directives godiag
// needs (module, go, toolchain, require, use); errors in x/mod's "path:line: message" form.
#pragma once

#include <string_view>

#include "core/go_settings.h"

namespace godiag::codec {

core::GoModFile ParseGoMod(std::string_view text, std::string_view path);
core::GoModFile ParseGoWork(std::string_view text, std::string_view path);

/// modfile.GoVersionRE: "1.21", "1.21.0", "1.21rc1".
bool MatchesGoVersionRE(std::string_view v);

}  // namespace godiag::codec

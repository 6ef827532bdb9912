// GOFLAGS parsed exactly as cmd/go's InitGOFLAGS (quoted.Split + flag-name checks).
#pragma once

#include <string>
#include <string_view>

#include "core/go_settings.h"

namespace godiag::codec {

/// Splits and checks GOFLAGS with go's texts: "go: parsing $GOFLAGS: non-flag %q",
/// "go: parsing $GOFLAGS: unknown flag -%s", "go: parsing $GOFLAGS: unterminated ' string".
core::GoFlags ParseGoFlags(std::string_view value);

/// True when some go subcommand defines flag `name` (cmd/go's hasFlag(Go, name)).
bool IsKnownGoFlag(std::string_view name);

/// vscode-go's rewrite: removes the -json / --json fields from GOFLAGS.
std::string StripJsonFromGoFlags(std::string_view value);

}  // namespace godiag::codec

// GO111MODULE and GOTOOLCHAIN parsed as the go command does, and the toolchain selection
// of cmd/go/internal/toolchain (which Go runs for a workspace, or the error it prints).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/go_settings.h"

namespace godiag::codec {

/// "" and on = module mode; auto; off; else "go: unknown environment setting GO111MODULE=%s".
core::Go111Module ParseGo111Module(std::string_view value);

/// GOTOOLCHAIN forms of select.go with its exact error texts (without the "go: " prefix).
core::GoToolchain ParseGoToolchain(std::string_view value);

struct ToolchainChoice {
  std::string target;                ///< toolchain the go command runs, e.g. "go1.23.0" (local toolchain name if no switch)
  bool switches = false;             ///< target differs from the local toolchain
  std::optional<std::string> error;  ///< the go command's error when it must refuse (TooNewError text)
};

/// What the go command selects given GOTOOLCHAIN, the local toolchain (e.g. "go1.22.1") and
/// the go/toolchain lines of the main go.mod or go.work (`file` = "go.mod" or "go.work").
ToolchainChoice SelectToolchain(const core::GoToolchain& gotoolchain, std::string_view local_toolchain,
                                std::string_view go_line, std::string_view toolchain_line, std::string_view file);

}  // namespace godiag::codec

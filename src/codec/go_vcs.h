// GOVCS parsed and evaluated exactly as cmd/go/internal/vcs does (facts §6).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/go_settings.h"

namespace godiag::codec {

/// parseGOVCS with its exact errors; built-in rules private:all, public:git|hg appended.
core::GovcsConfig ParseGovcs(std::string_view value);

struct GovcsDecision {
  std::string rule;   ///< "public:git|hg" as written, "" when none matched
  bool allowed = false;
  std::optional<std::string> error;  ///< "GOVCS disallows using git for public x; see 'go help vcs'"
};

/// Whether `vcs` may be used for `repo_root` (private = matches GOPRIVATE).
GovcsDecision DecideGovcs(const core::GovcsConfig& cfg, std::string_view goprivate, std::string_view repo_root,
                          std::string_view vcs);

}  // namespace godiag::codec

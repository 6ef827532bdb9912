// The workspace as the go command sees it from a folder: go.mod upward, go.work (GOWORK or
// upward), nested modules below the folder, and vendor/ consistency.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

/// Differences between go.mod's requirements and vendor/modules.txt, in the go command's
/// words ("M@V: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt").
std::vector<std::string> CheckVendorConsistency(const core::GoModFile& gomod, std::string_view modules_txt);

/// `scan_nested`: also list go.mod files below `dir` (depth 6, at most 200).
core::Workspace CollectWorkspace(const platform::Platform& p, const std::string& dir, const std::string& gowork_env,
                                 bool scan_nested = true);

}  // namespace godiag::collect

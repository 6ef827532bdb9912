// Golden files: compare output with tests/golden/<name>; GODIAG_UPDATE_GOLDEN=1 rewrites them.
#pragma once

#include <string>

namespace godiag::testing {

/// "" when `actual` equals the golden file (or it was rewritten), else a description of the mismatch.
std::string CheckGolden(const std::string& name, const std::string& actual);

}  // namespace godiag::testing

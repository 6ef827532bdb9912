// The engine: rules x Snapshot -> sorted findings.
#pragma once

#include <vector>

#include "core/rule.h"

namespace godiag::core {

/// Runs every rule; a rule that throws becomes an internal finding, never an abort.
std::vector<Finding> RunRules(const Snapshot& snapshot, const std::vector<Rule>& rules);

}  // namespace godiag::core

// The engine: rules x Snapshot -> sorted findings.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/rule.h"

namespace godiag::core {

/// Runs every rule; a rule that throws becomes an internal finding, never an abort. A finding
/// whose rule follows from another rule's finding for the same side is linked to it
/// (LinkConsequences).
std::vector<Finding> RunRules(const Snapshot& snapshot, const std::vector<Rule>& rules);

/// Links each finding to the first root finding of a rule its rule follows from (same side,
/// or either side-less; sharing a topic of `about` when both name some): `caused_by` on it,
/// `consequences` on the cause. Chains end at the
/// root cause, raised to the severity of its
/// worst consequence. `follows_from` maps rule id -> the rule ids it follows from.
void LinkConsequences(std::vector<Finding>& findings,
                      const std::map<std::string, std::vector<std::string>>& follows_from);

}  // namespace godiag::core

// Rules check the terminal's environment and, where a value differs, the editor's.
#pragma once

#include <functional>
#include <string>

#include "core/rule.h"
#include "core/snapshot.h"

namespace godiag::rules {

/// Calls `fn` for the terminal side, then for the editor side when its `var` value differs
/// (so one misconfiguration shared by both is reported once).
void ForEachSide(const core::Snapshot& s, const std::string& var, const std::function<void(const core::EnvSide&)>& fn);

/// A finding whose subject and message say which environment it is about.
core::Finding MakeSideFinding(const core::RuleInfo& rule, const core::EnvSide& side, const std::string& subject,
                              const std::string& message);

}  // namespace godiag::rules

// Rules check the terminal's environment and, where a value differs, the editor's.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/rule.h"
#include "core/snapshot.h"

namespace godiag::rules {

/// Calls `fn` for the terminal side, then for the editor side when its `var` value differs
/// (so one misconfiguration shared by both is reported once). A side where `var` is unknown
/// is skipped: no rule fires on a value that could not be had.
void ForEachSide(const core::Snapshot& s, const std::string& var, const std::function<void(const core::EnvSide&)>& fn);

/// A finding whose subject and message say which environment it is about.
core::Finding MakeSideFinding(const core::RuleInfo& rule, const core::EnvSide& side, const std::string& subject,
                              const std::string& message);

/// How to report a setting the go command rejects.
struct SettingErrorReport {
  std::string var;                                                          ///< e.g. "GOFLAGS"
  std::function<std::optional<std::string>(const core::ParsedSettings&)> error_of;  ///< go's error, if any
  std::function<std::string(const core::EnvSide&, const std::string&)> message;     ///< from side and error
  std::string fix_value;                                                    ///< value the fix sets ("" = unset)
  std::string fix_why;
};

/// One finding per side whose parsed setting has an error: the variable as evidence and a fix.
void ReportSettingError(const core::Snapshot& s, const core::RuleInfo& rule, std::vector<core::Finding>& out,
                        const SettingErrorReport& r);

}  // namespace godiag::rules

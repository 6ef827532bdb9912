// Small helpers shared by the rule files: evidence from the Snapshot's values.
#pragma once

#include <string>

#include "core/finding.h"
#include "core/snapshot.h"

namespace godiag::rules {

/// Evidence for variable `name` of one environment side: its value and the source that set it.
core::Evidence VarEvidence(const core::EnvSide& side, const std::string& name);

/// The value of `name` in a side ("" when unset).
std::string Value(const core::EnvSide& side, const std::string& name);

/// True when the value of `name` could not be had in a side (see EnvValue::unknown).
bool IsUnknown(const core::EnvSide& side, const std::string& name);

/// True when `name` is set (non-empty or explicitly empty in an env file) in a side.
bool IsSet(const core::EnvSide& side, const std::string& name);

/// "path:line" or "" when the source has no file.
std::string Location(const core::ValueSource& s);

/// Fix that sets a go variable where it was set: `go env -w`, or the settings key.
core::Fix SetVarFix(const core::EnvSide& side, const std::string& name, const std::string& value,
                    const std::string& why);

/// Quote a value for a POSIX shell command line.
std::string ShellQuote(const std::string& s);

}  // namespace godiag::rules

// godiag's exit codes (listed in --help); the only place they are defined.
#pragma once

namespace godiag::cli {

enum class ExitCode : int {
  kOk = 0,         ///< nothing at or above --fail-on
  kFindings = 1,   ///< findings at or above --fail-on
  kUsage = 2,      ///< bad command line
  kToolError = 3,  ///< godiag itself failed
};

inline int ToInt(ExitCode c) { return static_cast<int>(c); }

}  // namespace godiag::cli

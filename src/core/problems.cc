#include "core/problems.h"

namespace godiag::core {

const char* ProblemSeverityName(ProblemSeverity s) {
  switch (s) {
    case ProblemSeverity::kError: return "error";
    case ProblemSeverity::kWarning: return "warning";
    case ProblemSeverity::kInfo: return "info";
    case ProblemSeverity::kHint: return "hint";
  }
  return "error";
}

const char* SeenByName(SeenBy s) {
  switch (s) {
    case SeenBy::kEditor: return "editor";
    case SeenBy::kTerminal: return "terminal";
    case SeenBy::kBoth: return "both";
  }
  return "editor";
}

const char* CauseKindName(CauseKind k) {
  switch (k) {
    case CauseKind::kNone: return "none";
    case CauseKind::kEnv: return "env";
    case CauseKind::kGoBinary: return "go-binary";
    case CauseKind::kBuildFlag: return "build-flag";
    case CauseKind::kOtherPort: return "other-port";
    case CauseKind::kTestFile: return "test-file";
    case CauseKind::kIgnoredFile: return "ignored-file";
    case CauseKind::kExcludedFile: return "excluded-file";
    case CauseKind::kAnalysis: return "analysis";
    case CauseKind::kOfflineReload: return "offline-reload";
    case CauseKind::kImportReason: return "import-reason";
    case CauseKind::kOldGopls: return "old-gopls";
    case CauseKind::kGoplsOnlyCheck: return "compiler-only";
    case CauseKind::kErrorLimit: return "error-limit";
    case CauseKind::kStale: return "stale";
    case CauseKind::kWorkspaceRoot: return "workspace-root";
    case CauseKind::kModuleHygiene: return "module-hygiene";
  }
  return "none";
}

}  // namespace godiag::core

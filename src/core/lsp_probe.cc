#include "core/lsp_probe.h"

namespace godiag::core {

const char* PhaseStatusName(PhaseStatus s) {
  switch (s) {
    case PhaseStatus::kOk: return "ok";
    case PhaseStatus::kFailed: return "failed";
    case PhaseStatus::kTimeout: return "timeout";
    case PhaseStatus::kSkipped: return "skipped";
  }
  return "?";
}

}  // namespace godiag::core

#include "core/finding.h"

#include <tuple>

namespace godiag::core {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "info";
}

bool FindingLess(const Finding& a, const Finding& b) {
  return std::make_tuple(-static_cast<int>(a.severity), a.id, a.subject, a.message) <
         std::make_tuple(-static_cast<int>(b.severity), b.id, b.subject, b.message);
}

}  // namespace godiag::core

#include "core/report.h"

#include <regex>

namespace godiag::core {

Counts CountFindings(const std::vector<Finding>& findings) {
  Counts c;
  for (const auto& f : findings) {
    switch (f.severity) {
      case Severity::kError: ++c.errors; break;
      case Severity::kWarning: ++c.warnings; break;
      case Severity::kInfo: ++c.infos; break;
    }
  }
  return c;
}

std::string RedactSecrets(const std::string& text) {
  // scheme://user:password@host -> scheme://user:xxxxx@host (go's url.Redacted form);
  // scheme://token@host -> scheme://xxxxx@host.
  static const std::regex kUserPass(R"(([A-Za-z][A-Za-z0-9+.-]*://)([^/@:\s]*):([^/@\s]*)@)");
  static const std::regex kUserOnly(R"(([A-Za-z][A-Za-z0-9+.-]*://)([^/@:\s]+)@)");
  std::string out = std::regex_replace(text, kUserPass, "$1$2:xxxxx@");
  out = std::regex_replace(out, kUserOnly, "$1xxxxx@");
  return out;
}

}  // namespace godiag::core

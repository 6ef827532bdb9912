#include "core/rule.h"

namespace godiag::core {

std::string RuleDocUrl(const std::string& id) {
  return "docs/rules.md#" + id;  // in the godiag source tree; rendered by `godiag rules --format markdown`
}

Finding MakeFinding(const RuleInfo& rule, std::string subject, std::string message) {
  Finding f;
  f.id = rule.id;
  f.severity = rule.severity;
  f.title = rule.title;
  f.subject = std::move(subject);
  f.message = std::move(message);
  f.doc_url = RuleDocUrl(rule.id);
  return f;
}

}  // namespace godiag::core

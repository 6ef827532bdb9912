#include "core/rule.h"

namespace godiag::core {

std::string RuleDocUrl(const std::string& id) {
  return "https://github.com/godiag/godiag/blob/main/docs/rules.md#" + id;
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

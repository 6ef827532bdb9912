#include "core/engine.h"

#include "core/report.h"

#include <algorithm>
#include <exception>

namespace godiag::core {

std::vector<Finding> RunRules(const Snapshot& snapshot, const std::vector<Rule>& rules) {
  std::vector<Finding> findings;
  for (const auto& rule : rules) {
    try {
      rule.check(snapshot, rule.info, findings);
    } catch (const std::exception& e) {
      Finding f = MakeFinding(RuleInfo{"godiag.rule.crashed", Severity::kWarning,
                                       "A godiag rule failed", "", "", ""},
                              rule.info.id, "rule " + rule.info.id + " failed: " + e.what());
      findings.push_back(std::move(f));
    }
  }
  for (auto& f : findings) {
    f.message = RedactSecrets(f.message);
    for (auto& e : f.evidence) e.value = RedactSecrets(e.value);
    for (auto& x : f.fixes) {
      x.description = RedactSecrets(x.description);
      if (x.command) x.command = RedactSecrets(*x.command);
    }
  }
  std::stable_sort(findings.begin(), findings.end(), FindingLess);
  return findings;
}

}  // namespace godiag::core

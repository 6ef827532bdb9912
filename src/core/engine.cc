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
  std::map<std::string, std::vector<std::string>> follows_from;
  for (const auto& rule : rules)
    if (!rule.info.follows_from.empty()) follows_from[rule.info.id] = rule.info.follows_from;
  LinkConsequences(findings, follows_from);
  std::stable_sort(findings.begin(), findings.end(), FindingLess);  // a cause may have been raised
  return findings;
}

namespace {

bool SameSide(const Finding& a, const Finding& b) { return a.side.empty() || b.side.empty() || a.side == b.side; }

// A stale gopls whose GOFLAGS differ explains a vendoring error in its log, not a TLS one.
bool SameTopic(const Finding& a, const Finding& b) {
  if (a.about.empty() || b.about.empty()) return true;
  return std::any_of(a.about.begin(), a.about.end(),
                     [&](const std::string& t) { return std::find(b.about.begin(), b.about.end(), t) != b.about.end(); });
}

// The finding that explains `f`, following causes to the root; nullptr when none.
const Finding* CauseOf(const std::vector<Finding>& findings, const Finding& f,
                       const std::map<std::string, std::vector<std::string>>& follows_from, int depth) {
  auto rule = follows_from.find(f.id);
  if (rule == follows_from.end() || depth > 8) return nullptr;
  for (const auto& cause_id : rule->second) {
    for (const auto& g : findings) {
      if (&g == &f || g.id != cause_id || !SameSide(f, g) || !SameTopic(f, g)) continue;
      const Finding* root = CauseOf(findings, g, follows_from, depth + 1);
      return root != nullptr && root != &f ? root : &g;
    }
  }
  return nullptr;
}

}  // namespace

void LinkConsequences(std::vector<Finding>& findings,
                      const std::map<std::string, std::vector<std::string>>& follows_from) {
  std::vector<std::pair<size_t, size_t>> links;  // (consequence, cause)
  for (size_t i = 0; i < findings.size(); ++i) {
    if (const Finding* cause = CauseOf(findings, findings[i], follows_from, 0))
      links.emplace_back(i, static_cast<size_t>(cause - findings.data()));
  }
  for (auto [i, c] : links) {
    // A cause is never itself explained, and an explained finding explains nothing (no cycles).
    if (findings[c].caused_by || !findings[i].consequences.empty()) continue;
    findings[i].caused_by = FindingRef{findings[c].id, findings[c].subject};
    findings[c].consequences.push_back(FindingRef{findings[i].id, findings[i].subject});
    // A cause is as serious as what it breaks: only the cause is counted and decides the exit.
    findings[c].severity = std::max(findings[c].severity, findings[i].severity);
  }
}

}  // namespace godiag::core

// A rule: public id + what/why/fix text + a pure check over the Snapshot.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/snapshot.h"

namespace godiag::core {

struct RuleInfo {
  std::string id;        ///< public API, never renamed: "<domain>.<thing>.<problem>"
  Severity severity = Severity::kWarning;
  std::string title;     ///< one line, shown in `godiag rules`
  std::string what;      ///< what the rule detects
  std::string why;       ///< why it matters
  std::string fix;       ///< how to fix it, in general terms
  /// Rules whose finding, when present for the same side, explains this rule's: the finding
  /// is then shown as that one's consequence, not as a problem of its own.
  std::vector<std::string> follows_from = {};
  /// Public reports of real users that this rule diagnoses ("golang/go#66175"), each
  /// recreated as a test in tests/e2e/reports_test.py.
  std::vector<std::string> reports = {};
};

/// A rule's text as a row of a static table (rules that share one check).
struct RuleText {
  const char* id;
  Severity severity;
  const char* title;
  const char* what;
  const char* why;
  const char* fix;
};

/// The RuleInfo of a table row.
inline RuleInfo ToRuleInfo(const RuleText& t) { return {t.id, t.severity, t.title, t.what, t.why, t.fix}; }

/// Appends findings for one rule. Pure: reads the Snapshot only, no I/O, no globals.
using CheckFn = std::function<void(const Snapshot&, const RuleInfo&, std::vector<Finding>&)>;

struct Rule {
  RuleInfo info;
  CheckFn check;
};

/// A finding pre-filled from the rule (id, severity, title, doc url).
Finding MakeFinding(const RuleInfo& rule, std::string subject, std::string message);

/// Docs URL of a rule id.
std::string RuleDocUrl(const std::string& id);

}  // namespace godiag::core

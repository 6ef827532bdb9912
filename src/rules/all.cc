#include "rules/all.h"

namespace godiag::rules {

const std::vector<core::Rule>& AllRules() {
  static const std::vector<core::Rule> rules = [] {
    std::vector<core::Rule> out;
    AddEnvRules(out);
    AddProxyRules(out);
    AddToolchainRules(out);
    AddEditorRules(out);
    AddWorkspaceRules(out);
    AddLspRules(out);
    AddNetRules(out);
    AddSumDbVerifyRules(out);
    AddDapRules(out);
    AddLogsRules(out);
    AddProcessesRules(out);
    AddProblemsRules(out);
    for (auto& r : out)
      if (auto it = RuleReports().find(r.info.id); it != RuleReports().end()) r.info.reports = it->second;
    return out;
  }();
  return rules;
}

std::vector<core::Rule> RulesWithPrefix(const std::string& prefix) {
  std::vector<core::Rule> out;
  for (const auto& r : AllRules())
    if (r.info.id.starts_with(prefix)) out.push_back(r);
  return out;
}

const std::vector<core::Rule>& LspRules() {
  static const std::vector<core::Rule> rules = [] {
    std::vector<core::Rule> out;
    AddLspRules(out);
    return out;
  }();
  return rules;
}

}  // namespace godiag::rules

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
    return out;
  }();
  return rules;
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

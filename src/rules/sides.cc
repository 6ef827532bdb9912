#include "rules/sides.h"

#include "rules/evidence.h"

namespace godiag::rules {

void ForEachSide(const core::Snapshot& s, const std::string& var, const std::function<void(const core::EnvSide&)>& fn) {
  if (!IsUnknown(s.terminal, var)) fn(s.terminal);
  if (s.editor_side.label.empty() || IsUnknown(s.editor_side, var)) return;
  if (IsUnknown(s.terminal, var) || Value(s.editor_side, var) != Value(s.terminal, var)) fn(s.editor_side);
}

core::Finding MakeSideFinding(const core::RuleInfo& rule, const core::EnvSide& side, const std::string& subject,
                              const std::string& message) {
  bool editor = side.label == "editor";
  core::Finding f = core::MakeFinding(rule, editor ? subject + " (editor)" : subject,
                                      editor ? "In the environment the editor gives gopls: " + message : message);
  f.side = side.label;
  return f;
}

void ReportSettingError(const core::Snapshot& s, const core::RuleInfo& rule, std::vector<core::Finding>& out,
                        const SettingErrorReport& r) {
  ForEachSide(s, r.var, [&](const core::EnvSide& side) {
    std::optional<std::string> error = r.error_of(side.settings);
    if (!error) return;
    core::Finding f = MakeSideFinding(rule, side, r.var, r.message(side, *error));
    f.evidence.push_back(VarEvidence(side, r.var));
    f.fixes.push_back(SetVarFix(side, r.var, r.fix_value, r.fix_why));
    out.push_back(std::move(f));
  });
}

}  // namespace godiag::rules

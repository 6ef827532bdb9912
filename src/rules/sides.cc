#include "rules/sides.h"

#include "rules/evidence.h"

namespace godiag::rules {

void ForEachSide(const core::Snapshot& s, const std::string& var, const std::function<void(const core::EnvSide&)>& fn) {
  fn(s.terminal);
  if (s.editor_side.label.empty()) return;
  if (Value(s.editor_side, var) != Value(s.terminal, var)) fn(s.editor_side);
}

core::Finding MakeSideFinding(const core::RuleInfo& rule, const core::EnvSide& side, const std::string& subject,
                              const std::string& message) {
  bool editor = side.label == "editor";
  return core::MakeFinding(rule, editor ? subject + " (editor)" : subject,
                           editor ? "In the environment the editor gives gopls: " + message : message);
}

}  // namespace godiag::rules

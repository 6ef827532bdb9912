// Test helpers for rule tests: build Snapshots as literals and run one rule.
#pragma once

#include <string>
#include <vector>

#include "core/engine.h"
#include "core/snapshot.h"
#include "rules/all.h"

namespace godiag::rules::testutil {

/// Sets variable `name` on a side with a source.
inline void SetVar(core::EnvSide& side, const std::string& name, const std::string& value,
                   core::SourceKind kind = core::SourceKind::kProcessEnv, const std::string& path = "", int line = 0) {
  side.env[name] = core::EnvValue{value, core::ValueSource{kind, path, line, ""}, true};
}

/// A snapshot with labelled sides and nothing else.
inline core::Snapshot EmptySnapshot() {
  core::Snapshot s;
  s.workspace_dir = "/ws";
  s.terminal.label = "terminal";
  s.editor_side.label = "editor";
  s.terminal.go_env.go_path = "/usr/local/go/bin/go";
  s.terminal.go_env.ok = true;
  s.editor_side.go_env = s.terminal.go_env;
  return s;
}

/// Findings of the rule with id `id` only.
inline std::vector<core::Finding> RunRule(const core::Snapshot& s, const std::string& id) {
  for (const auto& r : AllRules()) {
    if (r.info.id == id) return core::RunRules(s, {r});
  }
  core::Finding missing;
  missing.id = "no-such-rule:" + id;
  return {missing};
}

}  // namespace godiag::rules::testutil

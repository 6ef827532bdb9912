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
  side.env[name] = core::EnvValue{value, core::ValueSource{kind, path, line, ""}, true, std::nullopt};
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
  s.editor_model.go.name = "go";
  s.editor_model.go.path = "/usr/local/go/bin/go";
  s.editor_model.go.why = "path";
  s.editor_model.go.found_by = "PATH";
  s.editor_model.go_env_ok = true;
  s.editor_model.goroot = "/usr/local/go";
  s.editor_model.gopls_go = "/usr/local/go/bin/go";
  return s;
}

/// Every variable of a side unknown for `why`, as when its go could not run.
inline void MakeUnknown(core::EnvSide& side, const std::string& why) {
  side.unknown = why;
  for (const char* name : {"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS",
                           "GOTOOLCHAIN", "GOROOT", "GOPATH", "GOVCS", "GO111MODULE"})
    side.env[name] = core::EnvValue{"", {}, false, why};
}

/// All rules run together (so that consequences link to their causes).
inline std::vector<core::Finding> RunAll(const core::Snapshot& s) { return core::RunRules(s, AllRules()); }

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

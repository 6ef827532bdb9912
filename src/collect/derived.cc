#include "collect/derived.h"

#include "codec/go_toolchain.h"
#include "codec/go_version.h"
#include "collect/go_var_names.h"
#include "collect/snapshot_builder.h"

namespace godiag::collect {

namespace {

std::string Get(const core::EffectiveEnv& env, const std::string& k) {
  auto it = env.find(k);
  return it == env.end() ? "" : it->second.value;
}

bool ProxyOff(const core::ProxyList& l) {
  for (const auto& e : l.entries) {
    if (e.kind == core::ProxyKind::kNoProxy) continue;
    return e.kind == core::ProxyKind::kOff;
  }
  return l.error.has_value();
}

void ComputeToolchain(const core::Snapshot& snap, const platform::Platform& p, core::DerivedFacts& d) {
  const core::GoModFile* file = snap.workspace.gowork ? &*snap.workspace.gowork
                                : snap.workspace.gomod ? &*snap.workspace.gomod
                                                       : nullptr;
  std::string local = snap.local_go_version;
  if (local.empty() && !snap.tools.go_on_path.empty()) local = snap.tools.go_on_path.front().version;
  if (file == nullptr || !file->go || local.empty()) return;
  d.workspace_go_line = *file->go;
  d.workspace_go_line_at = file->path + ":" + std::to_string(file->go_line);
  auto& t = d.toolchain;
  t.local = local;
  std::string name = snap.workspace.gowork ? "go.work" : "go.mod";
  const auto& s = snap.terminal.settings;
  auto choice = codec::SelectToolchain(s.gotoolchain, local, *file->go, file->toolchain.value_or(""), name);
  std::string local_vers = codec::GoVersionFromToolchain(local);
  t.needs_newer = codec::CompareGoVersions(*file->go, local_vers) > 0;
  if (choice.switches) {
    t.required = choice.target;
    t.required_by = file->toolchain && choice.target == *file->toolchain
                        ? file->path + ":" + std::to_string(file->toolchain_line)
                        : d.workspace_go_line_at;
  } else {
    t.required = "go" + *file->go;
    t.required_by = d.workspace_go_line_at;
  }
  t.error = choice.error;
  if (!choice.switches || choice.error) return;
  // Switching: found on PATH, else downloaded through GOPROXY and verified by the checksum DB.
  if (!LookPath(p.fs, choice.target, Get(snap.terminal.env, "PATH")).empty()) {
    t.switch_allowed = true;
    return;
  }
  std::string platform = p.env.Os() + "/" + p.env.Arch();
  if (s.gotoolchain.mode == core::ToolchainMode::kPath) {
    t.error = "go: cannot find \"" + choice.target + "\" in PATH";
  } else if (ProxyOff(s.goproxy)) {
    t.error = "go: download " + choice.target + " for " + platform + ": toolchain not available";
  } else if (s.gosumdb.kind == core::SumDbKind::kOff) {
    t.error = "go: golang.org/toolchain@v0.0.1-" + choice.target + "." + p.env.Os() + "-" + p.env.Arch() +
              ": verifying module: checksum database disabled by GOSUMDB=off";
  } else {
    t.switch_allowed = true;  // a download (godiag net checks that it can succeed)
  }
}

bool OlderThan(const std::string& built_with, const std::string& go_line) {
  std::string v = codec::GoVersionFromToolchain(built_with);
  return !v.empty() && !go_line.empty() && codec::CompareGoVersions(v, go_line) < 0;
}

}  // namespace

core::DerivedFacts ComputeDerived(const core::Snapshot& snap, const platform::Platform& p) {
  core::DerivedFacts d;
  ComputeToolchain(snap, p, d);
  d.gopls_older_than_go_line = OlderThan(snap.tools.gopls.built_with, d.workspace_go_line);
  d.dlv_older_than_go_line = OlderThan(snap.tools.dlv.built_with, d.workspace_go_line);
  std::string editor_path = Get(snap.editor_side.env, "PATH");
  for (const auto& [tool, setting] : snap.editor.alternate_tools) {
    std::string value = setting.value.is_string() ? setting.value.get<std::string>() : "";
    d.alternate_tool_paths[tool] = value.empty() ? "" : LookPath(p.fs, value, editor_path);
  }
  if (snap.editor.goroot && snap.editor.goroot->value.is_string())
    d.goroot_setting_is_dir =
        p.fs.Stat(snap.editor.goroot->value.get<std::string>()).type == platform::FileType::kDirectory;
  const auto& mod = snap.terminal.settings.goflags.mod;
  if (mod && *mod == "vendor") {
    d.vendor_mode = true;
    d.vendor_mode_reason = "GOFLAGS=-mod=vendor";
  } else if (!mod && snap.workspace.gomod && !snap.workspace.gowork && snap.workspace.vendor.dir_exists &&
             snap.workspace.gomod->go && codec::CompareGoVersions(*snap.workspace.gomod->go, "1.14") >= 0) {
    d.vendor_mode = true;
    d.vendor_mode_reason = "go " + *snap.workspace.gomod->go + " in go.mod and vendor/ exists";
  }
  d.misspelled_go_vars = FindMisspelledGoVars(snap);
  return d;
}

}  // namespace godiag::collect

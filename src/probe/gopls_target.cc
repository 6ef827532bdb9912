#include "probe/gopls_target.h"

#include <algorithm>

namespace godiag::probe {

namespace {

bool IsGoSource(const std::string& name) {
  return name.size() > 3 && name.ends_with(".go") && !name.ends_with("_test.go") && name[0] != '.' && name[0] != '_';
}

std::string FirstGoFileIn(const platform::FileSystem& fs, const std::string& dir) {
  auto names = fs.ListDir(dir);
  if (!names) return "";
  std::sort(names->begin(), names->end());
  if (std::find(names->begin(), names->end(), "main.go") != names->end()) return dir + "/main.go";
  for (const auto& n : *names)
    if (IsGoSource(n) && fs.Stat(dir + "/" + n).type == platform::FileType::kFile) return dir + "/" + n;
  return "";
}

}  // namespace

std::string PickGoFile(const platform::FileSystem& fs, const std::string& dir) {
  if (auto f = FirstGoFileIn(fs, dir); !f.empty()) return f;
  auto names = fs.ListDir(dir);
  if (!names) return "";
  std::sort(names->begin(), names->end());
  for (const auto& n : *names) {
    if (n.empty() || n[0] == '.' || n == "vendor" || n == "testdata") continue;
    std::string sub = dir + "/" + n;
    if (fs.Stat(sub).type != platform::FileType::kDirectory) continue;
    if (auto f = FirstGoFileIn(fs, sub); !f.empty()) return f;
  }
  return "";
}

std::optional<LspProbeOptions> EditorGoplsProbe(const core::Snapshot& snap, const platform::FileSystem& fs,
                                                int64_t client_pid, const std::string& godiag_version) {
  const core::ToolInfo& gopls = snap.tools.gopls;
  if (gopls.path.empty() || snap.editor_model.stopped || !snap.editor.use_language_server) return std::nullopt;
  LspProbeOptions o;
  o.label = "as VS Code's Go extension starts it: found by " + gopls.found_by;
  if (snap.editor_model.path_prepended) o.label += "; PATH with " + *snap.editor_model.path_prepended + " put first";
  o.spec.argv = {gopls.path};
  for (const auto& flag : snap.editor.language_server_flags) o.spec.argv.push_back(flag);
  o.spec.env = snap.editor_side.process_env.empty() ? snap.process_env : snap.editor_side.process_env;
  o.spec.cwd = snap.workspace_dir;
  o.client.version = godiag_version;
  o.client.process_id = client_pid;
  o.client.root_path = snap.workspace_dir;
  auto settings = snap.editor.merged.find("gopls");
  std::string gopls_json = settings != snap.editor.merged.end() ? settings->second.value.dump() : "{}";
  o.client.initialization_options = gopls_json;
  o.client.configuration["gopls"] = gopls_json;
  o.open_path = PickGoFile(fs, snap.workspace_dir);
  if (!o.open_path.empty()) {
    auto text = fs.ReadFile(o.open_path, 4u << 20);
    if (text) o.open_text = *text;
    else o.open_path.clear();
  }
  o.go_server = true;
  o.editor = true;
  return o;
}

}  // namespace godiag::probe

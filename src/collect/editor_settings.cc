#include "collect/editor_settings.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "collect/vscode_go_keys.h"

namespace godiag::collect {

namespace {

using core::SettingsScope;
using Json = nlohmann::json;
using StringMap = std::map<std::string, std::string>;

// Product name (VS Code's nameShort, the user-data folder) and remote-server data folder.
struct Product {
  const char* name;
  const char* server_dir;
};
constexpr Product kProducts[] = {
    {"Code", ".vscode-server"},
    {"Code - Insiders", ".vscode-server-insiders"},
    {"VSCodium", ".vscodium-server"},
};

std::string Get(const StringMap& env, const std::string& name, bool windows) {
  if (auto it = env.find(name); it != env.end()) return it->second;
  if (!windows) return "";
  for (const auto& [k, v] : env) {  // Windows environment names ignore case
    if (k.size() == name.size() &&
        std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) { return std::toupper(a) == std::toupper(b); }))
      return v;
  }
  return "";
}

char Sep(const std::string& os) { return os == "windows" ? '\\' : '/'; }

std::string Join(const std::string& os, std::string a, const std::string& b) {
  if (a.empty()) return b;
  if (a.back() != '/' && a.back() != Sep(os)) a += Sep(os);
  return a + b;
}

std::string HomeDir(const std::string& os, const StringMap& env) {
  return os == "windows" ? Get(env, "USERPROFILE", true) : Get(env, "HOME", false);
}

bool IsSep(const std::string& os, char c) { return c == '/' || (os == "windows" && c == '\\'); }

// Node's path.normalize (posix or win32 flavour, drive letters but not UNC roots).
std::string NormalizePath(const std::string& os, const std::string& path) {
  if (path.empty()) return ".";
  std::string prefix;
  size_t i = 0;
  if (os == "windows" && path.size() >= 2 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':') {
    prefix = path.substr(0, 2), i = 2;
  }
  bool absolute = i < path.size() && IsSep(os, path[i]);
  bool trailing = IsSep(os, path.back());
  std::vector<std::string> parts;
  while (i < path.size()) {
    size_t j = i;
    while (j < path.size() && !IsSep(os, path[j])) ++j;
    std::string part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.push_back(part);
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out = prefix + (absolute ? std::string(1, Sep(os)) : "");
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? std::string(1, Sep(os)) : "") + parts[k];
  if (parts.empty() && !absolute) out += ".";
  if (trailing && !parts.empty()) out += Sep(os);
  return out;
}

std::string BaseName(const std::string& os, std::string path) {
  while (path.size() > 1 && IsSep(os, path.back())) path.pop_back();
  size_t k = path.size();
  while (k > 0 && !IsSep(os, path[k - 1])) --k;
  return path.substr(k);
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// JavaScript's String(value), which Node applies to non-string env values at spawn.
std::string JsString(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string: return v.get<std::string>();
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer: return std::to_string(v.get<int64_t>());
    case Json::value_t::number_unsigned: return std::to_string(v.get<uint64_t>());
    case Json::value_t::number_float: {
      double d = v.get<double>();
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      if (d == std::floor(d) && std::fabs(d) < 1e21) return std::to_string(static_cast<int64_t>(d));
      return v.dump();
    }
    case Json::value_t::array: {
      std::string out;
      for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + (v[i].is_null() ? "" : JsString(v[i]));
      return out;
    }
    default: return "[object Object]";
  }
}

// Settings VS Code reads from user and remote settings only ("http" is an application- or
// machine-scoped section), so workspace files cannot set them.
bool IgnoredInScope(const std::string& key, SettingsScope scope) {
  bool workspace = scope == SettingsScope::kWorkspaceFile || scope == SettingsScope::kWorkspaceFolder;
  return workspace && key.rfind("http.", 0) == 0;
}

// Deep merge with a location for every JSON pointer (ConfigurationModel.mergeContents).
class Merger {
 public:
  void Apply(const ParsedSettingsFile& f) {
    for (const auto& [key, value] : f.settings->value.items()) {
      if (IgnoredInScope(key, f.file.scope)) continue;
      Merge(merged_, key, value, "/" + JsonPointerToken(key), f);
    }
  }
  const Json& merged() const { return merged_; }
  core::SettingLocation Where(const std::string& pointer) const {
    auto it = locs_.find(pointer);
    return it == locs_.end() ? core::SettingLocation{} : it->second;
  }

 private:
  void Merge(Json& parent, const std::string& key, const Json& value, const std::string& pointer,
             const ParsedSettingsFile& f) {
    locs_[pointer] = Location(f, pointer);
    auto it = parent.find(key);
    if (it != parent.end() && it->is_object() && value.is_object()) {
      for (const auto& [k, v] : value.items()) Merge(*it, k, v, pointer + "/" + JsonPointerToken(k), f);
      return;
    }
    parent[key] = value;
    std::string prefix = pointer + "/";
    for (auto l = locs_.lower_bound(prefix); l != locs_.end() && l->first.rfind(prefix, 0) == 0;) l = locs_.erase(l);
    for (auto l = f.settings->key_lines.lower_bound(prefix);
         l != f.settings->key_lines.end() && l->first.rfind(prefix, 0) == 0; ++l) {
      locs_[l->first] = Location(f, l->first);
    }
  }
  static core::SettingLocation Location(const ParsedSettingsFile& f, const std::string& pointer) {
    auto it = f.settings->key_lines.find(pointer);
    return {f.file.path, it == f.settings->key_lines.end() ? 0 : it->second, f.file.scope};
  }

  Json merged_ = Json::object();
  std::map<std::string, core::SettingLocation> locs_;
};

void CollectUnknownKeys(const ParsedSettingsFile& f, std::vector<core::UnknownSetting>& out) {
  auto where = [&](const std::string& pointer) {
    auto it = f.settings->key_lines.find(pointer);
    return core::SettingLocation{f.file.path, it == f.settings->key_lines.end() ? 0 : it->second, f.file.scope};
  };
  for (const auto& [key, value] : f.settings->value.items()) {
    std::string pointer = "/" + JsonPointerToken(key);
    if (KeyVerdict v = CheckTopLevelKey(key); !v.known) out.push_back({key, where(pointer), v.suggestion});
    if (key != "gopls" || !value.is_object()) continue;
    for (const auto& [name, unused] : value.items()) {
      KeyVerdict v = CheckGoplsKey(name);
      if (!v.known) out.push_back({"gopls." + name, where(pointer + "/" + JsonPointerToken(name)), v.suggestion});
    }
  }
}

// The member of the gopls object gopls reads as `last` ("env" -> "build.env", "env", "x.env").
const Json* GoplsMember(const Json& gopls, const std::string& preferred, const std::string& last, std::string* name) {
  if (!gopls.is_object()) return nullptr;
  if (auto it = gopls.find(preferred); it != gopls.end()) return *name = preferred, &*it;
  for (const auto& [k, v] : gopls.items()) {
    size_t dot = k.rfind('.');
    if ((dot == std::string::npos ? k : k.substr(dot + 1)) == last) return *name = k, &v;
  }
  return nullptr;
}

std::vector<std::string> Strings(const Json* v) {
  std::vector<std::string> out;
  if (v && v->is_array()) {
    for (const auto& e : *v) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

void FillEnv(const Merger& m, core::EditorSettings& s, const SubstitutionContext& ctx) {
  const Json& merged = m.merged();
  if (auto it = merged.find("go.toolsEnvVars"); it != merged.end() && it->is_object()) {
    for (const auto& [name, v] : it->items()) {
      core::EnvAssignment a{name, v.is_string() ? v.get<std::string>() : v.dump(), "",
                            m.Where("/go.toolsEnvVars/" + JsonPointerToken(name)), std::nullopt};
      if (v.is_string()) {
        a.value = SubstituteLikeVscodeGo(a.raw, ctx);
      } else {
        a.value = JsString(v);  // what Node hands the child process
        a.problem = "value is not a string (the Go extension passes it on as \"" + a.value + "\")";
      }
      s.tools_env_vars.push_back(std::move(a));
    }
  }
  auto gopls = merged.find("gopls");
  if (gopls == merged.end()) return;
  std::string env_key;
  const Json* env = GoplsMember(*gopls, "build.env", "env", &env_key);
  if (!env || !env->is_object()) return;
  for (const auto& [name, v] : env->items()) {
    // gopls applies no substitution and accepts only strings (a JSON number arrives as a
    // Go float64, which it rejects together with the rest of the setting).
    core::EnvAssignment a{name, v.is_string() ? v.get<std::string>() : v.dump(), "",
                          m.Where("/gopls/" + JsonPointerToken(env_key) + "/" + JsonPointerToken(name)), std::nullopt};
    if (v.is_string()) {
      a.value = a.raw;
    } else {
      a.problem = "value is not a string (gopls rejects the whole \"" + env_key + "\" setting: invalid map value)";
    }
    s.gopls_build_env.push_back(std::move(a));
  }
}

// vscode-go's passGoConfigToGoplsConfigValues: gopls's build.buildFlags if set, else
// go.buildFlags plus "-tags <go.buildTags>" (unless the flags already hold -tags).
std::vector<std::string> GoplsBuildFlags(const Json& merged) {
  const Json empty = Json::object();
  auto gopls = merged.find("gopls");
  const Json& g = gopls == merged.end() ? empty : *gopls;
  if (g.is_object() && g.contains("build.buildFlags")) return Strings(&g["build.buildFlags"]);
  std::vector<std::string> flags;
  if (auto f = merged.find("go.buildFlags"); f != merged.end()) flags = Strings(&*f);
  auto tags = merged.find("go.buildTags");
  if (tags != merged.end() && tags->is_string() && !tags->get<std::string>().empty() &&
      std::find(flags.begin(), flags.end(), "-tags") == flags.end()) {
    flags.push_back("-tags");
    flags.push_back(tags->get<std::string>());
  }
  if (!flags.empty()) return flags;
  std::string name;
  return Strings(GoplsMember(g, "build.buildFlags", "buildFlags", &name));
}

std::optional<core::EditorSetting> PathSetting(const core::EditorSettings& s, const std::string& key,
                                               const SubstitutionContext& ctx) {
  auto it = s.merged.find(key);
  if (it == s.merged.end() || it->second.value.is_null()) return std::nullopt;
  core::EditorSetting out = it->second;
  if (out.value.is_string()) {
    if (out.value.get<std::string>().empty()) return std::nullopt;  // vscode-go: `if (!value)`
    out.value = SubstituteLikeVscodeGo(out.value.get<std::string>(), ctx);
  }
  return out;
}

void FillGoSettings(const Merger& m, core::EditorSettings& s, const SubstitutionContext& ctx) {
  const Json& merged = m.merged();
  s.goroot = PathSetting(s, "go.goroot", ctx);
  s.gopath = PathSetting(s, "go.gopath", ctx);
  s.tools_gopath = PathSetting(s, "go.toolsGopath", ctx);
  if (auto it = merged.find("go.terminal.activateEnvironment"); it != merged.end()) {
    const Json& v = *it;  // `if (!goCfg.get('terminal.activateEnvironment'))`: JavaScript falsiness
    s.activate_environment = !(v.is_null() || v == Json(false) || (v.is_number() && v.get<double>() == 0) ||
                               (v.is_string() && v.get<std::string>().empty()));
  }
  if (auto it = s.merged.find("http.proxy"); it != s.merged.end() && it->second.value.is_string() &&
                                             !it->second.value.get<std::string>().empty()) {
    s.http_proxy = it->second;
  }
  if (auto it = merged.find("go.alternateTools"); it != merged.end() && it->is_object()) {
    for (const auto& [tool, v] : it->items()) {
      Json value = v.is_string() ? Json(SubstituteLikeVscodeGo(v.get<std::string>(), ctx)) : v;
      s.alternate_tools[tool] = {"go.alternateTools", value, m.Where("/go.alternateTools/" + JsonPointerToken(tool))};
    }
  }
  if (auto it = merged.find("go.languageServerFlags"); it != merged.end()) s.language_server_flags = Strings(&*it);
  if (auto it = merged.find("go.useLanguageServer"); it != merged.end()) s.use_language_server = *it == Json(true);
  s.gopls_build_flags = GoplsBuildFlags(merged);
}

// The product whose user and remote settings VS Code would use: Code's when several exist.
std::string ChosenProduct(const std::vector<ParsedSettingsFile>& files) {
  for (const auto& p : kProducts) {
    for (const auto& f : files) {
      if (f.file.exists && f.file.product == p.name &&
          (f.file.scope == SettingsScope::kUser || f.file.scope == SettingsScope::kRemote))
        return p.name;
    }
  }
  return "";
}

}  // namespace

std::vector<core::SettingsFile> SettingsFileCandidates(const std::string& os, const StringMap& env,
                                                       const std::string& workspace_dir) {
  const bool windows = os == "windows";
  const std::string home = HomeDir(os, env);
  // VS Code's getAppDataPath: VSCODE_APPDATA, else the platform's per-user config folder.
  std::string app_data = Get(env, "VSCODE_APPDATA", windows);
  if (app_data.empty()) {
    if (windows) {
      app_data = Get(env, "APPDATA", true);
      if (app_data.empty()) app_data = Join(os, Join(os, home, "AppData"), "Roaming");
    } else if (os == "darwin") {
      app_data = Join(os, Join(os, home, "Library"), "Application Support");
    } else {
      app_data = Get(env, "XDG_CONFIG_HOME", false);
      if (app_data.empty()) app_data = Join(os, home, ".config");
    }
  }
  std::vector<core::SettingsFile> out;
  for (const auto& p : kProducts) {
    std::string path = Join(os, Join(os, Join(os, app_data, p.name), "User"), "settings.json");
    out.push_back({path, SettingsScope::kUser, p.name, false, std::nullopt});
  }
  for (const auto& p : kProducts) {
    std::string path = Join(os, Join(os, Join(os, Join(os, home, p.server_dir), "data"), "Machine"), "settings.json");
    out.push_back({path, SettingsScope::kRemote, p.name, false, std::nullopt});
  }
  if (!workspace_dir.empty()) {
    out.push_back({Join(os, Join(os, workspace_dir, ".vscode"), "settings.json"), SettingsScope::kWorkspaceFolder, "",
                   false, std::nullopt});
  }
  return out;
}

ParsedSettingsFile ParseSettingsFile(core::SettingsFile file, std::string_view text) {
  ParsedSettingsFile out{std::move(file), std::nullopt, {}};
  out.file.exists = true;
  auto doc = ParseJsoncObject(text);
  if (!doc) {
    out.file.parse_error = out.file.path + ":" + doc.error().message;
    return out;
  }
  if (out.file.scope != SettingsScope::kWorkspaceFile) {
    out.settings = std::move(*doc);
    return out;
  }
  // A *.code-workspace: {"folders": [{"path": …}], "settings": {…}}; key lines keep their
  // place in the file but lose the "/settings" prefix.
  JsoncDocument settings{Json::object(), {}};
  if (auto it = doc->value.find("settings"); it != doc->value.end() && it->is_object()) settings.value = *it;
  for (const auto& [pointer, line] : doc->key_lines) {
    if (pointer.rfind("/settings/", 0) == 0) settings.key_lines[pointer.substr(9)] = line;
  }
  const std::string& path = out.file.path;
  size_t slash = path.find_last_of("/\\");
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  if (auto it = doc->value.find("folders"); it != doc->value.end() && it->is_array()) {
    for (const auto& folder : *it) {
      if (!folder.is_object() || !folder.contains("path") || !folder["path"].is_string()) continue;
      std::string p = folder["path"].get<std::string>();
      bool absolute = !p.empty() && (p[0] == '/' || p[0] == '\\' || (p.size() > 1 && p[1] == ':'));
      // Windows paths are told by their separators; this function has no os parameter.
      std::string os = path.find('\\') != std::string::npos ? "windows" : "linux";
      out.folders.push_back(NormalizePath(os, absolute ? p : Join(os, dir, p)));
    }
  }
  out.settings = std::move(settings);
  return out;
}

std::string SubstituteLikeVscodeGo(std::string_view value, const SubstitutionContext& ctx) {
  // substituteEnv: /\${env:([^}]+)}/g -> process.env[name.trim()] || '' (scanned by hand:
  // std::regex recurses per character and can exhaust the stack on long values).
  const std::string_view kOpen = "${env:";
  std::string out;
  size_t done = 0;
  for (size_t at = value.find(kOpen); at != std::string_view::npos; at = value.find(kOpen, at + 1)) {
    if (at < done) continue;
    size_t close = value.find('}', at + kOpen.size());
    if (close == std::string_view::npos) break;
    if (close == at + kOpen.size()) continue;  // "${env:}" does not match
    std::string name(value.substr(at + kOpen.size(), close - at - kOpen.size()));
    size_t b = name.find_first_not_of(" \t\n\r\f\v"), e = name.find_last_not_of(" \t\n\r\f\v");
    name = b == std::string::npos ? "" : name.substr(b, e - b + 1);
    out.append(value.substr(done, at - done));
    out += Get(ctx.env, name, ctx.os == "windows");
    done = close + 1;
  }
  out.append(value.substr(done));
  // resolvePath: blank input is returned as is.
  if (out.find_first_not_of(" \t\n\r\f\v") == std::string::npos) return out;
  if (!ctx.workspace_folder.empty()) {
    out = ReplaceAll(out, "${workspaceFolder}", ctx.workspace_folder);
    out = ReplaceAll(out, "${workspaceRoot}", ctx.workspace_folder);
    out = ReplaceAll(out, "${workspaceFolderBasename}", BaseName(ctx.os, ctx.workspace_folder));
  }
  // resolveHomeDir: any leading "~" (also "~user"), joined with path.join(os.homedir(), rest).
  if (!out.empty() && out[0] == '~') {
    std::string home = HomeDir(ctx.os, ctx.env), rest = out.substr(1);
    // path.join skips empty segments, then normalizes.
    out = NormalizePath(ctx.os, home.empty() ? rest : rest.empty() ? home : home + Sep(ctx.os) + rest);
  }
  return out;
}

core::EditorSettings MergeEditorSettings(const std::vector<ParsedSettingsFile>& files,
                                         const SubstitutionContext& ctx) {
  core::EditorSettings s;
  const std::string product = ChosenProduct(files);
  bool workspace_file_used = false;
  Merger merger;
  for (const auto& f : files) {
    s.files.push_back(f.file);
    if (!f.settings) continue;
    CollectUnknownKeys(f, s.unknown_keys);
    bool per_product = f.file.scope == SettingsScope::kUser || f.file.scope == SettingsScope::kRemote;
    if (per_product && f.file.product != product) continue;
    if (f.file.scope == SettingsScope::kWorkspaceFile) {
      if (workspace_file_used) continue;
      workspace_file_used = true;
    }
    merger.Apply(f);
  }
  for (const auto& [key, value] : merger.merged().items()) {
    s.merged[key] = core::EditorSetting{key, value, merger.Where("/" + JsonPointerToken(key))};
  }
  FillEnv(merger, s, ctx);
  FillGoSettings(merger, s, ctx);
  return s;
}

core::EditorSettings CollectEditorSettings(const platform::Platform& p, const std::string& workspace_dir,
                                           const StringMap& env) {
  const std::string os = p.env.Os();
  std::vector<core::SettingsFile> candidates = SettingsFileCandidates(os, env, workspace_dir);
  if (!workspace_dir.empty()) {
    if (auto names = p.fs.ListDir(workspace_dir)) {
      auto folder = candidates.end() - 1;  // the folder settings stay last
      for (const auto& name : *names) {
        const std::string ext = ".code-workspace";
        if (name.size() <= ext.size() || name.compare(name.size() - ext.size(), ext.size(), ext) != 0) continue;
        folder = candidates.insert(folder, {Join(os, workspace_dir, name), SettingsScope::kWorkspaceFile, "", false,
                                            std::nullopt}) + 1;
      }
    }
  }
  std::vector<ParsedSettingsFile> parsed;
  SubstitutionContext ctx{os, env, workspace_dir};
  bool have_workspace_file = false;
  std::vector<std::string> workspace_folders;
  for (auto& c : candidates) {
    auto text = p.fs.ReadFile(c.path, 16u << 20);
    if (!text) {
      ParsedSettingsFile missing{c, std::nullopt, {}};
      if (text.error().code != core::ErrorCode::kNotFound) {
        missing.file.exists = true;
        missing.file.parse_error = text.error().message;  // "path: reason" already
      }
      parsed.push_back(std::move(missing));
      continue;
    }
    parsed.push_back(ParseSettingsFile(c, *text));
    const auto& f = parsed.back();
    // ${workspaceFolder} is the workspace folder holding the edited file, else the first
    // folder (vscode-go getWorkspaceFolderPath). With a *.code-workspace: the listed folder
    // that is or contains our dir, else its first folder.
    if (f.file.scope == SettingsScope::kWorkspaceFile && f.settings && !have_workspace_file) {
      have_workspace_file = true;
      workspace_folders = f.folders;
      if (!f.folders.empty()) ctx.workspace_folder = f.folders.front();
      for (const auto& folder : f.folders) {
        if (workspace_dir == folder || workspace_dir.rfind(folder + Sep(os), 0) == 0) {
          ctx.workspace_folder = folder;
          break;
        }
      }
    }
  }
  core::EditorSettings settings = MergeEditorSettings(parsed, ctx);
  settings.workspace_folders = std::move(workspace_folders);
  return settings;
}

}  // namespace godiag::collect

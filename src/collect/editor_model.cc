#include "collect/editor_model.h"

#include "collect/snapshot_builder.h"

namespace godiag::collect {

namespace {

using StringMap = std::map<std::string, std::string>;

std::string Get(const ProcessEnv& env, const std::string& k) {
  auto it = env.find(k);
  return it == env.end() ? "" : it->second.value;
}

std::string StringSetting(const std::optional<core::EditorSetting>& s) {
  return s && s->value.is_string() ? s->value.get<std::string>() : "";
}

std::string Alternate(const core::EditorSettings& st, const std::string& tool) {
  auto it = st.alternate_tools.find(tool);
  return it != st.alternate_tools.end() && it->second.value.is_string() ? it->second.value.get<std::string>() : "";
}

core::ToolInfo ToInfo(const std::string& tool, const ToolFound& f) {
  core::ToolInfo t;
  t.name = tool;
  t.path = f.path;
  t.found_by = f.how;
  t.why = f.why;
  t.searched = f.searched;
  return t;
}

// What `go env` depends on, less PATH and the fill-ins: prepending GOROOT/bin and setting a
// variable to the value `go env` itself printed do not change its answer.
StringMap GoEnvInputs(const ProcessEnv& env) {
  StringMap out;
  for (const auto& [k, v] : env) {
    if (k == "PATH" || v.source.kind == core::SourceKind::kGoEnvFillIn) continue;
    if (k.starts_with("GO") || k.starts_with("CGO_") || k == "HOME" || k == "XDG_CONFIG_HOME" || k == "CC")
      out[k] = v.value;
  }
  return out;
}

std::string StopText(const std::string& why) {
  return why + "; the Go extension then stops activating and does not start gopls";
}

}  // namespace

std::string PrependToPathList(HostOs os, const std::string& path_list, const std::string& dir) {
  std::string out = dir;
  for (const auto& entry : SplitPathList(os, path_list))
    if (entry != dir) out += PathListSeparator(os) + entry;
  return out;
}

Activation ModelActivation(const platform::FileSystem& fs, const ActivationInputs& in, const GoEnvFn& go_env) {
  const core::EditorSettings& st = *in.settings;
  Activation a;
  const std::string goroot_setting = StringSetting(st.goroot);
  bool goroot_is_dir = !goroot_setting.empty() && fs.Stat(goroot_setting).type == platform::FileType::kDirectory;
  a.host = ExtensionHostEnv(in.inherited, in.inherited_kind, st, goroot_is_dir);
  a.model.activate_environment = st.activate_environment;

  ToolLookup go;
  go.tool = "go";
  go.os = in.os;
  go.alternate = Alternate(st, "go");
  go.preferred_goroot = goroot_setting;
  go.current_goroot = Get(a.host, "GOROOT");
  go.gobin = Get(a.host, "GOBIN");
  go.path = Get(a.host, "PATH");
  ToolFound found = FindToolLikeVscodeGo(fs, go);
  a.model.go = ToInfo("go", found);
  a.tools = ToolExecutionEnv(a.host, st);
  if (found.path.empty()) {
    std::string where;
    for (const auto& s : found.searched) where += (where.empty() ? "" : ", ") + s;
    a.model.stopped = StopText("the Go extension finds no go (it looked at " + where + ")");
    a.unknown = "the Go extension finds no go";
    return a;
  }
  core::GoEnvRun ext = go_env(found.path, Plain(a.tools));
  if (!ext.ok) {
    a.model.stopped = StopText("`" + found.path + " env` fails for the Go extension" +
                               (ext.error ? ": " + ext.error->substr(0, ext.error->find('\n')) : ""));
    a.unknown = "`go env` fails for the Go extension";
    a.go_env = std::move(ext);
    return a;
  }
  a.model.go_env_ok = true;
  auto goroot_it = ext.values.find("GOROOT");
  a.model.goroot = goroot_it == ext.values.end() ? "" : goroot_it->second;
  while (!a.model.goroot.empty() && (a.model.goroot.back() == ' ' || a.model.goroot.back() == '\n'))
    a.model.goroot.pop_back();
  const StringMap before = GoEnvInputs(a.tools);
  ApplyGoEnvFillIns(a.host, ext.values);
  if (found.why != "path" && a.model.activate_environment && a.host.count("PATH") != 0) {
    std::string base = JoinPath(in.os, {a.model.goroot.empty() ? Get(a.host, "GOROOT") : a.model.goroot, "bin"});
    core::EnvValue& path = a.host["PATH"];
    path.value = PrependToPathList(in.os, path.value, base);
    path.source = core::ValueSource{core::SourceKind::kExtensionPath, "", 0,
                                    "GOROOT/bin " + base + " put first: go was found by " + found.how +
                                        "; rest from " + core::DescribeSource(path.source)};
    a.model.path_prepended = base;
  }
  a.tools = ToolExecutionEnv(a.host, st);
  ProcessEnv gopls_env = WithGoplsBuildEnv(a.tools, st);
  a.model.gopls_go = LookPath(fs, "go", Get(a.tools, "PATH"));
  if (a.model.gopls_go.empty()) {
    a.unknown = "gopls finds no go on its PATH";
    a.go_env.label = "editor";
    a.go_env.error = "go command required, not found: exec: \"go\": executable file not found in $PATH";
    return a;
  }
  if (a.model.gopls_go == found.path && st.gopls_build_env.empty() && GoEnvInputs(gopls_env) == before) {
    a.go_env = std::move(ext);  // same binary, same inputs: the same answer
  } else {
    a.go_env = go_env(a.model.gopls_go, Plain(gopls_env));
  }
  if (!a.go_env.ok) a.unknown = "`go env` fails for gopls";
  return a;
}

core::ToolInfo FindEditorTool(const platform::FileSystem& fs, const std::string& tool, const Activation& a,
                              const core::EditorSettings& settings, HostOs os) {
  if (a.model.stopped) {
    core::ToolInfo t;
    t.name = tool;
    t.unknown = "not looked for: " + *a.model.stopped;
    return t;
  }
  ToolLookup l;
  l.tool = tool;
  l.os = os;
  l.alternate = Alternate(settings, tool);
  std::string gopath = StringSetting(settings.gopath);
  l.preferred_gopaths = {{"go.toolsGopath", StringSetting(settings.tools_gopath)},
                         {"GOPATH", gopath.empty() ? Get(a.host, "GOPATH") : gopath}};
  l.current_goroot = a.model.goroot.empty() ? Get(a.host, "GOROOT") : a.model.goroot;
  l.gobin = Get(a.host, "GOBIN");
  l.path = Get(a.host, "PATH");
  return ToInfo(tool, FindToolLikeVscodeGo(fs, l));
}

}  // namespace godiag::collect

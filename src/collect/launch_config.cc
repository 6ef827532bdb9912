#include "collect/launch_config.h"

#include <algorithm>

#include <fmt/format.h>

#include "collect/jsonc.h"
#include "collect/vscode_go_keys.h"

namespace godiag::collect {

using core::DapConfigProblem;
using core::DapLaunchConfig;
using nlohmann::json;

namespace {

// One configuration object with where its keys are written.
struct Candidate {
  json value;
  std::string file;
  std::map<std::string, int> lines;  // key -> line
  int line = 0;                      // the object's first key
};

std::string Where(const Candidate& c, const std::string& key = "") {
  if (c.file.empty()) return "";
  auto it = c.lines.find(key);
  int line = it != c.lines.end() ? it->second : c.line;
  return line > 0 ? fmt::format("{}:{}", c.file, line) : c.file;
}

std::string Dirname(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string Basename(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Absolute(const std::string& base, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  std::string p = path;
  if (p == ".") return base;
  if (p.rfind("./", 0) == 0) p = p.substr(2);
  return base + "/" + p;
}

void ReadCandidates(const std::string& file, const json& root, const std::map<std::string, int>& key_lines,
                    int fallback_line, std::vector<Candidate>& out, DapLaunchConfig& cfg) {
  if (!root.is_object() || !root.contains("configurations")) return;
  const json& list = root["configurations"];
  if (!list.is_array()) {
    cfg.problems.push_back({"parse", "configurations", "\"configurations\" is not an array", "", file});
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    Candidate c{list[i], file, {}, fallback_line};
    std::string prefix = fmt::format("/configurations/{}/", i);
    for (const auto& [pointer, line] : key_lines) {
      if (pointer.rfind(prefix, 0) != 0 || pointer.find('/', prefix.size()) != std::string::npos) continue;
      c.lines[pointer.substr(prefix.size())] = line;
      c.line = c.line == fallback_line || line < c.line ? line : c.line;
    }
    if (c.value.is_object()) out.push_back(std::move(c));
  }
}

std::string StringField(const Candidate& c, const char* key) {
  auto it = c.value.find(key);
  return it != c.value.end() && it->is_string() ? it->get<std::string>() : "";
}

class Resolver {
 public:
  Resolver(const LaunchInputs& in, const platform::FileSystem& fs, DapLaunchConfig& cfg)
      : in_(in), fs_(fs), cfg_(cfg) {}
  void Apply(const Candidate& c);
  void ApplyDefault();

 private:
  std::string Sub(const std::string& value, const Candidate& c, const std::string& key);
  void Problem(const Candidate& c, const std::string& kind, const std::string& key, std::string detail,
               std::string suggestion = "") {
    cfg_.problems.push_back({kind, key, std::move(detail), std::move(suggestion), Where(c, key)});
  }
  void CheckKeys(const Candidate& c);
  void Mode(const Candidate& c);
  void Program(const Candidate& c);
  void Strings(const Candidate& c, const char* key, std::vector<std::string>& out, bool allow_string);
  void BuildFlags(const Candidate& c);
  void Env(const Candidate& c);
  void Misc(const Candidate& c);
  std::string File() const;

  const LaunchInputs& in_;
  const platform::FileSystem& fs_;
  DapLaunchConfig& cfg_;
};

std::string Resolver::File() const {
  if (!in_.active_file.empty()) return in_.active_file;
  std::string dir = in_.main_dir.empty() ? in_.workspace_dir : in_.main_dir;
  auto names = fs_.ListDir(dir);
  if (names) {
    for (const auto& n : *names) {
      if (EndsWith(n, ".go") && !EndsWith(n, "_test.go")) return dir + "/" + n;
    }
  }
  return dir + "/main.go";
}

std::string Resolver::Sub(const std::string& value, const Candidate& c, const std::string& key) {
  std::vector<std::string> unresolved;
  std::string out = SubstituteLaunchVariables(value, in_, File(), &unresolved);
  for (const auto& u : unresolved) {
    Problem(c, "bad-value", key,
            "\"" + key + "\" uses " + u + ", which only VS Code can resolve (an input or a command); godiag left it as written");
  }
  return out;
}

void Resolver::CheckKeys(const Candidate& c) {
  const auto& known = KnownLaunchKeys();
  for (const auto& [key, value] : c.value.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    auto near = NearestName(key, known);
    Problem(c, "unknown-key", key,
            "\"" + key + "\" is not a launch attribute vscode-go or Delve knows; it is ignored",
            near ? *near : "");
  }
}

void Resolver::Mode(const Candidate& c) {
  auto it = c.value.find("mode");
  std::string mode = it != c.value.end() && it->is_string() ? it->get<std::string>() : "debug";
  if (it != c.value.end() && !it->is_string()) Problem(c, "bad-value", "mode", "\"mode\" is not a string");
  static const std::vector<std::string> kModes = {"auto", "debug", "test", "exec", "replay", "core"};
  if (mode == "remote") {
    Problem(c, "bad-value", "mode",
            "invalid debug configuration - unsupported 'mode' attribute \"remote\" (Delve's text; a launch request "
            "has no remote mode: use \"request\": \"attach\" with \"mode\": \"remote\")");
    mode = "debug";
  } else if (std::find(kModes.begin(), kModes.end(), mode) == kModes.end()) {
    auto near = NearestName(mode, kModes);
    Problem(c, "bad-value", "mode", "\"mode\": \"" + mode + "\" is not one of auto, debug, test, exec, replay, core",
            near ? *near : "");
    mode = "debug";
  }
  cfg_.mode = mode;
}

void Resolver::Program(const Candidate& c) {
  auto it = c.value.find("program");
  if (it == c.value.end() || !it->is_string() || it->get<std::string>().empty()) {
    Problem(c, "bad-program", "program",
            "The program attribute is missing in debug configuration. (Delve's text); godiag used the main package of "
            "the workspace");
    cfg_.program = in_.main_dir.empty() ? in_.workspace_dir : in_.main_dir;
  } else {
    cfg_.program = Absolute(in_.workspace_dir, Sub(it->get<std::string>(), c, "program"));
  }
  if (cfg_.mode == "auto") cfg_.mode = EndsWith(cfg_.program, "_test.go") ? "test" : "debug";
  auto st = fs_.Stat(cfg_.program);
  bool dir = st.type == platform::FileType::kDirectory;
  if (cfg_.mode == "exec") {
    if (st.type != platform::FileType::kFile) {
      Problem(c, "bad-program", "program", "\"program\" " + cfg_.program + " is not a file (exec mode runs a built binary)");
    }
  } else if (!dir && !(st.type == platform::FileType::kFile && EndsWith(cfg_.program, ".go"))) {
    Problem(c, "bad-program", "program",
            "The program attribute '" + cfg_.program + "' must be a valid directory or .go file in debug/test/auto modes." +
                (st.type == platform::FileType::kNone ? " (it does not exist)" : ""));
  }
  cfg_.build_dir = dir ? cfg_.program : Dirname(cfg_.program);
}

void Resolver::Strings(const Candidate& c, const char* key, std::vector<std::string>& out, bool allow_string) {
  auto it = c.value.find(key);
  if (it == c.value.end()) return;
  if (allow_string && it->is_string()) {
    out.push_back(Sub(it->get<std::string>(), c, key));
    return;
  }
  if (!it->is_array()) {
    Problem(c, "bad-value", key, fmt::format("\"{}\" must be {}an array of strings", key, allow_string ? "a string or " : ""));
    return;
  }
  for (const auto& e : *it) {
    if (e.is_string()) {
      out.push_back(Sub(e.get<std::string>(), c, key));
    } else {
      Problem(c, "bad-value", key, fmt::format("\"{}\" has an element that is not a string: {}", key, e.dump()));
    }
  }
}

void Resolver::BuildFlags(const Candidate& c) {
  auto it = c.value.find("buildFlags");
  cfg_.build_flags_string = it != c.value.end() && it->is_string();
  std::vector<std::string> flags;
  Strings(c, "buildFlags", flags, true);
  for (const auto& f : flags) {
    if (f.find("-gcflags") != std::string::npos) {
      Problem(c, "ignored-flag", "buildFlags",
              "User specified build flag '-gcflags' in 'buildFlags' is being ignored (vscode-go removes it; Delve adds "
              "its own -gcflags all=-N -l)");
      continue;
    }
    if (cfg_.build_flags_string && (f.find("-s -w") != std::string::npos)) {
      Problem(c, "bad-value", "buildFlags",
              "\"buildFlags\": \"" + f + "\" is split on spaces, so go build gets \"-w\" alone (flag provided but "
              "not defined: -w); and -s -w strips the debug info Delve needs");
    }
    cfg_.build_flags.push_back(f);
  }
}

void Resolver::Env(const Candidate& c) {
  std::vector<std::string> files;
  Strings(c, "envFile", files, true);
  for (const auto& f : files) {
    std::string path = Absolute(in_.workspace_dir, f);
    cfg_.env_file = path;
    auto text = fs_.ReadFile(path, 1u << 20);
    if (!text) {
      Problem(c, "bad-value", "envFile", "\"envFile\" " + path + " cannot be read: " + text.error().message);
      continue;
    }
    for (auto& [k, v] : ParseEnvFile(*text)) cfg_.env[k] = v;
  }
  auto it = c.value.find("env");
  if (it == c.value.end()) return;
  if (!it->is_object()) {
    Problem(c, "bad-value", "env", "\"env\" must be an object of strings");
    return;
  }
  for (const auto& [k, v] : it->items()) {
    if (v.is_string()) {
      cfg_.env[k] = Sub(v.get<std::string>(), c, "env");
    } else if (v.is_null()) {
      cfg_.env.erase(k);
    } else {
      Problem(c, "bad-value", "env", "\"env\"." + k + " is not a string (" + v.dump() + ")");
    }
  }
}

void Resolver::Misc(const Candidate& c) {
  std::string request = StringField(c, "request");
  if (!request.empty() && request != "launch") {
    Problem(c, "unsupported", "request",
            "\"request\": \"" + request + "\": godiag probes launch configurations only; it used mode debug on the program");
  }
  std::string adapter = StringField(c, "debugAdapter");
  if (!adapter.empty()) cfg_.debug_adapter = adapter;
  if (adapter == "legacy") {
    Problem(c, "unsupported", "debugAdapter",
            "\"debugAdapter\": \"legacy\" runs the old JSON-RPC adapter; godiag probes dlv dap (the default)");
  } else if (!adapter.empty() && adapter != "dlv-dap") {
    Problem(c, "bad-value", "debugAdapter", "\"debugAdapter\": \"" + adapter + "\" is not dlv-dap or legacy", "dlv-dap");
  }
  std::string cwd = StringField(c, "cwd");
  if (!cwd.empty()) {
    cfg_.cwd = Absolute(in_.workspace_dir, Sub(cwd, c, "cwd"));
    if (fs_.Stat(cfg_.cwd).type != platform::FileType::kDirectory) {
      Problem(c, "bad-value", "cwd",
              "\"cwd\" " + cfg_.cwd + " is not a directory (Delve then fails with a misleading \"fork/exec …: no such "
              "file or directory\")");
    }
  }
  auto sp = c.value.find("substitutePath");
  if (sp != c.value.end()) {
    bool ok = sp->is_array();
    for (const auto& e : ok ? *sp : json::array()) ok = ok && e.is_object() && e.contains("from") && e.contains("to");
    if (!ok) Problem(c, "bad-value", "substitutePath", "\"substitutePath\" must be an array of {\"from\": …, \"to\": …}");
  }
  if (c.value.contains("showLog")) cfg_.show_log = c.value["showLog"] == true;
  if (c.value.contains("logOutput")) cfg_.log_output = StringField(c, "logOutput");
  if (c.value.contains("dlvFlags")) cfg_.dlv_flags.clear();  // the configuration's own replace go.delveConfig's
  Strings(c, "dlvFlags", cfg_.dlv_flags, false);
  Strings(c, "args", cfg_.args, true);
  BuildFlags(c);
  Env(c);
}

void Resolver::Apply(const Candidate& c) {
  cfg_.name = StringField(c, "name");
  cfg_.source = Where(c);
  CheckKeys(c);
  Mode(c);
  Program(c);
  Misc(c);
}

void Resolver::ApplyDefault() {
  cfg_.source = "default (mode debug on the main package)";
  cfg_.mode = "debug";
  cfg_.program = in_.main_dir.empty() ? in_.workspace_dir : in_.main_dir;
  cfg_.build_dir = cfg_.program;
}

// go.delveConfig supplies defaults that a launch configuration's own fields override.
void ApplyDelveConfig(const LaunchInputs& in, DapLaunchConfig& cfg) {
  if (!in.delve_config) return;
  json dc = json::parse(*in.delve_config, nullptr, false);
  if (!dc.is_object()) return;
  if (dc.contains("dlvFlags") && dc["dlvFlags"].is_array()) {
    for (const auto& f : dc["dlvFlags"]) {
      if (f.is_string()) cfg.dlv_flags.push_back(f.get<std::string>());
    }
  }
  if (dc.contains("showLog") && dc["showLog"].is_boolean()) cfg.show_log = dc["showLog"].get<bool>();
  if (dc.contains("logOutput") && dc["logOutput"].is_string()) cfg.log_output = dc["logOutput"].get<std::string>();
  if (dc.contains("debugAdapter") && dc["debugAdapter"].is_string()) cfg.debug_adapter = dc["debugAdapter"].get<std::string>();
}

bool IsGoLaunch(const Candidate& c) {
  return StringField(c, "type") == "go" && StringField(c, "request") != "attach";
}

}  // namespace

const std::vector<std::string>& KnownLaunchKeys() {
  static const std::vector<std::string> kKeys = {
      // VS Code's own attributes
      "name", "type", "request", "preLaunchTask", "postDebugTask", "presentation", "internalConsoleOptions",
      "debugServer", "serverReadyAction", "windows", "osx", "linux",
      // vscode-go and Delve
      "mode", "program", "args", "env", "envFile", "cwd", "dlvCwd", "buildFlags", "output", "stopOnEntry", "noDebug",
      "backend", "substitutePath", "showLog", "logOutput", "logDest", "dlvFlags", "trace", "traceDirPath",
      "outputMode", "host", "port", "console", "asRoot", "showGlobalVariables", "showRegisters",
      "hideSystemGoroutines", "stackTraceDepth", "maxStringLen", "maxArrayValues", "debugAdapter", "processId",
      "waitFor", "remotePath", "coreFilePath", "apiVersion", "dlvLoadConfig", "goroot", "stdinFrom", "stdoutTo",
      "stderrTo"};
  return kKeys;
}

std::string SubstituteLaunchVariables(std::string_view value, const LaunchInputs& in, const std::string& file,
                                      std::vector<std::string>* unresolved) {
  std::string ws = in.workspace_dir;
  std::string rel = file.rfind(ws + "/", 0) == 0 ? file.substr(ws.size() + 1) : file;
  auto home = in.env.find("HOME");
  std::string base = Basename(file);
  std::map<std::string, std::string> vars = {
      {"workspaceFolder", ws}, {"workspaceRoot", ws}, {"workspaceFolderBasename", Basename(ws)},
      {"file", file}, {"fileDirname", Dirname(file)}, {"fileBasename", base},
      {"fileBasenameNoExtension", base.substr(0, base.rfind('.'))}, {"fileExtname", base.find('.') == std::string::npos ? "" : base.substr(base.rfind('.'))},
      {"relativeFile", rel}, {"relativeFileDirname", Dirname(rel)}, {"fileWorkspaceFolder", ws},
      {"cwd", ws}, {"pathSeparator", "/"}, {"/", "/"},
      {"userHome", home == in.env.end() ? "" : home->second}};
  std::string out;
  size_t i = 0;
  while (i < value.size()) {
    size_t open = value.find("${", i);
    size_t close = open == std::string_view::npos ? open : value.find('}', open);
    if (close == std::string_view::npos) {
      out.append(value.substr(i));
      break;
    }
    out.append(value.substr(i, open - i));
    std::string name(value.substr(open + 2, close - open - 2));
    if (name.rfind("env:", 0) == 0) {
      auto e = in.env.find(name.substr(4));
      out += e == in.env.end() ? "" : e->second;
    } else if (auto v = vars.find(name); v != vars.end()) {
      out += v->second;
    } else {
      out.append(value.substr(open, close - open + 1));
      if (unresolved) unresolved->push_back("${" + name + "}");
    }
    i = close + 1;
  }
  return out;
}

std::map<std::string, std::string> ParseEnvFile(std::string_view text) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    start = end == std::string_view::npos ? text.size() : end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first);
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    std::string key = line.substr(0, eq), v = line.substr(eq + 1);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
    out[key] = v;
  }
  return out;
}

core::DapLaunchConfig ResolveLaunchConfig(const LaunchInputs& in, const platform::FileSystem& fs) {
  DapLaunchConfig cfg;
  ApplyDelveConfig(in, cfg);
  std::vector<Candidate> candidates;
  if (in.launch_json) {
    auto doc = ParseJsoncObject(*in.launch_json);
    if (!doc) {
      std::string msg = doc.error().message;
      std::string line = msg.substr(0, msg.find(':'));
      cfg.problems.push_back({"parse", "", in.launch_json_path + ": " + msg, "", in.launch_json_path + ":" + line});
    } else {
      ReadCandidates(in.launch_json_path, doc->value, doc->key_lines, 0, candidates, cfg);
    }
  }
  if (in.settings_launch) {
    json launch = json::parse(*in.settings_launch, nullptr, false);
    ReadCandidates(in.settings_path, launch, {}, in.settings_line, candidates, cfg);
  }
  const Candidate* pick = nullptr;
  std::vector<std::string> names;
  for (const auto& c : candidates) names.push_back(StringField(c, "name"));
  cfg.configurations = names;
  for (const auto& c : candidates) {
    if (in.name.empty() ? IsGoLaunch(c) : StringField(c, "name") == in.name) {
      pick = &c;
      break;
    }
  }
  Resolver r(in, fs, cfg);
  if (pick) {
    r.Apply(*pick);
    return cfg;
  }
  r.ApplyDefault();
  if (!in.name.empty()) {
    auto near = NearestName(in.name, names);
    cfg.problems.push_back({"not-found", "name",
                            "no launch configuration named \"" + in.name + "\" (found: " +
                                (names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))) +
                                "); godiag probed the default configuration instead",
                            near ? *near : "", in.launch_json_path});
  }
  return cfg;
}

std::string FindMainPackageDir(const platform::FileSystem& fs, const std::string& dir) {
  auto is_main = [&](const std::string& d) {
    auto names = fs.ListDir(d);
    if (!names) return false;
    for (const auto& n : *names) {
      if (!EndsWith(n, ".go") || EndsWith(n, "_test.go")) continue;
      auto text = fs.ReadFile(d + "/" + n, 1u << 20);
      if (!text) continue;
      for (size_t at = text->find("package main"); at != std::string::npos; at = text->find("package main", at + 1)) {
        bool line_start = at == 0 || (*text)[at - 1] == '\n';
        char after = at + 12 < text->size() ? (*text)[at + 12] : '\n';
        if (line_start && (after == '\n' || after == ' ' || after == '\r' || after == '\t' || after == '/')) return true;
      }
    }
    return false;
  };
  if (is_main(dir)) return dir;
  for (const std::string& sub : {std::string(""), std::string("/cmd")}) {
    auto names = fs.ListDir(dir + sub);
    if (!names) continue;
    for (const auto& n : *names) {
      std::string d = dir + sub + "/" + n;
      if (n[0] == '.' || n == "vendor" || n == "testdata" || fs.Stat(d).type != platform::FileType::kDirectory) continue;
      if (is_main(d)) return d;
    }
  }
  return "";
}

}  // namespace godiag::collect

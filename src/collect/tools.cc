#include "collect/tools.h"

#include <future>
#include <set>

#include "collect/snapshot_builder.h"

namespace godiag::collect {

namespace {

constexpr std::chrono::seconds kToolTimeout{10};

std::string Get(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? "" : it->second;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t colon = s.find(':', start);
    if (colon == std::string_view::npos) colon = s.size();
    out.emplace_back(s.substr(start, colon - start));
    start = colon + 1;
  }
  return out;
}

std::string FirstLine(const std::string& s) {
  std::string l = s.substr(0, s.find('\n'));
  while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
  return l;
}

// Runs a command with the deadline; output or an error text.
core::Expected<platform::ProcessResult> RunTool(const platform::Platform& p, std::vector<std::string> argv,
                                                const std::map<std::string, std::string>& env) {
  platform::ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.env = env;
  spec.timeout = kToolTimeout;
  return p.runner.Run(spec);
}

core::GoBinary ProbeGo(const platform::Platform& p, const std::string& path,
                       const std::map<std::string, std::string>& env) {
  core::GoBinary g;
  g.path = path;
  g.real_path = p.fs.RealPath(path);
  auto r = RunTool(p, {path, "version"}, env);
  if (!r) g.error = r.error().message;
  else if (r->timed_out) g.error = "`go version` did not finish within 10 s";
  else if (r->exit_code != 0) g.error = FirstLine(r->err.empty() ? r->out : r->err);
  else g.version = ParseGoVersionOutput(r->out);
  return g;
}

void ReadToolVersion(const platform::Platform& p, core::ToolInfo& t, const std::string& go,
                     const std::map<std::string, std::string>& env) {
  if (t.path.empty()) return;
  if (go.empty()) {
    t.error = "no go binary to read its build information";
    return;
  }
  auto r = RunTool(p, {go, "version", "-m", t.path}, env);
  if (!r) t.error = r.error().message;
  else if (r->timed_out) t.error = "`go version -m` did not finish within 10 s";
  else if (r->exit_code != 0) t.error = FirstLine(r->err.empty() ? r->out : r->err);
  else {
    BuildInfo info = ParseGoVersionM(r->out);
    t.built_with = info.go_version;
    t.version = info.mod_version;
    if (info.go_version.empty()) t.error = "no Go build information in " + t.path;
  }
}

void ReadGitVersion(const platform::Platform& p, core::ToolInfo& t, const std::map<std::string, std::string>& env) {
  if (t.path.empty()) return;
  auto r = RunTool(p, {t.path, "--version"}, env);
  if (r && !r->timed_out && r->exit_code == 0) {
    std::string line = FirstLine(r->out);
    t.version = line.rfind("git version ", 0) == 0 ? line.substr(12) : line;
  } else {
    t.error = r ? "git --version failed" : r.error().message;
  }
}

}  // namespace

BuildInfo ParseGoVersionM(std::string_view out) {
  BuildInfo info;
  size_t nl = out.find('\n');
  std::string_view first = out.substr(0, nl);
  size_t colon = first.rfind(": ");
  if (colon != std::string_view::npos) info.go_version = std::string(first.substr(colon + 2));
  while (nl != std::string_view::npos) {
    size_t next = out.find('\n', nl + 1);
    std::string_view line = out.substr(nl + 1, next == std::string_view::npos ? std::string_view::npos : next - nl - 1);
    nl = next;
    while (!line.empty() && (line.front() == '\t' || line.front() == ' ')) line.remove_prefix(1);
    std::vector<std::string> f;
    size_t i = 0;
    while (i < line.size()) {
      size_t tab = line.find('\t', i);
      if (tab == std::string_view::npos) tab = line.size();
      f.emplace_back(line.substr(i, tab - i));
      i = tab + 1;
    }
    if (f.size() >= 2 && f[0] == "path") info.path = f[1];
    if (f.size() >= 3 && f[0] == "mod") info.mod_version = f[2];
  }
  return info;
}

std::string ParseGoVersionOutput(std::string_view out) {
  std::string_view prefix = "go version ";
  if (out.rfind(prefix, 0) != 0) return "";
  std::string_view rest = out.substr(prefix.size());
  return std::string(rest.substr(0, rest.find_first_of(" \n")));
}

std::vector<core::PathEntryProblem> CheckPathEntries(std::string_view path_value, const platform::FileSystem& fs) {
  std::vector<core::PathEntryProblem> problems;
  std::set<std::string> seen;
  int index = 0;
  for (const auto& entry : SplitList(path_value)) {
    if (entry.empty()) {
      problems.push_back({entry, index, "empty"});
    } else if (entry[0] != '/') {
      problems.push_back({entry, index, "relative"});
    } else {
      auto type = fs.Stat(entry).type;
      if (type == platform::FileType::kNone) problems.push_back({entry, index, "missing"});
      else if (type != platform::FileType::kDirectory) problems.push_back({entry, index, "not a directory"});
      else if (seen.count(entry)) problems.push_back({entry, index, "duplicate"});
      seen.insert(entry);  // same real path under two names (merged /usr: /bin -> /usr/bin) is normal
    }
    ++index;
  }
  return problems;
}

core::GorootCheck CheckGoroot(const platform::FileSystem& fs, const std::string& goroot) {
  core::GorootCheck g;
  g.path = goroot;
  if (goroot.empty()) return g;
  auto type = fs.Stat(goroot).type;
  if (type == platform::FileType::kNone) g.problem = "GOROOT " + goroot + " does not exist";
  else if (type != platform::FileType::kDirectory) g.problem = "GOROOT " + goroot + " is not a directory";
  else if (!fs.Stat(goroot + "/bin/go").executable) g.problem = "GOROOT " + goroot + " has no bin/go";
  else g.valid = true;
  if (auto v = fs.ReadFile(goroot + "/VERSION", 4096)) g.version = FirstLine(*v);
  return g;
}

core::Tools CollectTerminalTools(const platform::Platform& p, const std::map<std::string, std::string>& terminal_env) {
  core::Tools tools;
  // Every distinct go on the terminal PATH, probed concurrently.
  std::vector<std::string> gos;
  std::set<std::string> reals;
  for (const auto& dir : SplitList(Get(terminal_env, "PATH"))) {
    std::string candidate = (dir.empty() ? "." : dir) + "/go";
    if (!p.fs.Stat(candidate).executable) continue;
    if (!reals.insert(p.fs.RealPath(candidate)).second) continue;
    gos.push_back(candidate);
  }
  std::vector<std::future<core::GoBinary>> go_probes;
  for (const auto& g : gos) go_probes.push_back(std::async(std::launch::async, ProbeGo, std::cref(p), g, terminal_env));
  tools.git.name = "git";
  tools.git.searched = {"PATH"};
  tools.git.path = LookPath(p.fs, "git", Get(terminal_env, "PATH"));
  if (!tools.git.path.empty()) tools.git.found_by = "PATH";
  auto git_v = std::async(std::launch::async, [&] { ReadGitVersion(p, tools.git, terminal_env); });
  tools.path_problems = CheckPathEntries(Get(terminal_env, "PATH"), p.fs);
  for (auto& f : go_probes) tools.go_on_path.push_back(f.get());
  git_v.get();
  return tools;
}

void CollectEditorTools(const platform::Platform& p, const Activation& activation,
                        const core::EditorSettings& editor, core::Tools& tools) {
  const HostOs os = HostOsFromName(p.env.Os());
  tools.gopls = FindEditorTool(p.fs, "gopls", activation, editor, os);
  tools.dlv = FindEditorTool(p.fs, "dlv", activation, editor, os);
  const auto env = Plain(activation.tools);
  std::string go = activation.model.gopls_go.empty() ? activation.model.go.path : activation.model.gopls_go;
  if (go.empty() && !tools.go_on_path.empty()) go = tools.go_on_path.front().path;
  auto gopls_v = std::async(std::launch::async, [&] { ReadToolVersion(p, tools.gopls, go, env); });
  ReadToolVersion(p, tools.dlv, go, env);
  gopls_v.get();
  tools.editor_path_problems = CheckPathEntries(Get(env, "PATH"), p.fs);
}

}  // namespace godiag::collect

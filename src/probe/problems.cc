#include "probe/problems.h"

#include <algorithm>
#include <future>
#include <set>

#include "collect/snapshot_builder.h"
#include "probe/go_output.h"
#include "probe/gopls_target.h"
#include "probe/problem_causes.h"
#include "probe/problem_match.h"
#include "probe/workspace_diagnostics.h"

namespace godiag::probe {

using core::Problem;
using core::ProblemSeverity;
using StringMap = std::map<std::string, std::string>;

namespace {

constexpr size_t kMaxFileBytes = 4u << 20;
constexpr size_t kMaxCheckOutput = 16u << 20;

// "-**/node_modules" matches that name at any depth; "-a/b" the folder-relative path a/b.
bool Filtered(const std::string& rel, const std::vector<std::string>& filters) {
  bool excluded = false;
  for (const auto& raw : filters) {
    if (raw.size() < 2 || (raw[0] != '-' && raw[0] != '+')) continue;
    std::string pat = raw.substr(1);
    while (pat.starts_with("/")) pat.erase(0, 1);
    bool match = false;
    if (pat.starts_with("**/")) {
      std::string name = pat.substr(3);
      match = rel == name || rel.ends_with("/" + name) || rel.find("/" + name + "/") != std::string::npos ||
              rel.starts_with(name + "/");
    } else {
      match = rel == pat || rel.starts_with(pat + "/");
    }
    if (match) excluded = raw[0] == '-';
  }
  return excluded;
}

std::vector<std::string> SettingStrings(const core::EditorSettings& s, const std::string& key, const std::string& old_key,
                                        std::vector<std::string> fallback) {
  auto g = s.merged.find("gopls");
  if (g == s.merged.end() || !g->second.value.is_object()) return fallback;
  const auto& v = g->second.value;
  const nlohmann::json* list = v.contains(key) ? &v[key] : v.contains(old_key) ? &v[old_key] : nullptr;
  if (!list || !list->is_array()) return fallback;
  std::vector<std::string> out;
  for (const auto& e : *list)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

platform::ProcessResult RunGo(const platform::ProcessRunner& runner, const std::string& go, const std::vector<std::string>& args,
                              const std::string& dir, const StringMap& env, std::chrono::milliseconds timeout) {
  platform::ProcessSpec spec;
  spec.argv = {go};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env = env;
  spec.cwd = dir;
  spec.timeout = timeout;
  spec.max_output = kMaxCheckOutput;
  auto r = runner.Run(spec);
  if (!r) {
    platform::ProcessResult failed;
    failed.exit_code = -1;
    failed.err = r.error().message;
    return failed;
  }
  return *r;
}

// The modules the folder holds: its own (or the one above it) and the nested ones.
std::vector<std::string> ModuleRoots(const core::Snapshot& snap, const std::string& folder) {
  std::vector<std::string> roots;
  if (snap.workspace.gomod && folder == snap.workspace_dir) roots.push_back(Dir(snap.workspace.gomod->path));
  else roots.push_back(folder);
  if (folder == snap.workspace_dir) {
    for (const auto& nested : snap.workspace.nested_modules) roots.push_back(folder + "/" + Dir(nested));
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  return roots;
}

// The module root a package dir belongs to: the longest root that holds it.
std::string RootOf(const std::vector<std::string>& roots, const std::string& dir) {
  std::string best;
  for (const auto& r : roots)
    if ((dir == r || dir.rfind(r + "/", 0) == 0) && r.size() > best.size()) best = r;
  return best.empty() ? dir : best;
}

ProblemSeverity SeverityOf(int s) {
  return s == 2 ? ProblemSeverity::kWarning : s == 3 ? ProblemSeverity::kInfo : s == 4 ? ProblemSeverity::kHint
                                                                                     : ProblemSeverity::kError;
}

struct TerminalView {
  std::vector<Problem> problems;
  std::vector<core::TerminalCheck> checks;
  std::map<std::string, std::vector<std::string>> ignored;  // package dir -> IgnoredGoFiles
  std::map<std::string, std::vector<std::string>> too_many;
  std::map<std::string, bool> vet_failed;
  std::string module_go;
};

void AddCommandErrors(TerminalView& v, const platform::ProcessResult& r, const std::string& root, const std::string& source) {
  for (auto& e : ParseGoCommandOutput(r.err, root)) {
    Problem p;
    p.file = e.file;
    p.line = e.line;
    p.column = e.column;
    p.source = source;
    p.message = e.message;
    p.package_dir = e.file.empty() ? root : Dir(e.file);
    p.seen_by = core::SeenBy::kTerminal;
    if (e.message == "too many errors") v.too_many[p.package_dir].push_back(e.package);
    if (source == "go vet" && e.vet_type_error) v.vet_failed[p.package_dir] = true;
    v.problems.push_back(std::move(p));
  }
}

TerminalView RunTerminal(const platform::Platform& p, const std::vector<std::string>& roots, const StringMap& env,
                         std::chrono::milliseconds timeout) {
  struct Job {
    std::string root;
    std::string source;
    std::vector<std::string> args;
    std::future<platform::ProcessResult> result;
  };
  std::vector<Job> jobs;
  for (const auto& root : roots) {
    jobs.push_back({root, "go list", {"list", "-e", "-json=ImportPath,Dir,Error,DepsErrors,IgnoredGoFiles,InvalidGoFiles,Module", "-compiled=true", "./..."}, {}});
    jobs.push_back({root, "go build", {"build", "./..."}, {}});
    jobs.push_back({root, "go vet", {"vet", "./..."}, {}});
  }
  for (auto& j : jobs) {
    j.result = std::async(std::launch::async, [&p, &env, timeout, args = j.args, root = j.root] {
      return RunGo(p.runner, "go", args, root, env, timeout);
    });
  }
  TerminalView v;
  for (auto& j : jobs) {
    platform::ProcessResult r = j.result.get();
    std::string cmd = "go";
    for (const auto& a : j.args) cmd += " " + (a.starts_with("-json=") ? std::string("-json") : a);
    core::TerminalCheck check{cmd, j.root, r.exit_code, r.timed_out, r.elapsed_ms, std::nullopt, 0};
    if (r.exit_code == -1 && !r.timed_out && r.signal == 0 && !r.err.empty() && r.out.empty()) check.error = r.err;
    if (j.source == "go list") {
      if (auto pkgs = ParseGoListJson(r.out)) {
        for (const auto& pkg : *pkgs) {
          if (!pkg.ignored_go_files.empty()) v.ignored[pkg.dir] = pkg.ignored_go_files;
          if (!pkg.module_go_version.empty() && pkg.dir.rfind(j.root, 0) == 0 &&
              (v.module_go.empty() || pkg.module_go_version > v.module_go))
            v.module_go = pkg.module_go_version;
        }
      } else if (!check.error) {
        check.error = pkgs.error().message;
      }
    } else {
      size_t before = v.problems.size();
      AddCommandErrors(v, r, j.root, j.source);
      check.problems = static_cast<int>(v.problems.size() - before);
    }
    v.checks.push_back(std::move(check));
  }
  return v;
}

std::vector<Difference> Differences(const platform::Platform& p, const core::Snapshot& snap) {
  static const char* kNames[] = {"GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED", "CC", "GOWORK", "GO111MODULE", "GOPROXY",
                                 "GOROOT", "GOPATH", "GOMODCACHE", "GOTOOLCHAIN", "GOEXPERIMENT", "GOPACKAGESDRIVER",
                                 "GONOSUMDB", "GONOPROXY", "GOPRIVATE", "GOSUMDB", "GOINSECURE", "GOAMD64"};
  std::vector<Difference> out;
  if (snap.editor_side.unknown) return out;
  for (const char* name : kNames) {
    auto e = snap.editor_side.env.find(name);
    auto t = snap.terminal.env.find(name);
    if (e == snap.editor_side.env.end() || t == snap.terminal.env.end()) continue;
    if (e->second.unknown || t->second.unknown || e->second.value == t->second.value) continue;
    bool explicit_either = (e->second.source.kind != core::SourceKind::kGoDefault && e->second.set) ||
                           (t->second.source.kind != core::SourceKind::kGoDefault && t->second.set);
    if (!explicit_either) continue;  // both computed by their go: the go binary's difference
    bool editor_explicit = e->second.set && e->second.source.kind != core::SourceKind::kGoDefault;
    out.push_back({core::CauseKind::kEnv, name, e->second.value, editor_explicit || !e->second.value.empty(),
                   t->second.value, editor_explicit ? core::DescribeSource(e->second.source) : "unset in the editor", {}});
  }
  const std::string& editor_go = snap.editor_model.gopls_go;
  std::string terminal_go = collect::LookPath(p.fs, "go", snap.process_env.count("PATH") ? snap.process_env.at("PATH") : "");
  if (!editor_go.empty() && !terminal_go.empty() && p.fs.RealPath(editor_go) != p.fs.RealPath(terminal_go)) {
    out.push_back({core::CauseKind::kGoBinary, "go", editor_go, true, terminal_go,
                   "the go gopls finds first on its PATH" +
                       std::string(snap.editor_model.path_prepended ? " (" + *snap.editor_model.path_prepended + " put first by the Go extension)" : ""),
                   {}});
  }
  const auto& flags = snap.editor.gopls_build_flags;
  for (size_t i = 0; i < flags.size(); ++i) {
    std::vector<std::string> args{flags[i]};
    bool takes_value = flags[i].find('=') == std::string::npos && i + 1 < flags.size() && !flags[i + 1].starts_with("-") &&
                       (flags[i] == "-tags" || flags[i] == "--tags" || flags[i] == "-mod" || flags[i] == "-modfile" ||
                        flags[i] == "-gcflags" || flags[i] == "-ldflags" || flags[i] == "-o" || flags[i] == "-exec" ||
                        flags[i] == "-overlay" || flags[i] == "-pgo" || flags[i] == "-asmflags");
    if (takes_value) args.push_back(flags[++i]);
    std::string name = args.size() == 2 ? args[0] + "=" + args[1] : args[0];
    auto g = snap.editor.merged.find("gopls");
    std::string where = g != snap.editor.merged.end() && g->second.value.is_object() &&
                                (g->second.value.contains("build.buildFlags") || g->second.value.contains("buildFlags"))
                            ? "gopls build.buildFlags, " + g->second.where.file + (g->second.where.line ? ":" + std::to_string(g->second.where.line) : "")
                            : "go.buildFlags/go.buildTags (copied to gopls build.buildFlags by the Go extension)";
    out.push_back({core::CauseKind::kBuildFlag, name, name, true, "", where, args});
  }
  return out;
}

StringMap GoplsEnv(const core::Snapshot& snap) {
  StringMap env = snap.editor_side.process_env.empty() ? snap.process_env : snap.editor_side.process_env;
  for (const auto& a : snap.editor.gopls_build_env)
    if (!a.problem) env[a.name] = a.value;
  return env;
}

}  // namespace

std::vector<std::string> WorkspaceGoFiles(const std::string& folder, const std::vector<std::string>& filters,
                                          const std::function<std::vector<DirEntry>(const std::string&)>& list, size_t cap) {
  std::vector<std::string> out;
  std::vector<std::string> stack{""};
  while (!stack.empty() && out.size() < cap) {
    std::string rel = stack.back();
    stack.pop_back();
    auto entries = list(rel.empty() ? folder : folder + "/" + rel);
    std::sort(entries.begin(), entries.end(), [](const DirEntry& a, const DirEntry& b) { return a.name > b.name; });
    std::vector<std::string> files;
    for (const auto& e : entries) {
      if (e.name.empty() || e.name[0] == '.' || e.name[0] == '_') continue;
      std::string child = rel.empty() ? e.name : rel + "/" + e.name;
      if (e.dir) {
        if (e.name == "testdata" || e.name == "vendor" || Filtered(child, filters)) continue;
        stack.push_back(child);
      } else if (e.name.ends_with(".go")) {
        files.push_back(folder + "/" + child);
      }
    }
    std::sort(files.begin(), files.end());
    for (auto& f : files) {
      if (out.size() >= cap) break;
      out.push_back(std::move(f));
    }
  }
  return out;
}

bool IsStandaloneFile(std::string_view text, const std::vector<std::string>& tags) {
  bool main = false;
  std::string constraint;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("//go:build ")) constraint = std::string(line.substr(11));
    if (line.starts_with("package ")) {
      main = line.substr(8).starts_with("main") && (line.size() == 12 || line[12] == ' ' || line[12] == '/');
      break;
    }
  }
  while (!constraint.empty() && constraint.back() == ' ') constraint.pop_back();
  return main && std::find(tags.begin(), tags.end(), constraint) != tags.end();
}

std::vector<std::string> CustomBuildTags(std::string_view text) {
  static const std::set<std::string> kKnown = {
      "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd",
      "openbsd", "plan9", "solaris", "wasip1", "windows", "zos", "386", "amd64", "arm", "arm64", "loong64", "mips",
      "mipsle", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm", "cgo", "gc", "gccgo", "unix",
      "ignore"};
  std::vector<std::string> out;
  size_t at = text.find("//go:build ");
  if (at == std::string_view::npos) return out;
  std::string_view line = text.substr(at + 11, text.find('\n', at) - at - 11);
  std::string word;
  auto flush = [&] {
    if (!word.empty() && !kKnown.count(word) && !word.starts_with("go1.") &&
        std::find(out.begin(), out.end(), word) == out.end())
      out.push_back(word);
    word.clear();
  };
  bool negated = false;
  for (char c : line) {
    bool part = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (part) {
      word += c;
      continue;
    }
    if (negated) word.clear();
    else flush();
    negated = c == '!';
  }
  if (!negated) flush();
  return out;
}

core::ProblemsScan RunProblems(const platform::Platform& p, const core::Snapshot& snap, const ProblemsOptions& o) {
  auto t0 = p.clock.Now();
  core::ProblemsScan scan;
  scan.ran = true;
  scan.file_limit = static_cast<int>(o.file_limit);
  scan.gopls_path = snap.tools.gopls.path;
  scan.gopls_version = snap.tools.gopls.version;
  scan.gopls_go_version = snap.tools.gopls.built_with;
  std::vector<std::string> folders = snap.editor.workspace_folders.empty() ? std::vector<std::string>{o.dir}
                                                                           : snap.editor.workspace_folders;
  scan.folders = folders;

  // The files an editor opens, and the modules the terminal checks.
  std::vector<std::string> filters = SettingStrings(snap.editor, "build.directoryFilters", "directoryFilters", {"-**/node_modules"});
  std::vector<std::string> standalone_tags = SettingStrings(snap.editor, "build.standaloneTags", "standaloneTags", {"ignore"});
  auto list = [&p](const std::string& dir) {
    std::vector<DirEntry> out;
    if (auto names = p.fs.ListDir(dir)) {
      for (const auto& n : *names) {
        auto st = p.fs.Stat(dir + "/" + n);
        if (st.type == platform::FileType::kDirectory || st.type == platform::FileType::kFile)
          out.push_back({n, st.type == platform::FileType::kDirectory});
      }
    }
    return out;
  };
  std::vector<std::string> files;
  for (const auto& f : folders) {
    auto found = WorkspaceGoFiles(f, filters, list, o.file_limit + 1 - std::min(files.size(), o.file_limit));
    files.insert(files.end(), found.begin(), found.end());
  }
  scan.files_found = static_cast<int>(files.size());
  if (files.size() > o.file_limit) files.resize(o.file_limit);
  std::vector<std::string> roots;
  for (const auto& f : folders)
    for (auto& r : ModuleRoots(snap, f)) roots.push_back(std::move(r));

  // The editor's view, on its own thread; the terminal's meanwhile.
  WorkspaceDiagnosticsOptions wo;
  std::map<std::string, std::string> texts;
  std::vector<std::string> standalone;
  auto target = EditorGoplsProbe(snap, p.fs, o.client_pid, o.godiag_version);
  if (!target) {
    scan.skipped = snap.tools.gopls.path.empty()          ? "no gopls found (" + snap.tools.gopls.name + " lookup: see the tools table)"
                   : snap.editor_model.stopped           ? "the Go extension stops before starting gopls: " + *snap.editor_model.stopped
                                                         : "go.useLanguageServer is false";
  } else {
    wo.spec = target->spec;
    wo.spec.timeout = o.editor_timeout;
    wo.client = target->client;
    wo.client.root_path = folders.front();
    wo.client.folders = folders.size() > 1 ? folders : std::vector<std::string>{};
    wo.quiet = o.quiet;
    wo.timeout = o.editor_timeout;
    for (const auto& f : files) {
      auto text = p.fs.ReadFile(f, kMaxFileBytes);
      if (!text) continue;
      texts[f] = *text;
      if (IsStandaloneFile(*text, standalone_tags)) {
        wo.standalone.push_back({f, *text});
        standalone.push_back(f);
      } else {
        wo.files.push_back({f, *text});
      }
    }
    if (o.status) {
      wo.progress = [&o](size_t opened, size_t total, size_t diags, bool busy) {
        o.status("gopls: " + std::to_string(opened) + "/" + std::to_string(total) + " files open, " + std::to_string(diags) +
                 " diagnostics" + (busy ? ", working ..." : ""));
      };
    }
  }
  std::future<WorkspaceDiagnosticsResult> editor;
  if (target) editor = std::async(std::launch::async, [&] { return CollectWorkspaceDiagnostics(p.launcher, p.clock, wo); });
  TerminalView terminal = RunTerminal(p, roots, snap.process_env, o.check_timeout);
  scan.terminal = terminal.checks;
  scan.module_go_version = terminal.module_go;
  if (scan.module_go_version.empty() && snap.workspace.gomod && snap.workspace.gomod->go) scan.module_go_version = *snap.workspace.gomod->go;

  std::vector<Problem> editor_problems;
  if (editor.valid()) {
    WorkspaceDiagnosticsResult w = editor.get();
    scan.files_opened = static_cast<int>(w.opened);
    scan.editor_done = w.done;
    scan.editor_ms = w.took_ms;
    scan.editor_error = w.error;
    scan.load_errors = w.load_errors;
    scan.views = w.views;
    if (scan.gopls_version.empty()) scan.gopls_version = w.server_version;
    for (auto& [path, diags] : w.by_file) {
      auto t = texts.find(path);
      std::string text;
      if (t != texts.end()) text = t->second;
      else if (auto read = p.fs.ReadFile(path, kMaxFileBytes)) text = texts[path] = *read;
      for (const auto& d : diags) {
        Problem pr;
        pr.file = path;
        pr.line = d.line0 + 1;
        pr.column = ByteColumn(LineOf(text, d.line0), d.character);
        pr.severity = SeverityOf(d.severity);
        pr.source = d.source;
        pr.code = d.code;
        pr.message = d.message;
        pr.package_dir = Dir(path);
        for (const auto& r : d.related) pr.related.push_back({r.path, r.line0 + 1, r.message});
        editor_problems.push_back(std::move(pr));
      }
    }
    for (const auto& e : w.load_errors) {
      Problem pr;
      pr.source = "gopls";
      pr.message = e;
      pr.package_dir = roots.empty() ? o.dir : roots.front();
      editor_problems.push_back(std::move(pr));
    }
  }
  scan.problems = MergeProblems(std::move(editor_problems), std::move(terminal.problems));

  CauseContext ctx;
  ctx.terminal_env = snap.process_env;
  ctx.editor_env = GoplsEnv(snap);
  ctx.differences = Differences(p, snap);
  ctx.views = scan.views;
  ctx.standalone_files = standalone;
  ctx.ignored_files = terminal.ignored;
  ctx.too_many_errors = terminal.too_many;
  ctx.vet_failed = terminal.vet_failed;
  ctx.file_texts = texts;
  ctx.gopls_go_version = scan.gopls_go_version;
  ctx.module_go_version = scan.module_go_version;
  GoRunner run = [&](const std::string& go, const std::vector<std::string>& args, const std::string& dir, const StringMap& env) {
    return RunGo(p.runner, go, args, dir, env, o.check_timeout);
  };
  ExplainProblems(scan.problems, ctx, [&roots](const std::string& d) { return RootOf(roots, d); }, run, scan.experiments);

  for (const auto& seen : o.seen) {
    bool found = std::any_of(scan.problems.begin(), scan.problems.end(), [&](const Problem& pr) {
      return pr.seen_by != core::SeenBy::kTerminal && pr.message.find(seen) != std::string::npos;
    });
    if (!found) scan.seen_not_reproduced.push_back(seen);
  }
  scan.total_ms = std::chrono::duration<double, std::milli>(p.clock.Now() - t0).count();
  return scan;
}

}  // namespace godiag::probe

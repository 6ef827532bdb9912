#include "probe/problem_causes.h"

#include <algorithm>
#include <set>

#include "codec/go_version.h"
#include "probe/problem_match.h"
#include "probe/problems.h"

namespace godiag::probe {

using core::CauseKind;
using core::Problem;
using core::SeenBy;

namespace {

std::string Base(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "./sub/pkg" of a package dir below its module root ("." for the root itself).
std::string PackageArg(const std::string& root, const std::string& dir) {
  if (dir == root) return ".";
  if (dir.rfind(root + "/", 0) == 0) return "./" + dir.substr(root.size() + 1);
  return dir;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

bool NeedsCause(const Problem& p) { return p.seen_by != SeenBy::kBoth && p.cause.kind == CauseKind::kNone; }

// The first line of a go command's stderr that says something (not a header or a download).
std::string FirstErrorLine(const std::string& err) {
  for (const auto& e : ParseGoCommandOutput(err, "/")) {
    std::string m = e.message.substr(0, e.message.find('\n'));
    if (!m.empty()) return m;
  }
  return "";
}

// Does the terminal output show the problem: the same file, line and normalised message (or
// import); for a problem without a position (a workspace load error), its first line.
bool Shows(const platform::ProcessResult& r, const std::string& root, const Problem& p) {
  if (r.exit_code == -1 && r.signal == 0 && !r.timed_out && r.out.empty()) return false;  // it did not start
  if (p.file.empty() || Base(p.file) == "go.mod" || Base(p.file) == "go.work") {
    std::string first = FirstErrorLine(r.err);
    if (first.starts_with("go: ")) first.erase(0, 4);
    return !first.empty() && p.message.find(first) != std::string::npos;
  }
  std::string key = MatchKey(p);
  for (const auto& e : ParseGoCommandOutput(r.err + r.out, root)) {
    Problem t;
    t.file = e.file;
    t.line = e.line;
    t.message = e.message;
    if (MatchKey(t) == key) return true;
  }
  return false;
}

struct Check {
  std::vector<std::string> args;  // after "go"
  std::string label;              // "go build", "go vet"
};

Check CheckFor(const Problem& p, const std::string& root, const CauseContext& ctx) {
  std::string pkg = PackageArg(root, p.package_dir);
  if (p.file.empty() || Base(p.file) == "go.mod" || Base(p.file) == "go.work")
    return {{"list", "-e", "-json=ImportPath,Error", "-compiled=true", "-test=true", "-deps=true", "./..."}, "go list"};
  if (Contains(ctx.standalone_files, p.file)) return {{"vet", PackageArg(root, p.file)}, "go vet"};
  if (p.file.ends_with("_test.go")) return {{"vet", pkg}, "go vet"};
  return {{"build", pkg}, "go build"};
}

std::vector<std::string> WithFlag(const std::vector<std::string>& args, const std::vector<std::string>& flag) {
  std::vector<std::string> out{args.front()};
  out.insert(out.end(), flag.begin(), flag.end());
  out.insert(out.end(), args.begin() + 1, args.end());
  return out;
}

std::map<std::string, std::string> Apply(std::map<std::string, std::string> env, const Difference& d) {
  if (d.kind != CauseKind::kEnv) return env;
  if (d.editor_set) env[d.name] = d.editor_value;
  else env.erase(d.name);
  return env;
}

void SetCause(Problem& p, const Difference& d, const std::string& command, const std::string& detail) {
  p.cause.kind = d.kind;
  p.cause.name = d.name;
  p.cause.editor_value = d.editor_set ? d.editor_value : "(unset)";
  p.cause.terminal_value = d.terminal_value;
  p.cause.source = d.source;
  p.cause.command = command;
  p.cause.confirmed = true;
  p.cause.detail = detail;
}

// Causes read from the problem itself, before any experiment.
void Classify(Problem& p, const CauseContext& ctx, const std::string& root) {
  auto& c = p.cause;
  if (p.seen_by == SeenBy::kBoth) {
    if (p.file.ends_with("_test.go") && p.terminal_source == "go vet") {
      c.kind = CauseKind::kTestFile;
      c.confirmed = true;
      c.command = "go vet " + PackageArg(root, p.package_dir);
      c.detail = "in a test file: go vet and go test report it too, go build does not compile tests";
    }
    return;
  }
  if (p.seen_by == SeenBy::kTerminal) {
    std::string m = NormalizeMessage(p.message);
    if (m == "too many errors") {
      c.kind = CauseKind::kErrorLimit;
      c.detail = "go build stops after ten errors per package; gopls shows them all";
    } else if (m.find("missing function body") != std::string::npos) {
      c.kind = CauseKind::kGoplsOnlyCheck;
      c.detail = "gopls type-checks with go/types, which accepts a function declared without a body; only the compiler rejects it";
    } else if (p.file.empty() || m.find("cgo") != std::string::npos || m.find("ld:") != std::string::npos ||
               m.find("undefined reference") != std::string::npos || m.find("invalid input file name") != std::string::npos) {
      c.kind = CauseKind::kGoplsOnlyCheck;
      c.detail = "gopls does not run the compiler, the C compiler or the linker: it reports type errors only";
    }
    return;
  }
  if (IsHygieneSource(p.source)) {
    c.kind = CauseKind::kModuleHygiene;
    c.detail = "gopls's " + p.source + " check: it keeps go.mod tidy; the build does not need it";
    return;
  }
  if (!IsBuildSource(p.source) && !p.source.empty() && !p.file.empty()) {
    c.kind = CauseKind::kAnalysis;
    c.detail = "the " + p.source + " analyzer: go build accepts the code" +
               std::string(p.file.ends_with(".go") ? "; go vet runs only the vet suite" : "");
    return;
  }
  if (auto it = ctx.too_many_errors.find(p.package_dir); it != ctx.too_many_errors.end()) {
    c.kind = CauseKind::kErrorLimit;
    c.detail = "go build printed ten errors for this package and stopped (\"too many errors\"); gopls shows them all";
    c.confirmed = true;
    return;
  }
  if (p.message.starts_with("No packages found for open file")) {
    c.kind = CauseKind::kExcludedFile;
    auto ignored = ctx.ignored_files.find(Dir(p.file));
    c.confirmed = ignored != ctx.ignored_files.end() && Contains(ignored->second, Base(p.file));
    auto text = ctx.file_texts.find(p.file);
    auto tags = text == ctx.file_texts.end() ? std::vector<std::string>{} : CustomBuildTags(text->second);
    if (!tags.empty()) {
      c.name = "-tags=" + tags.front();
      c.command = "go build -tags=" + tags.front() + " " + PackageArg(root, Dir(p.file));
      c.detail = "its //go:build line needs the tag \"" + tags.front() + "\", which neither gopls nor go build sets";
    } else {
      c.detail = "excluded by its build constraints (GOOS/GOARCH, or cgo with CGO_ENABLED=0)";
    }
    if (c.confirmed) c.detail += "; go list lists it in IgnoredGoFiles";
  }
}

}  // namespace

std::string Dir(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

std::string CommandText(const Difference* d, const std::string& go, const std::vector<std::string>& args) {
  std::string out;
  if (d && d->kind == CauseKind::kEnv) out = d->editor_set ? d->name + "=" + d->editor_value + " " : "env -u " + d->name + " ";
  out += d && d->kind == CauseKind::kGoBinary ? d->editor_value : go;
  for (const auto& a : d && d->kind == CauseKind::kBuildFlag ? WithFlag(args, d->flag_args) : args) out += " " + a;
  return out;
}


namespace {

// "could not import P": gopls's own text whatever the reason. go list with the editor's
// environment and gopls's reload condition (GOPROXY=off) names the real one. Runs before
// the other experiments, which may fill a module cache.
void ExplainImport(Problem& p, const std::string& root, const CauseContext& ctx, const GoRunner& run,
                   std::vector<core::Experiment>& experiments) {
  auto path = UnresolvedImport(NormalizeMessage(p.message));
  if (!path) return;
  std::map<std::string, std::string> env = ctx.editor_env;
  env["GOPROXY"] = "off";
  std::vector<std::string> args{"list", "-e", "-json=ImportPath,Error,DepsErrors", "-deps=true", "-test=true", PackageArg(root, p.package_dir)};
  platform::ProcessResult r = run(ctx.terminal_go, args, root, env);
  std::string reason;
  if (auto pkgs = ParseGoListJson(r.out)) {
    for (const auto& pkg : *pkgs) {
      for (const auto& e : pkg.deps_errors) {
        bool about = e.err.find(*path) != std::string::npos || (!e.import_stack.empty() && e.import_stack.back() == *path);
        if (reason.empty() && about) reason = e.err;
      }
      if (reason.empty() && pkg.error && (pkg.import_path == *path || pkg.error->err.find(*path) != std::string::npos))
        reason = pkg.error->err;
    }
  }
  std::string command = "GOPROXY=off " + CommandText(nullptr, ctx.terminal_go, args) + " (with the editor's environment)";
  experiments.push_back({"GOPROXY=off, as gopls reloads", command, !reason.empty(), r.exit_code, r.elapsed_ms});
  if (reason.empty()) return;
  auto& c = p.cause;
  c.detail = reason.substr(0, reason.find('\n'));
  c.command = command;
  if (reason.find("GOPROXY=off") == std::string::npos) {
    c.kind = CauseKind::kImportReason;  // kept unless a difference reproduces it
    c.confirmed = false;
    return;
  }
  c.kind = CauseKind::kOfflineReload;
  c.confirmed = true;
  auto setting = std::find_if(ctx.differences.begin(), ctx.differences.end(), [](const Difference& d) {
    return d.kind == CauseKind::kEnv && d.name == "GOPROXY" && d.editor_value == "off";
  });
  if (setting != ctx.differences.end()) {
    // Not only gopls's reload rule: the editor itself is set to GOPROXY=off.
    c.kind = CauseKind::kEnv;
    c.name = "GOPROXY";
    c.editor_value = "off";
    c.terminal_value = setting->terminal_value;
    c.source = setting->source;
  }
}

// An import reason is a fallback: a difference that reproduces the error explains it better.
bool Open(const Problem& p) { return NeedsCause(p) || (p.cause.kind == CauseKind::kImportReason && !p.cause.confirmed); }

}  // namespace

void ExplainProblems(std::vector<Problem>& problems, const CauseContext& ctx,
                     const std::function<std::string(const std::string&)>& module_root, const GoRunner& run,
                     std::vector<core::Experiment>& experiments) {
  for (auto& p : problems) Classify(p, ctx, module_root(p.package_dir.empty() ? Dir(p.file) : p.package_dir));
  for (auto& p : problems)
    if (p.seen_by == SeenBy::kEditor && NeedsCause(p)) ExplainImport(p, module_root(p.package_dir), ctx, run, experiments);

  // Group what is left by (module root, check): one run per group and difference.
  struct Group {
    std::string root;
    Check check;
    std::vector<Problem*> problems;
  };
  std::vector<Group> groups;
  for (auto& p : problems) {
    if (p.seen_by != SeenBy::kEditor || !Open(p)) continue;
    std::string root = module_root(p.package_dir.empty() ? Dir(p.file) : p.package_dir);
    Check check = CheckFor(p, root, ctx);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.root == root && g.check.args == check.args; });
    if (it == groups.end()) groups.push_back({root, check, {&p}});
    else it->problems.push_back(&p);
  }
  constexpr size_t kMaxGroups = 16;
  if (groups.size() > kMaxGroups) groups.resize(kMaxGroups);

  for (auto& g : groups) {
    auto experiment = [&](const Difference* d) {
      std::map<std::string, std::string> env = d ? Apply(ctx.terminal_env, *d) : ctx.terminal_env;
      std::vector<std::string> args = d && d->kind == CauseKind::kBuildFlag ? WithFlag(g.check.args, d->flag_args) : g.check.args;
      std::string go = d && d->kind == CauseKind::kGoBinary ? d->editor_value : ctx.terminal_go;
      platform::ProcessResult r = run(go, args, g.root, env);
      core::Experiment e{d ? (d->kind == CauseKind::kEnv ? (d->editor_set ? d->name + "=" + d->editor_value : "no " + d->name)
                                                          : d->kind == CauseKind::kGoBinary ? "the editor's go (" + d->editor_value + ")"
                                                                                           : d->name)
                           : "the editor's whole environment",
                         CommandText(d, ctx.terminal_go, g.check.args), false, r.exit_code, r.elapsed_ms};
      bool any = false;
      for (Problem* p : g.problems) {
        if (!Open(*p) || !Shows(r, g.root, *p)) continue;
        any = true;
        if (d) SetCause(*p, *d, e.command, g.check.label + " with this difference prints the same error");
      }
      e.reproduced = any;
      experiments.push_back(e);
      return any;
    };
    for (const auto& d : ctx.differences) experiment(&d);

    for (Problem* p : g.problems) {
      if (!NeedsCause(*p)) continue;
      auto& c = p->cause;
      PortSuffix port = SplitPortSuffix(p->message);
      bool port_view = !port.goos.empty() || !port.goarch.empty();
      bool overlay = std::any_of(ctx.views.begin(), ctx.views.end(), [&](const std::string& v) {
        return v.find("GOOS=" + port.goos) != std::string::npos || v.find("GOARCH=" + port.goarch) != std::string::npos;
      });
      if (port_view && overlay) {
        c.kind = CauseKind::kOtherPort;
        c.name = (port.goos.empty() ? "" : "GOOS=" + port.goos) + (port.goarch.empty() ? "" : (port.goos.empty() ? "" : " ") + std::string("GOARCH=") + port.goarch);
        Difference d{CauseKind::kEnv, "", "", true, "", "", {}};
        std::map<std::string, std::string> env = ctx.terminal_env;
        if (!port.goos.empty()) env["GOOS"] = port.goos;
        if (!port.goarch.empty()) env["GOARCH"] = port.goarch;
        platform::ProcessResult r = run(ctx.terminal_go, g.check.args, g.root, env);
        c.command = c.name + " " + CommandText(nullptr, ctx.terminal_go, g.check.args);
        c.confirmed = Shows(r, g.root, *p);
        c.detail = "the file builds only for " + (port.goos.empty() ? port.goarch : port.goos) +
                   ": gopls type-checks it in an extra build for that port; go build here builds for this machine";
        experiments.push_back({c.name, c.command, c.confirmed, r.exit_code, r.elapsed_ms});
      } else if (Contains(ctx.standalone_files, p->file)) {
        c.kind = CauseKind::kIgnoredFile;
        c.command = CommandText(nullptr, ctx.terminal_go, g.check.args);
        c.detail = "a //go:build ignore file: gopls type-checks it alone; go build ./... skips it";
      } else if (p->file.ends_with("_test.go")) {
        c.kind = CauseKind::kTestFile;
        c.command = CommandText(nullptr, ctx.terminal_go, g.check.args);
        auto vet = ctx.vet_failed.find(p->package_dir);
        c.confirmed = vet != ctx.vet_failed.end() && vet->second;
        c.detail = "in a test file: go build does not compile tests; go vet and go test do" +
                   std::string(c.confirmed ? " (go vet prints only the first type error)" : "");
      } else if (!ctx.gopls_go_version.empty() && !ctx.module_go_version.empty() &&
                 codec::CompareGoVersions(ctx.gopls_go_version.substr(ctx.gopls_go_version.rfind("go", 0) == 0 ? 2 : 0),
                                          ctx.module_go_version) < 0) {
        c.kind = CauseKind::kOldGopls;
        c.editor_value = ctx.gopls_go_version;
        c.terminal_value = "go " + ctx.module_go_version;
        c.detail = "gopls was built with " + ctx.gopls_go_version + ", older than the module's go " + ctx.module_go_version +
                   ": its type checker does not know the newer language";
      }
    }
    // Several differences together (none alone reproduced it).
    bool left = std::any_of(g.problems.begin(), g.problems.end(), [](Problem* p) { return Open(*p); });
    if (left && ctx.editor_env != ctx.terminal_env) {
      std::map<std::string, std::string> env = ctx.editor_env;
      platform::ProcessResult r = run(ctx.terminal_go, g.check.args, g.root, env);
      bool any = false;
      for (Problem* p : g.problems) {
        if (!Open(*p) || !Shows(r, g.root, *p)) continue;
        any = true;
        p->cause.kind = CauseKind::kEnv;
        p->cause.name = "the editor's environment";
        p->cause.command = "(with the editor's environment) " + CommandText(nullptr, ctx.terminal_go, g.check.args);
        p->cause.confirmed = true;
        p->cause.detail = "no single difference reproduces it; the editor's environment as a whole does";
      }
      experiments.push_back({"the editor's whole environment", CommandText(nullptr, ctx.terminal_go, g.check.args), any,
                             r.exit_code, r.elapsed_ms});
    }
  }
}

}  // namespace godiag::probe

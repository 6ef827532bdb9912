#include "probe/problems.h"

#include <gtest/gtest.h>

#include <map>

#include "probe/problem_causes.h"

namespace godiag::probe {
namespace {

TEST(ProblemsTest, WorkspaceGoFilesSkipsWhatAnEditorSkips) {
  std::map<std::string, std::vector<DirEntry>> tree = {
      {"/w", {{"main.go", false}, {"a", true}, {"vendor", true}, {"testdata", true}, {".git", true}, {"_old", true},
              {"node_modules", true}, {"gen", true}, {"README.md", false}}},
      {"/w/a", {{"a.go", false}, {"a_test.go", false}, {"deep", true}}},
      {"/w/a/deep", {{"d.go", false}}},
      {"/w/gen", {{"g.go", false}}},
      {"/w/vendor", {{"v.go", false}}},
      {"/w/node_modules", {{"n.go", false}}},
  };
  auto list = [&](const std::string& d) { return tree.count(d) ? tree[d] : std::vector<DirEntry>{}; };
  EXPECT_EQ(WorkspaceGoFiles("/w", {"-**/node_modules"}, list, 100),
            (std::vector<std::string>{"/w/main.go", "/w/a/a.go", "/w/a/a_test.go", "/w/a/deep/d.go", "/w/gen/g.go"}));
  EXPECT_EQ(WorkspaceGoFiles("/w", {"-gen", "-a/deep"}, list, 100),
            (std::vector<std::string>{"/w/main.go", "/w/a/a.go", "/w/a/a_test.go", "/w/node_modules/n.go"}));
  EXPECT_EQ(WorkspaceGoFiles("/w", {"-a", "+a/deep"}, list, 100).size(), 3u);  // +a/deep is under the excluded a: not walked
  EXPECT_EQ(WorkspaceGoFiles("/w", {}, list, 2).size(), 2u);
}

TEST(ProblemsTest, StandaloneFiles) {
  EXPECT_TRUE(IsStandaloneFile("//go:build ignore\n\npackage main\n", {"ignore"}));
  EXPECT_TRUE(IsStandaloneFile("// Copyright\n\n//go:build ignore\r\n\r\npackage main // gen\n", {"ignore"}));
  EXPECT_FALSE(IsStandaloneFile("//go:build ignore\n\npackage gen\n", {"ignore"}));
  EXPECT_FALSE(IsStandaloneFile("//go:build ignore && linux\n\npackage main\n", {"ignore"}));
  EXPECT_FALSE(IsStandaloneFile("package main\n", {"ignore"}));
  EXPECT_TRUE(IsStandaloneFile("//go:build tools\npackage main\n", {"ignore", "tools"}));
}

TEST(ProblemsTest, CustomBuildTags) {
  EXPECT_EQ(CustomBuildTags("//go:build integration\n\npackage x\n"), std::vector<std::string>{"integration"});
  EXPECT_EQ(CustomBuildTags("//go:build linux && (e2e || wireinject) && !race && go1.21 && cgo\n"),
            (std::vector<std::string>{"e2e", "wireinject"}));
  EXPECT_TRUE(CustomBuildTags("//go:build windows\n").empty());
  EXPECT_TRUE(CustomBuildTags("package x\n").empty());
}

// A fake go command: what each (env var, args) combination prints.
struct FakeGo {
  std::vector<std::string> calls;
  std::function<platform::ProcessResult(const std::string&, const std::vector<std::string>&, const std::map<std::string, std::string>&)> answer;
  GoRunner Runner() {
    return [this](const std::string& go, const std::vector<std::string>& args, const std::string&,
                  const std::map<std::string, std::string>& env) {
      std::string c = go;
      for (const auto& a : args) c += " " + a;
      calls.push_back(c);
      return answer(go, args, env);
    };
  }
};

platform::ProcessResult Printed(int code, std::string err, std::string out = "") {
  platform::ProcessResult r;
  r.exit_code = code;
  r.err = std::move(err);
  r.out = std::move(out);
  return r;
}

core::Problem EditorProblem(std::string file, int line, std::string msg, std::string source = "compiler") {
  core::Problem p;
  p.file = std::move(file);
  p.line = line;
  p.column = 2;
  p.message = std::move(msg);
  p.source = std::move(source);
  p.package_dir = p.file.substr(0, p.file.rfind('/'));
  p.seen_by = core::SeenBy::kEditor;
  return p;
}

CauseContext TwoSides() {
  CauseContext ctx;
  ctx.terminal_env = {{"PATH", "/usr/bin"}};
  ctx.editor_env = {{"PATH", "/usr/bin"}, {"GOOS", "windows"}, {"GOFLAGS", "-mod=mod"}};
  ctx.differences = {{core::CauseKind::kEnv, "GOFLAGS", "-mod=mod", true, "", "go.toolsEnvVars /s.json:3", {}},
                     {core::CauseKind::kEnv, "GOOS", "windows", true, "linux", "go.toolsEnvVars /s.json:2", {}}};
  return ctx;
}

TEST(ProblemCausesTest, TheOneVariableThatReproducesItIsTheCause) {
  std::vector<core::Problem> problems = {EditorProblem("/w/main.go", 5, "undefined: syscall.Kill [windows]")};
  FakeGo go;
  go.answer = [](const std::string&, const std::vector<std::string>&, const std::map<std::string, std::string>& env) {
    if (env.count("GOOS") && env.at("GOOS") == "windows") return Printed(1, "# example.com/w\nmain.go:5:2: undefined: syscall.Kill\n");
    return Printed(0, "");
  };
  std::vector<core::Experiment> experiments;
  ExplainProblems(problems, TwoSides(), [](const std::string&) { return std::string("/w"); }, go.Runner(), experiments);
  const auto& c = problems[0].cause;
  EXPECT_EQ(c.kind, core::CauseKind::kEnv);
  EXPECT_EQ(c.name, "GOOS");
  EXPECT_EQ(c.editor_value, "windows");
  EXPECT_EQ(c.terminal_value, "linux");
  EXPECT_EQ(c.source, "go.toolsEnvVars /s.json:2");
  EXPECT_EQ(c.command, "GOOS=windows go build .");
  EXPECT_TRUE(c.confirmed);
  ASSERT_EQ(experiments.size(), 2u);  // one run per difference for the package, no more
  EXPECT_FALSE(experiments[0].reproduced);
  EXPECT_TRUE(experiments[1].reproduced);
}

TEST(ProblemCausesTest, BuildFlagIsInsertedAfterTheVerb) {
  CauseContext ctx;
  ctx.differences = {{core::CauseKind::kBuildFlag, "-tags=integration", "-tags=integration", true, "", "gopls build.buildFlags", {"-tags=integration"}}};
  std::vector<core::Problem> problems = {EditorProblem("/w/tags/extra.go", 6, "undefined: undefinedThing")};
  FakeGo go;
  go.answer = [](const std::string&, const std::vector<std::string>& args, const std::map<std::string, std::string>&) {
    if (args.size() > 1 && args[1] == "-tags=integration") return Printed(1, "tags/extra.go:6:2: undefined: undefinedThing\n");
    return Printed(0, "");
  };
  std::vector<core::Experiment> experiments;
  ExplainProblems(problems, ctx, [](const std::string&) { return std::string("/w"); }, go.Runner(), experiments);
  EXPECT_EQ(problems[0].cause.kind, core::CauseKind::kBuildFlag);
  EXPECT_EQ(problems[0].cause.command, "go build -tags=integration ./tags");
  EXPECT_EQ(go.calls, std::vector<std::string>{"go build -tags=integration ./tags"});
}

TEST(ProblemCausesTest, ClassesWithoutAnExperiment) {
  std::vector<core::Problem> problems = {
      EditorProblem("/w/app/main.go", 10, "fmt.Sprintf format %d has arg name of wrong type string", "printf"),
      EditorProblem("/w/go.mod", 3, "github.com/google/go-cmp is not used in this module", "go mod tidy"),
  };
  core::Problem t;
  t.file = "/w/nobody/asm.go";
  t.line = 3;
  t.message = "missing function body";
  t.source = "go build";
  t.seen_by = core::SeenBy::kTerminal;
  problems.push_back(t);
  FakeGo go;
  go.answer = [](const std::string&, const std::vector<std::string>&, const std::map<std::string, std::string>&) {
    return Printed(0, "");
  };
  std::vector<core::Experiment> experiments;
  ExplainProblems(problems, CauseContext{}, [](const std::string&) { return std::string("/w"); }, go.Runner(), experiments);
  EXPECT_EQ(problems[0].cause.kind, core::CauseKind::kAnalysis);
  EXPECT_EQ(problems[1].cause.kind, core::CauseKind::kModuleHygiene);
  EXPECT_EQ(problems[2].cause.kind, core::CauseKind::kGoplsOnlyCheck);
  EXPECT_TRUE(go.calls.empty());
}

TEST(ProblemCausesTest, CouldNotImportAsksGoListUnderGoplsConditions) {
  std::vector<core::Problem> problems = {EditorProblem(
      "/w/main.go", 3, "could not import github.com/google/go-cmp/cmp (no required module provides package \"github.com/google/go-cmp/cmp\")")};
  CauseContext ctx;
  ctx.editor_env = {{"GOMODCACHE", "/e/mod"}};
  FakeGo go;
  std::map<std::string, std::string> seen_env;
  go.answer = [&](const std::string&, const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    if (args[0] != "list") return Printed(0, "");
    seen_env = env;
    return Printed(0, "", R"({"ImportPath":"example.com/p","DepsErrors":[{"Pos":"main.go:3:8","Err":"github.com/google/go-cmp@v0.5.9: module lookup disabled by GOPROXY=off","ImportStack":["example.com/p","github.com/google/go-cmp/cmp"]}]})");
  };
  std::vector<core::Experiment> experiments;
  ExplainProblems(problems, ctx, [](const std::string&) { return std::string("/w"); }, go.Runner(), experiments);
  EXPECT_EQ(problems[0].cause.kind, core::CauseKind::kOfflineReload);
  EXPECT_EQ(problems[0].cause.detail, "github.com/google/go-cmp@v0.5.9: module lookup disabled by GOPROXY=off");
  EXPECT_TRUE(problems[0].cause.confirmed);
  EXPECT_EQ(seen_env["GOPROXY"], "off");
  EXPECT_EQ(seen_env["GOMODCACHE"], "/e/mod");
}

TEST(ProblemCausesTest, OtherPortViewAndTestFiles) {
  std::vector<core::Problem> problems = {
      EditorProblem("/w/osdep/sys_windows.go", 4, "cannot use \"not an int\" (untyped string constant) as int value in return statement [windows]"),
      EditorProblem("/w/tst/tst_test.go", 9, "undefined: y"),
  };
  CauseContext ctx;
  ctx.views = {"GoMod /w", "GoMod /w [GOARCH=amd64 GOOS=windows]"};
  ctx.vet_failed["/w/tst"] = true;
  FakeGo go;
  go.answer = [](const std::string&, const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    if (args[0] == "build" && env.count("GOOS"))
      return Printed(1, "osdep/sys_windows.go:4:9: cannot use \"not an int\" (untyped string constant) as int value in return statement\n");
    return Printed(1, "vet: tst/tst_test.go:6:14: other\n");
  };
  std::vector<core::Experiment> experiments;
  ExplainProblems(problems, ctx, [](const std::string&) { return std::string("/w"); }, go.Runner(), experiments);
  EXPECT_EQ(problems[0].cause.kind, core::CauseKind::kOtherPort);
  EXPECT_EQ(problems[0].cause.name, "GOOS=windows");
  EXPECT_EQ(problems[0].cause.command, "GOOS=windows go build ./osdep");
  EXPECT_TRUE(problems[0].cause.confirmed);
  EXPECT_EQ(problems[1].cause.kind, core::CauseKind::kTestFile);
  EXPECT_TRUE(problems[1].cause.confirmed);
}

}  // namespace
}  // namespace godiag::probe

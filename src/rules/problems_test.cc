#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using core::CauseKind;
using core::Problem;
using core::SeenBy;
using testutil::EmptySnapshot;
using testutil::RunRule;
using testutil::SetVar;

Problem Editor(std::string file, int line, std::string msg, CauseKind kind, std::string name = "") {
  Problem p;
  p.file = std::move(file);
  p.line = line;
  p.column = 2;
  p.message = std::move(msg);
  p.source = "compiler";
  p.code = "UndeclaredName";
  p.seen_by = SeenBy::kEditor;
  p.cause.kind = kind;
  p.cause.name = std::move(name);
  return p;
}

core::Snapshot With(std::vector<Problem> problems) {
  auto s = EmptySnapshot();
  core::ProblemsScan scan;
  scan.ran = true;
  scan.editor_done = true;
  scan.files_found = scan.files_opened = 3;
  scan.file_limit = 1000;
  scan.problems = std::move(problems);
  s.problems = scan;
  return s;
}

TEST(ProblemsRulesTest, EnvCauseIsOneErrorUnderTheVariablesDifference) {
  auto p = Editor("/ws/main.go", 5, "undefined: syscall.Kill [windows]", CauseKind::kEnv, "GOOS");
  p.cause.editor_value = "windows";
  p.cause.terminal_value = "linux";
  p.cause.source = "go.toolsEnvVars /h/settings.json:2";
  p.cause.command = "GOOS=windows go build .";
  p.cause.confirmed = true;
  auto s = With({p, Editor("/ws/b.go", 9, "undefined: unix.Foo [windows]", CauseKind::kEnv, "GOOS")});
  s.problems->problems[1].cause = p.cause;
  auto f = RunRule(s, "problems.editor.env");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kError);
  EXPECT_EQ(f[0].subject, "GOOS");
  EXPECT_EQ(f[0].message,
            "2 problems the editor shows come from GOOS=windows (go.toolsEnvVars /h/settings.json:2); the terminal has "
            "GOOS=linux. `GOOS=windows go build .` prints them too.");
  EXPECT_EQ(f[0].evidence[0].key, "main.go:5:2");
  EXPECT_EQ(f[0].evidence[0].value, "undefined: syscall.Kill [windows] (compiler UndeclaredName)");

  // With env.editor.differs for GOOS (and another variable), the problem is shown under GOOS's.
  SetVar(s.terminal, "GOOS", "linux", core::SourceKind::kGoDefault);
  SetVar(s.editor_side, "GOOS", "windows", core::SourceKind::kToolsEnvVars, "/h/settings.json", 2);
  SetVar(s.terminal, "GOFLAGS", "", core::SourceKind::kUnset);
  SetVar(s.editor_side, "GOFLAGS", "-mod=mod", core::SourceKind::kToolsEnvVars, "/h/settings.json", 3);
  auto all = core::RunRules(s, AllRules());
  const core::Finding* differs = nullptr;
  const core::Finding* problem = nullptr;
  for (const auto& x : all) {
    if (x.id == "env.editor.differs" && x.subject == "GOOS") differs = &x;
    if (x.id == "problems.editor.env") problem = &x;
  }
  ASSERT_NE(differs, nullptr);
  ASSERT_NE(problem, nullptr);
  ASSERT_TRUE(problem->caused_by.has_value());
  EXPECT_EQ(problem->caused_by->subject, "GOOS");
  EXPECT_EQ(differs->severity, core::Severity::kError);  // raised to what it breaks
}

TEST(ProblemsRulesTest, AnalysisIsAtMostAWarning) {
  auto a = Editor("/ws/app/main.go", 10, "fmt.Sprintf format %d has arg name of wrong type string", CauseKind::kAnalysis);
  a.source = "printf";
  a.severity = core::ProblemSeverity::kWarning;
  auto b = Editor("/ws/app/main.go", 13, "unused parameter: b", CauseKind::kAnalysis);
  b.source = "unusedparams";
  b.severity = core::ProblemSeverity::kInfo;
  auto f = RunRule(With({a, b}), "problems.editor.analysis");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kWarning);
  EXPECT_NE(f[0].message.find("printf (1), unusedparams (1)"), std::string::npos);
  b.severity = core::ProblemSeverity::kInfo;
  auto g = RunRule(With({b}), "problems.editor.analysis");
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].severity, core::Severity::kInfo);
}

TEST(ProblemsRulesTest, HealthyWorkspaceHasNoProblemFindings) {
  auto s = With({});
  for (const auto& f : core::RunRules(s, AllRules())) EXPECT_NE(f.id.rfind("problems.", 0), 0u) << f.id << ": " << f.message;
}

TEST(ProblemsRulesTest, TerminalOnlyAndBoth) {
  Problem t;
  t.file = "/ws/nobody/asm.go";
  t.line = 3;
  t.column = 6;
  t.message = "missing function body";
  t.source = "go build";
  t.seen_by = SeenBy::kTerminal;
  t.cause.kind = CauseKind::kGoplsOnlyCheck;
  t.cause.detail = "gopls type-checks with go/types";
  auto both = Editor("/ws/x.go", 1, "undefined: z", CauseKind::kNone);
  both.seen_by = SeenBy::kBoth;
  auto s = With({t, both});
  auto f = RunRule(s, "problems.terminal-only");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].side, "terminal");
  EXPECT_EQ(f[0].message, "1 error the terminal's go command prints that the editor does not show: gopls type-checks with go/types.");
  EXPECT_EQ(RunRule(s, "problems.both").size(), 1u);
  EXPECT_TRUE(RunRule(s, "problems.editor.unexplained").empty());
}

}  // namespace
}  // namespace godiag::rules

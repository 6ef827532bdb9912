#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using testutil::EmptySnapshot;
using testutil::RunRule;
using testutil::SetVar;
using testutil::MakeUnknown;
using testutil::RunAll;

TEST(EnvRulesTest, EditorSettingThatDiffersNamesBothSources) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOFLAGS", "", core::SourceKind::kUnset);
  s.terminal.env["GOFLAGS"].set = false;
  SetVar(s.editor_side, "GOFLAGS", "-mod=vendor", core::SourceKind::kToolsEnvVars, "/ws/.vscode/settings.json", 4);
  auto f = RunRule(s, "env.editor.differs");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "GOFLAGS differs: the terminal's go command uses unset (unset), gopls started by the editor uses "
            "\"-mod=vendor\" (go.toolsEnvVars /ws/.vscode/settings.json:4).");
}

TEST(EnvRulesTest, LoginShellDifferenceIsItsOwnFinding) {
  auto s = EmptySnapshot();
  s.login_shell.ran = true;
  s.login_shell.shell = "/bin/zsh";
  s.process_env = {{"PATH", "/usr/local/go/bin:/usr/bin"}};
  s.login_shell.env = {{"PATH", "/usr/bin:/bin"}};
  auto f = RunRule(s, "env.login-shell.differs");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "PATH");
  EXPECT_EQ(f[0].evidence[1].value, "/usr/bin:/bin");
}

TEST(EnvRulesTest, EmptyUserEnvFileValueHidesGoEnvDefault) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOPROXY", "", core::SourceKind::kUserEnvFile, "/h/.config/go/env", 1);
  s.goroot_env_file.path = "/usr/local/go/go.env";
  s.goroot_env_file.entries = {{"GOPROXY", "https://proxy.golang.org,direct", 5}};
  auto f = RunRule(s, "env.file.empty-hides-default");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kError);
  EXPECT_EQ(f[0].message,
            "GOPROXY= (empty) in the user env file hides the default \"https://proxy.golang.org,direct\" of "
            "$GOROOT/go.env: the go command reads the file's empty value and never looks at go.env. `go env -w "
            "GOPROXY=` writes exactly such a line.");
  EXPECT_EQ(*f[0].fixes[0].command, "go env -u GOPROXY");
}

TEST(EnvRulesTest, EnvFileOverriddenByProcessEnv) {
  auto s = EmptySnapshot();
  s.user_env_file.path = "/h/.config/go/env";
  s.user_env_file.entries = {{"GOPROXY", "https://corp", 1}};
  SetVar(s.terminal, "GOPROXY", "https://other");
  auto f = RunRule(s, "env.file.overridden");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(*f[0].evidence[1].location, "/h/.config/go/env:1");
}

TEST(EnvRulesTest, MissingGoInEditorOnly) {
  auto s = EmptySnapshot();
  s.editor_side.go_env = core::GoEnvRun{};
  s.editor_model.go = core::ToolInfo{};
  s.editor_model.go.searched = {"GOBIN (unset)", "PATH", "the Go extension's default path /usr/local/go/bin/go"};
  auto f = RunRule(s, "env.go.missing");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "go (editor)");
  EXPECT_EQ(f[0].side, "editor");
  EXPECT_EQ(f[0].message,
            "In the environment the editor gives gopls: VS Code's Go extension finds no go: it looked at GOBIN "
            "(unset), PATH, the Go extension's default path /usr/local/go/bin/go. It shows \"Failed to find the "
            "\"go\" binary in either GOROOT() or PATH\" and stops activating.");
}

TEST(EnvRulesTest, NoGoForTheEditorIsOneRootCauseWithItsConsequences) {
  auto s = EmptySnapshot();
  s.editor_side.go_env = core::GoEnvRun{};
  s.editor_model = core::EditorModel{};
  s.editor_model.go.searched = {"PATH"};
  s.editor_model.stopped = "the Go extension finds no go (it looked at PATH); the Go extension then stops activating";
  MakeUnknown(s.editor_side, "the Go extension finds no go");
  s.editor_side.settings.goproxy.error = "GOPROXY list is not the empty string, but contains no entries";
  s.editor_side.settings.gosumdb.error = "missing GOSUMDB";
  s.tools.gopls.name = "gopls";
  s.tools.gopls.unknown = "not looked for";
  auto all = RunAll(s);
  std::vector<core::Finding> roots;
  for (const auto& f : all)
    if (!f.caused_by && f.severity == core::Severity::kError) roots.push_back(f);
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].id, "env.go.missing");
  ASSERT_EQ(roots[0].consequences.size(), 1u);
  EXPECT_EQ(roots[0].consequences[0].id, "editor.gopls.not-started");
  for (const auto& f : all) {
    EXPECT_EQ(f.id.rfind("proxy.", 0), std::string::npos) << f.id << ": " << f.message;
    EXPECT_EQ(f.id.rfind("sumdb.", 0), std::string::npos) << f.id << ": " << f.message;
    EXPECT_NE(f.id, "tools.gopls.missing");
  }
}

TEST(EnvRulesTest, UnknownValuesNeverFire) {
  auto s = EmptySnapshot();
  MakeUnknown(s.editor_side, "`go env` fails for gopls");
  MakeUnknown(s.terminal, "no go on PATH");
  s.terminal.settings.goproxy.error = "GOPROXY list is not the empty string, but contains no entries";
  s.editor_side.settings = s.terminal.settings;
  s.editor_side.settings.gosumdb.error = "missing GOSUMDB";
  for (const char* id : {"proxy.list.empty", "proxy.list.invalid-entry", "sumdb.config.invalid", "env.editor.differs",
                         "goflags.invalid", "toolchain.gotoolchain.empty", "pattern.list.space"})
    EXPECT_TRUE(RunRule(s, id).empty()) << id;
}

TEST(EnvRulesTest, GoEnvFailureReportedOnceWhenBothSidesFailAlike) {
  auto s = EmptySnapshot();
  s.terminal.go_env.ok = false;
  s.terminal.go_env.exit_code = 1;
  s.terminal.go_env.error = "go: go.mod requires go >= 1.99 (running go 1.22.0; GOTOOLCHAIN=local)";
  s.editor_side.go_env = s.terminal.go_env;
  auto f = RunRule(s, "env.go-env.failed");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("go.mod requires go >= 1.99"), std::string::npos);
}

TEST(EnvRulesTest, GoFlagsErrorQuotesGo) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOFLAGS", "-bogus");
  s.editor_side.env = s.terminal.env;
  s.terminal.settings.goflags.value = "-bogus";
  s.terminal.settings.goflags.error = "go: parsing $GOFLAGS: unknown flag -bogus";
  auto f = RunRule(s, "goflags.invalid");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message.find("GOFLAGS=\"-bogus\" is rejected by the go command: go: parsing $GOFLAGS: unknown flag -bogus"),
            0u);
}

TEST(EnvRulesTest, Go111ModuleOffInsideAModule) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GO111MODULE", "off");
  s.editor_side.env = s.terminal.env;
  s.terminal.settings.go111module.mode = core::ModuleMode::kOff;
  EXPECT_TRUE(RunRule(s, "module.go111module.off-in-module").empty());
  s.workspace.gomod = core::GoModFile{};
  s.workspace.gomod->path = "/ws/go.mod";
  EXPECT_EQ(RunRule(s, "module.go111module.off-in-module").size(), 1u);
}

TEST(EnvRulesTest, GorootEnvMissingOnlyForGo121AndLater) {
  auto s = EmptySnapshot();
  s.goroot_env_file.path = "/usr/lib/go/go.env";
  s.local_go_version = "go1.20.5";
  EXPECT_TRUE(RunRule(s, "env.goroot-env.missing").empty());
  s.local_go_version = "go1.22.1";
  auto f = RunRule(s, "env.goroot-env.missing");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("is missing, so there are no defaults for GOPROXY, GOSUMDB, GOTOOLCHAIN"),
            std::string::npos);
}

TEST(EnvRulesTest, RelativePathEntryIsAWarningMissingIsInfo) {
  auto s = EmptySnapshot();
  s.tools.path_problems = {{"bin", 2, "relative"}, {"/nope", 3, "missing"}};
  auto f = RunRule(s, "env.path.entry");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, core::Severity::kWarning);
  EXPECT_EQ(f[1].severity, core::Severity::kInfo);
}

}  // namespace
}  // namespace godiag::rules

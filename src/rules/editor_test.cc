#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using testutil::EmptySnapshot;
using testutil::RunRule;

TEST(EditorRulesTest, UnknownKeyNamesTheNearestRealKey) {
  auto s = EmptySnapshot();
  s.editor.unknown_keys = {{"go.toolEnvVars", {"/h/.config/Code/User/settings.json", 7, core::SettingsScope::kUser},
                            std::string("go.toolsEnvVars")}};
  auto f = RunRule(s, "editor.settings.unknown-key");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "\"go.toolEnvVars\" in /h/.config/Code/User/settings.json:7 is not a setting of VS Code's Go extension or "
            "gopls; it is ignored. Did you mean \"go.toolsEnvVars\"?");
}

TEST(EditorRulesTest, ShellVariablesInPathSettingsAreNotExpanded) {
  auto s = EmptySnapshot();
  core::SettingLocation at{"/u/settings.json", 3, core::SettingsScope::kUser};
  s.editor.merged["go.toolsGopath"] = core::EditorSetting{"go.toolsGopath", "$HOME/gotools", at};
  s.editor.merged["go.gopath"] = core::EditorSetting{"go.gopath", "${workspaceFolder}/gopath", at};
  auto f = RunRule(s, "editor.settings.unexpanded-variable");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "go.toolsGopath");
  EXPECT_NE(f[0].message.find("not $HOME"), std::string::npos) << f[0].message;
  s.editor.merged["go.toolsGopath"] = core::EditorSetting{"go.toolsGopath", "%USERPROFILE%\\gotools", at};
  ASSERT_EQ(RunRule(s, "editor.settings.unexpanded-variable").size(), 1u);
  s.editor.merged["go.toolsGopath"] = core::EditorSetting{"go.toolsGopath", "~/gotools", at};
  EXPECT_TRUE(RunRule(s, "editor.settings.unexpanded-variable").empty());
}

TEST(EditorRulesTest, AlternateToolThatDoesNotExist) {
  auto s = EmptySnapshot();
  s.editor.alternate_tools["gopls"] = {"go.alternateTools", "/nope/gopls", {"/ws/.vscode/settings.json", 2, core::SettingsScope::kWorkspaceFolder}};
  s.derived.alternate_tool_paths["gopls"] = "";
  ASSERT_EQ(RunRule(s, "editor.alternate-tools.missing").size(), 1u);
  s.derived.alternate_tool_paths["gopls"] = "/nope/gopls";
  EXPECT_TRUE(RunRule(s, "editor.alternate-tools.missing").empty());
}

TEST(EditorRulesTest, GorootSettingThatIsNotADirectory) {
  auto s = EmptySnapshot();
  s.editor.goroot = core::EditorSetting{"go.goroot", "/opt/nogo", {"/h/settings.json", 3, core::SettingsScope::kUser}};
  s.derived.goroot_setting_is_dir = false;
  auto f = RunRule(s, "editor.goroot.missing");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("go.goroot is \"/opt/nogo\" (/h/settings.json:3)"), std::string::npos);
}

TEST(EditorRulesTest, ParseErrorOfASettingsFile) {
  auto s = EmptySnapshot();
  core::SettingsFile bad;
  bad.path = "/ws/.vscode/settings.json";
  bad.exists = true;
  bad.parse_error = "/ws/.vscode/settings.json:3:5: expected ',' or '}'";
  s.editor.files = {bad};
  EXPECT_EQ(RunRule(s, "editor.settings.parse-error").size(), 1u);
}

TEST(EditorRulesTest, GoplsWithoutGoWhenTheExtensionDoesNotChangePath) {
  auto s = EmptySnapshot();
  s.editor_model.go.path = "/usr/local/go/bin/go";
  s.editor_model.go.found_by = "the Go extension's default path /usr/local/go/bin/go";
  s.editor_model.activate_environment = false;
  s.editor_model.gopls_go = "";
  s.editor.activate_environment = false;
  s.editor.merged["go.terminal.activateEnvironment"] =
      core::EditorSetting{"go.terminal.activateEnvironment", false, {"/h/.config/Code/User/settings.json", 4, core::SettingsScope::kUser}};
  s.tools.gopls.path = "/h/go/bin/gopls";
  auto f = RunRule(s, "editor.gopls.no-go");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].side, "editor");
  EXPECT_EQ(f[0].message,
            "gopls finds no go on its PATH, so it loads no package: it reports \"go command required, not found: exec: "
            "\"go\": executable file not found in $PATH\" for the workspace. VS Code's Go extension found go by the Go "
            "extension's default path /usr/local/go/bin/go, but with \"go.terminal.activateEnvironment\": false it does "
            "not put /usr/local/go/bin on the PATH it gives gopls.");
  ASSERT_EQ(f[0].fixes.size(), 2u);
  EXPECT_NE(f[0].fixes[1].description.find("/h/.config/Code/User/settings.json:4"), std::string::npos);
  s.editor_model.gopls_go = "/usr/local/go/bin/go";
  EXPECT_TRUE(RunRule(s, "editor.gopls.no-go").empty());
}

TEST(EditorRulesTest, GoplsLoadErrorIsAConsequenceOfNoGo) {
  auto s = EmptySnapshot();
  s.editor_model.gopls_go = "";
  s.tools.gopls.path = "/h/go/bin/gopls";
  core::LspProbeResult probe;
  probe.editor = true;
  probe.argv = {"/h/go/bin/gopls"};
  probe.root_uri = "file:///ws";
  probe.log_errors.push_back("initial workspace load failed: err: go command required, not found");
  s.lsp = probe;
  auto all = testutil::RunAll(s);
  const core::Finding* load = nullptr;
  for (const auto& f : all)
    if (f.id == "lsp.server.load-error") load = &f;
  ASSERT_NE(load, nullptr);
  ASSERT_TRUE(load->caused_by);
  EXPECT_EQ(load->caused_by->id, "editor.gopls.no-go");
}

}  // namespace
}  // namespace godiag::rules

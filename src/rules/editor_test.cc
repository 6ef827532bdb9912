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

}  // namespace
}  // namespace godiag::rules

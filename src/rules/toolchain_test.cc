#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using testutil::EmptySnapshot;
using testutil::RunRule;

TEST(ToolchainRulesTest, GoLineTooNewQuotesTheGoCommand) {
  auto s = EmptySnapshot();
  auto& t = s.derived.toolchain;
  t.local = "go1.22.1";
  t.required = "go1.23.0";
  t.required_by = "/ws/go.mod:3";
  t.needs_newer = true;
  t.error = "go: go.mod requires go >= 1.23.0 (running go 1.22.1; GOTOOLCHAIN=local)";
  auto f = RunRule(s, "toolchain.go-line.too-new");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "/ws/go.mod:3 needs go1.23.0 but the local Go is go1.22.1 and the go command cannot switch: go: go.mod "
            "requires go >= 1.23.0 (running go 1.22.1; GOTOOLCHAIN=local)");
  t.error.reset();
  t.switch_allowed = true;
  EXPECT_TRUE(RunRule(s, "toolchain.go-line.too-new").empty());
}

TEST(ToolchainRulesTest, SeveralGoVersionsOnPath) {
  auto s = EmptySnapshot();
  s.tools.go_on_path = {{"/usr/local/go/bin/go", "/usr/local/go/bin/go", "go1.26.8", std::nullopt},
                        {"/usr/bin/go", "/usr/lib/go-1.19/bin/go", "go1.19.8", std::nullopt}};
  auto f = RunRule(s, "tools.go.multiple");
  ASSERT_EQ(f.size(), 1u);
  s.tools.go_on_path[1].version = "go1.26.8";
  EXPECT_TRUE(RunRule(s, "tools.go.multiple").empty());
}

TEST(ToolchainRulesTest, GoplsMissingOnlyWhenTheLanguageServerIsOn) {
  auto s = EmptySnapshot();
  s.tools.gopls.name = "gopls";
  s.tools.gopls.searched = {"GOBIN /h/go/bin", "PATH"};
  ASSERT_EQ(RunRule(s, "tools.gopls.missing").size(), 1u);
  s.editor.use_language_server = false;
  EXPECT_TRUE(RunRule(s, "tools.gopls.missing").empty());
}

TEST(ToolchainRulesTest, GoplsBuiltWithOldGo) {
  auto s = EmptySnapshot();
  s.tools.gopls = {"gopls", "/h/go/bin/gopls", "GOPATH/bin", "v0.14.2", "go1.21.5", std::nullopt, {}, "gopath", std::nullopt};
  s.derived.gopls_older_than_go_line = true;
  s.derived.workspace_go_line = "1.23.0";
  s.derived.workspace_go_line_at = "/ws/go.mod:3";
  auto f = RunRule(s, "tools.gopls.old-go");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("built with go1.21.5, older than the workspace's go line (1.23.0 at /ws/go.mod:3)"),
            std::string::npos);
}

TEST(ToolchainRulesTest, GorootThatDoesNotHoldTheGoOnPath) {
  auto s = EmptySnapshot();
  s.process_env["GOROOT"] = "/opt/go1.19/";
  s.tools.go_on_path = {{"/usr/local/go/bin/go", "/usr/local/go/bin/go", "go1.26.8", std::nullopt}};
  EXPECT_EQ(RunRule(s, "goroot.mismatch").size(), 1u);
  s.process_env["GOROOT"] = "/usr/local/go";
  EXPECT_TRUE(RunRule(s, "goroot.mismatch").empty());
}

}  // namespace
}  // namespace godiag::rules

#include <gtest/gtest.h>

#include "codec/go_patterns.h"
#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using testutil::EmptySnapshot;
using testutil::RunRule;
using testutil::SetVar;

TEST(ProxyRulesTest, InvalidEntryQuotesGoAndSuggestsTheMixedForm) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOPROXY", "direct+https://proxy.corp", core::SourceKind::kUserEnvFile, "/h/.config/go/env", 2);
  SetVar(s.editor_side, "GOPROXY", "direct+https://proxy.corp", core::SourceKind::kUserEnvFile, "/h/.config/go/env", 2);
  s.terminal.settings.goproxy.value = "direct+https://proxy.corp";
  s.terminal.settings.goproxy.bad_entry = "direct+https://proxy.corp";
  s.terminal.settings.goproxy.error = "invalid proxy URL scheme (must be https, http, file): direct+https://proxy.corp";
  auto f = RunRule(s, "proxy.list.invalid-entry");
  ASSERT_EQ(f.size(), 1u);  // same value in the editor: reported once
  EXPECT_EQ(f[0].severity, core::Severity::kError);
  EXPECT_EQ(f[0].message,
            "GOPROXY entry \"direct+https://proxy.corp\" is rejected by the go command, so every module download "
            "fails with: invalid proxy URL scheme (must be https, http, file): direct+https://proxy.corp");
  ASSERT_EQ(f[0].fixes.size(), 1u);
  EXPECT_EQ(*f[0].fixes[0].command, "go env -w GOPROXY=https://proxy.corp,direct");
  EXPECT_EQ(*f[0].evidence[0].location, "/h/.config/go/env:2");
}

TEST(ProxyRulesTest, EditorOnlyValueIsReportedForTheEditor) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOPROXY", "https://proxy.golang.org,direct", core::SourceKind::kGorootEnvFile);
  SetVar(s.editor_side, "GOPROXY", "off", core::SourceKind::kToolsEnvVars, "/ws/.vscode/settings.json", 3);
  s.editor_side.settings.goproxy.value = "off";
  s.editor_side.settings.goproxy.entries = {{core::ProxyKind::kOff, "off", "", false, core::Fallback::kOnNotFound}};
  auto f = RunRule(s, "proxy.list.off");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "GOPROXY (editor)");
  EXPECT_EQ(f[0].message.rfind("In the environment the editor gives gopls: GOPROXY=off", 0), 0u) << f[0].message;
  EXPECT_EQ(f[0].fixes[0].description,
            "If downloads are meant to work, restore a proxy list: edit /ws/.vscode/settings.json:3 "
            "(go.toolsEnvVars) to GOPROXY=https://proxy.golang.org,direct");
  EXPECT_FALSE(f[0].fixes[0].command.has_value());
}

TEST(ProxyRulesTest, IgnoredEntriesAfterDirect) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOPROXY", "https://a,direct,https://b");
  s.editor_side.env = s.terminal.env;
  auto& l = s.terminal.settings.goproxy;
  l.entries = {{core::ProxyKind::kUrl, "https://a", "https://a", false, core::Fallback::kOnNotFound},
               {core::ProxyKind::kDirect, "direct", "", false, core::Fallback::kOnNotFound}};
  l.ignored = {"https://b"};
  auto f = RunRule(s, "proxy.list.ignored-entries");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "GOPROXY entries after \"direct\" are never used: \"https://b\". The go command stops reading the list "
            "at direct or off.");
}

TEST(ProxyRulesTest, SumDbOffIsASecurityWarning) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOSUMDB", "off");
  s.editor_side.env = s.terminal.env;
  s.terminal.settings.gosumdb.kind = core::SumDbKind::kOff;
  auto f = RunRule(s, "sumdb.config.off");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kWarning);
  s.terminal.settings.gosumdb.kind = core::SumDbKind::kDatabase;
  EXPECT_TRUE(RunRule(s, "sumdb.config.off").empty());
}

TEST(ProxyRulesTest, SpacesInPatternListsNameTheBadPatterns) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOPRIVATE", "a.com, b.com");
  s.editor_side.env = s.terminal.env;
  s.terminal.settings.goprivate.value = "a.com, b.com";
  s.terminal.settings.goprivate.patterns = {{"a.com", core::PatternProblem::kNone},
                                            {" b.com", core::PatternProblem::kLeadingOrTrailingSpace}};
  auto f = RunRule(s, "pattern.list.space");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "GOPRIVATE patterns \" b.com\" contain spaces: the go command does not trim them, so they never match a "
            "module path.");
  EXPECT_EQ(*f[0].fixes[0].command, "export GOPRIVATE=a.com,b.com");
}

TEST(ProxyRulesTest, PatternThatIsAUrlNamesWhatWasMeant) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOPRIVATE", "https://gitlab.corp/team,*.internal");
  s.editor_side.env = s.terminal.env;
  s.terminal.settings.goprivate = codec::ParsePatternList("https://gitlab.corp/team,*.internal");
  auto f = RunRule(s, "pattern.list.not-a-path");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kError);
  EXPECT_NE(f[0].message.find("\"https://gitlab.corp/team\" has a URL scheme (\"https://\")"), std::string::npos)
      << f[0].message;
  EXPECT_EQ(*f[0].fixes[0].command, "export GOPRIVATE='gitlab.corp/team,*.internal'");
  s.terminal.settings.goprivate = codec::ParsePatternList("gitlab.corp/team,*.internal");
  EXPECT_TRUE(RunRule(s, "pattern.list.not-a-path").empty());
}

TEST(ProxyRulesTest, PrivateModuleStillSentToSumDb) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GONOPROXY", "*.corp");
  s.editor_side.env = s.terminal.env;
  core::Route r;
  r.module = "git.corp/x";
  r.checksum_db = "sum.golang.org";
  r.matched["GONOPROXY"] = "*.corp";
  r.matched["GONOSUMDB"] = std::nullopt;
  s.terminal.routes = {r};
  auto f = RunRule(s, "pattern.private.sent-to-sumdb");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "git.corp/x");
  r.checksum_db = std::nullopt;
  s.terminal.routes = {r};
  EXPECT_TRUE(RunRule(s, "pattern.private.sent-to-sumdb").empty());
}

TEST(ProxyRulesTest, GoInsecureWithoutDirectHasNoEffect) {
  auto s = EmptySnapshot();
  SetVar(s.terminal, "GOINSECURE", "*.corp");
  s.editor_side.env = s.terminal.env;
  s.terminal.settings.goinsecure.value = "*.corp";
  s.terminal.settings.goinsecure.patterns = {{"*.corp", core::PatternProblem::kNone}};
  s.terminal.settings.goproxy.entries = {{core::ProxyKind::kUrl, "https://p", "https://p", false, core::Fallback::kOnNotFound}};
  ASSERT_EQ(RunRule(s, "pattern.goinsecure.no-effect").size(), 1u);
  s.terminal.settings.goproxy.entries.push_back({core::ProxyKind::kDirect, "direct", "", false, core::Fallback::kOnNotFound});
  EXPECT_TRUE(RunRule(s, "pattern.goinsecure.no-effect").empty());
}

TEST(ProxyRulesTest, GitMissingOnlyMattersWhenDirectIsPossible) {
  auto s = EmptySnapshot();
  s.tools.git.name = "git";
  s.terminal.settings.goproxy.entries = {{core::ProxyKind::kUrl, "https://p", "https://p", false, core::Fallback::kOnNotFound}};
  EXPECT_TRUE(RunRule(s, "vcs.git.missing").empty());
  s.terminal.settings.goproxy.entries.push_back({core::ProxyKind::kDirect, "direct", "", false, core::Fallback::kOnNotFound});
  EXPECT_EQ(RunRule(s, "vcs.git.missing").size(), 1u);
  s.tools.git.path = "/usr/bin/git";
  EXPECT_TRUE(RunRule(s, "vcs.git.missing").empty());
}

}  // namespace
}  // namespace godiag::rules

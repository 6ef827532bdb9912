#include "codec/goauth.h"

#include <gtest/gtest.h>

namespace godiag::codec {
namespace {

std::vector<GoAuthKind> Kinds(const GoAuthConfig& c) {
  std::vector<GoAuthKind> out;
  for (const auto& cmd : c.commands) out.push_back(cmd.kind);
  return out;
}

using K = GoAuthKind;

TEST(GoAuthTest, EmptyMeansNetrc) {
  auto c = ParseGoAuth("");
  EXPECT_EQ(c.value, "netrc");
  EXPECT_FALSE(c.error.has_value());
  EXPECT_EQ(Kinds(c), std::vector<K>{K::kNetrc});
}

TEST(GoAuthTest, CommandsInPriorityOrderWithWordsAndTrimmedText) {
  auto c = ParseGoAuth(" git /src/repo ;netrc;  my-helper  --flag   x ");
  ASSERT_FALSE(c.error.has_value());
  EXPECT_EQ(Kinds(c), (std::vector<K>{K::kGit, K::kNetrc, K::kCustom}));
  EXPECT_EQ(c.commands[0].args, (std::vector<std::string>{"git", "/src/repo"}));
  EXPECT_EQ(c.commands[0].text, "git /src/repo");
  EXPECT_EQ(c.commands[2].args, (std::vector<std::string>{"my-helper", "--flag", "x"}));
  EXPECT_EQ(c.commands[2].text, "my-helper  --flag   x");
}

TEST(GoAuthTest, OffAloneAndItsExtraWordsAreIgnored) {
  for (const char* v : {"off", " off ", "off x"}) {
    auto c = ParseGoAuth(v);
    EXPECT_FALSE(c.error.has_value()) << v;
    EXPECT_EQ(Kinds(c), std::vector<K>{K::kOff}) << v;
  }
  EXPECT_EQ(Kinds(ParseGoAuth("OFF")), std::vector<K>{K::kCustom});  // case matters
}

TEST(GoAuthTest, NetrcIgnoresExtraWords) {
  auto c = ParseGoAuth("netrc /some/file");
  EXPECT_FALSE(c.error.has_value());
  EXPECT_EQ(Kinds(c), std::vector<K>{K::kNetrc});
}

// The texts below are what go1.26.8 printed for `go mod download` with these GOAUTH values.
TEST(GoAuthTest, EmptyCommandError) {
  EXPECT_EQ(*ParseGoAuth("netrc;;").error, "go: GOAUTH encountered an empty command (GOAUTH=netrc;;)");
  EXPECT_EQ(*ParseGoAuth(" ; netrc").error, "go: GOAUTH encountered an empty command (GOAUTH= ; netrc)");
  EXPECT_EQ(*ParseGoAuth("off;").error, "go: GOAUTH encountered an empty command (GOAUTH=off;)");
  EXPECT_EQ(*ParseGoAuth(";").error, "go: GOAUTH encountered an empty command (GOAUTH=;)");
}

TEST(GoAuthTest, OffCombinedError) {
  EXPECT_EQ(*ParseGoAuth("off;netrc").error,
            "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)");
  EXPECT_EQ(*ParseGoAuth("netrc;off").error,
            "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=netrc;off)");
  // Checked from the end: "off" is met before the empty command.
  EXPECT_EQ(*ParseGoAuth(";off").error,
            "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=;off)");
}

TEST(GoAuthTest, GitDirErrors) {
  const std::string base = "go: GOAUTH=git dir method requires an absolute path to the git working directory";
  EXPECT_EQ(*ParseGoAuth("git").error, base);
  EXPECT_EQ(*ParseGoAuth("git /a /b").error, base);
  EXPECT_EQ(*ParseGoAuth("git rel/dir").error, base + ", dir is not absolute");
  EXPECT_EQ(*ParseGoAuth("git ~/src").error, base + ", dir is not absolute");
  EXPECT_FALSE(ParseGoAuth("git /abs").error.has_value());  // existence is not checked here
}

TEST(GoAuthTest, TheLastBadCommandDecidesTheError) {
  EXPECT_EQ(*ParseGoAuth("netrc; ;git x").error,
            "go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute");
  EXPECT_EQ(*ParseGoAuth("git x;;netrc").error, "go: GOAUTH encountered an empty command (GOAUTH=git x;;netrc)");
}

TEST(GoAuthTest, WithAnErrorTheGoodCommandsAreStillListed) {
  auto c = ParseGoAuth("my-helper;;netrc");
  ASSERT_TRUE(c.error.has_value());
  EXPECT_EQ(Kinds(c), (std::vector<K>{K::kCustom, K::kNetrc}));
}

TEST(GoAuthTest, UnicodeSpacesSeparateWords) {
  auto c = ParseGoAuth("git\xC2\xA0/abs\xE3\x80\x80");
  ASSERT_FALSE(c.error.has_value());
  EXPECT_EQ(c.commands[0].args, (std::vector<std::string>{"git", "/abs"}));
  EXPECT_EQ(c.commands[0].text, "git\xC2\xA0/abs");
}

}  // namespace
}  // namespace godiag::codec

// Unit tests of the smaller Go-setting parsers: patterns, GOVCS, GOFLAGS, GOTOOLCHAIN,
// versions and go.mod (the oracle tests cover them against the real go command too).
#include <gtest/gtest.h>

#include "codec/go_flags.h"
#include "codec/go_mod.h"
#include "codec/go_patterns.h"
#include "codec/go_toolchain.h"
#include "codec/go_vcs.h"
#include "codec/go_version.h"

namespace godiag::codec {
namespace {

// facts/go-modules.md §18 (1): "*.example.com" matches deeper hosts and paths, not the bare domain.
TEST(GoPatternsTest, StarDotDomainMatchesSubdomainsAtAnyDepth) {
  EXPECT_EQ(*MatchPrefixPatterns("*.example.com", "a.b.example.com/x/y/z"), "*.example.com");
  EXPECT_EQ(*MatchPrefixPatterns("*.example.com", "a.example.com"), "*.example.com");
  EXPECT_FALSE(MatchPrefixPatterns("*.example.com", "example.com").has_value());
  EXPECT_FALSE(MatchPrefixPatterns("example.com", "example.com.evil.org").has_value());
}

TEST(GoPatternsTest, SpacesAreNotTrimmed) {
  EXPECT_FALSE(MatchPrefixPatterns("a.com, b.com", "b.com/x").has_value());
  auto l = ParsePatternList("a.com, b.com,,c[");
  ASSERT_EQ(l.patterns.size(), 4u);
  EXPECT_EQ(l.patterns[1].problem, core::PatternProblem::kLeadingOrTrailingSpace);
  EXPECT_EQ(l.patterns[2].problem, core::PatternProblem::kEmpty);
  EXPECT_EQ(l.patterns[3].problem, core::PatternProblem::kMalformedGlob);
}

// What users write for a private host that is not a module path prefix: the go command's
// matcher agrees that each matches nothing (MatchPrefixPatterns), and the parser says why
// and what was meant.
TEST(GoPatternsTest, PatternsThatAreNotModulePathsSayWhatWasMeant) {
  struct Case {
    const char* pattern;
    const char* module;
    const char* why;
    const char* suggestion;
  } cases[] = {
      {"https://gitlab.corp.example/team", "gitlab.corp.example/team/app", "a URL scheme (\"https://\")",
       "gitlab.corp.example/team"},
      {"git@github.com:org/repo", "github.com/org/repo",
       "a user name (\"git@\") and an scp-style git address (\":org\")", "github.com/org/repo"},
      {"gitlab.corp.example:8443/team", "gitlab.corp.example/team/app", "a port (\":8443\")", "gitlab.corp.example/team"},
      {"github.com/org/...", "github.com/org/app",
       "Go's package-pattern wildcard \"/...\" (a prefix already matches everything below it)", "github.com/org"},
      {"GitHub.com/Org", "github.com/Org/app",
       "upper-case letters in the host name (module paths have a lower-case first element)", "github.com/Org"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.pattern);
    EXPECT_FALSE(MatchPrefixPatterns(c.pattern, c.module).has_value());
    EXPECT_TRUE(MatchPrefixPatterns(c.suggestion, c.module).has_value());
    auto l = ParsePatternList(c.pattern);
    ASSERT_EQ(l.patterns.size(), 1u);
    EXPECT_EQ(l.patterns[0].problem, core::PatternProblem::kNotAModulePath);
    EXPECT_EQ(l.patterns[0].why, c.why);
    EXPECT_EQ(l.patterns[0].suggestion, c.suggestion);
  }
  for (const char* fine : {"*.corp.example.com", "github.com/org/", "gitlab.corp/group/repo.git", "*", "github.com/Org/*"})
    EXPECT_EQ(ParsePatternList(fine).patterns[0].problem, core::PatternProblem::kNone) << fine;
}

TEST(GoVcsTest, ErrorsAndBuiltins) {
  EXPECT_EQ(*ParseGovcs("git").error, "malformed entry in GOVCS (missing colon): \"git\"");
  EXPECT_EQ(*ParseGovcs("a:git,").error, "empty entry in GOVCS");
  EXPECT_EQ(*ParseGovcs("a:git,a:hg").error, "unreachable pattern in GOVCS: \"a:hg\" after \"a:git\"");
  EXPECT_EQ(*ParseGovcs("./x:git").error, "relative pattern not allowed in GOVCS: \"./x\"");
  auto c = ParseGovcs(" github.com : git | hg ");
  ASSERT_EQ(c.rules.size(), 3u);
  EXPECT_EQ(c.rules[0].vcs, (std::vector<std::string>{"git", "hg"}));
  auto d = DecideGovcs(ParseGovcs("public:hg"), "", "github.com/google/go-cmp", "git");
  EXPECT_EQ(*d.error, "GOVCS disallows using git for public github.com/google/go-cmp; see 'go help vcs'");
  EXPECT_TRUE(DecideGovcs(ParseGovcs(""), "*.corp", "git.corp/x", "svn").allowed);
}

TEST(GoFlagsTest, QuotedSplitAndChecks) {
  auto g = ParseGoFlags("'-ldflags=-s -w' -mod=vendor");
  EXPECT_FALSE(g.error.has_value());
  ASSERT_EQ(g.flags.size(), 2u);
  EXPECT_EQ(*g.mod, "vendor");
  EXPECT_EQ(*ParseGoFlags("-mod=mod x").error, "go: parsing $GOFLAGS: non-flag \"x\"");
  EXPECT_EQ(*ParseGoFlags("--notaflag").error, "go: parsing $GOFLAGS: unknown flag -notaflag");
  EXPECT_EQ(*ParseGoFlags("\"-x").error, "go: parsing $GOFLAGS: unterminated \" string");
  EXPECT_EQ(StripJsonFromGoFlags("-json -mod=mod --json"), "-mod=mod");
  EXPECT_EQ(StripJsonFromGoFlags("-mod=mod"), "-mod=mod");
}

TEST(GoToolchainTest, FormsAndErrors) {
  EXPECT_EQ(ParseGoToolchain("local").mode, core::ToolchainMode::kLocal);
  EXPECT_EQ(ParseGoToolchain("go1.22.3+auto").mode, core::ToolchainMode::kAuto);
  EXPECT_EQ(*ParseGoToolchain("go1.22.3+auto").minimum, "go1.22.3");
  EXPECT_EQ(ParseGoToolchain("go1.22.3").mode, core::ToolchainMode::kFixed);
  EXPECT_EQ(ParseGoToolchain("").mode, core::ToolchainMode::kEmpty);
  EXPECT_EQ(*ParseGoToolchain("asdf").error, "invalid GOTOOLCHAIN \"asdf\"");
  EXPECT_EQ(*ParseGoToolchain("auto+go1.25").error, "invalid GOTOOLCHAIN \"auto+go1.25\": invalid minimum toolchain \"auto\"");
  EXPECT_EQ(*ParseGoToolchain("go1.22+foo").error, "invalid GOTOOLCHAIN \"go1.22+foo\": only version suffixes are +auto and +path");
}

TEST(GoToolchainTest, SelectionAppendsDotZeroAndRefusesWhenLocal) {
  auto c = SelectToolchain(ParseGoToolchain("auto"), "go1.22.1", "1.23", "", "go.mod");
  EXPECT_EQ(c.target, "go1.23.0");
  EXPECT_TRUE(c.switches);
  auto l = SelectToolchain(ParseGoToolchain("local"), "go1.22.1", "1.23", "", "go.mod");
  EXPECT_EQ(*l.error, "go: go.mod requires go >= 1.23 (running go 1.22.1; GOTOOLCHAIN=local)");
  auto d = SelectToolchain(ParseGoToolchain("auto"), "go1.22.1", "1.23", "default", "go.mod");
  EXPECT_EQ(*d.error, "go: go.mod requires go >= 1.23 (running go 1.22.1; go.mod sets toolchain default)");
  EXPECT_FALSE(SelectToolchain(ParseGoToolchain("auto"), "go1.22.1", "1.21", "", "go.mod").error.has_value());
}

TEST(GoVersionTest, OrderingSince121) {
  EXPECT_LT(CompareGoVersions("1.21", "1.21rc1"), 0);
  EXPECT_LT(CompareGoVersions("1.21rc1", "1.21.0"), 0);
  EXPECT_EQ(CompareGoVersions("1.20", "1.20.0"), 0);
  EXPECT_EQ(GoVersionFromToolchain("go1.22.3-bigcorp"), "1.22.3");
  EXPECT_EQ(GoVersionFromToolchain("go1.2/x"), "");
}

TEST(GoModTest, DirectivesBlocksAndErrors) {
  auto f = ParseGoMod("module example.com/m // c\n\ngo 1.22\ntoolchain go1.23.0\nrequire (\n\ta.com/x v1.0.0 // indirect\n\tb.com/y v0.1.0\n)\n",
                      "/w/go.mod");
  EXPECT_TRUE(f.errors.empty());
  EXPECT_EQ(f.module, "example.com/m");
  EXPECT_EQ(f.go_line, 3);
  ASSERT_EQ(f.requires_.size(), 2u);
  EXPECT_TRUE(f.requires_[0].indirect);
  EXPECT_FALSE(f.requires_[1].indirect);
  auto bad = ParseGoMod("module m\ngo 1.x\n", "/w/go.mod");
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0], "/w/go.mod:2: invalid go version '1.x': must match format 1.23.0");
  auto w = ParseGoWork("go 1.22\nuse (\n\t./a\n\t./b\n)\n", "/w/go.work");
  EXPECT_EQ(w.uses, (std::vector<std::string>{"./a", "./b"}));
}

}  // namespace
}  // namespace godiag::codec

#include "cli/args.h"

#include <gtest/gtest.h>

namespace godiag::cli {
namespace {

TEST(ArgsTest, DefaultsToDoctor) {
  auto o = ParseArgs({});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->command, "doctor");
  EXPECT_EQ(o->format, "text");
  EXPECT_EQ(o->fail_on, FailOn::kError);
}

TEST(ArgsTest, DirectoryWithoutCommandIsDoctor) {
  auto o = ParseArgs({"some/dir", "--offline", "--format=json"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->command, "doctor");
  EXPECT_FALSE(o->command_given);
  ASSERT_EQ(o->args.size(), 1u);
  EXPECT_EQ(o->args[0], "some/dir");
  EXPECT_TRUE(o->offline);
  EXPECT_EQ(o->format, "json");
}

TEST(ArgsTest, FlagsAnywhereWithSeparateValues) {
  auto o = ParseArgs({"--fail-on", "warning", "route", "golang.org/x/text@v0.3.0", "--editor", "-v"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->command, "route");
  EXPECT_EQ(o->fail_on, FailOn::kWarning);
  EXPECT_TRUE(o->editor);
  EXPECT_TRUE(o->verbose);
  EXPECT_EQ(o->args, std::vector<std::string>{"golang.org/x/text@v0.3.0"});
}

TEST(ArgsTest, UnknownFlagSuggestsNearest) {
  auto o = ParseArgs({"--formt", "json"});
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().message, "unknown flag --formt; did you mean --format?");
  EXPECT_EQ(ParseArgs({"--ofline"}).error().message, "unknown flag --ofline; did you mean --offline?");
  EXPECT_EQ(ParseArgs({"--zzzzzzzz"}).error().message, "unknown flag --zzzzzzzz");
}

TEST(ArgsTest, BadValueSuggestsNearest) {
  EXPECT_EQ(ParseArgs({"--format=jsno"}).error().message,
            "invalid value \"jsno\" for --format (want text|json|markdown|sarif); did you mean \"json\"?");
  EXPECT_EQ(ParseArgs({"--format"}).error().message, "flag needs an argument: --format");
  EXPECT_EQ(ParseArgs({"--offline=yes"}).error().message, "flag --offline takes no value");
}

TEST(ArgsTest, HelpForACommand) {
  auto o = ParseArgs({"help", "route"});
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->help);
  EXPECT_EQ(o->command, "route");
  EXPECT_EQ(ParseArgs({"help", "rout"}).error().message, "unknown command \"rout\"; did you mean \"route\"?");
}

TEST(ArgsTest, VersionCommandAndFlag) {
  EXPECT_TRUE(ParseArgs({"version"})->version);
  EXPECT_TRUE(ParseArgs({"--version"})->version);
}

TEST(ArgsTest, DoctorTakesOneDirectory) {
  EXPECT_EQ(ParseArgs({"doctor", "a", "b"}).error().message, "doctor takes at most one directory, got 2 arguments");
}

}  // namespace
}  // namespace godiag::cli

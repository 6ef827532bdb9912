#include "collect/login_shell.h"

#include <gtest/gtest.h>

#include "platform/real_platform.h"
#include "testing/fakes.h"

namespace godiag::collect {
namespace {

std::string Marked(std::string_view body) {
  return "motd noise\n" + std::string(kShellEnvMarker) + std::string(body) + std::string(kShellEnvMarker) + "bye\n";
}

TEST(LoginShellTest, ParsesNulSeparatedEnvBetweenMarkers) {
  using namespace std::string_literals;
  auto env = ParseMarkedEnv(Marked("PATH=/usr/bin:/bin\0GOPROXY=a=b\0MULTI=line1\nline2\0"s));
  ASSERT_TRUE(env.has_value());
  EXPECT_EQ(env->at("PATH"), "/usr/bin:/bin");
  EXPECT_EQ(env->at("GOPROXY"), "a=b");
  EXPECT_EQ(env->at("MULTI"), "line1\nline2");
}

TEST(LoginShellTest, MissingMarkersAreParseErrors) {
  EXPECT_EQ(ParseMarkedEnv("nothing").error().message, "shell printed no environment");
  EXPECT_EQ(ParseMarkedEnv(std::string(kShellEnvMarker) + "A=1").error().message,
            "shell environment output is truncated");
}

TEST(LoginShellTest, UsesInteractiveLoginShellLikeVsCode) {
  auto argv = ShellEnvArgv("/bin/zsh");
  ASSERT_EQ(argv.size(), 5u);
  EXPECT_EQ(argv[1], "-i");
  EXPECT_EQ(argv[2], "-l");
  EXPECT_EQ(ShellEnvArgv("/bin/tcsh")[1], "-ic");
}

TEST(LoginShellTest, TimeoutIsRecordedNotThrown) {
  testing::FakePlatform p;
  p.runner.On("/bin/bash", [](const platform::ProcessSpec&) {
    platform::ProcessResult r;
    r.timed_out = true;
    return core::Expected<platform::ProcessResult>(r);
  });
  auto got = CollectLoginShellEnv(p.View(), {{"SHELL", "/bin/bash"}}, std::chrono::milliseconds(100));
  EXPECT_FALSE(got.ran);
  EXPECT_EQ(*got.error, "login shell did not finish within 100 ms");
}

TEST(LoginShellTest, RealShellPrintsItsEnvironment) {
  // Real OS: /bin/sh exists on every POSIX machine this runs on.
  platform::RealPlatform real;
  auto got = CollectLoginShellEnv(real.View(), {{"SHELL", "/bin/sh"}, {"GODIAG_PROBE", "x y"}, {"PATH", "/usr/bin:/bin"}},
                                  std::chrono::seconds(10));
  ASSERT_TRUE(got.ran) << got.error.value_or("");
  EXPECT_EQ(got.env.at("GODIAG_PROBE"), "x y");
}

}  // namespace
}  // namespace godiag::collect

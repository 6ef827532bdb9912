#include "collect/desktop_env.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

TEST(DesktopEnvTest, ParsesSystemdShowEnvironment) {
  auto env = ParseSystemdEnvironment(
      "HOME=/home/u\n"
      "LANG=en_US.UTF-8\n"
      "PATH=/usr/local/bin:/usr/bin\n"
      "MSG=$'two\\nlines \\'quoted\\' \\x41\\101'\n"
      "OLD=\"a \\\"b\\\" c\"\n"
      "not a line\n"
      "=empty-name\n"
      "EMPTY=\n");
  EXPECT_EQ(env.size(), 6u);
  EXPECT_EQ(env["HOME"], "/home/u");
  EXPECT_EQ(env["PATH"], "/usr/local/bin:/usr/bin");
  EXPECT_EQ(env["MSG"], "two\nlines 'quoted' AA");
  EXPECT_EQ(env["OLD"], "a \"b\" c");
  EXPECT_EQ(env["EMPTY"], "");
}

TEST(DesktopEnvTest, MinimalKeepsOnlyTheSessionBasics) {
  std::map<std::string, std::string> terminal = {
      {"HOME", "/home/u"}, {"USER", "u"},           {"LOGNAME", "u"},      {"SHELL", "/bin/bash"},
      {"LANG", "C.UTF-8"}, {"LC_TIME", "de_DE"},     {"GOWORK", "off"},     {"GOFLAGS", "-mod=mod"},
      {"PATH", "/x"},      {"SSH_AUTH_SOCK", "/s"},  {"GOPROXY", "direct"}};
  auto env = MinimalDesktopEnv(terminal, "linux");
  EXPECT_EQ(env, (std::map<std::string, std::string>{{"HOME", "/home/u"},
                                                      {"USER", "u"},
                                                      {"LOGNAME", "u"},
                                                      {"SHELL", "/bin/bash"},
                                                      {"LANG", "C.UTF-8"},
                                                      {"LC_TIME", "de_DE"},
                                                      {"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}));
  EXPECT_EQ(MinimalDesktopEnv(terminal, "darwin")["PATH"], "/usr/bin:/bin:/usr/sbin:/sbin");
}

TEST(DesktopEnvTest, SystemdUserManagerWhenItAnswers) {
  testing::FakePlatform p;
  p.runner.On("systemctl", [](const platform::ProcessSpec& spec) {
    EXPECT_EQ(spec.argv, (std::vector<std::string>{"systemctl", "--user", "show-environment"}));
    return core::Expected<platform::ProcessResult>(
        testing::FakeProcessRunner::Ok("HOME=/home/u\nPATH=/usr/bin:/bin\nGOPATH=/home/u/work\n"));
  });
  p.fs.AddFile("/run/user/1000/systemd/private", "");
  auto launch = CollectEditorLaunch(p.View(), {{"HOME", "/home/u"}, {"GOWORK", "off"}, {"XDG_RUNTIME_DIR", "/run/user/1000"}},
                                    LaunchedFrom::kDesktop, std::chrono::milliseconds(2000));
  EXPECT_EQ(launch.kind, core::EditorLaunch::Kind::kSystemdUser);
  EXPECT_EQ(launch.env.at("GOPATH"), "/home/u/work");
  EXPECT_EQ(launch.env.count("GOWORK"), 0u);
}

TEST(DesktopEnvTest, MinimalWhenTheUserManagerCannotBeReached) {
  testing::FakePlatform p;
  p.runner.On("systemctl", [](const platform::ProcessSpec&) {
    return core::Expected<platform::ProcessResult>(
        testing::FakeProcessRunner::Ok("", "Failed to connect to bus: No medium found\n", 1));
  });
  p.fs.AddFile("/run/user/0/systemd/private", "");
  auto launch = CollectEditorLaunch(p.View(), {{"HOME", "/h"}, {"GOFLAGS", "-x"}, {"XDG_RUNTIME_DIR", "/run/user/0"}},
                                    LaunchedFrom::kDesktop, std::chrono::milliseconds(2000));
  EXPECT_EQ(launch.kind, core::EditorLaunch::Kind::kMinimalDesktop);
  EXPECT_EQ(launch.systemd_error, "systemctl --user show-environment: Failed to connect to bus: No medium found");
  EXPECT_EQ(launch.env.count("GOFLAGS"), 0u);
  EXPECT_NE(launch.origin.find("a minimal desktop environment"), std::string::npos);
}

TEST(DesktopEnvTest, NoUserManagerIsNotAsked) {
  testing::FakePlatform p;
  auto launch = CollectEditorLaunch(p.View(), {{"HOME", "/h"}}, LaunchedFrom::kDesktop, std::chrono::milliseconds(2000));
  EXPECT_EQ(launch.kind, core::EditorLaunch::Kind::kMinimalDesktop);
  EXPECT_EQ(launch.systemd_error, "no systemd user manager (XDG_RUNTIME_DIR is unset)");
  launch = CollectEditorLaunch(p.View(), {{"HOME", "/h"}, {"XDG_RUNTIME_DIR", "/run/user/7"}}, LaunchedFrom::kDesktop,
                               std::chrono::milliseconds(2000));
  EXPECT_EQ(launch.systemd_error, "no systemd user manager (no /run/user/7/systemd/private)");
  EXPECT_TRUE(p.runner.calls().empty());
}

TEST(DesktopEnvTest, FromTerminalInheritsItWhole) {
  testing::FakePlatform p;
  std::map<std::string, std::string> terminal = {{"HOME", "/h"}, {"GOWORK", "off"}};
  auto launch = CollectEditorLaunch(p.View(), terminal, LaunchedFrom::kTerminal, std::chrono::milliseconds(10));
  EXPECT_EQ(launch.kind, core::EditorLaunch::Kind::kTerminal);
  EXPECT_EQ(launch.env, terminal);
  EXPECT_TRUE(p.runner.calls().empty());
}

}  // namespace
}  // namespace godiag::collect

#include "collect/tools.h"

#include <gtest/gtest.h>

#include "platform/real_platform.h"
#include "testing/fakes.h"

namespace godiag::collect {
namespace {

// Captured from the real `go version -m build/tools/bin/gopls` (gopls v0.23.0, go1.26.8).
constexpr const char* kGoplsVersionM =
    "/work/main/build/tools/bin/gopls: go1.26.8\n"
    "\tpath\tgolang.org/x/tools/gopls\n"
    "\tmod\tgolang.org/x/tools/gopls\tv0.23.0\th1:abc=\n"
    "\tdep\tgolang.org/x/mod\tv0.30.0\th1:def=\n"
    "\tbuild\t-buildmode=exe\n";

TEST(ToolsTest, ParsesGoVersionM) {
  auto info = ParseGoVersionM(kGoplsVersionM);
  EXPECT_EQ(info.go_version, "go1.26.8");
  EXPECT_EQ(info.path, "golang.org/x/tools/gopls");
  EXPECT_EQ(info.mod_version, "v0.23.0");
  EXPECT_EQ(ParseGoVersionOutput("go version go1.26.8 linux/amd64\n"), "go1.26.8");
  EXPECT_EQ(ParseGoVersionOutput("bash: go: not found"), "");
}

TEST(ToolsTest, PathHygiene) {
  testing::FakeFileSystem fs;
  fs.AddDir("/usr/bin");
  fs.AddFile("/etc/passwd", "");
  auto problems = CheckPathEntries("/usr/bin::bin:/nope:/etc/passwd:/usr/bin", fs);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].problem, "empty");
  EXPECT_EQ(problems[0].index, 1);
  EXPECT_EQ(problems[1].problem, "relative");
  EXPECT_EQ(problems[2].problem, "missing");
  EXPECT_EQ(problems[3].problem, "not a directory");
  EXPECT_EQ(problems[4].problem, "duplicate");
}

platform::ProcessResult VersionM(const std::string& go) {
  return testing::FakeProcessRunner::Ok("/x: " + go + "\n\tpath\tgolang.org/x/tools/gopls\n\tmod\tgolang.org/x/tools/gopls\tv0.20.0\th1:x\n");
}

TEST(ToolsTest, FindsGoplsLikeVscodeGo) {
  testing::FakePlatform p;
  p.fs.AddFile("/usr/local/go/bin/go", "", true);
  p.fs.AddFile("/gobin/gopls", "", true);
  p.fs.AddFile("/gopath/bin/gopls", "", true);
  p.fs.AddFile("/alt/gopls", "", true);
  p.runner.On("go", [](const platform::ProcessSpec&) { return core::Expected<platform::ProcessResult>(VersionM("go1.21.5")); });
  std::map<std::string, std::string> env = {{"PATH", "/usr/local/go/bin"}, {"GOBIN", "/gobin"}, {"GOPATH", "/gopath"}};
  core::EditorSettings settings;
  core::Tools tools;
  auto activate = [&] {
    ActivationInputs in;
    in.inherited = env;
    in.settings = &settings;
    return ModelActivation(p.fs, in, [](const std::string& go, const std::map<std::string, std::string>&) {
      core::GoEnvRun run;
      run.go_path = go;
      run.ok = true;
      run.values = {{"GOROOT", "/usr/local/go"}, {"GOPATH", "/gopath"}};
      return run;
    });
  };
  CollectEditorTools(p.View(), activate(), settings, tools);
  EXPECT_EQ(tools.gopls.path, "/gobin/gopls");
  EXPECT_EQ(tools.gopls.found_by, "GOBIN /gobin");
  EXPECT_EQ(tools.gopls.why, "gobin");
  EXPECT_EQ(tools.gopls.built_with, "go1.21.5");
  EXPECT_EQ(tools.gopls.version, "v0.20.0");
  EXPECT_TRUE(tools.dlv.path.empty());
  settings.alternate_tools["gopls"] = core::EditorSetting{"go.alternateTools", "/alt/gopls", {}};
  CollectEditorTools(p.View(), activate(), settings, tools);
  EXPECT_EQ(tools.gopls.path, "/alt/gopls");
  EXPECT_EQ(tools.gopls.found_by, "go.alternateTools.gopls /alt/gopls");
  env.erase("GOBIN");
  settings.alternate_tools.clear();
  CollectEditorTools(p.View(), activate(), settings, tools);
  EXPECT_EQ(tools.gopls.found_by, "GOPATH/bin /gopath/bin");
}

TEST(ToolsTest, HangingGoIsRecordedAsATimeout) {
  testing::FakePlatform p;
  p.fs.AddFile("/a/go", "", true);
  p.fs.AddFile("/b/go", "", true);
  p.runner.On("/a/go", [](const platform::ProcessSpec&) {
    platform::ProcessResult r;
    r.timed_out = true;
    return core::Expected<platform::ProcessResult>(r);
  });
  p.runner.On("/b/go", [](const platform::ProcessSpec&) {
    return core::Expected<platform::ProcessResult>(testing::FakeProcessRunner::Ok("go version go1.19.8 linux/amd64\n"));
  });
  auto tools = CollectTerminalTools(p.View(), {{"PATH", "/a:/b"}});
  ASSERT_EQ(tools.go_on_path.size(), 2u);
  EXPECT_EQ(*tools.go_on_path[0].error, "`go version` did not finish within 10 s");
  EXPECT_EQ(tools.go_on_path[1].version, "go1.19.8");
  EXPECT_TRUE(tools.git.path.empty());
}

TEST(ToolsTest, GorootChecks) {
  testing::FakeFileSystem fs;
  fs.AddFile("/go/bin/go", "", true);
  fs.AddFile("/go/VERSION", "go1.26.8\ntime 2026\n");
  fs.AddDir("/empty");
  EXPECT_TRUE(CheckGoroot(fs, "/go").valid);
  EXPECT_EQ(CheckGoroot(fs, "/go").version, "go1.26.8");
  EXPECT_EQ(*CheckGoroot(fs, "/empty").problem, "GOROOT /empty has no bin/go");
  EXPECT_EQ(*CheckGoroot(fs, "/nope").problem, "GOROOT /nope does not exist");
}

TEST(ToolsTest, RealGoOnThisMachine) {
  platform::RealPlatform real;
  const char* path = std::getenv("PATH");
  auto tools = CollectTerminalTools(real.View(), {{"PATH", path ? path : ""}});
  ASSERT_FALSE(tools.go_on_path.empty()) << "the go command is required on this machine";
  EXPECT_EQ(tools.go_on_path[0].version.rfind("go1.", 0), 0u) << tools.go_on_path[0].version;
}

}  // namespace
}  // namespace godiag::collect

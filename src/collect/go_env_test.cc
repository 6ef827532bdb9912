#include "collect/go_env.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "collect/snapshot_builder.h"
#include "platform/real_platform.h"
#include "testing/fakes.h"

namespace godiag::collect {
namespace {

TEST(GoEnvTest, ParsesGoEnvJson) {
  auto v = ParseGoEnvJson("{\n\t\"GOPROXY\": \"https://proxy.golang.org,direct\",\n\t\"GOFLAGS\": \"\"\n}\n");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->at("GOPROXY"), "https://proxy.golang.org,direct");
  EXPECT_EQ(v->at("GOFLAGS"), "");
  EXPECT_EQ(ParseGoEnvJson("go: boom").error().message,
            "go env -json printed something that is not a JSON object");
}

TEST(GoEnvTest, FailingGoIsRecordedWithItsStderr) {
  testing::FakePlatform p;
  p.runner.On("/usr/bin/go", [](const platform::ProcessSpec& spec) {
    EXPECT_EQ(spec.cwd, "/ws");
    return core::Expected<platform::ProcessResult>(testing::FakeProcessRunner::Ok(
        "", "go: downloading go1.99.0 (linux/amd64)\ngo: download go1.99.0 for linux/amd64: toolchain not available\n", 1));
  });
  auto run = CollectGoEnv(p.View(), "terminal", "/usr/bin/go", {}, "/ws", std::chrono::seconds(5));
  EXPECT_FALSE(run.ok);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(*run.error,
            "go: downloading go1.99.0 (linux/amd64)\ngo: download go1.99.0 for linux/amd64: toolchain not available");
}

TEST(GoEnvTest, MissingGoIsRecorded) {
  testing::FakePlatform p;
  auto run = CollectGoEnv(p.View(), "editor", "", {}, "/ws", std::chrono::seconds(5));
  EXPECT_FALSE(run.ok);
  EXPECT_EQ(*run.error, "no go binary found");
}

TEST(GoEnvTest, NamesAreAskedForByName) {
  testing::FakePlatform p;
  p.runner.On("/usr/bin/go", [](const platform::ProcessSpec& spec) {
    EXPECT_EQ(spec.argv, (std::vector<std::string>{"/usr/bin/go", "env", "-json", "GOPROXY", "GOSUMDB"}));
    return core::Expected<platform::ProcessResult>(
        testing::FakeProcessRunner::Ok("{\"GOPROXY\": \"off\", \"GOSUMDB\": \"off\"}\n", "", 0));
  });
  auto run = CollectGoEnv(p.View(), "terminal", "/usr/bin/go", {}, "/ws", std::chrono::seconds(5), {"GOPROXY", "GOSUMDB"});
  ASSERT_TRUE(run.ok);
  EXPECT_EQ(run.values.size(), 2u);
}

// The real go command: asked by name, it gives every modelled variable exactly as `go env -json`
// gives it, and does not run the C compiler (CC is set to a program that records being run).
TEST(GoEnvTest, RealGoAnswersTheModelledNamesAsTheFullRun) {
  platform::RealPlatform real;
  const char* path_env = std::getenv("PATH");
  std::string path = path_env ? path_env : "";
  std::string go = LookPath(real.fs, "go", path);
  ASSERT_FALSE(go.empty()) << "the go command is required on this machine";
  char dir_template[] = "/tmp/godiag-goenv-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string dir = dir_template;
  std::string marker = dir + "/cc-ran";
  std::string cc = dir + "/cc";
  std::ofstream(cc) << "#!/bin/sh\ntouch " << marker << "\nexec gcc \"$@\"\n";
  ASSERT_EQ(chmod(cc.c_str(), 0755), 0);
  std::map<std::string, std::string> env = real.env.Variables();
  env["CC"] = cc;
  env["GOFLAGS"] = "-mod=mod";
  env["GOPRIVATE"] = "example.com/private";
  auto named = CollectGoEnv(real.View(), "terminal", go, env, dir, std::chrono::seconds(30), ModelledGoEnvNames());
  ASSERT_TRUE(named.ok) << named.error.value_or("");
  EXPECT_EQ(real.fs.Stat(marker).type, platform::FileType::kNone) << "go env ran the C compiler for the modelled names";
  auto full = CollectGoEnv(real.View(), "terminal", go, env, dir, std::chrono::seconds(30));
  ASSERT_TRUE(full.ok) << full.error.value_or("");
  EXPECT_NE(real.fs.Stat(marker).type, platform::FileType::kNone) << "the full go env should have run $CC (the test's probe is broken)";
  EXPECT_EQ(named.values.size(), ModelledGoEnvNames().size());
  for (const auto& name : ModelledGoEnvNames()) {
    ASSERT_TRUE(full.values.count(name)) << name << " is not a go env variable";
    EXPECT_EQ(named.values[name], full.values[name]) << name;
  }
  EXPECT_EQ(named.values["GONOSUMDB"], "example.com/private");
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace godiag::collect

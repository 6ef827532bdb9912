#include "collect/go_env.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace godiag::collect

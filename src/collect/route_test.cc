#include "collect/route.h"

#include <gtest/gtest.h>

namespace godiag::collect {
namespace {

TEST(RouteTest, PrivateModuleGoesDirectAndSkipsTheChecksumDb) {
  auto s = ParseSettings({{"GOPROXY", "https://proxy.golang.org,direct"}, {"GOSUMDB", "sum.golang.org"},
                          {"GOPRIVATE", "*.corp.example"}});
  auto r = ComputeRoute(s, "git.corp.example/lib", "v1.0.0");
  EXPECT_TRUE(r.direct);
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_EQ(r.steps[0].source, "noproxy");
  EXPECT_EQ(r.steps[1].action, "skip: disabled by GOPRIVATE/GONOPROXY");
  EXPECT_FALSE(r.checksum_db.has_value());
  EXPECT_EQ(r.checksum_reason, "GOPRIVATE pattern \"*.corp.example\"");
  EXPECT_EQ(*r.govcs_rule, "private:all");
  auto pub = ComputeRoute(s, "rsc.io/quote", "v1.5.2");
  EXPECT_EQ(*pub.checksum_db, "sum.golang.org");
  EXPECT_EQ(pub.steps[1].action, "fetch");
}

TEST(RouteTest, ExplicitGonosumdbReplacesGoprivate) {
  auto s = ParseSettings({{"GOPROXY", "https://p"}, {"GOSUMDB", "sum.golang.org"}, {"GOPRIVATE", "*.corp"},
                          {"GONOSUMDB", "other.example"}});
  auto r = ComputeRoute(s, "git.corp/x", "");
  EXPECT_TRUE(r.matched["GONOPROXY"].has_value());
  EXPECT_FALSE(r.matched["GONOSUMDB"].has_value());
  EXPECT_EQ(*r.checksum_db, "sum.golang.org");  // private, yet sent to the checksum database
}

TEST(RouteTest, ProxyOffAndBrokenListsGiveTheGoCommandsError) {
  auto off = ComputeRoute(ParseSettings({{"GOPROXY", "off"}, {"GOSUMDB", "off"}}), "golang.org/x/text", "");
  EXPECT_EQ(*off.error, "go: golang.org/x/text: module lookup disabled by GOPROXY=off");
  auto bad = ComputeRoute(ParseSettings({{"GOPROXY", ","}}), "golang.org/x/text", "v0.3.0");
  EXPECT_EQ(*bad.error, "go: golang.org/x/text@v0.3.0: GOPROXY list is not the empty string, but contains no entries");
}

TEST(RouteTest, ToolchainModuleIsAlwaysVerified) {
  auto s = ParseSettings({{"GOPROXY", "https://p"}, {"GOSUMDB", "sum.golang.org"}, {"GONOSUMDB", "golang.org"}});
  auto r = ComputeRoute(s, "golang.org/toolchain", "v0.0.1-go1.23.0.linux-amd64");
  EXPECT_EQ(*r.checksum_db, "sum.golang.org");
}

TEST(RouteTest, InsecureOnlyWhenDirect) {
  auto s = ParseSettings({{"GOPROXY", "https://p"}, {"GOSUMDB", "sum.golang.org"}, {"GOINSECURE", "*.corp"}});
  EXPECT_FALSE(ComputeRoute(s, "git.corp/x", "").insecure);
  s = ParseSettings({{"GOPROXY", "https://p"}, {"GOSUMDB", "sum.golang.org"}, {"GOINSECURE", "*.corp"}, {"GOPRIVATE", "*.corp"}});
  EXPECT_TRUE(ComputeRoute(s, "git.corp/x", "").insecure);
}

}  // namespace
}  // namespace godiag::collect

#include "codec/gosum.h"

#include <gtest/gtest.h>

namespace godiag::codec {
namespace {

TEST(GoSumTest, LinesBlankAndOldEmptyGoModHash) {
  auto lines = ParseGoSum("go.sum",
                          "golang.org/x/tools v0.44.0 h1:UP4ajHPIcuMjT1GqzDWRlalUEoY+uzoZKnhOjbIPD2c=\n"
                          "\n"
                          "golang.org/x/tools v0.44.0/go.mod h1:KA0AfVErSdxRZIsOVipbv3rQhVXTnlU6UhKxHd1seDI=\r\n"
                          "example.com/old v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n"
                          "  rsc.io/quote   v1.5.2\th1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=");
  ASSERT_TRUE(lines.has_value());
  ASSERT_EQ(lines->size(), 3u);
  EXPECT_FALSE((*lines)[0].go_mod());
  EXPECT_TRUE((*lines)[1].go_mod());
  EXPECT_EQ((*lines)[1].line, 3);
  EXPECT_EQ((*lines)[2].path, "rsc.io/quote");
  EXPECT_EQ((*lines)[2].line, 5);
}

TEST(GoSumTest, WrongNumberOfFieldsIsTheGoCommandsError) {
  auto bad = ParseGoSum("/src/m/go.sum", "a v1 h1:x\nb v1\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "malformed go.sum:\n/src/m/go.sum:2: wrong number of fields 2");
}

// Known answers: rsc.io/quote v1.5.2's real go.mod (its line in every go.sum that needs it)
// and the empty go.mod whose lines modfetch drops.
TEST(GoSumTest, GoModHash) {
  EXPECT_EQ(GoModHash("module \"rsc.io/quote\"\n\nrequire \"rsc.io/sampler\" v1.3.0\n"),
            "h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=");
  EXPECT_EQ(GoModHash(""), "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=");
}

}  // namespace
}  // namespace godiag::codec

#include "codec/go_sumdb.h"

#include <gtest/gtest.h>

namespace godiag::codec {
namespace {

TEST(GoSumDbTest, KnownNameAliasAndOff) {
  auto c = ParseGoSumDb("sum.golang.org");
  EXPECT_EQ(c.kind, core::SumDbKind::kDatabase);
  EXPECT_EQ(c.name, "sum.golang.org");
  EXPECT_TRUE(c.known_name);
  auto cn = ParseGoSumDb("sum.golang.google.cn");
  EXPECT_TRUE(cn.alias);
  EXPECT_EQ(*cn.url, "https://sum.golang.google.cn");
  EXPECT_EQ(ParseGoSumDb("off").kind, core::SumDbKind::kOff);
  // Only the exact word is off; the alias is only recognised alone.
  EXPECT_EQ(*ParseGoSumDb(" off").error, "invalid GOSUMDB: malformed verifier id");
  EXPECT_EQ(*ParseGoSumDb("sum.golang.google.cn https://x").error, "invalid GOSUMDB: malformed verifier id");
}

TEST(GoSumDbTest, ErrorsAreTheGoCommands) {
  EXPECT_EQ(*ParseGoSumDb("").error, "missing GOSUMDB");
  EXPECT_EQ(*ParseGoSumDb(" \t").error, "missing GOSUMDB");
  EXPECT_EQ(*ParseGoSumDb("a b c").error, "invalid GOSUMDB: too many fields");
  EXPECT_EQ(*ParseGoSumDb("on").error, "invalid GOSUMDB: malformed verifier id");
  EXPECT_EQ(*ParseGoSumDb("sum.goproxy.cn").error, "invalid GOSUMDB: malformed verifier id");
}

TEST(GoSumDbTest, VerifierKeyVectors) {
  auto k = ParseVerifierKey(kSumGolangOrgKey);
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->hash, 0x033de0aeu);
  EXPECT_EQ(k->public_key.size(), 32u);
  EXPECT_TRUE(ParseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").has_value());
  EXPECT_TRUE(ParseVerifierKey("localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6"));
  EXPECT_EQ(ParseVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                .error().message,
            "malformed verifier id");
  EXPECT_EQ(ParseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").error().message,
            "unknown verifier algorithm");
  EXPECT_EQ(ParseVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").error().message,
            "invalid verifier hash");
}

TEST(GoSumDbTest, Base64IsStrictAboutPadding) {
  EXPECT_EQ(*DecodeBase64Std("QQ=="), "A");
  EXPECT_FALSE(DecodeBase64Std("QQ=").has_value());
  EXPECT_FALSE(DecodeBase64Std("Q===").has_value());
  EXPECT_FALSE(DecodeBase64Std("QQ=A").has_value());
}

}  // namespace
}  // namespace godiag::codec

#include "codec/go_proxy.h"

#include <gtest/gtest.h>

namespace godiag::codec {
namespace {

TEST(GoProxyTest, CommaAndPipeDecideTheFallbackOfTheEntryBefore) {
  auto l = ParseGoProxy("https://a.example|https://b.example,direct", "");
  ASSERT_FALSE(l.error.has_value());
  ASSERT_EQ(l.entries.size(), 3u);
  EXPECT_EQ(l.entries[0].fallback, core::Fallback::kOnAnyError);
  EXPECT_EQ(l.entries[1].fallback, core::Fallback::kOnNotFound);
  EXPECT_EQ(l.entries[2].kind, core::ProxyKind::kDirect);
}

TEST(GoProxyTest, DirectAndOffEndTheListAndLaterEntriesAreIgnored) {
  auto l = ParseGoProxy("https://a,direct,https://b, off ,bad:scheme:x", "");
  EXPECT_FALSE(l.error.has_value());  // entries after direct are not even validated
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.ignored, (std::vector<std::string>{"https://b", "off", "bad:scheme:x"}));
}

TEST(GoProxyTest, SchemelessHostsGetHttpsWordsAndAbsolutePathsDoNot) {
  auto l = ParseGoProxy("proxy.corp,localhost:8080", "");
  ASSERT_FALSE(l.error.has_value());
  EXPECT_EQ(l.entries[0].url, "https://proxy.corp");
  EXPECT_TRUE(l.entries[0].scheme_added);
  EXPECT_EQ(l.entries[1].url, "https://localhost:8080");
  EXPECT_EQ(*ParseGoProxy("goproxy", "").error, "invalid proxy URL missing scheme: goproxy");
  EXPECT_EQ(*ParseGoProxy("/srv/proxy", "").error, "invalid proxy URL missing scheme: /srv/proxy");
  EXPECT_EQ(*ParseGoProxy("DIRECT", "").error, "invalid proxy URL missing scheme: DIRECT");
}

// facts/go-modules.md §18 (2): "direct+https://…" is one entry with scheme "direct+https".
TEST(GoProxyTest, DirectPlusHttpsIsABadSchemeNotAMixedForm) {
  auto l = ParseGoProxy("direct+https://proxy.corp", "");
  EXPECT_EQ(*l.error, "invalid proxy URL scheme (must be https, http, file): direct+https://proxy.corp");
  EXPECT_EQ(*l.bad_entry, "direct+https://proxy.corp");
}

TEST(GoProxyTest, FileUrlsMayOnlyHaveAPath) {
  EXPECT_FALSE(ParseGoProxy("file:///srv/mods", "").error.has_value());
  EXPECT_EQ(*ParseGoProxy("file://host/srv", "").error,
            "invalid file:// proxy URL with non-path elements: file://host/srv");
}

TEST(GoProxyTest, NoEntriesIsAnErrorAlsoForTheEmptyString) {
  for (const char* v : {"", ",", " ", " | , "})
    EXPECT_EQ(*ParseGoProxy(v, "").error, "GOPROXY list is not the empty string, but contains no entries") << v;
  EXPECT_EQ(*ParseGoProxy(",", "*.corp").error, "GOPROXY list is not the empty string, but contains no entries");
}

TEST(GoProxyTest, ImplicitNoproxyComesFirstUnlessGoproxyIsDirect) {
  auto l = ParseGoProxy("https://p,direct", "*.corp");
  ASSERT_EQ(l.entries.size(), 3u);
  EXPECT_EQ(l.entries[0].kind, core::ProxyKind::kNoProxy);
  EXPECT_EQ(ParseGoProxy("direct", "*.corp").entries.size(), 1u);
}

TEST(GoProxyTest, PasswordsAreRedactedInErrors) {
  auto l = ParseGoProxy("ftp://alice:s3cret@host", "");
  EXPECT_EQ(*l.error, "invalid proxy URL scheme (must be https, http, file): ftp://alice:xxxxx@host");
  EXPECT_EQ(RedactUrl("https://tok@h/x"), "https://tok@h/x");
}

}  // namespace
}  // namespace godiag::codec

#include "core/report.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>

namespace godiag::core {
namespace {

// The definition RedactSecrets implements by hand, as two regular expressions.
std::string RedactWithRegex(const std::string& text) {
  static const std::regex kUserPass(R"(([A-Za-z][A-Za-z0-9+.-]*://)([^/@:\s]*):([^/@\s]*)@)");
  static const std::regex kUserOnly(R"(([A-Za-z][A-Za-z0-9+.-]*://)([^/@:\s]+)@)");
  return std::regex_replace(std::regex_replace(text, kUserPass, "$1$2:xxxxx@"), kUserOnly, "$1xxxxx@");
}

TEST(RedactSecretsTest, Examples) {
  EXPECT_EQ(RedactSecrets("https://alice:s3cr3t@proxy.corp:8080/x"), "https://alice:xxxxx@proxy.corp:8080/x");
  EXPECT_EQ(RedactSecrets("GOPROXY=https://tok@h/p,direct"), "GOPROXY=https://xxxxx@h/p,direct");
  EXPECT_EQ(RedactSecrets("https://:pw@h"), "https://:xxxxx@h");
  EXPECT_EQ(RedactSecrets("a:b:c https://u:p:q@h and http://v@h2 http://w:z@h3"),
            "a:b:c https://u:xxxxx@h and http://xxxxx@h2 http://w:xxxxx@h3");
  EXPECT_EQ(RedactSecrets("9git+ssh://u:p@h"), "9git+ssh://u:xxxxx@h");
  EXPECT_EQ(RedactSecrets("user@host https://h/@x mailto:a@b"), "user@host https://h/@x mailto:a@b");
  EXPECT_EQ(RedactSecrets(""), "");
}

// Generated texts from the characters that matter agree with the regular expressions.
TEST(RedactSecretsTest, AgreesWithTheRegexOnGeneratedText) {
  const std::string alphabet = "ab9+.-:/@ \t\nhttps://u:p@x\xc3\xa9";
  std::mt19937 rng(42);
  int redacted = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    size_t len = rng() % 40;
    while (s.size() < len) {
      if (rng() % 8 == 0) s += (rng() % 2) ? "https://" : "u:p@";
      else s.push_back(alphabet[rng() % alphabet.size()]);
    }
    std::string got = RedactSecrets(s);
    ASSERT_EQ(got, RedactWithRegex(s)) << "input: " << s;
    redacted += got != s;
  }
  EXPECT_GT(redacted, 1000) << "the generator should make many texts with credentials";
}

TEST(RedactSecretsTest, LongSchemeLikeRunsStayLinear) {
  std::string s(1 << 20, 'a');
  s += "://u:p@h";
  EXPECT_EQ(RedactSecrets(s), std::string(1 << 20, 'a') + "://u:xxxxx@h");
}

}  // namespace
}  // namespace godiag::core

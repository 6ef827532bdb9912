// codec::GoQuote against strconv.Quote (tests/oracle/go/quote.go): control characters,
// invalid UTF-8, Latin-1, separators, format characters, private use, noncharacters and
// ordinary letters of several scripts, curated and generated.
#include <gtest/gtest.h>

#include <random>

#include "codec/go_strings.h"
#include "codec/go_sumdb.h"
#include "codec/go_text.h"
#include "oracle_client.h"

namespace godiag::oracle {
namespace {

using nlohmann::json;

std::string Utf8(uint32_t r) {
  std::string s;
  codec::detail::AppendRune(&s, r);
  return s;
}

void Compare(const std::vector<std::string>& inputs) {
  json questions = json::array();
  for (const auto& in : inputs) questions.push_back({{"kind", "quote"}, {"data", codec::EncodeBase64Std(in)}});
  ORACLE_ANSWERS(answers, questions);
  size_t agreed = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string want = answers[i]["quoted"];
    EXPECT_EQ(codec::GoQuote(inputs[i]), want) << "input " << codec::EncodeBase64Std(inputs[i]);
    agreed += codec::GoQuote(inputs[i]) == want;
  }
  EXPECT_EQ(agreed, inputs.size());
}

// Assigned code points of every class GoQuote distinguishes (unassigned ones are not claimed).
const std::vector<uint32_t> kPool = {
    0x00, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x20, 0x22, 0x27, 0x41, 0x5C, 0x7E, 0x7F,
    0x80, 0x85, 0x9F, 0xA0, 0xA1, 0xAD, 0xAE, 0xE9, 0xFF, 0x100, 0x3A9, 0x416, 0x5D0, 0x600, 0x605, 0x61C,
    0x627, 0x6DD, 0x70F, 0x890, 0x8E2, 0x915, 0x1680, 0x180E, 0x2000, 0x200A, 0x200B, 0x200D, 0x200F, 0x2013,
    0x2028, 0x2029, 0x202A, 0x202E, 0x202F, 0x205F, 0x2060, 0x2064, 0x2066, 0x206F, 0x20AC, 0x3000, 0x3042,
    0x4E2D, 0xAC00, 0xE000, 0xF8FF, 0xFDD0, 0xFEFF, 0xFF21, 0xFFF9, 0xFFFB, 0xFFFD, 0xFFFE, 0xFFFF, 0x10348,
    0x110BD, 0x1D173, 0x1F600, 0x1FFFE, 0xE0001, 0xE0041, 0xF0000, 0x10FFFD, 0x10FFFF};

TEST(QuoteOracleTest, CuratedAndGenerated) {
  std::vector<std::string> inputs = {"", "plain", "with \"quotes\" and \\", "tab\there", "\xff", "\xc3", "\xe2\x82",
                                     "\xed\xa0\x80" /* surrogate */, "\xc0\xaf" /* overlong */, "\xf4\x90\x80\x80"};
  for (uint32_t r : kPool) inputs.push_back(Utf8(r));
  std::mt19937 rng(1130);
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    int n = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) {
      if (rng() % 8 == 0) s += static_cast<char>(0x80 + rng() % 0x80);  // a stray byte
      else s += Utf8(kPool[rng() % kPool.size()]);
    }
    inputs.push_back(s);
  }
  Compare(inputs);
}

}  // namespace
}  // namespace godiag::oracle

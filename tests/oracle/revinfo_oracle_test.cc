// codec::GoJsonSyntaxError and GoRevInfoError against encoding/json of the Go that builds the
// go command (tests/oracle/go/revinfo.go): curated proxy answers and generated mutations of a
// real .info, byte for byte.
#include <gtest/gtest.h>

#include <random>

#include "codec/go_json.h"
#include "codec/go_revinfo.h"
#include "codec/go_sumdb.h"
#include "oracle_client.h"

namespace godiag::oracle {
namespace {

using nlohmann::json;

// The input as a JSON string for failure messages (invalid UTF-8 replaced).
std::string Show(const std::string& in) { return json(in).dump(-1, ' ', false, json::error_handler_t::replace); }

struct Tally {
  size_t syntax_errors = 0, revinfo_errors = 0, valid = 0, time_errors = 0, origin_errors = 0;
};

// Both texts and the Version read, byte for byte.
Tally Compare(const std::vector<std::string>& inputs) {
  json questions = json::array();
  for (const auto& in : inputs) questions.push_back({{"kind", "revinfo"}, {"data", codec::EncodeBase64Std(in)}});
  Tally t;
  std::string why;
  auto answers = AskOracle(questions, &why);
  if (!answers) {
    if (std::getenv("CI") != nullptr) ADD_FAILURE() << "oracle unavailable in CI: " << why;
    return t;
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const json& a = (*answers)[i];
    std::string syntax = a["syntax"], revinfo = a["revinfo"], oracle_version = a["version"];
    EXPECT_EQ(codec::GoJsonSyntaxError(inputs[i]), syntax) << Show(inputs[i]);
    std::string version;
    EXPECT_EQ(codec::GoRevInfoError(inputs[i], &version), revinfo) << Show(inputs[i]);
    if (revinfo.empty()) {
      EXPECT_EQ(version, oracle_version) << Show(inputs[i]);
    }
    t.time_errors += revinfo.starts_with("parsing time") || revinfo.starts_with("Time.") ? 1 : 0;
    t.origin_errors += revinfo.find("Origin") != std::string::npos ? 1 : 0;
    t.syntax_errors += syntax.empty() ? 0 : 1;
    t.revinfo_errors += syntax.empty() && !revinfo.empty() ? 1 : 0;
    t.valid += revinfo.empty() ? 1 : 0;
  }
  return t;
}

TEST(RevInfoOracleTest, CuratedAnswers) {
  std::vector<std::string> inputs = {
      R"({"Version":"v1.5.2","Time":"2018-02-14T15:44:20Z"})", "", " ", "<html><body>Please log in</body></html>",
      "{", "{\"Version\":", "{\"Version\":\"v1", "[]", "\"v1.5.2\"", "5", "true", "null", " null ", "{}",
      "{\"Version\":5}", "{\"version\":\"v9\"}", "{\"VERSION\":[1]}", "{\"Version\":\"a\",\"Version\":\"b\"}",
      "{\"Version\":null}", "{\"Version\":{}}", "{\"Version\":false}", "{} {}", "{}x", "1.", "1.e5", "-", "-x", "01",
      "1e", "1e+", "1E-9", "tru", "trux", "fals", "nul", "nulll", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1 2]", "{,}",
      "{\"a\":1,}", "[1,]", "\"\\x\"", "\"\\u12G4\"", "\"a\tb\"", std::string("\"a\0b\"", 5), "\"\xff\"",
      "\xef\xbb\xbf{}", "\x80", "\xc3\xa9", "'x'", "{'a':1}", "\x7f", "\xa0", "\xad", "{\"Time\":5}",
      "{\"Time\":\"yesterday\"}", "{\"Origin\":[]}", "[[[[[[[[[[]]]]]]]]]]", std::string(10001, '[') + std::string(10001, ']'),
      std::string(10000, '[') + std::string(10000, ']'),
      // Time, read by time.Time.UnmarshalJSON: it stops the decoding, so it wins over a type error before it.
      "{\"Time\":null}", "{\"Time\":true}", "{\"Time\":{}}", "{\"Time\":[1]}", "{\"Time\":\"\"}",
      "{\"Version\":5,\"Time\":\"x\"}", "{\"Time\":\"x\",\"Version\":5}", "{\"time\":\"2018-02-14\"}",
      "{\"TIME\":\"2018-02-14T15:44:20\"}", "{\"Time\":\"2018-02-14T15:44:20.123456789123Z\"}",
      "{\"Time\":\"2018-02-14T15:44:20,5+01:00\"}", "{\"Time\":\"2018-02-30T15:44:20Z\"}",
      "{\"Time\":\"2016-02-29T00:00:00Z\"}", "{\"Time\":\"2100-02-29T00:00:00Z\"}", "{\"Time\":\"2018-13-01T00:00:00Z\"}",
      "{\"Time\":\"2018-00-01T00:00:00Z\"}", "{\"Time\":\"2018-01-01T24:00:00Z\"}", "{\"Time\":\"2018-01-01T9:00:00Z\"}",
      "{\"Time\":\"2018-01-01T09:60:00Z\"}", "{\"Time\":\"2018-01-01T09:00:60Z\"}", "{\"Time\":\"2018-01-01T09:00:00+25:00\"}",
      "{\"Time\":\"2018-01-01T09:00:00+24:61\"}", "{\"Time\":\"2018-01-01T09:00:00*01:00\"}", "{\"Time\":\"2018-01-01T09:00:00+0100\"}",
      "{\"Time\":\"2018-01-01T09:00:00Zjunk\"}", "{\"Time\":\"2018-01-01t09:00:00z\"}", "{\"Time\":\"2018-01-01 09:00:00Z\"}",
      "{\"Time\":\"\\u0032018-01-01T09:00:00Z\"}", "{\"Time\":\"2a18-01-01T09:00:00Z\"}", "{\"Time\":\"20180101\"}",
      "{\"Time\":\"\xc3\xa9\xff\xef\xbf\xbd\\\"\"}", "{\"Time\":\"2018-01-01T09:00:00+01:x0\"}", "{\"Time\":\"+018-01-01\"}",
      "{\"Ti\xc5\xbfme\":1}", "{\"Ver\xc5\xbfion\":5}", "{\"Version\":\"v1\",\"Version\":5,\"Version\":\"v2\"}",
      // Origin, a *codehost.Origin of strings.
      "{\"Origin\":null}", "{\"Origin\":\"git\"}", "{\"Origin\":5}", "{\"Origin\":{\"VCS\":1}}", "{\"origin\":{\"hash\":[]}}",
      "{\"Origin\":{\"RepoSum\":{},\"Ref\":true}}", "{\"Origin\":{\"Unknown\":1,\"URL\":null}}",
      "{\"Version\":{},\"Origin\":{\"VCS\":1}}", "{\"Origin\":{\"VCS\":1},\"Version\":{}}",
      "{\"Origin\":{\"TagSum\":1},\"Time\":\"bad\"}", "{\"Origin\":{\"Sub\xc5\xbf" "dir\":2}}",
      "{\"\\u0056ersion\":\"v1\"}", "{\"Version\":\"\\ud800\\u0041\"}", "{\"Version\":\"\\ud83d\\ude00\"}",
  };
  Tally t = Compare(inputs);
  EXPECT_GT(t.syntax_errors, 30u);
  EXPECT_GT(t.revinfo_errors, 40u);
  EXPECT_GT(t.time_errors, 25u);
  EXPECT_GT(t.origin_errors, 5u);
}

// `seed` with 1 to `max_edits` random edits: a cut, a byte replaced or inserted from
// `alphabet`, or 1 to `max_erase` bytes erased.
std::string Mutate(std::string s, const std::string& alphabet, std::mt19937& rng, int max_edits, int max_erase) {
  for (int e = 1 + static_cast<int>(rng() % static_cast<unsigned>(max_edits)); e > 0; --e) {
    size_t at = rng() % (s.size() + 1);
    switch (rng() % 4) {
      case 0: s = s.substr(0, at); break;
      case 1: if (at < s.size()) s[at] = alphabet[rng() % alphabet.size()]; break;
      case 2: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      default: if (at < s.size()) s.erase(at, 1 + rng() % static_cast<unsigned>(max_erase)); break;
    }
  }
  return s;
}

// Time values: a valid RFC 3339 time with one character changed, cut or inserted.
TEST(RevInfoOracleTest, GeneratedTimes) {
  const std::string seed = "2017-09-15T03:28:32.123+05:30";
  const std::string alphabet = "0123456789-:+TZ.,tz \\\x80\xc3\xa9";
  std::mt19937 rng(20261201);
  std::vector<std::string> inputs;
  for (int i = 0; i < 4000; ++i) {
    std::string s = Mutate(seed, alphabet, rng, 2, 3);
    std::string escaped;
    for (char c : s) escaped += c == '\\' ? std::string("\\\\") : std::string(1, c);
    inputs.push_back("{\"Version\":\"v1.0.0\",\"Time\":\"" + escaped + "\"}");
  }
  Tally t = Compare(inputs);
  EXPECT_GT(t.time_errors, 1500u) << "the generator stopped making bad times";
  EXPECT_GT(t.valid, 200u) << "the generator stopped making good times";
}

// Mutations of a real .info answer: cut, byte flips, insertions, duplications.
TEST(RevInfoOracleTest, GeneratedMutations) {
  const std::string seed = R"({"Version":"v0.0.0-20170915032832-14c0d48ead0c","Time":"2017-09-15T03:28:32Z",)"
                           R"("Origin":{"VCS":"git","URL":"https://go.googlesource.com/text","Hash":"14c0d48ead0c"}})";
  const std::string alphabet = "{}[]\":,. \t\n\\-+0123456789eEtrufalsnVv\x80\xff'u";
  std::mt19937 rng(20261130);
  std::vector<std::string> inputs;
  for (int i = 0; i < 3000; ++i) {
    inputs.push_back(Mutate(seed, alphabet, rng, 3, 4));
  }
  Tally t = Compare(inputs);
  EXPECT_GT(t.syntax_errors, 1000u) << "the generator stopped making broken JSON";
  EXPECT_GT(t.valid, 100u) << "the generator stopped making valid answers";
}

}  // namespace
}  // namespace godiag::oracle

// codec::GoJsonSyntaxError and GoRevInfoError against encoding/json of the Go that builds the
// go command (tests/oracle/go/revinfo.go): curated proxy answers and generated mutations of a
// real .info, byte for byte.
#include <gtest/gtest.h>

#include <random>

#include "codec/go_json.h"
#include "codec/go_sumdb.h"
#include "oracle_client.h"

namespace godiag::oracle {
namespace {

using nlohmann::json;

// The input as a JSON string for failure messages (invalid UTF-8 replaced).
std::string Show(const std::string& in) { return json(in).dump(-1, ' ', false, json::error_handler_t::replace); }

struct Tally {
  size_t syntax_errors = 0, revinfo_errors = 0, valid = 0, other_field = 0;
};

// Syntax always; the RevInfo error when it is one GoRevInfoError claims (top level, Version).
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
    std::string ours = codec::GoRevInfoError(inputs[i], &version);
    bool claimed = revinfo.empty() || !syntax.empty() || revinfo.find("Go value of type") != std::string::npos ||
                   revinfo.find("RevInfo.Version ") != std::string::npos;
    if (claimed) {
      EXPECT_EQ(ours, revinfo) << Show(inputs[i]);
      if (revinfo.empty()) {
        EXPECT_EQ(version, oracle_version) << Show(inputs[i]);
      }
    } else {
      EXPECT_EQ(ours, "") << "an error GoRevInfoError does not claim: " << revinfo;
      ++t.other_field;
    }
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
  };
  Tally t = Compare(inputs);
  EXPECT_GT(t.syntax_errors, 30u);
  EXPECT_GT(t.revinfo_errors, 5u);
}

// Mutations of a real .info answer: cut, byte flips, insertions, duplications.
TEST(RevInfoOracleTest, GeneratedMutations) {
  const std::string seed = R"({"Version":"v0.0.0-20170915032832-14c0d48ead0c","Time":"2017-09-15T03:28:32Z",)"
                           R"("Origin":{"VCS":"git","URL":"https://go.googlesource.com/text","Hash":"14c0d48ead0c"}})";
  const std::string alphabet = "{}[]\":,. \t\n\\-+0123456789eEtrufalsnVv\x80\xff'u";
  std::mt19937 rng(20261130);
  std::vector<std::string> inputs;
  for (int i = 0; i < 3000; ++i) {
    std::string s = seed;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % (s.size() + 1);
      switch (rng() % 4) {
        case 0: s = s.substr(0, at); break;
        case 1: if (at < s.size()) s[at] = alphabet[rng() % alphabet.size()]; break;
        case 2: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        default: if (at < s.size()) s.erase(at, 1 + rng() % 4); break;
      }
    }
    inputs.push_back(s);
  }
  Tally t = Compare(inputs);
  EXPECT_GT(t.syntax_errors, 1000u) << "the generator stopped making broken JSON";
  EXPECT_GT(t.valid, 100u) << "the generator stopped making valid answers";
}

}  // namespace
}  // namespace godiag::oracle

// godiag's parsers against golang.org/x/mod and the real go command (tests/oracle/go).
#include <gtest/gtest.h>

#include <random>

#include "codec/go_flags.h"
#include "codec/go_mod.h"
#include "codec/go_patterns.h"
#include "codec/go_proxy.h"
#include "codec/go_sumdb.h"
#include "codec/go_toolchain.h"
#include "codec/go_version.h"
#include "oracle_client.h"

namespace godiag::oracle {
namespace {

using nlohmann::json;

std::string RandomFrom(std::mt19937& rng, const std::vector<std::string>& parts, int max_len) {
  std::uniform_int_distribution<int> len(0, max_len);
  std::uniform_int_distribution<size_t> pick(0, parts.size() - 1);
  std::string s;
  for (int i = len(rng); i > 0; --i) s += parts[pick(rng)];
  return s;
}

TEST(PatternOracleTest, MatchPrefixPatternsAgreesOnCuratedAndGeneratedCases) {
  std::vector<std::pair<std::string, std::string>> cases = {
      {"*/quote", "rsc.io/quote"}, {"*/quote", "rsc.io/quote/v3"}, {"*/quo", "rsc.io/quote"},
      {"*quo*", "rsc.io/quote"}, {"*.io", "rsc.io/quote"}, {"rsc*", "rsc.io/quote"}, {"rsc", "rsc.io/quote"},
      {"*/v3", "rsc.io/quote/v3"}, {"*/*/v3", "rsc.io/quote/v3"}, {"*/*/*", "rsc.io/quote"}, {"/", "rsc.io/quote"},
      {"", "rsc.io/quote"}, {",,*/quote", "rsc.io/quote"}, {"*.example.com", "a.b.example.com/x/y/z"},
      {"*.example.com", "example.com"}, {"example.com", "example.com.evil.org"}, {"a.com, b.com", "b.com/x"},
      {"p,*/q", "x/q/z"}, {"p,*/q", "n/o/p/q"}, {"*.golang.org", "vcs-test.golang.org/insecure/go/insecure"},
      {"a[", "a"}, {"[a-", "a"}, {"\\", "a"}, {"a\\*b", "a*b"}, {"[^a]x", "bx"}, {"corp.example/", "corp.example/m"}};
  std::mt19937 rng(20261122);
  std::vector<std::string> pattern_parts = {"a", "b", ".", "/", "*", "?", "[a-c]", "[^b]", "\\", "[", "]", ",", " ",
                                            "x", "-", "é"};
  std::vector<std::string> path_parts = {"a", "b", "c", ".", "/", "x", "-", "é", "*"};
  while (cases.size() < 10200) cases.push_back({RandomFrom(rng, pattern_parts, 8), RandomFrom(rng, path_parts, 10)});
  std::vector<json> questions;
  for (const auto& [p, t] : cases) questions.push_back({{"kind", "match"}, {"patterns", p}, {"target", t}});
  for (const auto& [p, t] : cases) questions.push_back({{"kind", "pathmatch"}, {"pattern", p}, {"name", t}});
  ORACLE_ANSWERS(answers, questions);
  int mismatches = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& [p, t] = cases[i];
    auto got = codec::MatchPrefixPatterns(p, t);
    const json& want = answers[i];
    bool want_matched = want["matched"].get<bool>();
    if (got.has_value() != want_matched ||
        (want_matched && !want["pattern"].is_null() && *got != want["pattern"].get<std::string>())) {
      if (++mismatches < 10) ADD_FAILURE() << "MatchPrefixPatterns(\"" << p << "\", \"" << t << "\"): go " << want.dump();
    }
    bool bad = false;
    bool m = codec::PathMatch(p, t, &bad);
    const json& want2 = answers[cases.size() + i];
    if (m != want2["matched"].get<bool>() || bad != want2["bad"].get<bool>()) {
      if (++mismatches < 10) ADD_FAILURE() << "path.Match(\"" << p << "\", \"" << t << "\"): go " << want2.dump();
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << cases.size() * 2 << " cases";
}

TEST(VersionOracleTest, CompareAgreesWithGoVersion) {
  std::mt19937 rng(7);
  std::vector<std::string> parts = {"1", ".", "2", "0", "21", "rc", "beta", "1", "3", "x", "."};
  std::vector<std::pair<std::string, std::string>> cases = {
      {"1.21", "1.21rc1"}, {"1.21rc1", "1.21.0"}, {"1.20", "1.20.0"}, {"1.21", "1.21.0"}, {"1.9", "1.10"},
      {"1.21.0", "1.21"}, {"01.2", "1.2"}, {"1.2.3rc1", "1.2.3"}, {"1", "1.0.0"}};
  while (cases.size() < 10000) cases.push_back({RandomFrom(rng, parts, 6), RandomFrom(rng, parts, 6)});
  std::vector<json> questions;
  for (const auto& [a, b] : cases) questions.push_back({{"kind", "version"}, {"a", a}, {"b", b}});
  ORACLE_ANSWERS(answers, questions);
  int mismatches = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& [a, b] = cases[i];
    // go/version.Compare treats invalid versions as less than valid ones, like gover.
    int got = codec::CompareGoVersions(a, b);
    bool valid = codec::IsValidGoVersion(a);
    if (got != answers[i]["cmp"].get<int>() || valid != answers[i]["valid_a"].get<bool>()) {
      if (++mismatches < 10) ADD_FAILURE() << a << " vs " << b << ": go " << answers[i].dump() << ", godiag " << got;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(VerifierOracleTest, KeysAgreeWithNoteNewVerifier) {
  std::vector<std::string> keys = {
      std::string(codec::kSumGolangOrgKey),
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop",
      "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
      "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6",
      "gosum.io+ce6e7565+AY5qEHUk/qmHc5btzW45JVoENfazw8LielDsaI+lEbq6", "on", "sum.goproxy.cn", "", "+", "a+b+c"};
  const std::string good = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  for (size_t i = 0; i < good.size(); ++i) {
    keys.push_back(good.substr(0, i));  // every proper prefix
    std::string bumped = good;
    bumped[i] = static_cast<char>(bumped[i] + 1);  // every single-byte increment
    keys.push_back(bumped);
  }
  std::vector<json> questions;
  for (const auto& k : keys) questions.push_back({{"kind", "verifier"}, {"key", k}});
  ORACLE_ANSWERS(answers, questions);
  for (size_t i = 0; i < keys.size(); ++i) {
    auto got = codec::ParseVerifierKey(keys[i]);
    if (answers[i]["error"].is_null()) {
      ASSERT_TRUE(got.has_value()) << keys[i] << ": " << got.error().message;
      EXPECT_EQ(got->name, answers[i]["name"].get<std::string>());
      EXPECT_EQ(got->hash, answers[i]["hash"].get<uint32_t>());
    } else {
      ASSERT_FALSE(got.has_value()) << keys[i];
      EXPECT_EQ(got.error().message, answers[i]["error"].get<std::string>()) << keys[i];
    }
  }
}

TEST(ModfileOracleTest, GoAndToolchainLinesAgreeWithModfile) {
  std::vector<std::string> texts = {
      "module m\n\ngo 1.22\n", "module m\ngo 1.22.0\ntoolchain go1.23.1\n", "module m\ngo 1.x\n", "module m\ngo 1\n",
      "module m\ngo 1.21rc1\n", "module m\ngo 01.2\n", "module m\ngo 1.2.3.4\n", "module m\ntoolchain 1.22\n",
      "module m\ntoolchain default\n", "module m\ntoolchain go1\n", "module m\ngo 1.22\ngo 1.23\n",
      "module m\nrequire (\n\ta.com/b v1.0.0 // indirect\n\tc.com/d v1.2.3\n)\n", "module m\nfrobnicate x\n",
      "module m // comment\ngo 1.22 // c\n", "module m\ngo 1.22 1.23\n", "module m\ntoolchain go1.22.0-bigcorp\n"};
  std::mt19937 rng(3);
  std::vector<std::string> parts = {"1", ".", "2", "0", "rc", "go", "x", "-"};
  for (int i = 0; i < 300; ++i) texts.push_back("module m\ngo " + RandomFrom(rng, parts, 6) + "\n");
  for (int i = 0; i < 300; ++i) texts.push_back("module m\ntoolchain " + RandomFrom(rng, parts, 6) + "\n");
  std::vector<json> questions;
  for (const auto& t : texts) questions.push_back({{"kind", "modfile"}, {"text", t}});
  ORACLE_ANSWERS(answers, questions);
  for (size_t i = 0; i < texts.size(); ++i) {
    auto got = codec::ParseGoMod(texts[i], "go.mod");
    const json& want = answers[i];
    if (want["error"].is_null()) {
      EXPECT_TRUE(got.errors.empty()) << texts[i] << got.errors[0];
      EXPECT_EQ(got.go.value_or(""), want["go"].get<std::string>()) << texts[i];
      EXPECT_EQ(got.toolchain.value_or(""), want["toolchain"].get<std::string>()) << texts[i];
      EXPECT_EQ(static_cast<int>(got.requires_.size()), want["requires"].get<int>()) << texts[i];
    } else {
      ASSERT_FALSE(got.errors.empty()) << texts[i] << " go: " << want["error"];
      EXPECT_EQ(got.errors[0], want["error"].get<std::string>().substr(0, got.errors[0].size())) << texts[i];
    }
  }
}

// The real go command, offline: the first line it prints for a setting.
json GoCmd(const std::map<std::string, std::string>& env, std::vector<std::string> args, std::string gomod = "") {
  return {{"kind", "gocmd"}, {"env", env}, {"args", args}, {"gomod", gomod}};
}

TEST(GoCommandOracleTest, GoProxyErrorsAgreeWithTheGoCommand) {
  std::vector<std::string> values = {
      "direct+https://proxy.corp", "goproxy", "Off", "DIRECT", "ftp://x", "file://host/x", "file:///x?y",
      ",", " ", "|", " , | ", "http://a b", ":foo", "1http://x", "https://u:secret@h\x01", "noproxy", "/srv/proxy",
      "a:b:c", "git+ssh://x"};
  std::vector<json> questions;
  for (const auto& v : values)
    questions.push_back(GoCmd({{"GOPROXY", v}}, {"mod", "download", "golang.org/x/text@v0.3.0"}));
  ORACLE_ANSWERS(answers, questions);
  for (size_t i = 0; i < values.size(); ++i) {
    auto list = codec::ParseGoProxy(values[i], "");
    std::string line = answers[i]["first_line"].get<std::string>();
    ASSERT_TRUE(list.error.has_value()) << values[i] << " go: " << line;
    if (values[i].find("secret") != std::string::npos) {
      // go prints the password inside url.Parse errors; godiag redacts it and agrees otherwise.
      EXPECT_EQ(line.find("xxxxx"), std::string::npos);
      EXPECT_EQ(list.error->find("secret"), std::string::npos);
      std::string redacted = line;
      redacted.replace(redacted.find("secret"), 6, "xxxxx");
      EXPECT_EQ(redacted, "go: golang.org/x/text@v0.3.0: " + *list.error);
      continue;
    }
    EXPECT_EQ(line, "go: golang.org/x/text@v0.3.0: " + *list.error) << values[i];
  }
}

TEST(GoCommandOracleTest, GoFlagsGo111ModuleAndGoToolchainAgreeWithTheGoCommand) {
  const std::string gomod = "module example.com/m\n\ngo 1.22\n";
  std::vector<std::string> goflags = {"-mod=mod", "-bogus", "x", "-", "--", "---x", "-=x", "--=x", "'-tags=a b'",
                                      "\"-x", "-ldflags='-s -w'", "--mod=readonly -v", "-test.run=X",
                                      "-count=1", "-modcacherw -trimpath"};
  std::vector<std::string> go111 = {"on", "off", "auto", "", "yes", "ON"};
  std::vector<std::string> toolchains = {"asdf", "auto+go1.25", "go1.22+foo", "local+path", "go1.x+auto", "path",
                                         "go1.21.0+auto", "local", "goX", "go1.2.3/x"};
  std::vector<json> questions;
  for (const auto& v : goflags) questions.push_back(GoCmd({{"GOFLAGS", v}}, {"list", "-m"}, gomod));
  for (const auto& v : go111) questions.push_back(GoCmd({{"GO111MODULE", v}}, {"list", "-m"}, gomod));
  for (const auto& v : toolchains) questions.push_back(GoCmd({{"GOTOOLCHAIN", v}}, {"version"}));
  ORACLE_ANSWERS(answers, questions);
  size_t i = 0;
  for (const auto& v : goflags) {
    auto g = codec::ParseGoFlags(v);
    std::string line = answers[i++]["first_line"].get<std::string>();
    if (g.error) {
      EXPECT_EQ(line, *g.error) << v;
    } else {
      EXPECT_EQ(line, "example.com/m") << v;
    }
  }
  for (const auto& v : go111) {
    auto m = codec::ParseGo111Module(v);
    std::string line = answers[i++]["first_line"].get<std::string>();
    if (m.error) {
      EXPECT_EQ(line, *m.error) << v;
    } else if (m.mode != core::ModuleMode::kOff) {
      EXPECT_EQ(line, "example.com/m") << v;
    }
  }
  for (const auto& v : toolchains) {
    auto t = codec::ParseGoToolchain(v);
    std::string line = answers[i++]["first_line"].get<std::string>();
    if (t.error) {
      EXPECT_EQ(line, "go: " + *t.error) << v;
    } else {
      EXPECT_EQ(line.rfind("go: invalid GOTOOLCHAIN", 0), std::string::npos) << v << ": " << line;
    }
  }
}

TEST(GoCommandOracleTest, TooNewGoLineErrorAgreesWithTheGoCommand) {
  std::vector<std::pair<std::string, std::string>> cases = {{"local", "module m\ngo 1.999\n"},
                                                            {"local", "module m\ngo 1.999.1\ntoolchain go1.999.2\n"}};
  std::vector<json> questions;
  for (const auto& [tc, mod] : cases) questions.push_back(GoCmd({{"GOTOOLCHAIN", tc}}, {"list", "-m"}, mod));
  questions.push_back(GoCmd({}, {"env", "GOVERSION"}));
  ORACLE_ANSWERS(answers, questions);
  std::string local = answers.back()["first_line"].get<std::string>();
  for (size_t i = 0; i < cases.size(); ++i) {
    auto mod = codec::ParseGoMod(cases[i].second, "go.mod");
    auto choice = codec::SelectToolchain(codec::ParseGoToolchain(cases[i].first), local, mod.go.value_or(""),
                                         mod.toolchain.value_or(""), "go.mod");
    ASSERT_TRUE(choice.error.has_value()) << cases[i].second;
    EXPECT_EQ(answers[i]["first_line"].get<std::string>(), *choice.error) << cases[i].second;
  }
}

}  // namespace
}  // namespace godiag::oracle

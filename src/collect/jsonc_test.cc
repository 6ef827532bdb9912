#include "collect/jsonc.h"

#include <gtest/gtest.h>

#include <string>

namespace godiag::collect {
namespace {

struct GoodCase {
  std::string text;
  std::string want_dump;  // nlohmann's compact dump of the value
};

TEST(JsoncTest, ParsesJsonWithCommentsAndTrailingCommas) {
  const GoodCase cases[] = {
      {"{}", "{}"},
      {"[]", "[]"},
      {"  {\"a\": 1}  ", "{\"a\":1}"},
      {"{\"a\": 1,}", "{\"a\":1}"},
      {"[1, 2,]", "[1,2]"},
      {"[1, [2, 3,],]", "[1,[2,3]]"},
      {"// c\n{\"a\": /* in */ true // end\n}", "{\"a\":true}"},
      {"/* a */ {\"a\":null} /* b */", "{\"a\":null}"},
      {"{\"a\": false}\n// trailing comment without newline", "{\"a\":false}"},
      {"\"x\"", "\"x\""},
      {"-0", "0"},
      {"12345678901234567890", "12345678901234567890"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"1.5e2", "150.0"},
      {"-2.5E-1", "-0.25"},
      {"1e400", "null"},  // Infinity, which JSON has no spelling for
      {"{\"a\":1,\"a\":2}", "{\"a\":2}"},
      {"\xEF\xBB\xBF{\"bom\":1}", "{\"bom\":1}"},
      {"{\"k\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "{\"k\":\"\\\"\\\\/\\b\\f\\n\\r\\t\"}"},
      {"\"\\u00e9\\u4e2d\"", "\"\xC3\xA9\xE4\xB8\xAD\""},
      {"\"\\ud83d\\ude00\"", "\"\xF0\x9F\x98\x80\""},
      {"\"\\ud83d x\"", "\"\xEF\xBF\xBD x\""},      // lone high surrogate
      {"\"\\ude00\"", "\"\xEF\xBF\xBD\""},          // lone low surrogate
      {"\"a\xFF" "b\"", "\"a\xEF\xBF\xBD" "b\""},   // invalid UTF-8 byte
      {"\"\xC3\xA9\"", "\"\xC3\xA9\""},
      {"{\"a\"\t:\r\n1}", "{\"a\":1}"},
      {"\xC2\xA0{\"nbsp\":1}", "{\"nbsp\":1}"},     // jsonc-parser accepts U+00A0 as blank
  };
  for (const auto& c : cases) {
    auto doc = ParseJsonc(c.text);
    ASSERT_TRUE(doc) << c.text << ": " << doc.error().message;
    EXPECT_EQ(doc->value.dump(), c.want_dump) << c.text;
  }
}

struct BadCase {
  std::string text;
  std::string want_error;
};

TEST(JsoncTest, ReportsErrorsWithLineAndColumn) {
  const BadCase cases[] = {
      {"", "1:1: unexpected end of input"},
      {"{", "1:2: unexpected end of input"},
      {"{\"a\" 1}", "1:6: expected ':'"},
      {"{\"a\": 1 \"b\": 2}", "1:9: expected ',' or '}'"},
      {"{\n  \"a\": 1\n  \"b\": 2\n}", "3:3: expected ',' or '}'"},
      {"[1 2]", "1:4: expected ',' or ']'"},
      {"{,}", "1:2: expected property name or '}'"},
      {"{\"a\":1,,}", "1:8: expected property name or '}'"},
      {"[,]", "1:2: unexpected character ','"},
      {"[1,,]", "1:4: unexpected character ','"},
      {"{a: 1}", "1:2: expected property name or '}'"},
      {"{'a': 1}", "1:2: expected property name or '}'"},
      {"[True]", "1:2: invalid value 'True'"},
      {"[tru]", "1:2: invalid value 'tru'"},
      {"[01]", "1:3: expected ',' or ']'"},
      {"[-]", "1:2: invalid number"},
      {"[1.]", "1:2: invalid number"},
      {"[1e+]", "1:2: invalid number"},
      {"[.5]", "1:2: unexpected character '.'"},
      {"[+1]", "1:2: unexpected character '+'"},
      {"[NaN]", "1:2: invalid value 'NaN'"},
      {"\"abc", "1:1: unterminated string"},
      {"[\"a\nb\"]", "1:2: unterminated string"},
      {"\"a\tb\"", "1:3: control character U+0009 in string"},
      {"\"\\x\"", "1:2: invalid escape '\\x'"},
      {"\"\\u12g4\"", "1:2: invalid \\u escape"},
      {"\"\\u12\"", "1:2: invalid \\u escape"},
      {"/* open", "1:1: unterminated comment"},
      {"{} {}", "1:4: expected end of input"},
      {"{}\n]", "2:1: expected end of input"},
      {"[\"\xC3\xA9\xE4\xB8\xAD\" x]", "1:7: expected ',' or ']'"},  // columns count characters
      {"\xEF\xBB\xBF" "x", "1:1: invalid value 'x'"},                  // the BOM takes no column
      {"\xC3\xA9", "1:1: unexpected character U+00E9"},
      {"[\x01]", "1:2: unexpected character U+0001"},
      {"{\"a\":1}\r\r]", "3:1: expected end of input"},        // a lone CR ends a line
      {"// only a comment", "1:18: unexpected end of input"},
  };
  for (const auto& c : cases) {
    auto doc = ParseJsonc(c.text);
    ASSERT_FALSE(doc) << c.text;
    EXPECT_EQ(doc.error().code, core::ErrorCode::kParse);
    EXPECT_EQ(doc.error().message, c.want_error) << c.text;
  }
}

TEST(JsoncTest, RecordsTheLineOfEveryKey) {
  const std::string text =
      "// settings\n"
      "{\n"
      "  \"go.toolsEnvVars\": {\n"
      "    \"GOPROXY\": \"direct\",\n"
      "    \"a/b~c\": 1,\n"
      "  },\n"
      "  \"list\": [ { \"inner\": 1 } ],\n"
      "}\n";
  auto doc = ParseJsonc(text);
  ASSERT_TRUE(doc) << doc.error().message;
  std::map<std::string, int> want = {
      {"/go.toolsEnvVars", 3},
      {"/go.toolsEnvVars/GOPROXY", 4},
      {"/go.toolsEnvVars/a~1b~0c", 5},
      {"/list", 7},
      {"/list/0/inner", 7},
  };
  EXPECT_EQ(doc->key_lines, want);
}

TEST(JsoncTest, DuplicateKeyKeepsTheLastValueAndItsLines) {
  auto doc = ParseJsonc("{\n\"a\": {\"x\": 1},\n\"a\": {\"y\": 2}\n}");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->value.dump(), "{\"a\":{\"y\":2}}");
  std::map<std::string, int> want = {{"/a", 3}, {"/a/y", 3}};
  EXPECT_EQ(doc->key_lines, want);
}

TEST(JsoncTest, SettingsFileWithoutValueIsAnEmptyObject) {
  for (std::string text : {"", "   \n", "// nothing\n", "\xEF\xBB\xBF", "/* x */"}) {
    auto doc = ParseJsoncObject(text);
    ASSERT_TRUE(doc) << text << ": " << doc.error().message;
    EXPECT_EQ(doc->value.dump(), "{}") << text;
  }
}

TEST(JsoncTest, SettingsFileMustHoldAnObject) {
  const BadCase cases[] = {
      {"[]", "1:1: expected a JSON object ('{') at the top level"},
      {"\n  \"go.goroot\"", "2:3: expected a JSON object ('{') at the top level"},
      {"{\"a\":1", "1:7: unexpected end of input"},
  };
  for (const auto& c : cases) {
    auto doc = ParseJsoncObject(c.text);
    ASSERT_FALSE(doc) << c.text;
    EXPECT_EQ(doc.error().message, c.want_error) << c.text;
  }
}

TEST(JsoncTest, RejectsNestingBeyondTheCapWithoutCrashing) {
  std::string ok(kMaxJsoncDepth, '[');
  ok += std::string(kMaxJsoncDepth, ']');
  EXPECT_TRUE(ParseJsonc(ok));
  std::string deep(100000, '[');
  auto doc = ParseJsonc(deep);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "1:257: nesting deeper than 256 levels");
  std::string objects;
  for (int i = 0; i < 300; ++i) objects += "{\"k\":";
  doc = ParseJsonc(objects);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "1:1281: nesting deeper than 256 levels");
}

TEST(JsoncTest, PointerTokensEscapeTildeAndSlash) {
  EXPECT_EQ(JsonPointerToken("a/b~c"), "a~1b~0c");
  EXPECT_EQ(JsonPointerToken("[go]"), "[go]");
}

}  // namespace
}  // namespace godiag::collect

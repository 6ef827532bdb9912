#include "lsp/json_large.h"

#include <gtest/gtest.h>

#include <string>

#include "lsp/jsonrpc.h"

namespace godiag::lsp {
namespace {

std::string Padded(const std::string& s) { return s; }  // std::string: Scan copies when unpadded

TEST(LargeObjectScannerTest, ReadsTheRootMembers) {
  LargeObjectScanner scanner;
  std::string body = R"({"jsonrpc":"2.0","id":42,"method":"textDocument/didOpen","params":{"text":"a\"b\\n\u00e9","n":[1,-2,0,true,false,null,{}]},"x":[[]]})";
  auto m = scanner.Scan(body, 0);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->jsonrpc->raw, "2.0");
  EXPECT_EQ(m->id->type, '0');
  EXPECT_EQ(m->id->raw, "42");
  EXPECT_EQ(m->method->raw, "textDocument/didOpen");
  EXPECT_EQ(m->params->type, '{');
  EXPECT_FALSE(m->result.has_value());
  EXPECT_FALSE(m->error.has_value());
}

TEST(LargeObjectScannerTest, VouchesOnlyForWhatTheDomParserSurelyAccepts) {
  LargeObjectScanner scanner;
  for (const char* bad : {
           R"({"a":1,})", R"({"a":1 "b":2})", R"({"a":[1 2]})", R"({"a":tru})", R"({"a":01})", R"({"a":-})",
           R"({"a":1.5})", R"({"a":1e3})", R"({"a":1234567890123456789})", R"({"a":"\x"})", R"({"a":"\ud800"})",
           R"({"a":"\uDC00"})", R"({"a":"x"} {})", R"({"a":"x"}})", R"([1])", R"("s")", R"({"a" 1})", R"({1:2})",
           R"({"a":"unclosed})", "{\"a\":\"\x01\"}", "{\"a\":\"\xff\"}", R"({"m\u0065thod":"x"})",
           R"({"id":1,"id":2})", R"({"a":{"b":[}]})", R"({"a":})", R"({)", R"({"a":1)", "",
       }) {
    EXPECT_FALSE(scanner.Scan(Padded(bad), 0).has_value()) << bad;
  }
  std::string deep(1100, '[');
  EXPECT_FALSE(scanner.Scan("{\"a\":" + deep + std::string(1100, ']') + "}", 0).has_value());
  EXPECT_TRUE(scanner.Scan(" {\"a\":\"\\u00e9\\ud7ff\\ue000\"}\n ", 0).has_value());
}

TEST(LargeObjectScannerTest, LargeMessagesParseAsTheDomParserReadsThem) {
  std::string text(100000, 'x');
  std::string numbers = "0";
  while (numbers.size() < 100000) numbers += ",3,14,2,0,1";
  for (const std::string& body : {
           R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"text":")" + text + R"("}}})",
           R"({"jsonrpc":"2.0","id":7,"result":{"data":[)" + numbers + "]}}",
           R"({"id":"7","result":{"t":")" + text + R"("}})",
           R"({"jsonrpc":"2.0","id":8,"params":[")" + text + R"("]})",
           R"({"jsonrpc":"2.0","params":{"t":")" + text + R"("}})",
           R"({"jsonrpc":"2.0","id":9,"method":"x","params":")" + text + R"("})",
       }) {
    MessageParser fast, dom;
    Message a = fast.Parse(body);
    Message b = dom.Parse(body, ParseOptions{.keep_result = true, .keep_params = true});  // the DOM path
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.method, b.method);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.has_params, b.has_params);
    EXPECT_EQ(a.has_result, b.has_result);
    ASSERT_EQ(a.issues.size(), b.issues.size());
    for (size_t i = 0; i < a.issues.size(); ++i) {
      EXPECT_EQ(a.issues[i].defect, b.issues[i].defect);
      EXPECT_EQ(a.issues[i].detail, b.issues[i].detail);
    }
  }
}

}  // namespace
}  // namespace godiag::lsp

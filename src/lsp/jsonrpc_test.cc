#include "lsp/jsonrpc.h"

#include <gtest/gtest.h>

#include "lsp/session.h"

namespace godiag::lsp {
namespace {

bool Has(const Message& m, RpcDefect d) {
  for (const auto& i : m.issues)
    if (i.defect == d) return true;
  return false;
}

TEST(JsonRpcTest, ClassifiesAndKeepsIdTypes) {
  MessageParser p;
  Message req = p.Parse(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})");
  EXPECT_EQ(req.kind, MessageKind::kRequest);
  EXPECT_EQ(req.id, Id::Integer(0));
  EXPECT_TRUE(req.issues.empty());
  Message resp = p.Parse(R"({"jsonrpc":"2.0","id":"0","result":null})");
  EXPECT_EQ(resp.kind, MessageKind::kResponse);
  EXPECT_EQ(resp.id, Id::String("0"));
  EXPECT_FALSE(resp.id == Id::Integer(0));
  EXPECT_EQ(resp.id.LooseKey(), Id::Integer(0).LooseKey());
  Message note = p.Parse(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  EXPECT_EQ(note.kind, MessageKind::kNotification);
  Message err = p.Parse(R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"method not found"}})");
  EXPECT_TRUE(err.has_error);
  EXPECT_EQ(err.error_code, -32601);
  EXPECT_STREQ(ErrorCodeName(err.error_code), "MethodNotFound");
}

TEST(JsonRpcTest, Defects) {
  MessageParser p;
  Message bad = p.Parse(R"({"jsonrpc":"2.0","method":"x","params":{oops}})");
  ASSERT_TRUE(Has(bad, RpcDefect::kJsonInvalid));
  EXPECT_NE(bad.issues[0].detail.find("at body byte 40"), std::string::npos) << bad.issues[0].detail;
  EXPECT_TRUE(Has(p.Parse(R"([{"jsonrpc":"2.0","id":1,"result":null}])"), RpcDefect::kBatch));
  EXPECT_TRUE(Has(p.Parse(R"({"id":1,"result":null})"), RpcDefect::kVersionMissing));
  EXPECT_TRUE(Has(p.Parse(R"({"jsonrpc":"1.0","id":1,"result":null})"), RpcDefect::kVersionWrong));
  EXPECT_TRUE(Has(p.Parse(R"({"jsonrpc":"2.0","id":null,"method":"x"})"), RpcDefect::kIdNull));
  EXPECT_TRUE(Has(p.Parse(R"({"jsonrpc":"2.0","id":1.5,"method":"x"})"), RpcDefect::kIdBadType));
  EXPECT_TRUE(Has(p.Parse(R"({"jsonrpc":"2.0","method":"x","params":3})"), RpcDefect::kParamsNotStructured));
  EXPECT_TRUE(Has(p.Parse(R"({"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}})"), RpcDefect::kResultAndError));
  EXPECT_TRUE(Has(p.Parse(R"({"jsonrpc":"2.0","id":1})"), RpcDefect::kNeitherResultNorError));
  EXPECT_TRUE(Has(p.Parse(R"({"jsonrpc":"2.0","id":1,"error":"boom"})"), RpcDefect::kErrorMalformed));
  EXPECT_TRUE(Has(p.Parse(R"({"jsonrpc":"2.0"})"), RpcDefect::kNoMethodNoId));
  EXPECT_TRUE(Has(p.Parse("\xEF\xBB\xBF{}"), RpcDefect::kJsonInvalid));
}

TEST(JsonRpcTest, KeepsRawResultWhenAsked) {
  MessageParser p;
  Message m = p.Parse(R"({"jsonrpc":"2.0","id":0,"result":{"capabilities":{"hoverProvider":true}}})",
                      ParseOptions{.keep_result = true});
  EXPECT_EQ(m.result_json, R"({"capabilities":{"hoverProvider":true}})");
}

TEST(SessionTest, LatencyIdTypeUnknownAndLifecycle) {
  MessageParser p;
  Session s;
  EXPECT_FALSE(s.OnMessage(Direction::kToServer, p.Parse(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})"), 0, 0));
  EXPECT_EQ(s.state(), Lifecycle::kInitializing);
  EXPECT_FALSE(s.OnMessage(Direction::kToClient, p.Parse(R"({"jsonrpc":"2.0","id":1,"method":"workspace/configuration","params":{}})"), 1, 10));
  EXPECT_FALSE(s.OnMessage(Direction::kToClient, p.Parse(R"({"jsonrpc":"2.0","id":999,"result":{}})"), 3, 30));
  // "0" answers 0 with the wrong type: reported, and counted as the answer (Neovim's view).
  auto ex = s.OnMessage(Direction::kToClient, p.Parse(R"({"jsonrpc":"2.0","id":"0","result":{}})"), 5, 40);
  ASSERT_TRUE(ex.has_value());
  EXPECT_EQ(ex->method, "initialize");
  EXPECT_DOUBLE_EQ(ex->latency_ms(), 5);
  EXPECT_EQ(s.state(), Lifecycle::kInitialized);
  EXPECT_FALSE(s.OnMessage(Direction::kToClient, p.Parse(R"({"jsonrpc":"2.0","id":0,"result":{}})"), 6, 50));
  auto issues = s.TakeIssues();
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(issues[0].defect, SessionDefect::kBeforeInitResponse);
  EXPECT_EQ(issues[0].offset, 10u);
  EXPECT_EQ(issues[1].defect, SessionDefect::kUnknownId);
  EXPECT_EQ(issues[2].defect, SessionDefect::kIdType);
  EXPECT_EQ(issues[3].defect, SessionDefect::kUnknownId);
  EXPECT_EQ(s.Pending(Direction::kToClient).size(), 1u);  // the server's configuration request
  s.OnMessage(Direction::kToServer, p.Parse(R"({"jsonrpc":"2.0","method":"exit"})"), 7, 60);
  ASSERT_EQ(s.TakeIssues().size(), 1u);
}

}  // namespace
}  // namespace godiag::lsp

#include "dap/message.h"

#include <gtest/gtest.h>

namespace godiag::dap {
namespace {

TEST(DapMessageTest, ParsesDelveResponse) {
  Message m = ParseMessage(
      R"({"seq":4,"type":"response","request_seq":2,"success":false,"command":"launch","message":"Failed to launch",)"
      R"("body":{"error":{"id":3000,"format":"Failed to launch: Build error: Check the debug console for details.","showUser":false}}})");
  EXPECT_EQ(m.kind, Kind::kResponse);
  EXPECT_EQ(m.seq, 4);
  EXPECT_EQ(m.request_seq, 2);
  EXPECT_EQ(m.command, "launch");
  EXPECT_FALSE(m.success);
  EXPECT_EQ(m.message, "Failed to launch");
  EXPECT_EQ(m.problem, "");
  ErrorDetail e = ParseErrorDetail(m.body);
  EXPECT_EQ(e.id, 3000);
  EXPECT_EQ(e.format, "Failed to launch: Build error: Check the debug console for details.");
  EXPECT_FALSE(e.show_user);
}

TEST(DapMessageTest, ParsesEventAndRequest) {
  Message ev = ParseMessage(R"({"seq":3,"type":"event","event":"initialized"})");
  EXPECT_EQ(ev.kind, Kind::kEvent);
  EXPECT_EQ(ev.event, "initialized");
  EXPECT_EQ(ev.body, "");
  Message rq = ParseMessage(R"({"seq":1,"type":"request","command":"initialize","arguments":{"adapterID":"go"}})");
  EXPECT_EQ(rq.kind, Kind::kRequest);
  EXPECT_EQ(rq.body, R"({"adapterID":"go"})");
}

TEST(DapMessageTest, RejectsWhatIsNotDap) {
  EXPECT_EQ(ParseMessage("{abc}").problem, "not JSON");
  EXPECT_EQ(ParseMessage("[1]").problem, "not a JSON object");
  EXPECT_EQ(ParseMessage(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})").problem,
            "a JSON-RPC message, not DAP (no \"type\")");
  EXPECT_EQ(ParseMessage(R"({"seq":1,"type":"notice"})").problem, "unknown \"type\": \"notice\"");
  Message no_seq = ParseMessage(R"({"type":"event","event":"output"})");
  EXPECT_EQ(no_seq.kind, Kind::kEvent);
  EXPECT_EQ(no_seq.problem, "no \"seq\"");
  EXPECT_EQ(ParseMessage(R"({"seq":2,"type":"response","command":"launch","success":true})").problem,
            "a response without an integer \"request_seq\"");
  EXPECT_EQ(ParseMessage(R"({"seq":2,"type":"response","request_seq":1,"command":"launch"})").problem,
            "a response without a boolean \"success\"");
}

TEST(DapMessageTest, BuildsExactlyWhatDelveAccepts) {
  std::string body = RequestJson(1, "initialize", R"({"adapterID":"go"})");
  EXPECT_EQ(body, R"({"seq":1,"type":"request","command":"initialize","arguments":{"adapterID":"go"}})");
  EXPECT_EQ(Frame(body), "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(RequestJson(7, "configurationDone", ""), R"({"seq":7,"type":"request","command":"configurationDone"})");
}

TEST(DapMessageTest, ErrorFormatVariablesAndTrueKeys) {
  auto e = ParseErrorDetail(R"({"error":{"id":1,"format":"cannot {what} at {where}","variables":{"what":"stop","where":"x"}}})");
  EXPECT_EQ(e.format, "cannot stop at x");
  EXPECT_TRUE(e.show_user);
  EXPECT_EQ(ParseErrorDetail("").id, 0);
  auto keys = TrueKeys(R"({"supportsB":true,"supportsA":true,"supportsC":false,"filters":[]})");
  EXPECT_EQ(keys, (std::vector<std::string>{"supportsA", "supportsB"}));
  EXPECT_TRUE(TrueKeys("not json").empty());
}

}  // namespace
}  // namespace godiag::dap

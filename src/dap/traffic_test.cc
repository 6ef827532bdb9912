#include "dap/traffic.h"

#include <gtest/gtest.h>

#include "dap/message.h"
#include "lsp/trace_format.h"

namespace godiag::dap {
namespace {

core::DapTrafficReport Check(TrafficFormat f, const std::string& input, size_t chunk = 7) {
  TrafficChecker c(f != TrafficFormat::kRawStream);
  auto r = MakeTrafficReader(f, c);
  for (size_t i = 0; i < input.size(); i += chunk) r->Feed(std::string_view(input).substr(i, chunk));
  r->Finish();
  c.Finish();
  return c.report();
}

const char* kLog =
    "2026-12-01T21:30:49Z debug layer=dap DAP server pid = 8139\n"
    "2026-12-01T21:30:49Z debug layer=dap [<- from client]{\"seq\":1,\"type\":\"request\",\"command\":\"initialize\",\"arguments\":{}}\n"
    "2026-12-01T21:30:49Z debug layer=dap [-> to client]{\"seq\":1,\"type\":\"response\",\"request_seq\":1,\"success\":true,\"command\":\"initialize\"}\n"
    "2026-12-01T21:30:49Z debug layer=dap [<- from client]{\"seq\":2,\"type\":\"request\",\"command\":\"launch\",\"arguments\":{}}\n"
    "2026-12-01T21:30:50Z debug layer=dap [-> to client]{\"seq\":2,\"type\":\"event\",\"event\":\"output\",\"body\":{\"category\":\"stderr\",\"output\":\"Build Error: go build\\n./main.go:4:2: x\"}}\n"
    "2026-12-01T21:30:51Z debug layer=dap [-> to client]{\"seq\":3,\"type\":\"response\",\"request_seq\":2,\"success\":false,\"command\":\"launch\",\"message\":\"Failed to launch\",\"body\":{\"error\":{\"id\":3000,\"format\":\"Failed to launch: Build error: Check the debug console for details.\"}}}\n"
    "2026-12-01T21:30:51Z debug layer=dap [<- from client]{\"seq\":3,\"type\":\"request\",\"command\":\"disconnect\"}";

TEST(DapTrafficTest, ReadsDelveLog) {
  EXPECT_EQ(DetectTrafficFormat(kLog), TrafficFormat::kDelveLog);
  auto r = Check(TrafficFormat::kDelveLog, kLog);
  EXPECT_EQ(r.messages, 6u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].id, 3000);
  ASSERT_EQ(r.output.size(), 1u);
  EXPECT_EQ(r.unanswered, (std::vector<std::string>{"disconnect (seq 3)"}));
  ASSERT_EQ(r.defects.size(), 1u);
  EXPECT_EQ(r.defects[0].id, "dap.traffic.unanswered");
  ASSERT_FALSE(r.commands.empty());
  auto launch = std::find_if(r.commands.begin(), r.commands.end(), [](auto& c) { return c.command == "launch"; });
  ASSERT_NE(launch, r.commands.end());
  EXPECT_EQ(launch->errors, 1u);
  EXPECT_DOUBLE_EQ(launch->max_ms, 2000);
}

TEST(DapTrafficTest, RawStreamWithFramingDefect) {
  std::string body = R"({"seq":1,"type":"event","event":"initialized"})";
  std::string input = Frame(body) + "content-length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  EXPECT_EQ(DetectTrafficFormat(input), TrafficFormat::kRawStream);
  auto r = Check(TrafficFormat::kRawStream, input);
  ASSERT_FALSE(r.defects.empty());
  EXPECT_EQ(r.defects[0].id, "dap.traffic.framing");
  EXPECT_TRUE(r.unanswered.empty());
}

TEST(DapTrafficTest, TapTraceBothDirections) {
  std::string req = Frame(R"({"seq":1,"type":"request","command":"initialize"})");
  std::string resp = Frame(R"({"seq":1,"type":"response","request_seq":5,"success":true,"command":"initialize"})");
  std::string trace = std::string(lsp::kTraceMagic) + "{}\n" + lsp::RecordHeader(lsp::RecordKind::kToServer, 1000, req.size()) +
                      req + "\n" + lsp::RecordHeader(lsp::RecordKind::kToClient, 2000, resp.size()) + resp + "\n";
  EXPECT_EQ(DetectTrafficFormat(trace), TrafficFormat::kGodiagTrace);
  auto r = Check(TrafficFormat::kGodiagTrace, trace, 5);
  EXPECT_EQ(r.messages, 2u);
  std::vector<std::string> ids;
  for (const auto& d : r.defects) ids.push_back(d.id);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "dap.traffic.unknown-response"), ids.end()) << ::testing::PrintToString(ids);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "dap.traffic.unanswered"), ids.end());
}

TEST(DapTrafficTest, LogTime) {
  EXPECT_DOUBLE_EQ(ParseLogTime("2026-12-01T01:02:03Z"), 3723);
  EXPECT_DOUBLE_EQ(ParseLogTime("2026-12-01T01:02:03.5Z"), 3723.5);
  EXPECT_LT(ParseLogTime("garbage"), 0);
}

}  // namespace
}  // namespace godiag::dap

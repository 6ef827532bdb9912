#include "dap/session.h"

#include <gtest/gtest.h>

namespace godiag::dap {
namespace {

Message M(const std::string& json) { return ParseMessage(json); }

TEST(DapSessionTest, MatchesResponsesAndTimesThem) {
  Session s;
  s.OnMessage(Side::kClient, M(R"({"seq":1,"type":"request","command":"initialize"})"), 10, 0);
  auto a = s.OnMessage(Side::kServer, M(R"({"seq":1,"type":"response","request_seq":1,"success":true,"command":"initialize"})"), 25, 0);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->command, "initialize");
  EXPECT_DOUBLE_EQ(a->latency_ms, 15);
  EXPECT_TRUE(s.TakeIssues().empty());
  EXPECT_FALSE(s.server_seq_zero());
}

TEST(DapSessionTest, ReportsUnknownResponsesMismatchesAndOrder) {
  Session s;
  s.OnMessage(Side::kClient, M(R"({"seq":1,"type":"request","command":"launch"})"), 0, 0);
  s.OnMessage(Side::kClient, M(R"({"seq":3,"type":"request","command":"initialize"})"), 0, 7);
  s.OnMessage(Side::kServer, M(R"({"seq":1,"type":"response","request_seq":9,"success":true,"command":"launch"})"), 0, 8);
  s.OnMessage(Side::kServer, M(R"({"seq":2,"type":"response","request_seq":1,"success":true,"command":"attach"})"), 0, 9);
  auto issues = s.TakeIssues();
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(issues[0].defect, SessionDefect::kBeforeInitialize);
  EXPECT_EQ(issues[0].detail, "\"launch\" before initialize");
  EXPECT_EQ(issues[1].defect, SessionDefect::kSeqNotIncreasing);
  EXPECT_EQ(issues[1].detail, "client seq 3 after 1 (each side numbers its messages 1, 2, 3, …)");
  EXPECT_EQ(issues[2].defect, SessionDefect::kUnknownResponse);
  EXPECT_EQ(issues[3].defect, SessionDefect::kCommandMismatch);
  EXPECT_EQ(s.Pending(), (std::vector<std::string>{"initialize (seq 3)"}));
  s.Finish();
  auto end = s.TakeIssues();
  ASSERT_EQ(end.size(), 1u);
  EXPECT_EQ(end[0].defect, SessionDefect::kUnanswered);
  EXPECT_STREQ(SessionDefectId(end[0].defect), "dap.traffic.unanswered");
}

TEST(DapSessionTest, OldDelveZeroSeqIsTolerated) {
  Session s;
  s.OnMessage(Side::kClient, M(R"({"seq":1,"type":"request","command":"initialize"})"), 0, 0);
  s.OnMessage(Side::kServer, M(R"({"seq":0,"type":"response","request_seq":1,"success":true,"command":"initialize"})"), 0, 0);
  s.OnMessage(Side::kServer, M(R"({"seq":0,"type":"event","event":"initialized"})"), 0, 0);
  EXPECT_TRUE(s.TakeIssues().empty());
  EXPECT_TRUE(s.server_seq_zero());
}

TEST(DapSessionTest, InvalidMessagesAreIssues) {
  Session s;
  s.OnMessage(Side::kServer, M("{abc}"), 0, 42);
  auto issues = s.TakeIssues();
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].defect, SessionDefect::kInvalidMessage);
  EXPECT_EQ(issues[0].offset, 42u);
}

}  // namespace
}  // namespace godiag::dap

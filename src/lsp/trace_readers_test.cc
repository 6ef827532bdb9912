#include "lsp/trace_readers.h"

#include <gtest/gtest.h>

#include "lsp/trace_format.h"

namespace godiag::lsp {
namespace {

core::LspTrafficReport Check(const std::string& text, InputFormat want, size_t chunk = 7) {
  InputFormat f = DetectFormat(text);
  EXPECT_EQ(f, want) << InputFormatName(f);
  TrafficChecker checker(HasDirections(f));
  auto reader = MakeReader(f, checker);
  for (size_t i = 0; i < text.size(); i += chunk) reader->Feed(std::string_view(text).substr(i, chunk));
  reader->Finish();
  return checker.report();
}

const core::LspDefect* Find(const core::LspTrafficReport& r, const std::string& id) {
  for (const auto& d : r.defects)
    if (d.id == id) return &d;
  return nullptr;
}

const core::LspMethodRow* Method(const core::LspTrafficReport& r, const std::string& m) {
  for (const auto& row : r.methods)
    if (row.method == m) return &row;
  return nullptr;
}

// facts/lsp.md §7.1 (golang/go#53311).
TEST(TraceReadersTest, GoplsRpcTrace) {
  std::string log =
      "[Trace - 16:44:35.668 PM] Received response 'textDocument/codeLens - (57)' in 0ms.\n"
      "Result: null\n\n\n"
      "[Trace - 16:44:35.678 PM] Sending request 'textDocument/codeAction - (58)'.\n"
      "Params: {\"textDocument\":{\"uri\":\"inmemory://model/1\"},\"range\":{\"start\":{\"line\":1,\"character\":15},"
      "\"end\":{\"line\":1,\"character\":15}},\"context\":{\"diagnostics\":[]}}\n\n\n"
      "[Trace - 16:44:35.679 PM] Received response 'textDocument/codeAction - (58)' in 0ms.\n"
      "Result: null\n\n\n"
      "[Trace - 16:44:35.694 PM] Sending notification 'textDocument/didChange'.\n"
      "Params: {\"textDocument\":{\"uri\":\"inmemory://model/1\",\"version\":42},\"contentChanges\":[{\"range\":{\"start\":"
      "{\"line\":1,\"character\":15},\"end\":{\"line\":1,\"character\":15}},\"rangeLength\":0,\"text\":\"l\"}]}\n";
  auto r = Check(log, InputFormat::kGoplsRpcTrace);
  EXPECT_EQ(r.messages, 4u);
  // The trace starts mid-session (57 was requested before it): said once, no false defects.
  const auto* partial = Find(r, "lsp.trace.partial");
  ASSERT_NE(partial, nullptr);
  EXPECT_EQ(partial->where, "line 1");
  EXPECT_EQ(Find(r, "lsp.jsonrpc.unknown-id"), nullptr);
  const auto* action = Method(r, "textDocument/codeAction");
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->requests, 1u);
  EXPECT_NEAR(action->max_ms, 1.0, 0.01);
  EXPECT_NE(Method(r, "textDocument/didChange"), nullptr);
}

TEST(TraceReadersTest, GoplsErrorRecord) {
  std::string log =
      "[Trace - 18:36:44.832 PM] Sending request 'textDocument/codeAction - (8)'.\n"
      "Params: {\"textDocument\":{\"uri\":\"file:///b.go\"}}\r\n\r\n\r\n"
      "[Error - Received] 18:36:44.871 PM #8 no packages returned: packages.Load error\r\n\r\n\r\n";
  auto r = Check(log, InputFormat::kGoplsRpcTrace);
  ASSERT_EQ(r.error_groups.size(), 1u);
  EXPECT_NE(r.error_groups[0].first.find("no packages returned"), std::string::npos);
  EXPECT_NEAR(Method(r, "textDocument/codeAction")->max_ms, 39, 0.01);
}

// facts/lsp.md §7.2: the client's side, pretty JSON and a failed request.
TEST(TraceReadersTest, VscodeClientTraceOld) {
  std::string log =
      "[Trace - 6:36:44 PM] Sending request 'textDocument/codeAction - (8)'.\n"
      "Params: {\n    \"textDocument\": {\n        \"uri\": \"file:///Users/hakim/hello/b.go\"\n    },\n"
      "    \"context\": {\n        \"diagnostics\": []\n    }\n}\n"
      "[Trace - 6:36:44 PM] Received response 'textDocument/codeAction - (8)' in 39ms. Request failed: no packages "
      "returned: packages.Load error (0).\n"
      "[Info  - 6:36:45 PM] Connection to server got closed. Server will restart.\n";
  auto r = Check(log, InputFormat::kVscodeText, 13);
  EXPECT_EQ(r.messages, 2u);
  for (const auto& d : r.defects)
    if (d.id != "lsp.trace.partial") ADD_FAILURE() << d.id << " at " << d.where << ": " << d.detail;
  ASSERT_EQ(r.error_groups.size(), 1u);
  EXPECT_EQ(r.error_groups[0].first,
            "textDocument/codeAction: no packages returned: packages.Load error (0 code 0 (gopls: a plain Go error))");
}

// facts/lsp.md §7.3: 24-hour locale, multi-line result, then a notification.
TEST(TraceReadersTest, VscodeClientTraceWithInitialize) {
  std::string log =
      "[Trace - 18:47:28] Sending request 'initialize - (0)'.\n"
      "Params: {\n    \"processId\": 1,\n    \"clientInfo\": {\n        \"name\": \"Visual Studio Code\",\n"
      "        \"version\": \"1.81.0\"\n    },\n    \"capabilities\": {}\n}\n\n\n"
      "[Trace - 18:47:29] Received response 'initialize - (0)' in 510ms.\n"
      "Result: {\n    \"capabilities\": {\n        \"textDocumentSync\": 1,\n        \"hoverProvider\": true\n    }\n}\n\n\n"
      "[Trace - 18:47:29] Sending notification 'initialized'.\nParams: {}\n";
  auto r = Check(log, InputFormat::kVscodeText);
  EXPECT_EQ(r.client_name, "Visual Studio Code");
  EXPECT_EQ(r.capabilities, (std::vector<std::string>{"hoverProvider", "textDocumentSync"}));
  EXPECT_TRUE(r.defects.empty());
  EXPECT_NEAR(Method(r, "initialize")->max_ms, 1000, 0.01);  // second resolution in this format
}

TEST(TraceReadersTest, VscodeClientLogNew) {
  std::string log =
      "2024-05-01 10:30:51.123 [info] Starting client\n"
      "2024-05-01 10:30:51.124 [trace] Sending request 'initialize - (0)'.\n"
      "Params: {\n    \"capabilities\": {}\n}\n"
      "2024-05-01 10:30:51.201 [trace] Received response 'initialize - (0)' in 77ms.\n"
      "Result: {\n    \"capabilities\": {}\n}\n"
      "2024-05-01 10:30:51.300 [trace] Sending request 'shutdown - (1)'.\n"
      "2024-05-01 10:30:51.302 [trace] Received response 'shutdown - (1)' in 2ms.\n"
      "No result returned.\n"
      "2024-05-01 10:30:51.303 [trace] Sending notification 'exit'.\n"
      "No parameters provided.\n";
  auto r = Check(log, InputFormat::kVscodeLog);
  EXPECT_EQ(r.messages, 5u);
  EXPECT_TRUE(r.defects.empty()) << r.defects[0].id << ": " << r.defects[0].detail;
  EXPECT_NEAR(Method(r, "initialize")->max_ms, 77, 0.01);
  EXPECT_EQ(r.unanswered_total, 0u);
}

// facts/lsp.md §7.6.
TEST(TraceReadersTest, VscodeJsonTrace) {
  std::string log =
      "{\"type\":\"send-request\",\"message\":{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}},"
      "\"timestamp\":1534721620000}\r\n"
      "{\"type\":\"receive-response\",\"message\":{\"jsonrpc\":\"2.0\",\"id\":\"0\",\"result\":{\"capabilities\":{}}},"
      "\"timestamp\":1534721620392}\r\n";
  auto r = Check(log, InputFormat::kVscodeJson);
  EXPECT_EQ(r.messages, 2u);
  const auto* d = Find(r, "lsp.jsonrpc.id-type");  // ids keep their JSON type in this format
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->where, "line 2");
}

// facts/lsp.md §7.7 (lsp-devtools record --to-file): no directions, UUID ids.
TEST(TraceReadersTest, JsonLines) {
  std::string log =
      "{\"jsonrpc\": \"2.0\", \"params\": {}, \"method\": \"initialized\"}\n"
      "{\"id\": \"149dd662-0bff-4948-9758-2e10fe749757\", \"params\": {\"items\": []}, \"method\": "
      "\"workspace/configuration\", \"jsonrpc\": \"2.0\"}\n"
      "{\"id\": 2, \"method\": \"shutdown\", \"jsonrpc\": \"2.0\"}\n"
      "{\"id\": 2, \"jsonrpc\": \"2.0\", \"result\": null}\n"
      "{\"jsonrpc\": \"2.0\", \"method\": \"exit\"}\n"
      "{oops}\n";
  auto r = Check(log, InputFormat::kJsonLines);
  EXPECT_EQ(r.messages, 6u);
  const auto* bad = Find(r, "lsp.json.invalid");
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->where, "line 6");
}

// facts/lsp.md §7.7, the agent's wire record.
TEST(TraceReadersTest, DevtoolsAgentRecords) {
  auto record = [](const std::string& source, const std::string& body) {
    return "Message-Source: " + source + "\r\nMessage-Session: 5d4c\r\nMessage-Timestamp: 2024-05-22T10:00:00.123456+00:00\r\n"
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  std::string log = record("client", R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})") +
                    record("server", R"({"jsonrpc":"2.0","id":1,"result":{"capabilities":{}}})") +
                    record("client", R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  auto r = Check(log, InputFormat::kDevtoolsAgent);
  EXPECT_EQ(r.messages, 3u);
  for (const auto& d : r.defects) ADD_FAILURE() << d.id << " at " << d.where << ": " << d.detail;
  ASSERT_NE(Method(r, "initialize"), nullptr);
  EXPECT_EQ(Method(r, "initialize")->requests, 1u);
}

TEST(TraceReadersTest, GodiagTraceAndRawStream) {
  std::string req = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}";
  std::string resp = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"capabilities\":{}}}";
  auto framed = [](const std::string& b) { return "Content-Length: " + std::to_string(b.size()) + "\r\n\r\n" + b; };
  std::string trace = std::string(kTraceMagic) + "{}\n" + RecordHeader(RecordKind::kToServer, 1000, framed(req).size()) +
                      framed(req) + "\n" + RecordHeader(RecordKind::kToClient, 5000000, framed(resp).size()) +
                      framed(resp) + "\n" + RecordHeader(RecordKind::kEnd, 6000000, 15) + "{\"exit_code\":0}\n";
  auto r = Check(trace, InputFormat::kGodiagTrace, 5);
  EXPECT_EQ(r.messages, 2u);
  EXPECT_NEAR(Method(r, "initialize")->max_ms, 4.999, 0.01);
  for (const auto& d : r.defects) ADD_FAILURE() << d.id << " at " << d.where << ": " << d.detail;
  auto cut = Check(trace.substr(0, trace.size() - 5), InputFormat::kGodiagTrace);
  ASSERT_NE(Find(cut, "lsp.trace.malformed"), nullptr);
  auto raw = Check(framed(resp) + "Content-Length: 5\n\n{}{}}", InputFormat::kRawStream);
  const auto* lf = Find(raw, "lsp.framing.lf-only");
  ASSERT_NE(lf, nullptr);
  EXPECT_EQ(lf->where, "byte " + std::to_string(framed(resp).size()));
}

// gopls can be cut mid-write as it exits: harmless once the client has sent exit, even when the
// frame began just before exit went out (seen: the header written, exit arrives, gopls exits).
TEST(TraceReadersTest, FrameTornAfterExitIsMarked) {
  auto framed = [](const std::string& b) { return "Content-Length: " + std::to_string(b.size()) + "\r\n\r\n" + b; };
  std::vector<std::pair<RecordKind, std::string>> records = {
      {RecordKind::kToServer, framed(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})")},
      {RecordKind::kToClient, framed(R"({"jsonrpc":"2.0","id":0,"result":{"capabilities":{}}})")},
      {RecordKind::kToServer, framed(R"({"jsonrpc":"2.0","method":"initialized","params":{}})")},
      {RecordKind::kToServer, framed(R"({"jsonrpc":"2.0","id":1,"method":"shutdown"})")},
      {RecordKind::kToClient, framed(R"({"jsonrpc":"2.0","id":1,"result":null})")},
      {RecordKind::kToServer, framed(R"({"jsonrpc":"2.0","method":"exit"})")},
      {RecordKind::kToClient, "Content-Length: 139\r\n\r\n"}};
  auto trace_of = [](const auto& recs) {
    std::string t = std::string(kTraceMagic) + "{}\n";
    uint64_t us = 1000;
    for (const auto& [kind, bytes] : recs) t += RecordHeader(kind, us += 1000, bytes.size()) + bytes + "\n";
    return t + RecordHeader(RecordKind::kEnd, us + 1000, 15) + "{\"exit_code\":0}\n";
  };
  auto late = Check(trace_of(records), InputFormat::kGodiagTrace);
  const auto* d = Find(late, "lsp.framing.truncated");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->after_exit);
  EXPECT_NE(d->detail.find("the stream ended after the exit notification"), std::string::npos) << d->detail;
  std::swap(records[5], records[6]);  // the header before the client's exit, the end of the stream after it
  auto header_first = Check(trace_of(records), InputFormat::kGodiagTrace);
  d = Find(header_first, "lsp.framing.truncated");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->after_exit);
  records.erase(records.begin() + 6);  // the stream ends torn and the client never sent exit: a real crash
  auto crashed = Check(trace_of(records), InputFormat::kGodiagTrace);
  d = Find(crashed, "lsp.framing.truncated");
  ASSERT_NE(d, nullptr);
  EXPECT_FALSE(d->after_exit);
  EXPECT_FALSE(d->reactions.empty()) << "a real tear says which clients it breaks";
}

// Defects other than a tear keep their place: noise before exit is seen by clients.
TEST(TraceReadersTest, NoiseBeforeExitIsNotMarked) {
  auto framed = [](const std::string& b) { return "Content-Length: " + std::to_string(b.size()) + "\r\n\r\n" + b; };
  std::string t = std::string(kTraceMagic) + "{}\n";
  uint64_t us = 1000;
  for (const auto& [kind, bytes] : std::vector<std::pair<RecordKind, std::string>>{
           {RecordKind::kToServer, framed(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})")},
           {RecordKind::kToClient, framed(R"({"jsonrpc":"2.0","id":0,"result":{"capabilities":{}}})")},
           {RecordKind::kToServer, framed(R"({"jsonrpc":"2.0","id":1,"method":"shutdown"})")},
           {RecordKind::kToClient, "log line\n" + framed(R"({"jsonrpc":"2.0","id":1,"result":null})")},
           {RecordKind::kToServer, framed(R"({"jsonrpc":"2.0","method":"exit"})")},
       })
    t += RecordHeader(kind, us += 1000, bytes.size()) + bytes + "\n";
  t += RecordHeader(RecordKind::kEnd, us + 1000, 15) + "{\"exit_code\":0}\n";
  auto report = Check(t, InputFormat::kGodiagTrace);
  const auto* d = Find(report, "lsp.framing.stdout-noise");
  ASSERT_NE(d, nullptr);
  EXPECT_FALSE(d->after_exit);
}

}  // namespace
}  // namespace godiag::lsp

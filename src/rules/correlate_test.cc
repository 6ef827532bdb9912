// The doctor's joins on literal Snapshots: log lines and running processes linked to the
// findings of now through follows_from (a cause of the same side, sharing a topic).
#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using core::Finding;
using core::LogEvent;
using core::LogEventKind;
using core::Severity;
using testutil::EmptySnapshot;
using testutil::RunAll;

const char* kLog = "/h/.config/Code/logs/20261201T080000/window1/exthost/golang.go/gopls (server).log";

void AddLog(core::Snapshot& s, std::vector<LogEvent> events) {
  core::LogsScan scan;
  core::LogSource src;
  src.path = kLog;
  src.editor = "Code";
  src.session = "20261201T080000";
  src.window = "window1";
  src.channel = "gopls (server)";
  src.age_s = 60;
  scan.sources.push_back(src);
  scan.events = std::move(events);
  s.logs = scan;
}

LogEvent Line(const std::string& id, uint64_t line, const std::string& text) {
  LogEvent e;
  e.id = id;
  e.line = line;
  e.last_line = line;
  e.text = text;
  return e;
}

core::GoProcess StaleGopls(int pid, std::vector<core::StaleReason> stale) {
  core::GoProcess g;
  g.pid = pid;
  g.ppid = 100;
  g.uid = 1000;
  g.argv = {"/h/go/bin/gopls"};
  g.exe = "/h/go/bin/gopls";
  g.cwd = "/ws";
  g.parent = "VS Code extension host";
  g.parent_is_editor = true;
  g.stale = std::move(stale);
  return g;
}

void AddProcesses(core::Snapshot& s, std::vector<core::GoProcess> procs) {
  core::ProcessScan scan;
  scan.own_uid = 1000;
  scan.processes = std::move(procs);
  s.processes = scan;
}

const Finding* Get(const std::vector<Finding>& fs, const std::string& id) {
  for (const auto& f : fs)
    if (f.id == id) return &f;
  return nullptr;
}

std::vector<Finding> Only(const std::vector<Finding>& fs, const std::string& prefix) {
  std::vector<Finding> out;
  for (const auto& f : fs)
    if (f.id.starts_with(prefix)) out.push_back(f);
  return out;
}

core::NetCheck UntrustedProxy() {
  core::NetCheck n;
  n.side = "editor";
  core::ProxyCheck p;
  p.entry.url = "https://proxy.corp";
  p.host.origin = "https://proxy.corp";
  p.host.failure = "tls-verify";
  p.host.go_error = "tls: failed to verify certificate: x509: certificate signed by unknown authority";
  n.proxies.push_back(p);
  return n;
}

TEST(CorrelateTest, TlsLogLineIsAConsequenceOfTheProxyProbesCertificateFinding) {
  auto s = EmptySnapshot();
  s.net.push_back(UntrustedProxy());
  AddLog(s, {Line("logs.net.tls", 7, "x509: certificate signed by unknown authority")});
  auto fs = RunAll(s);
  const Finding* net = Get(fs, "net.tls.unknown-authority");
  const Finding* log = Get(fs, "logs.net.tls");
  ASSERT_TRUE(net && log);
  EXPECT_FALSE(net->caused_by);
  ASSERT_TRUE(log->caused_by);
  EXPECT_EQ(log->caused_by->id, "net.tls.unknown-authority");
  ASSERT_EQ(net->consequences.size(), 1u);
  EXPECT_EQ(net->consequences[0].subject, std::string(kLog) + ":7");
}

TEST(CorrelateTest, StaleGoplsIsTheRootOfTheLogLineItsOldValueExplains) {
  auto s = EmptySnapshot();
  AddProcesses(s, {StaleGopls(200, {{"GOFLAGS", "-mod=vendor", "-mod=mod", "user env file /h/.config/go/env:1"}})});
  AddLog(s, {Line("logs.vendor.inconsistent", 9, "go: inconsistent vendoring in /ws")});
  auto fs = RunAll(s);
  const Finding* stale = Get(fs, "processes.gopls.stale");
  const Finding* log = Get(fs, "logs.vendor.inconsistent");
  ASSERT_TRUE(stale && log);
  ASSERT_TRUE(log->caused_by);
  EXPECT_EQ(log->caused_by->subject, "pid 200");
  EXPECT_EQ(stale->severity, Severity::kError);  // as serious as the error it explains
  EXPECT_NE(stale->message.find("GOFLAGS differs"), std::string::npos) << stale->message;
  EXPECT_EQ(stale->evidence[1].source, "now: user env file /h/.config/go/env:1");
}

TEST(CorrelateTest, StaleGoplsDoesNotExplainALineAboutAnotherVariable) {
  auto s = EmptySnapshot();
  AddProcesses(s, {StaleGopls(200, {{"GOPROXY", "https://a", "https://b", "process env"}})});
  AddLog(s, {Line("logs.vendor.inconsistent", 9, "go: inconsistent vendoring in /ws")});
  auto fs = RunAll(s);
  const Finding* log = Get(fs, "logs.vendor.inconsistent");
  ASSERT_TRUE(log);
  EXPECT_FALSE(log->caused_by);
  EXPECT_EQ(Get(fs, "processes.gopls.stale")->severity, Severity::kWarning);
}

TEST(CorrelateTest, StaleGoplsExplainsATlsLineWhenTheProbeOfNowSucceeds) {
  auto s = EmptySnapshot();
  AddProcesses(s, {StaleGopls(300, {{"SSL_CERT_FILE", "(unset)", "/etc/corp.pem", "login shell"}})});
  AddLog(s, {Line("logs.net.tls", 3, "x509: certificate signed by unknown authority")});
  auto fs = RunAll(s);
  const Finding* log = Get(fs, "logs.net.tls");
  ASSERT_TRUE(log && log->caused_by);
  EXPECT_EQ(log->caused_by->id, "processes.gopls.stale");
}

TEST(CorrelateTest, PanicShowsTheEditorsGoplsVersionAndExplainsTheRestartLoop) {
  auto s = EmptySnapshot();
  s.tools.gopls.path = "/h/go/bin/gopls";
  s.tools.gopls.version = "v0.23.0";
  s.tools.gopls.built_with = "go1.26.8";
  LogEvent panic = Line("logs.gopls.panic", 5, "panic: runtime error: invalid memory address");
  panic.kind = LogEventKind::kPanic;
  panic.gopls_version = "v0.20.0";
  AddLog(s, {panic, Line("logs.gopls.restart-loop", 90, "Connection to server got closed. Server will not be restarted.")});
  auto fs = RunAll(s);
  const Finding* p = Get(fs, "logs.gopls.panic");
  const Finding* loop = Get(fs, "logs.gopls.restart-loop");
  ASSERT_TRUE(p && loop);
  EXPECT_EQ(p->evidence.back().source, "gopls version");
  EXPECT_EQ(p->evidence.back().key, "/h/go/bin/gopls");
  EXPECT_EQ(p->evidence.back().value, "v0.23.0 (built with go1.26.8); the log's crash was v0.20.0");
  ASSERT_TRUE(loop->caused_by);
  EXPECT_EQ(loop->caused_by->id, "logs.gopls.panic");
}

TEST(CorrelateTest, HealthyMachineGetsNoFindingsFromLogsOrProcesses) {
  auto s = EmptySnapshot();
  AddLog(s, {});
  core::GoProcess fine = StaleGopls(400, {});
  AddProcesses(s, {fine});
  auto fs = RunAll(s);
  EXPECT_TRUE(Only(fs, "logs.").empty());
  EXPECT_TRUE(Only(fs, "processes.").empty());
}

TEST(CorrelateTest, OldSessionsAreHistoryAtInfoOnly) {
  auto s = EmptySnapshot();
  LogEvent old = Line("logs.net.tls", 3, "x509: certificate signed by unknown authority");
  old.current = false;
  AddLog(s, {old});
  s.logs->sources[0].current = false;
  auto fs = Only(RunAll(s), "logs.");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].id, "logs.history");
  EXPECT_EQ(fs[0].severity, Severity::kInfo);
}

}  // namespace
}  // namespace godiag::rules

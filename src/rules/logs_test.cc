#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using core::LogEvent;
using core::LogEventKind;
using testutil::EmptySnapshot;
using testutil::RunRule;
using testutil::SetVar;

core::Snapshot WithLog(LogEvent e, bool current = true, int64_t age = 300) {
  auto s = EmptySnapshot();
  core::LogsScan scan;
  core::LogSource src;
  src.path = "/h/.config/Code/logs/20261201T080000/window1/exthost/output_logging_1/2-gopls (server).log";
  src.editor = "Code";
  src.session = "20261201T080000";
  src.window = "window1";
  src.channel = "gopls (server)";
  src.current = current;
  src.age_s = age;
  scan.sources.push_back(src);
  e.current = current;
  scan.events.push_back(std::move(e));
  s.logs = scan;
  return s;
}

LogEvent Panic() {
  LogEvent e;
  e.kind = LogEventKind::kPanic;
  e.id = "logs.gopls.panic";
  e.line = 12;
  e.last_line = 40;
  e.count = 2;
  e.time = "9:00:00 AM";
  e.text = "panic: boom";
  e.frames = {"golang.org/x/tools/gopls/internal/cache.f (/m/gopls@v0.20.0/internal/cache/f.go:3)"};
  e.gopls_version = "v0.20.0";
  return e;
}

TEST(LogsRulesTest, CurrentPanicWithFramesVersionAndInstalledGopls) {
  auto s = WithLog(Panic());
  s.tools.gopls.path = "/h/go/bin/gopls";
  s.tools.gopls.version = "v0.23.0";
  auto f = RunRule(s, "logs.gopls.panic");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kError);
  EXPECT_EQ(f[0].message,
            "Code \"gopls (server)\" (session 20261201T080000, window1) logged a Go panic of gopls: panic: boom. Seen 2 "
            "times, the last at line 40. Logged at 9:00:00 AM (the last). The log was last written 5 minutes ago. The top "
            "frame is golang.org/x/tools/gopls/internal/cache.f (/m/gopls@v0.20.0/internal/cache/f.go:3).");
  EXPECT_EQ(*f[0].evidence[0].location, s.logs->sources[0].path + ":12");
  EXPECT_EQ(f[0].evidence.back().value, "v0.23.0; the log's crash was v0.20.0");
  EXPECT_EQ(*f[0].fixes[0].command, "gopls version");
}

TEST(LogsRulesTest, OldSessionIsHistoryNotAFinding) {
  auto s = WithLog(Panic(), false, 3 * 86400);
  EXPECT_TRUE(RunRule(s, "logs.gopls.panic").empty());
  auto h = RunRule(s, "logs.history");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].severity, core::Severity::kInfo);
  EXPECT_EQ(h[0].message,
            "1 crash or failure line(s) in older editor sessions (the newest of them last written 3 days ago); they are "
            "history, not the current state.");
  EXPECT_EQ(h[0].evidence[0].source, "Code \"gopls (server)\" (session 20261201T080000, window1), 3 days ago");
}

LogEvent GoproxyOff() {
  LogEvent e;
  e.id = "logs.load.goproxy-off";
  e.line = 3;
  e.last_line = 3;
  e.text = "go: github.com/pkg/errors@v0.9.1: module lookup disabled by GOPROXY=off";
  return e;
}

TEST(LogsRulesTest, GoproxyOffIsGoplsOwnReloadUnlessTheUserSetIt) {
  auto s = WithLog(GoproxyOff());
  SetVar(s.editor_side, "GOPROXY", "https://proxy.golang.org,direct", core::SourceKind::kGoDefault);
  auto f = RunRule(s, "logs.load.goproxy-off");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("This is gopls's own reload behaviour, not your setting"), std::string::npos);
  SetVar(s.editor_side, "GOPROXY", "off", core::SourceKind::kUserEnvFile, "/h/.config/go/env", 2);
  f = RunRule(s, "logs.load.goproxy-off");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("GOPROXY is also off in your environment"), std::string::npos);
  EXPECT_EQ(f[0].evidence[1].key, "GOPROXY");
  EXPECT_EQ(f[0].evidence[1].value, "off");
}

TEST(LogsRulesTest, CrashNamesTheLikelyCause) {
  LogEvent e;
  e.kind = LogEventKind::kFatal;
  e.id = "logs.gopls.crash";
  e.line = 1;
  e.text = "fatal error: failed to reserve page summary memory";
  auto f = RunRule(WithLog(e), "logs.gopls.crash");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("Likely cause: the address-space limit (ulimit -v / RLIMIT_AS)"), std::string::npos);
}

TEST(LogsRulesTest, NoLogsNoFindings) {
  auto s = EmptySnapshot();
  for (const auto& r : RulesWithPrefix("logs.")) EXPECT_TRUE(core::RunRules(s, {r}).empty()) << r.info.id;
}

}  // namespace
}  // namespace godiag::rules

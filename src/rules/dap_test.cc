#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using testutil::EmptySnapshot;
using testutil::RunRule;

core::Snapshot WithProbe() {
  core::Snapshot s = EmptySnapshot();
  core::DapProbeResult r;
  r.ran = true;
  r.argv = {"/go/bin/dlv", "dap", "--listen=127.0.0.1:0"};
  r.dir = "/ws";
  core::DapLaunchConfig c;
  c.build_dir = "/ws";
  c.program = "/ws";
  r.config = c;
  s.dap = r;
  return s;
}

TEST(DapRulesTest, BuildErrorAtFileLine) {
  auto s = WithProbe();
  s.dap->output.push_back({"stderr",
                           "Build Error: go build -o /tmp/godiag-dap-x/__debug_bin -gcflags all=-N -l .\n# example.com/b\n"
                           "./main.go:4:2: declared and not used: x (exit status 1)\n",
                           0});
  auto f = RunRule(s, "dap.build.error");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "/ws/main.go:4");
  EXPECT_NE(f[0].message.find("/ws/main.go:4:2: declared and not used: x"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].evidence[0].location, "/ws/main.go:4");
  ASSERT_EQ(f[0].fixes.size(), 1u);
  EXPECT_EQ(f[0].fixes[0].command, "cd /ws && go build -gcflags all=-N -l .");
}

TEST(DapRulesTest, VersionTextsEachToTheirRule) {
  auto s = WithProbe();
  s.dap->error_responses.push_back({"launch", 3000, "Failed to launch",
                                    "Failed to launch .: Go version go1.24.6 is too old for this version of Delve "
                                    "(minimum supported version 1.25, suppress this error with --check-go-version=false)",
                                    true});
  EXPECT_EQ(RunRule(s, "dap.go.too-old").size(), 1u);
  EXPECT_TRUE(RunRule(s, "dap.delve.too-old").empty());
  EXPECT_TRUE(RunRule(s, "dap.launch.failed").empty());  // explained by dap.go.too-old
  s.dap->error_responses[0].format =
      "Failed to launch: To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later";
  EXPECT_EQ(RunRule(s, "dap.delve.dwarf5").size(), 1u);
  EXPECT_TRUE(RunRule(s, "dap.go.too-old").empty());
  s.dap->error_responses[0].format = "Failed to launch .: could not launch process: fork/exec /tmp/x: operation not permitted";
  s.dap->ptrace_scope = "1";
  auto p = RunRule(s, "dap.launch.ptrace");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].evidence.back().key, "kernel.yama.ptrace_scope");
  EXPECT_EQ(p[0].evidence.back().value, "1");
  s.dap->error_responses[0].format = "Failed to launch: something new";
  auto other = RunRule(s, "dap.launch.failed");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].message, "launch failed: \"Failed to launch: something new\".");
}

TEST(DapRulesTest, StderrWarnings) {
  auto s = WithProbe();
  s.dap->stderr_lines = {"Warning: no debug info found, some functionality will be missing such as stack traces and variable evaluation."};
  EXPECT_EQ(RunRule(s, "dap.debuginfo.missing").size(), 1u);
  s.dap->stdout_lines = {"couldn't start listener: listen tcp 127.0.0.1:47998: bind: address already in use"};
  s.dap->start_error = "the server exited before it printed \"DAP server listening at:\"";
  EXPECT_EQ(RunRule(s, "dap.listener.failed").size(), 1u);
  EXPECT_TRUE(RunRule(s, "dap.server.start-failed").empty());
}

TEST(DapRulesTest, BuildWaitingNamesTheRoute) {
  auto s = WithProbe();
  s.dap->hung_in = "launch";
  s.dap->hung_after_ms = 8000;
  s.dap->last_output = "Building .\n";
  s.dap->config->env["GOPROXY"] = "http://127.0.0.1:9";
  core::Route route;
  route.module = "example.com/dep";
  route.version = "v1.0.0";
  s.editor_side.routes.push_back(route);
  s.editor_side.env["GOPROXY"] = {"https://proxy.golang.org,direct", {}, true, std::nullopt};
  auto f = RunRule(s, "dap.build.waiting");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("After 8.0 s the build inside Delve was still at \"Building .\""), std::string::npos);
  bool launch_env = false, module = false;
  for (const auto& e : f[0].evidence) {
    launch_env = launch_env || (e.source == "launch env" && e.key == "GOPROXY" && e.value == "http://127.0.0.1:9");
    module = module || (e.key == "example.com/dep@v1.0.0" && e.value == "fetched from GOPROXY=http://127.0.0.1:9");
  }
  EXPECT_TRUE(launch_env);
  EXPECT_TRUE(module);
}

TEST(DapRulesTest, DlvMissingAndDiffering) {
  auto s = EmptySnapshot();
  core::DapProbeResult r;
  r.ran = true;
  r.not_found = true;
  r.start_error = "no dlv";
  r.server.searched = {"GOBIN (unset)", "GOPATH/bin /home/u/go/bin", "PATH"};
  s.dap = r;
  auto f = RunRule(s, "dap.dlv.missing");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence.size(), 3u);
  EXPECT_TRUE(RunRule(s, "dap.server.start-failed").empty());
  s.dap->not_found = false;
  s.dap->start_error.reset();
  s.dap->server.path = "/home/u/go/bin/dlv";
  s.dap->server.terminal_path = "/usr/local/bin/dlv";
  s.dap->server.version = "1.27.2";
  s.dap->server.terminal_version = "1.21.0";
  auto d = RunRule(s, "dap.dlv.path-differs");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("/usr/local/bin/dlv (Delve 1.21.0)"), std::string::npos);
}

TEST(DapRulesTest, ConfigAndTraffic) {
  auto s = WithProbe();
  s.dap->config->problems.push_back({"unknown-key", "stopOnEntri", "\"stopOnEntri\" is not a launch attribute", "stopOnEntry",
                                     "/ws/.vscode/launch.json:9"});
  auto f = RunRule(s, "dap.config.unknown-key");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "/ws/.vscode/launch.json:9");
  EXPECT_EQ(f[0].fixes[0].description, "Rename it to \"stopOnEntry\"");
  EXPECT_TRUE(RunRule(s, "dap.config.bad-program").empty());
  core::DapTrafficReport t;
  t.file = "dlv.log";
  t.defects.push_back({"dap.traffic.unanswered", 0, "1 request(s) never answered, the first: launch (seq 2)", {}, 1, false, "end"});
  t.errors.push_back({"launch", 3000, "Failed to launch", "Failed to launch: Build error: Check the debug console for details.", false});
  s.dap_traffic.push_back(t);
  EXPECT_EQ(RunRule(s, "dap.traffic.unanswered").size(), 1u);
  EXPECT_EQ(RunRule(s, "dap.traffic.error-response").size(), 1u);
}

TEST(DapRulesTest, EveryDapRuleHasTexts) {
  int n = 0;
  for (const auto& r : AllRules()) {
    if (r.info.id.rfind("dap.", 0) != 0) continue;
    ++n;
    EXPECT_FALSE(r.info.what.empty() || r.info.why.empty() || r.info.fix.empty() || r.info.title.empty()) << r.info.id;
  }
  EXPECT_GE(n, 40);
}

}  // namespace
}  // namespace godiag::rules

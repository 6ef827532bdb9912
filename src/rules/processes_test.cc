#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using core::GoProcess;
using core::ProcessRole;
using testutil::EmptySnapshot;
using testutil::RunRule;

core::Snapshot With(std::vector<GoProcess> procs) {
  auto s = EmptySnapshot();
  core::ProcessScan scan;
  scan.own_uid = 1000;
  scan.processes = std::move(procs);
  s.processes = scan;
  return s;
}

GoProcess Gopls(int pid) {
  GoProcess g;
  g.pid = pid;
  g.ppid = 100;
  g.uid = 1000;
  g.argv = {"/h/go/bin/gopls"};
  g.exe = "/h/go/bin/gopls";
  g.cwd = "/ws";
  g.age_s = 7200;
  g.parent = "VS Code extension host";
  return g;
}

TEST(ProcessesRulesTest, StaleNamesEachVariableWithBothValues) {
  auto g = Gopls(200);
  g.stale = {{"GOPROXY", "https://old", "https://new", "go.toolsEnvVars /s.json:4"}};
  auto f = RunRule(With({g}), "processes.gopls.stale");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message.substr(0, 159),
            "gopls pid 200, running for 2 hours, parent VS Code extension host (pid 100) runs with what the editor had "
            "when it started, not what it would start now: GOPROXY");
  EXPECT_EQ(f[0].evidence[0].value, "https://old");
  EXPECT_EQ(f[0].evidence[1].source, "now: go.toolsEnvVars /s.json:4");
  EXPECT_EQ(f[0].evidence[1].value, "https://new");
  EXPECT_EQ(*f[0].fixes[0].command, "kill 200");
  EXPECT_TRUE(RunRule(With({Gopls(201)}), "processes.gopls.stale").empty());
}

TEST(ProcessesRulesTest, DuplicateReportedOnceForTheGroup) {
  auto a = Gopls(200), b = Gopls(201);
  a.duplicates = {201};
  b.duplicates = {200};
  auto f = RunRule(With({a, b}), "processes.gopls.duplicate");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message.substr(0, 47), "2 gopls serve the workspace /ws: pids 200 and 2");
}

TEST(ProcessesRulesTest, OrphanAndReplaced) {
  auto g = Gopls(200);
  g.orphan = true;
  g.orphan_reason = "its parent exited and it was re-parented to PID 1";
  g.exe_deleted = true;
  auto s = With({g});
  ASSERT_EQ(RunRule(s, "processes.gopls.orphan").size(), 1u);
  EXPECT_TRUE(RunRule(s, "processes.dlv.orphan").empty());
  auto r = RunRule(s, "processes.gopls.binary-replaced");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].evidence[1].value, "/h/go/bin/gopls (deleted)");
}

TEST(ProcessesRulesTest, OtherUsersAreAnInfo) {
  auto g = Gopls(300);
  g.uid = 1001;
  g.unreadable = {"environ: Permission denied"};
  auto f = RunRule(With({g}), "processes.other-users");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kInfo);
  EXPECT_EQ(f[0].evidence[1].value, "environ: Permission denied");
}

TEST(ProcessesRulesTest, UnknownTableFiresNothing) {
  auto s = EmptySnapshot();
  core::ProcessScan scan;
  scan.supported = false;
  s.processes = scan;
  for (const auto& r : RulesWithPrefix("processes.")) EXPECT_TRUE(core::RunRules(s, {r}).empty()) << r.info.id;
}

}  // namespace
}  // namespace godiag::rules

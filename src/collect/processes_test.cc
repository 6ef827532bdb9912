#include "collect/processes.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

using core::ProcessRole;

TEST(ClassifyProcessTest, RolesFromArgv) {
  using V = std::vector<std::string>;
  EXPECT_EQ(ClassifyProcess(V{"/h/go/bin/gopls"}, ""), ProcessRole::kGopls);
  EXPECT_EQ(ClassifyProcess(V{"/Users/p/gopath/bin/gopls", "-mode=stdio"}, ""), ProcessRole::kGopls);
  EXPECT_EQ(ClassifyProcess(V{"gopls", "-logfile", "/tmp/x.log", "-rpc.trace"}, ""), ProcessRole::kGopls);
  // facts §3.2
  EXPECT_EQ(ClassifyProcess(V{"/h/go/bin/gopls", "-remote=auto", "-logfile=/t/c.fwd.log"}, ""),
            ProcessRole::kGoplsForwarder);
  EXPECT_EQ(ClassifyProcess(V{"/h/go/bin/gopls", "serve", "-listen", "unix;/tmp/gopls-3a3baf-daemon.shared", "-listen.timeout",
                              "1m0s"},
                            ""),
            ProcessRole::kGoplsDaemon);
  EXPECT_EQ(ClassifyProcess(V{"/h/go/bin/gopls", "** telemetry **"}, ""), ProcessRole::kGoplsTelemetry);
  EXPECT_EQ(ClassifyProcess(V{"/h/go/bin/dlv", "dap", "--listen=127.0.0.1:42042"}, ""), ProcessRole::kDlv);
  EXPECT_EQ(ClassifyProcess(V{"/ws/__debug_bin3318"}, ""), ProcessRole::kDebuggee);
  EXPECT_EQ(ClassifyProcess(V{"gopls", "version"}, ""), std::nullopt);
  EXPECT_EQ(ClassifyProcess(V{"gopls", "remote", "sessions"}, ""), std::nullopt);
  EXPECT_EQ(ClassifyProcess(V{"/usr/bin/go", "list"}, ""), std::nullopt);
  EXPECT_EQ(ClassifyProcess(V{}, ""), std::nullopt);
}

TEST(ClassifyParentTest, EditorsAndReapers) {
  // facts §6.11
  auto k = ClassifyParent(2355762,
                          {"/usr/share/code/code", "--ms-enable-electron-run-as-node", "--inspect-port=0",
                           "/usr/share/code/resources/app/out/bootstrap-fork", "--type=extensionHost"},
                          "code");
  EXPECT_EQ(k.name, "VS Code extension host");
  EXPECT_TRUE(k.editor);
  k = ClassifyParent(7, {"/proc/self/exe", "--type=utility", "--utility-sub-type=node.mojom.NodeService",
                         "--user-data-dir=/home/p/.config/Code"},
                     "code");
  EXPECT_TRUE(k.editor);
  EXPECT_EQ(k.user_data_dir, "/home/p/.config/Code");
  k = ClassifyParent(8, {"nvim", "main.go"}, "nvim");
  EXPECT_EQ(k.name, "Neovim");
  EXPECT_TRUE(k.terminal_editor);
  EXPECT_TRUE(ClassifyParent(1, {"/sbin/init"}, "systemd").reaper);
  EXPECT_TRUE(ClassifyParent(900, {"/lib/systemd/systemd", "--user"}, "systemd").reaper);
  k = ClassifyParent(50, {"bash"}, "bash");
  EXPECT_FALSE(k.editor);
  EXPECT_FALSE(k.reaper);
  EXPECT_EQ(k.name, "bash");
}

TEST(ParseProcArgs2Test, ArgvThenEnvironment) {
  int argc = 2;
  std::string buf(reinterpret_cast<const char*>(&argc), sizeof argc);
  buf += std::string("/Users/u/go/bin/gopls\0\0\0\0", 25);
  buf += std::string("gopls\0-remote=auto\0HOME=/Users/u\0GOPROXY=off\0\0junk", 50);
  auto p = ParseProcArgs2(buf);
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_EQ(p->exec_path, "/Users/u/go/bin/gopls");
  EXPECT_EQ(p->argv, (std::vector<std::string>{"gopls", "-remote=auto"}));
  EXPECT_EQ(p->env, (std::map<std::string, std::string>{{"GOPROXY", "off"}, {"HOME", "/Users/u"}}));
}

TEST(ParseProcArgs2Test, ShortBuffersAreErrors) {
  EXPECT_EQ(ParseProcArgs2("ab").error().message, "KERN_PROCARGS2: shorter than argc");
  int argc = 3;
  std::string buf(reinterpret_cast<const char*>(&argc), sizeof argc);
  buf += std::string("/x\0a\0", 5);
  EXPECT_EQ(ParseProcArgs2(buf).error().message, "KERN_PROCARGS2: 2 arguments missing");
  argc = -1;
  EXPECT_EQ(ParseProcArgs2(std::string(reinterpret_cast<const char*>(&argc), sizeof argc)).error().message,
            "KERN_PROCARGS2: argc -1 is impossible");
}

struct Fixture {
  testing::FakePlatform p;
  core::Snapshot snap;
  int64_t now = 0;
  Fixture() {
    now = std::chrono::duration_cast<std::chrono::seconds>(p.clock.wall.time_since_epoch()).count();
    snap.editor_side.label = "editor";
    snap.terminal.label = "terminal";
    snap.editor_side.process_env = {{"GOPROXY", "https://proxy.corp"}, {"PATH", "/usr/bin"}};
    snap.editor_side.env["GOPROXY"] = {"https://proxy.corp",
                                       {core::SourceKind::kToolsEnvVars, "/h/.config/Code/User/settings.json", 4, ""},
                                       true, std::nullopt};
    snap.terminal.go_env.go_path = "/usr/local/go/bin/go";
    p.runner.On("/usr/local/go/bin/go", [](const platform::ProcessSpec&) {
      return testing::FakeProcessRunner::Ok("/proc/x/exe: go1.26.8\n\tpath\tgolang.org/x/tools/gopls\n\tmod\tgolang.org/x/tools/gopls\tv0.23.0\th1:x=\n");
    });
    p.processes.entries.push_back({1, 0, 0, "systemd", {"/sbin/init"}, now - 86400});
    p.processes.entries.push_back({100, 1, 1000, "code", {"/usr/share/code/code", "--type=extensionHost"}, now - 7200});
  }
  void Gopls(int pid, int ppid, const std::string& cwd, std::map<std::string, std::string> env, int64_t age,
             std::string exe = "/h/go/bin/gopls") {
    p.processes.entries.push_back({pid, ppid, 1000, "gopls", {"/h/go/bin/gopls"}, now - age});
    platform::ProcessDetails d;
    d.exe = exe;
    d.cwd = cwd;
    d.env = std::move(env);
    p.processes.details[pid] = d;
  }
};

TEST(CollectProcessesTest, StaleEnvironmentNamesBothValuesAndTheSource) {
  Fixture f;
  f.Gopls(200, 100, "/ws", {{"GOPROXY", "https://old.proxy"}, {"PATH", "/usr/bin"}}, 600);
  auto scan = CollectProcesses(f.p.View(), f.snap);
  ASSERT_EQ(scan.processes.size(), 1u);
  const auto& g = scan.processes[0];
  EXPECT_EQ(g.parent, "VS Code extension host");
  EXPECT_EQ(g.version, "v0.23.0");
  EXPECT_EQ(g.age_s, 600);
  ASSERT_EQ(g.stale.size(), 1u);
  EXPECT_EQ(g.stale[0].what, "GOPROXY");
  EXPECT_EQ(g.stale[0].running, "https://old.proxy");
  EXPECT_EQ(g.stale[0].now, "https://proxy.corp");
  EXPECT_EQ(g.stale[0].source, "go.toolsEnvVars /h/.config/Code/User/settings.json:4");
  EXPECT_FALSE(g.orphan);
}

TEST(CollectProcessesTest, OlderThanTheSettingsFile) {
  Fixture f;
  f.Gopls(200, 100, "/ws", {{"GOPROXY", "https://proxy.corp"}}, 600);
  f.snap.editor.files.push_back({"/h/.config/Code/User/settings.json", core::SettingsScope::kUser, "Code", true, {}});
  f.p.fs.AddFile("/h/.config/Code/User/settings.json", "{}");
  f.p.fs.SetMtime("/h/.config/Code/User/settings.json", f.now - 60);
  auto scan = CollectProcesses(f.p.View(), f.snap);
  ASSERT_EQ(scan.processes[0].stale.size(), 1u);
  EXPECT_EQ(scan.processes[0].stale[0].what, "settings file");
  EXPECT_EQ(scan.processes[0].stale[0].source, "/h/.config/Code/User/settings.json");
}

TEST(CollectProcessesTest, UnderAShellNoVerdictOnTheEnvironment) {
  Fixture f;
  f.p.processes.entries.push_back({150, 1, 1000, "bash", {"bash"}, f.now - 100});
  f.Gopls(200, 150, "/ws", {{"GOPROXY", "https://other"}}, 60);
  auto scan = CollectProcesses(f.p.View(), f.snap);
  EXPECT_TRUE(scan.processes[0].stale.empty());
}

TEST(CollectProcessesTest, DuplicateOrphanDeletedAndTelemetry) {
  Fixture f;
  f.Gopls(200, 100, "/ws", {{"GOPROXY", "https://proxy.corp"}}, 60);
  f.Gopls(201, 100, "/ws", {{"GOPROXY", "https://proxy.corp"}}, 50, "/h/go/bin/gopls (deleted)");
  f.Gopls(202, 1, "/other", {}, 40);
  f.p.processes.entries.push_back({203, 1, 1000, "gopls", {"/h/go/bin/gopls", "** telemetry **"}, f.now - 30});
  f.p.processes.entries.push_back(
      {204, 1, 1000, "gopls", {"/h/go/bin/gopls", "serve", "-listen", "unix;/tmp/gopls-1-daemon.u"}, f.now - 30});
  auto scan = CollectProcesses(f.p.View(), f.snap);
  ASSERT_EQ(scan.processes.size(), 5u);
  EXPECT_EQ(scan.processes[0].duplicates, (std::vector<int>{201}));
  EXPECT_EQ(scan.processes[1].duplicates, (std::vector<int>{200}));
  EXPECT_TRUE(scan.processes[1].exe_deleted);
  EXPECT_EQ(scan.processes[1].exe, "/h/go/bin/gopls");
  EXPECT_TRUE(scan.processes[2].orphan);
  EXPECT_EQ(scan.processes[2].orphan_reason, "its parent exited and it was re-parented to PID 1");
  EXPECT_EQ(scan.processes[3].role, ProcessRole::kGoplsTelemetry);
  EXPECT_FALSE(scan.processes[3].orphan);
  EXPECT_EQ(scan.processes[4].role, ProcessRole::kGoplsDaemon);
  EXPECT_EQ(scan.processes[4].listen, "unix;/tmp/gopls-1-daemon.u");
  EXPECT_FALSE(scan.processes[4].orphan);
}

TEST(CollectProcessesTest, TheDoctorJudgesOnlyTheProcessesOfItsFolder) {
  Fixture f;
  f.Gopls(200, 100, "/ws", {{"GOPROXY", "https://old.proxy"}}, 60);
  f.Gopls(201, 100, "/ws/sub", {}, 60);
  f.Gopls(202, 1, "/other", {}, 40);  // an orphan elsewhere: not this folder's problem
  f.Gopls(203, 1, "/", {}, 40);
  auto scan = CollectProcesses(f.p.View(), f.snap, "/ws");
  ASSERT_EQ(scan.processes.size(), 2u);
  EXPECT_EQ(scan.processes[0].pid, 200);
  EXPECT_EQ(scan.processes[1].pid, 201);
  ASSERT_EQ(scan.notes.size(), 1u);
  EXPECT_EQ(scan.notes[0], "2 other gopls/dlv process(es) do not work in /ws (or cannot be read); `godiag ps` lists "
                           "and judges them");
}

TEST(RelatedToWorkspaceTest, TheFolderAboveOrBelowButNotRootOrASiblingPrefix) {
  core::GoProcess g;
  for (auto [cwd, related] : std::vector<std::pair<std::string, bool>>{
           {"/ws", true}, {"/ws/a", true}, {"/", false}, {"/w", false}, {"/ws2", false}, {"", false}, {"/ws/", true}}) {
    g.cwd = cwd;
    EXPECT_EQ(RelatedToWorkspace(g, "/ws"), related) << cwd;
  }
  g.cwd = "/";
  EXPECT_TRUE(RelatedToWorkspace(g, "/")) << "same folder";
  g.cwd = "/home/u";
  EXPECT_TRUE(RelatedToWorkspace(g, "/home/u/ws"));
  g.role = core::ProcessRole::kGoplsTelemetry;
  EXPECT_FALSE(RelatedToWorkspace(g, "/home/u/ws"));
}

TEST(CollectProcessesTest, OtherUsersAreListedWithWhatCouldNotBeRead) {
  Fixture f;
  f.p.processes.entries.push_back({300, 1, 1001, "gopls", {"/home/b/go/bin/gopls"}, f.now - 30});
  auto scan = CollectProcesses(f.p.View(), f.snap);
  ASSERT_EQ(scan.processes.size(), 1u);
  EXPECT_FALSE(scan.processes[0].env_readable);
  EXPECT_EQ(scan.processes[0].unreadable.size(), 3u);
  ASSERT_EQ(scan.notes.size(), 1u);
  EXPECT_NE(scan.notes[0].find("not their environment, executable or working directory"), std::string::npos);
}

TEST(CollectProcessesTest, UnsupportedOsIsUnknownNotEmpty) {
  Fixture f;
  f.p.processes.list_error = "reading processes is not supported on this OS yet";
  auto scan = CollectProcesses(f.p.View(), f.snap);
  EXPECT_FALSE(scan.supported);
  EXPECT_EQ(scan.error, "reading processes is not supported on this OS yet");
}

}  // namespace
}  // namespace godiag::collect

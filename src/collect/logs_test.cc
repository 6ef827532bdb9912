#include "collect/logs.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

std::vector<std::string> Paths(const std::vector<LogRoot>& roots) {
  std::vector<std::string> out;
  for (const auto& r : roots) out.push_back(r.path);
  return out;
}

TEST(LogRootsTest, Linux) {
  auto roots = LogRoots("linux", {{"HOME", "/home/u"}, {"XDG_STATE_HOME", "/st"}});
  EXPECT_EQ(Paths(roots), (std::vector<std::string>{
                              "/home/u/.config/Code/logs",
                              "/home/u/.config/Code - Insiders/logs",
                              "/home/u/.config/VSCodium/logs",
                              "/home/u/.config/VSCodium - Insiders/logs",
                              "/home/u/.config/Code - OSS/logs",
                              "/home/u/.vscode-server/data/logs",
                              "/home/u/.vscode-server-insiders/data/logs",
                              "/home/u/.vscodium-server/data/logs",
                              "/home/u/.vscode-remote/data/logs",
                              "/home/u/.local/share/code-server/logs",
                              "/st/nvim/lsp.log",
                              "/home/u/.cache/nvim/lsp.log",
                              "/home/u/.local/share/nvim/lsp.log",
                          }));
}

TEST(LogRootsTest, MacosAndAppName) {
  auto roots = LogRoots("darwin", {{"HOME", "/Users/u"}, {"NVIM_APPNAME", "lazy"}});
  EXPECT_EQ(roots[0].path, "/Users/u/Library/Application Support/Code/logs");
  EXPECT_EQ(roots[0].editor, "Code");
  EXPECT_EQ(roots[10].path, "/Users/u/.local/state/lazy/lsp.log");
  EXPECT_EQ(roots[10].note, "Neovim >= 0.8");
}

TEST(LogRootsTest, Windows) {
  auto roots = LogRoots("windows", {{"USERPROFILE", "C:\\Users\\u"}, {"APPDATA", "C:\\Users\\u\\AppData\\Roaming"},
                                    {"LOCALAPPDATA", "C:\\Users\\u\\AppData\\Local"}});
  EXPECT_EQ(roots[0].path, "C:\\Users\\u\\AppData\\Roaming\\Code\\logs");
  EXPECT_EQ(roots[5].path, "C:\\Users\\u\\.vscode-server\\data\\logs");
  EXPECT_EQ(roots[9].path, "C:\\Users\\u\\AppData\\Local\\nvim-data\\lsp.log");
  EXPECT_EQ(roots[10].path, "C:\\Users\\u\\AppData\\Local\\Temp\\nvim\\lsp.log");
  EXPECT_EQ(roots.size(), 11u);  // no code-server on Windows
}

TEST(LogRootsTest, PortableAndAgentFolder) {
  auto roots = LogRoots("linux", {{"HOME", "/h"}, {"VSCODE_PORTABLE", "/opt/vsc/data"}, {"VSCODE_AGENT_FOLDER", "/a"}});
  EXPECT_EQ(roots[0].path, "/opt/vsc/data/user-data/logs");
  EXPECT_EQ(roots[6].path, "/a/data/logs");
}

TEST(LogsTest, SessionNames) {
  EXPECT_TRUE(IsSessionName("20261201T211900"));
  EXPECT_FALSE(IsSessionName("20261201T21190"));
  EXPECT_FALSE(IsSessionName("20261201X211900"));
  EXPECT_FALSE(IsSessionName("2026120aT211900"));
}

TEST(LogsTest, ExtensionHostPids) {
  EXPECT_EQ(ParseExtensionHostPids("2025-07-29 14:54:59.170 [info] Extension host with pid 7352 started\n"
                                   "x Extension host with pid 99 exiting with code 0\n"
                                   "Extension host with pid 8000 started\n"),
            (std::vector<int>{7352, 8000}));
}

constexpr int64_t kDay = 86400;

struct Tree {
  testing::FakePlatform p;
  int64_t now = 0;
  Tree() {
    p.env.vars = {{"HOME", "/home/u"}};
    now = std::chrono::duration_cast<std::chrono::seconds>(p.clock.wall.time_since_epoch()).count();
  }
  void Add(const std::string& path, std::string text, int64_t age) {
    p.fs.AddFile(path, std::move(text));
    p.fs.SetMtime(path, now - age);
  }
};

TEST(LogsTest, TwoVscodeSessionsNewestFirstOldIsHistory) {
  Tree t;
  const std::string logs = "/home/u/.config/Code/logs/";
  t.Add(logs + "20261120T090000/window1/exthost/output_logging_20261120T090001/3-gopls (server).log",
        "panic: old\n\ngoroutine 1 [running]:\nmain.f()\n\t/m.go:1 +0x1\n", 11 * kDay);
  t.Add(logs + "20261201T080000/window2/exthost/output_logging_20261201T080001/2-gopls (server).log",
        "[Error - 8:00:05 AM] go: m@v1: Get \"https://p/m/@v/v1.mod\": x509: certificate signed by unknown authority\n",
        600);
  t.Add(logs + "20261201T080000/window2/exthost/golang.go/Go.log",
        "2026-12-01 08:00:01.000 [info] Running language server gopls(v0.18.1/go1.23.9)\n", 700);
  t.Add(logs + "20261201T080000/window2/exthost/exthost.log", "Extension host with pid 4321 started\n", 700);
  t.Add(logs + "20261201T080000/window2/exthost/output_logging_20261201T080001/1-Git.log", "x509: not ours\n", 1);
  t.Add(logs + "20261201T080000/window1/exthost/output_logging_20261201T075900/1-gopls.log", "", 5000);

  auto scan = CollectLogs(t.p.View(), {});
  ASSERT_EQ(scan.sources.size(), 4u);
  EXPECT_TRUE(scan.searched);
  // Current session first, the window whose extension host runs gopls (pid 4321) before window1.
  auto s = CollectLogs(t.p.View(), {{}, 10, {4321}, 0});
  EXPECT_EQ(s.sources[0].window, "window2");
  EXPECT_EQ(s.sources[0].channel, "gopls (server)");
  EXPECT_EQ(s.sources[0].extension_host_pids, (std::vector<int>{4321}));
  EXPECT_EQ(s.sources[1].channel, "Go");
  EXPECT_EQ(s.sources[2].window, "window1");
  EXPECT_EQ(s.sources[3].session, "20261120T090000");
  EXPECT_FALSE(s.sources[3].current);
  EXPECT_EQ(s.sources[3].age_s, 11 * kDay);
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].id, "logs.net.tls");
  EXPECT_TRUE(s.events[0].current);
  EXPECT_EQ(s.events[0].source, 0u);
  EXPECT_EQ(s.events[1].id, "logs.gopls.panic");
  EXPECT_FALSE(s.events[1].current);
  EXPECT_EQ(s.events[1].source, 3u);
}

TEST(LogsTest, NeovimEntriesBeforeTheLastStartAreHistory) {
  Tree t;
  t.Add("/home/u/.cache/nvim/lsp.log",
        "[START][2026-11-01 10:00:00] LSP logging initiated\n"
        "[ERROR][2026-11-01 10:00:01] ...lsp/handlers.lua:455\t\"go: updates to go.mod needed; to update it:\"\n"
        "[START][2026-12-01 10:00:00] LSP logging initiated\n"
        "[ERROR][2026-12-01 10:00:01] ...lsp/handlers.lua:455\t\"go: m@v: missing go.sum entry for go.mod file\"\n",
        60);
  auto s = CollectLogs(t.p.View(), {});
  ASSERT_EQ(s.sources.size(), 1u);
  EXPECT_EQ(s.sources[0].editor, "Neovim");
  EXPECT_EQ(s.sources[0].format, "Neovim lsp.log");
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_FALSE(s.events[0].current);
  EXPECT_TRUE(s.events[1].current);
}

TEST(LogsTest, NothingFoundIsANote) {
  Tree t;
  auto s = CollectLogs(t.p.View(), {});
  EXPECT_TRUE(s.sources.empty());
  EXPECT_EQ(s.notes, (std::vector<std::string>{"no VS Code or Neovim log of the Go extension or gopls was found"}));
}

TEST(LogsTest, GivenFilesMissingAndGzip) {
  Tree t;
  // gzip of "fatal error: out of memory\n" (python3 -c 'import gzip,sys;sys.stdout.buffer.write(gzip.compress(...,mtime=0))')
  const unsigned char gz[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0x4b, 0x2c, 0x49,
                              0xcc, 0x51, 0x48, 0x2d, 0x2a, 0xca, 0x2f, 0xb2, 0x52, 0xc8, 0x2f, 0x2d, 0x51, 0xc8,
                              0x4f, 0x53, 0xc8, 0x4d, 0xcd, 0xcd, 0x2f, 0xaa, 0xe4, 0x02, 0x00, 0x81, 0xdd, 0xc5,
                              0x72, 0x1b, 0x00, 0x00, 0x00};
  t.Add("/tmp/g.log.gz", std::string(reinterpret_cast<const char*>(gz), sizeof gz), 5);
  auto s = CollectLogs(t.p.View(), {{"/tmp/g.log.gz", "/tmp/none.log"}, 10, {}, 0});
  ASSERT_EQ(s.sources.size(), 2u);
  EXPECT_FALSE(s.searched);
  EXPECT_TRUE(s.sources[0].gzip);
  EXPECT_FALSE(s.sources[0].read_error.has_value()) << *s.sources[0].read_error;
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].id, "logs.gopls.crash");
  EXPECT_TRUE(s.sources[1].read_error.has_value());
}

TEST(LogsTest, TailReadScansOnlyTheLastLinesAndKeepsTheirNumbers) {
  Tree t;
  std::string filler = "[Info  - 8:00:01 AM] 2026/12/01 08:00:01 go/packages.Load #1\n";  // 63 bytes
  std::string text = "panic: an early crash\n\ngoroutine 1 [running]:\nmain.f()\n\t/f.go:1 +0x1\n";  // 5 lines
  for (int i = 0; i < 50000; ++i) text += filler;  // ~3 MiB: three read chunks
  text += "[Error - 8:00:05 AM] go: m@v1: tls: failed to verify certificate: x509: certificate signed by unknown "
          "authority\n";
  t.Add("/tmp/big.log", text, 5);
  LogsOptions o;
  o.files = {"/tmp/big.log"};
  o.tail_bytes = 1u << 20;
  auto s = CollectLogs(t.p.View(), o);
  ASSERT_EQ(s.sources.size(), 1u);
  EXPECT_GT(s.sources[0].skipped_bytes, 0u);
  EXPECT_EQ(s.sources[0].skipped_bytes + s.sources[0].bytes, text.size());
  EXPECT_GE(s.sources[0].bytes, 1u << 20);
  ASSERT_EQ(s.events.size(), 1u);  // the panic at the head is not scanned
  EXPECT_EQ(s.events[0].id, "logs.net.tls");
  EXPECT_EQ(s.events[0].line, 50006u);
  EXPECT_EQ(s.sources[0].lines, 50006u);
  o.tail_bytes = 0;
  EXPECT_EQ(CollectLogs(t.p.View(), o).events.size(), 2u);
}

}  // namespace
}  // namespace godiag::collect

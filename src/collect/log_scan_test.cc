// The scanner on the real samples of facts/logs-ps.md §6 (whitespace as in the sources).
#include "collect/log_scan.h"

#include <gtest/gtest.h>

#include "collect/log_signatures.h"

namespace godiag::collect {
namespace {

using core::LogEventKind;

std::vector<std::string> Ids(const LogScanResult& r) {
  std::vector<std::string> out;
  for (const auto& e : r.events) out.push_back(e.id);
  return out;
}

// §6.3: client v7 channel with -rpc.trace: the logMessage and the client's rendering of it.
constexpr std::string_view kVscodeChannel =
    "[Info  - 6:53:48 PM] 2021/08/04 18:53:48 15.607766ms for GOROOT= GOPATH=/Users/hakim/go GO111MODULE=auto "
    "GOPROXY=off PWD=/Users/hakim/projects/google/vscode-go go list -modfile=/var/folders/x.mod -mod=readonly -e "
    "-json -- builtin github.com/golang/vscode-go/...\n"
    "\n"
    "[Trace - 18:53:48.772 PM] Received notification 'window/logMessage'.\n"
    "Params: {\"type\":1,\"message\":\"2021/08/04 18:53:48 go/packages.Load: err: exit status 1: stderr: go: "
    "github.com/stamblerre/work-stats@v0.0.0-20210726215650-a14fc877fae7: module lookup disabled by "
    "GOPROXY=off\\n\\n\\tsnapshot=3\\n\"}\n"
    "\n"
    "[Error - 6:53:48 PM] 2021/08/04 18:53:48 go/packages.Load: err: exit status 1: stderr: go: "
    "github.com/stamblerre/work-stats@v0.0.0-20210726215650-a14fc877fae7: module lookup disabled by GOPROXY=off\n"
    "\n"
    "\tsnapshot=3\n"
    "\tdirectory=/Users/hakim/projects/google/vscode-go\n";

TEST(LogScanTest, VscodeChannelGoproxyOffFoldsRepeats) {
  auto r = ScanLogText(kVscodeChannel);
  EXPECT_EQ(r.format, "VS Code output channel");
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.load.goproxy-off", "logs.load.goproxy-off"}));
  // The trace's JSON line and the client's line differ in their text around it: two events.
  EXPECT_EQ(r.events[0].line, 4u);
  EXPECT_EQ(r.events[1].line, 6u);
  EXPECT_EQ(r.events[1].time, "2021/08/04 18:53:48");
  EXPECT_EQ(r.events[1].text,
            "2021/08/04 18:53:48 go/packages.Load: err: exit status 1: stderr: go: "
            "github.com/stamblerre/work-stats@v0.0.0-20210726215650-a14fc877fae7: module lookup disabled by GOPROXY=off");
}

// §6.5: the old crash loop, four restarts then the last.
TEST(LogScanTest, RestartLoop) {
  auto r = ScanLogText(
      "[Info  - 4:38:38 PM] Connection to server got closed. Server will restart.\n"
      "[Info  - 4:38:38 PM] Connection to server got closed. Server will restart.\n"
      "[Error - 4:38:38 PM] Connection to server got closed. Server will not be restarted.\n");
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.gopls.restart-loop"}));
  EXPECT_EQ(r.events[0].line, 3u);
  EXPECT_EQ(r.events[0].time, "4:38:38 PM");
}

// A handler panic in raw stderr between client lines (client <= v9 writes stderr as is).
TEST(LogScanTest, PanicInVscodeChannelWithVersionFromFrames) {
  std::string log =
      "[Info  - 9:00:00 AM] 2026/12/01 09:00:00 Created View (#1)\n"
      "panic: runtime error: invalid memory address or nil pointer dereference\n"
      "[signal SIGSEGV: segmentation violation code=0x1 addr=0x20 pc=0x16cc8a8]\n"
      "\n"
      "goroutine 1011 [running]:\n"
      "golang.org/x/tools/gopls/internal/cache.(*Session).View(0x0)\n"
      "\t/home/u/go/pkg/mod/golang.org/x/tools/gopls@v0.23.0/internal/cache/session.go:129 +0x158\n"
      "created by golang.org/x/tools/internal/jsonrpc2.(*conn).Go in goroutine 40\n"
      "\t/home/u/go/pkg/mod/golang.org/x/tools@v0.47.1/internal/jsonrpc2/conn.go:200 +0x8f\n"
      "[Info  - 9:00:01 AM] Connection to server got closed. Server will restart.\n";
  for (size_t chunk : {0, 1, 7, 64}) {
    auto r = ScanLogText(log, chunk);
    ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.gopls.panic"})) << chunk;
    const auto& e = r.events[0];
    EXPECT_EQ(e.kind, LogEventKind::kPanic);
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.time, "9:00:00 AM");
    EXPECT_EQ(e.text,
              "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: "
              "segmentation violation code=0x1 addr=0x20 pc=0x16cc8a8]");
    ASSERT_EQ(e.frames.size(), 2u);
    EXPECT_EQ(e.frames[0],
              "golang.org/x/tools/gopls/internal/cache.(*Session).View "
              "(/home/u/go/pkg/mod/golang.org/x/tools/gopls@v0.23.0/internal/cache/session.go:129)");
    EXPECT_EQ(e.gopls_version, "v0.23.0");
    EXPECT_EQ(e.goroutines, 1);
  }
}

// §6.2: Neovim 0.7.2, logMessage text Lua-quoted with '…' (it contains ").
TEST(LogScanTest, NeovimLogMessageGoVersion) {
  auto r = ScanLogText(
      "[START][2026-12-01 21:37:27] LSP logging initiated\n"
      "[ERROR][2026-12-01 21:37:27] ...lsp/handlers.lua:455\t'2026/12/01 21:37:27 go/packages.Load #1: err: exit "
      "status 1: stderr: go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)\\n\\n\\tview_id=\"1\"\\n'\n"
      "[ERROR][2026-12-01 21:37:27] ...lsp/handlers.lua:455\t\"2026/12/01 21:37:27 initial workspace load failed: "
      "packages.Load error: err: exit status 1: stderr: go: go.mod requires go >= 1.99 (running go 1.26.8; "
      "GOTOOLCHAIN=local)\\n\\n\"\n");
  EXPECT_EQ(r.format, "Neovim lsp.log");
  EXPECT_EQ(r.last_start_line, 1u);
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.load.go-version", "logs.load.go-version"}));
  EXPECT_EQ(r.events[0].line, 2u);
  EXPECT_EQ(r.events[0].text,
            "2026/12/01 21:37:27 go/packages.Load #1: err: exit status 1: stderr: go: go.mod requires go >= 1.99 "
            "(running go 1.26.8; GOTOOLCHAIN=local)");
}

// §6.2: a SIGSEGV dump split at arbitrary bytes, one stderr entry per pipe read.
TEST(LogScanTest, NeovimSplitSignalDumpIsJoined) {
  auto r = ScanLogText(
      "[ERROR][2026-12-01 21:29:00] .../vim/lsp/rpc.lua:420\t\"rpc\"\t\"/h/go/bin/gopls\"\t\"stderr\"\t\"SIGSEGV: "
      "segmentation violation\\nPC=0x40e0ec m=0 sigcode=0 addr=0xf5a\\n\\ngoroutine 115 gp=0x65eea638000 m=0 "
      "mp=0x20de2e0 [syscall]:\\nsyscall.Sysc\"\n"
      "[ERROR][2026-12-01 21:29:00] .../vim/lsp/rpc.lua:420\t\"rpc\"\t\"/h/go/bin/gopls\"\t\"stderr\"\t\"all(0x0, "
      "0x0)\\n\\t/usr/local/go/src/syscall/syscall_linux.go:74 +0x25\"\n"
      "[ERROR][2026-12-01 21:29:00] .../vim/lsp/rpc.lua:420\t\"rpc\"\t\"/h/go/bin/gopls\"\t\"stderr\"\t\" "
      "fp=0x65ef0a6d778\\n\"\n"
      "[WARN][2026-12-01 21:29:01] ...lsp/handlers.lua:455\t\"something else\"\n");
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.gopls.crash"}));
  const auto& e = r.events[0];
  EXPECT_EQ(e.kind, LogEventKind::kSignal);
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.time, "2026-12-01 21:29:00");
  EXPECT_EQ(e.text, "SIGSEGV: segmentation violation");
  EXPECT_EQ(e.frames, (std::vector<std::string>{"syscall.Syscall (/usr/local/go/src/syscall/syscall_linux.go:74)"}));
}

// §6.2, Neovim 0.5 on Windows: old line format, a panic that starts a stderr entry.
TEST(LogScanTest, NeovimOldFormatWindowsPanic) {
  auto r = ScanLogText(
      "[ START ] 2021-11-15T17:37:17+0800 ] LSP logging initiated\n"
      "[ ERROR ] 2021-11-15T17:37:44+0800 ] ...gram Files\\Neovim\\share\\nvim\\runtime\\lua\\vim\\lsp\\rpc.lua:462 ]"
      "\t\"rpc\"\t\"C:\\\\dev\\\\nvim\\\\gopls\"\t\"stderr\"\t'panic: only file URIs are supported, got \"c\" from "
      "\"C:\\\\\\\\dev\\\\\\\\proj\\\\\\\\handlers.go\"\\n\\ngoroutine 7691 [running]:\\n'\n");
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.gopls.panic"}));
  EXPECT_EQ(r.events[0].time, "2021-11-15T17:37:44+0800");
  EXPECT_EQ(r.events[0].text, "panic: only file URIs are supported, got \"c\" from \"C:\\\\dev\\\\proj\\\\handlers.go\"");
}

// §6.9: runtime crashes without a goroutine of the panic.
TEST(LogScanTest, FatalErrors) {
  auto r = ScanLogText(
      "runtime: out of memory: cannot allocate 4194304-byte block (0 in use)\n"
      "fatal error: out of memory\n"
      "\n"
      "runtime stack:\n"
      "runtime.throw({0x1425975?, 0x20000000?})\n"
      "\t/usr/local/go/src/runtime/panic.go:1229 +0x48 fp=0x7fff1977ed50 sp=0x7fff1977ed20 pc=0x48f988\n"
      "serve.go:530: debug server listening at http://localhost:38737\n"
      "runtime/cgo: pthread_create failed: Resource temporarily unavailable\n"
      "SIGABRT: abort\n"
      "PC=0x7f1e5a25feec m=0 sigcode=18446744073709551610\n");
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.gopls.crash", "logs.gopls.crash"}));
  EXPECT_EQ(r.events[0].text,
            "runtime: out of memory: cannot allocate 4194304-byte block (0 in use) / fatal error: out of memory");
  EXPECT_EQ(r.events[1].line, 8u);
  EXPECT_EQ(r.events[1].text, "runtime/cgo: pthread_create failed: Resource temporarily unavailable / SIGABRT: abort");
}

// §6.1 and §2.6: each known failure line, as gopls v0.23.0 logs it.
TEST(LogScanTest, KnownSignatures) {
  struct Case {
    const char* line;
    const char* id;
  } cases[] = {
      {"2026/12/01 21:25:26 initial workspace load failed: packages.Load error: err: exit status 1: stderr: go: "
       "github.com/pkg/errors@v0.9.1: Get \"https://127.0.0.1:8443/github.com/pkg/errors/@v/v0.9.1.mod\": tls: "
       "failed to verify certificate: x509: certificate signed by unknown authority",
       "logs.net.tls"},
      {"go: m@v1: Get \"http://127.0.0.1:9/m/@v/v1.mod\": dial tcp 127.0.0.1:9: connect: connection refused",
       "logs.net.unreachable"},
      {"2026/12/01 21:24:11 initial workspace load failed: packages.Load error: err: exit status 1: stderr: go: "
       "inconsistent vendoring in /w/vend:",
       "logs.vendor.inconsistent"},
      {"2026/12/01 21:24:01 errors loading workspace: packages.Load error: err: exit status 1: stderr: go: go.work "
       "requires go >= 1.99 (running go 1.26.8)",
       "logs.load.go-version"},
      {"2026/12/01 21:23:32 errors loading workspace: /w/badmod/go.mod:5: syntax error (unterminated block started "
       "at /w/badmod/go.mod:4:1)",
       "logs.gomod.syntax"},
      {"Error loading workspace folders (expected 1, got 0)", nullptr},
      {"failed to load view for file:///w/multi: err: go command required, not found: exec: \"go\": executable file "
       "not found in $PATH: stderr: ",
       "logs.go.not-found"},
      {"go: example.com/m@v1.0.0: missing go.sum entry for go.mod file; to add it:", "logs.gosum.missing"},
      {"go: updates to go.mod needed; to update it:", "logs.gomod.update-needed"},
      {"2022/09/22 15:02:13 tidy: diagnosing file:///d/go.mod: err: signal: killed: stderr: ", "logs.gopls.killed"},
      {"Client gopls: connection to server is erroring. Shutting down server.", "logs.gopls.restart-loop"},
      {"dlv stdout: couldn't start listener: listen tcp 127.0.0.1:42042: bind: address already in use",
       "logs.dlv.port-in-use"},
      {"Found Go version 1.17, which is not supported by this version of gopls. Please upgrade to Go 1.21 or later.",
       "logs.gopls.go-unsupported"},
      {"a syntax error somewhere else", nullptr},
      {"gopls: remote disconnected: failed reading header line: read unix @->/tmp/gopls-3a3baf-daemon.shared: use of "
       "closed network connection",
       nullptr},
  };
  for (const auto& c : cases) {
    auto r = ScanLogText(std::string(c.line) + "\n");
    if (!c.id) {
      EXPECT_TRUE(r.events.empty()) << c.line;
      continue;
    }
    ASSERT_EQ(r.events.size(), 1u) << c.line;
    EXPECT_EQ(r.events[0].id, c.id) << c.line;
  }
}

// §6.8: the Go channel names the gopls version; later events carry it.
TEST(LogScanTest, VersionFromGoChannel) {
  auto r = ScanLogText(
      "2025-05-27 14:32:01.288 [info] Running language server gopls(v0.18.1/go1.23.9)\n"
      "2025-05-27 14:32:05.000 [error] Error starting language server: Error: spawn gopls ENOENT\n");
  EXPECT_EQ(r.format, "VS Code log channel");
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.gopls.start-failed"}));
  EXPECT_EQ(r.events[0].gopls_version, "v0.18.1");
  EXPECT_EQ(r.events[0].go_version, "go1.23.9");
  EXPECT_EQ(r.events[0].time, "2025-05-27 14:32:05.000");
}

// Client >= 10 writes every stderr line as its own [error] entry: one panic, not many.
TEST(LogScanTest, LogChannelStderrLinesStayOnePanic) {
  auto r = ScanLogText(
      "2026-07-28 10:00:00.000 [error] panic: boom\n"
      "2026-07-28 10:00:00.000 [error] \n"
      "2026-07-28 10:00:00.000 [error] goroutine 7 [running]:\n"
      "2026-07-28 10:00:00.000 [error] main.f()\n"
      "2026-07-28 10:00:00.000 [error] \t/src/main.go:3 +0x1\n"
      "2026-07-28 10:00:01.000 [info] Server process exited with code 2.\n");
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"logs.gopls.panic"}));
  EXPECT_EQ(r.events[0].frames, (std::vector<std::string>{"main.f (/src/main.go:3)"}));
}

TEST(LogScanTest, CrashLoopFoldsIdenticalPanics) {
  std::string one = "panic: boom\n\ngoroutine 1 [running]:\nmain.f()\n\t/src/main.go:3 +0x1\n[Info  - 1:00:00 PM] x\n";
  auto r = ScanLogText(one + one + one);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].count, 3);
  EXPECT_EQ(r.events[0].line, 1u);
  EXPECT_EQ(r.events[0].last_line, 13u);
}

TEST(LogScanTest, OverlongLineIsCutAndScanningGoesOn) {
  std::string log(kMaxLogLine + 100, 'a');
  log += "\nfatal error: stack overflow\n";
  LogScanner s;
  for (size_t i = 0; i < log.size(); i += 4096) s.Feed(std::string_view(log).substr(i, 4096));
  s.Finish();
  EXPECT_TRUE(s.truncated_lines());
  EXPECT_EQ(s.lines(), 2u);
  ASSERT_EQ(s.events().size(), 1u);
  EXPECT_EQ(s.events()[0].line, 2u);
}

TEST(LogScanTest, CredentialsInLinesAreRedacted) {
  auto r = ScanLogText("go: m@v1: Get \"https://bob:hunter2@proxy.corp/m/@v/v1.mod\": x509: certificate has expired\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].text.find("hunter2"), std::string::npos) << r.events[0].text;
}

TEST(LogScanTest, UnquoteLua) {
  EXPECT_EQ(UnquoteLua("\"a\\nb\\t\\\"c\\\\\""), "a\nb\t\"c\\");
  EXPECT_EQ(UnquoteLua("'it\\'s'"), "it's");
  EXPECT_EQ(UnquoteLua("\"\\27[0m\""), "\x1b[0m");
  EXPECT_EQ(UnquoteLua("\"cut short"), "cut short");
  EXPECT_EQ(UnquoteLua("plain"), "plain");
  EXPECT_EQ(UnquoteLua("\"\\"), "\\");
}

// The matcher probes every 4th byte: a needle must be found at any alignment and at the edges.
TEST(LogSignaturesTest, FoundAtEveryAlignment) {
  for (const auto& sig : LogSignatures()) {
    for (size_t pad = 0; pad < 8; ++pad) {
      std::string text = std::string(pad, ' ') + sig.needle + (sig.also ? std::string(" ") + sig.also : "");
      std::vector<SignatureHit> hits;
      MatchLogSignatures(text, hits);
      ASSERT_FALSE(hits.empty()) << sig.needle << " pad " << pad;
      EXPECT_EQ(hits[0].at, pad) << sig.needle;
    }
  }
}

TEST(LogSignaturesTest, FewerThan64SoTheBitsetHoldsThem) { EXPECT_LT(LogSignatures().size(), 64u); }

}  // namespace
}  // namespace godiag::collect

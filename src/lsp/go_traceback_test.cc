#include "lsp/go_traceback.h"

#include <gtest/gtest.h>

namespace godiag::lsp {
namespace {

constexpr std::string_view kPanic =
    "some log line\n"
    "panic: runtime error: invalid memory address or nil pointer dereference\n"
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x8a1b2c]\n"
    "\n"
    "goroutine 42 [running]:\n"
    "golang.org/x/tools/gopls/internal/cache.(*Session).View(0x0, {0xc0001a2000, 0x5})\n"
    "\t/home/u/go/pkg/mod/golang.org/x/tools/gopls@v0.23.0/internal/cache/session.go:112 +0x2c\n"
    "main.main()\n"
    "\t/home/u/main.go:31 +0x65\n"
    "exit status 2\n";

TEST(GoTracebackTest, PanicMessageAndFrames) {
  auto p = ParseGoPanic(kPanic);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->message,
            "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: "
            "segmentation violation code=0x1 addr=0x0 pc=0x8a1b2c]");
  ASSERT_EQ(p->frames.size(), 2u);
  EXPECT_EQ(p->frames[0],
            "golang.org/x/tools/gopls/internal/cache.(*Session).View "
            "(/home/u/go/pkg/mod/golang.org/x/tools/gopls@v0.23.0/internal/cache/session.go:112)");
  EXPECT_EQ(p->frames[1], "main.main (/home/u/main.go:31)");
}

TEST(GoTracebackTest, NoPanic) { EXPECT_FALSE(ParseGoPanic("all fine\n").has_value()); }

TEST(GoTracebackTest, GoroutineDump) {
  std::string dump = "SIGQUIT: quit\nPC=0x46b8e1 m=0 sigcode=0\n\ngoroutine 1 [select]:\nmain.serve(...)\n"
                     "\t/src/main.go:88 +0x1f\n\ngoroutine 7 [IO wait]:\nx()\n\t/y.go:1 +0x1\n";
  EXPECT_TRUE(IsGoroutineDump(dump));
  EXPECT_EQ(CountGoroutines(dump), 2);
  EXPECT_EQ(LastLines(dump, 2), (std::vector<std::string>{"x()", "\t/y.go:1 +0x1"}));
}

// facts/logs-ps.md §6.9: a signal dump has no "panic:" line; its first goroutine is the top.
TEST(GoTracebackTest, SignalDumpMessageAndFrames) {
  std::string dump =
      "SIGQUIT: quit\nPC=0x40e0ec m=0 sigcode=0\n\ngoroutine 118 gp=0x34c2fde4d0e0 m=0 mp=0x20de2e0 [syscall]:\n"
      "syscall.Syscall(0x0, 0x0, 0x34c2fdbd8000, 0x1000)\n"
      "\t/usr/local/go/src/syscall/syscall_linux.go:74 +0x25 fp=0x34c2fdc215c0 sp=0x34c2fdc21560 pc=0x4b4e85\n";
  EXPECT_FALSE(ParseGoPanic(dump).has_value());
  auto p = ParseGoSignalDump(dump);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->message, "SIGQUIT: quit");
  EXPECT_EQ(p->frames, (std::vector<std::string>{"syscall.Syscall (/usr/local/go/src/syscall/syscall_linux.go:74)"}));
  EXPECT_FALSE(ParseGoSignalDump("SIG: no name\nSigsegv: lower case\n").has_value());
}

}  // namespace
}  // namespace godiag::lsp

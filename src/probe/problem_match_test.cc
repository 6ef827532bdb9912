#include "probe/problem_match.h"

#include <gtest/gtest.h>

namespace godiag::probe {
namespace {

TEST(ProblemMatchTest, ByteColumnFromUtf16) {
  // facts/ghost-errors.md §3.5: `var s = "héllo😀" + undefinedX` is LSP character 20, terminal column 24.
  std::string line = "var s = \"h\xC3\xA9llo\xF0\x9F\x98\x80\" + undefinedX";
  EXPECT_EQ(ByteColumn(line, 20), 24);
  EXPECT_EQ(ByteColumn(line, 0), 1);
  EXPECT_EQ(ByteColumn("abc", 5), 6);          // past the end
  EXPECT_EQ(ByteColumn("\xFF\xFE" "a", 2), 3);  // invalid UTF-8: a byte per unit
}

TEST(ProblemMatchTest, LineOf) {
  EXPECT_EQ(LineOf("a\r\nbb\nccc", 1), "bb");
  EXPECT_EQ(LineOf("a\r\nbb\nccc", 0), "a");
  EXPECT_EQ(LineOf("a\nb", 5), "");
}

TEST(ProblemMatchTest, PortSuffix) {
  auto p = SplitPortSuffix("cannot use \"x\" (untyped string constant) as int value in return statement [windows]");
  EXPECT_EQ(p.goos, "windows");
  EXPECT_EQ(p.goarch, "");
  EXPECT_EQ(p.message, "cannot use \"x\" (untyped string constant) as int value in return statement");
  auto q = SplitPortSuffix("undefined: x [darwin,arm64]");
  EXPECT_EQ(q.goos, "darwin");
  EXPECT_EQ(q.goarch, "arm64");
  EXPECT_EQ(SplitPortSuffix("undefined: x [arm64]").goarch, "arm64");
  EXPECT_EQ(SplitPortSuffix("index out of range [5]").message, "index out of range [5]");
  EXPECT_EQ(SplitPortSuffix("x [linux,windows]").goos, "");
  EXPECT_EQ(SplitPortSuffix("x [has space]").goos, "");
}

TEST(ProblemMatchTest, NormalizeMessage) {
  EXPECT_EQ(NormalizeMessage("vet: cannot use x"), "cannot use x");
  EXPECT_EQ(NormalizeMessage("undefined: x [windows]"), "undefined: x");
  EXPECT_EQ(NormalizeMessage("x declared and not used (see details)"), "x declared and not used");
  EXPECT_EQ(NormalizeMessage("missing return (this error: other)"), "missing return");
  EXPECT_EQ(NormalizeMessage("no required module provides package a/b; to add it:\n\tgo get a/b"),
            "no required module provides package a/b; to add it:");
}

TEST(ProblemMatchTest, UnresolvedImportOnBothSides) {
  EXPECT_EQ(UnresolvedImport("could not import github.com/google/go-cmp/cmp (no required module provides package "
                             "\"github.com/google/go-cmp/cmp\")"),
            "github.com/google/go-cmp/cmp");
  EXPECT_EQ(UnresolvedImport("no required module provides package example.com/lib; to add it:"), "example.com/lib");
  EXPECT_EQ(UnresolvedImport("missing go.sum entry for module providing package github.com/google/go-cmp/cmp (imported by "
                             "example.com/p); to add:"),
            "github.com/google/go-cmp/cmp");
  EXPECT_EQ(UnresolvedImport("package iterx is not in std (/usr/local/go/src/iterx)"), "iterx");
  EXPECT_EQ(UnresolvedImport("package foo; expected bar"), std::nullopt);
  EXPECT_EQ(UnresolvedImport("undefined: x"), std::nullopt);
}

core::Problem P(std::string file, int line, std::string msg, std::string source = "compiler") {
  core::Problem p;
  p.file = std::move(file);
  p.line = line;
  p.message = std::move(msg);
  p.source = std::move(source);
  return p;
}

TEST(ProblemMatchTest, MergeMatchesFoldsAndSorts) {
  std::vector<core::Problem> editor = {
      P("/w/b.go", 3, "could not import example.com/lib (no required module provides package \"example.com/lib\")"),
      P("/w/a.go", 6, "cannot use x (variable of type string) as int value [windows]"),
      P("/w/t_test.go", 6, "cannot use Greet(\"x\") (value of type string) as int value in variable declaration"),
  };
  std::vector<core::Problem> terminal = {
      P("/w/b.go", 3, "no required module provides package example.com/lib; to add it:\n\tgo get example.com/lib", "go build"),
      P("/w/b.go", 3, "no required module provides package example.com/lib; to add it:\n\tgo get example.com/lib", "go vet"),
      P("/w/t_test.go", 6, "vet: cannot use Greet(\"x\") (value of type string) as int value in variable declaration", "go vet"),
      P("/w/n.go", 3, "missing function body", "go build"),
  };
  auto merged = MergeProblems(editor, terminal);
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[0].file, "/w/a.go");
  EXPECT_EQ(merged[0].seen_by, core::SeenBy::kEditor);
  EXPECT_EQ(merged[1].file, "/w/b.go");
  EXPECT_EQ(merged[1].seen_by, core::SeenBy::kBoth);
  EXPECT_EQ(merged[1].terminal_message.substr(0, 10), "no require");
  EXPECT_EQ(merged[2].file, "/w/n.go");
  EXPECT_EQ(merged[2].seen_by, core::SeenBy::kTerminal);
  EXPECT_EQ(merged[3].seen_by, core::SeenBy::kBoth);
}

TEST(ProblemMatchTest, CouldNotImportMatchesTheGoCommandsReasonAtTheSameSpec) {
  auto merged = MergeProblems(
      {P("/w/zip/zip_test.go", 29, "could not import golang.org/x/tools/txtar (no required module provides package "
                                   "\"golang.org/x/tools/txtar\")")},
      {P("/w/zip/zip_test.go", 29, "module lookup disabled by GOPROXY=off", "go vet"),
       P("/w/zip/zip_test.go", 30, "undefined: y", "go vet")});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].seen_by, core::SeenBy::kBoth);
  EXPECT_EQ(merged[0].terminal_message, "module lookup disabled by GOPROXY=off");
  EXPECT_EQ(merged[1].seen_by, core::SeenBy::kTerminal);
}

}  // namespace
}  // namespace godiag::probe

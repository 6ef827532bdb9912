#include "probe/go_output.h"

#include <gtest/gtest.h>

namespace godiag::probe {
namespace {

TEST(GoOutputTest, BuildErrorsWithHeadersAndContinuations) {
  // go1.26.8 `go build ./...` and `go vet ./...` output (facts/ghost-errors.md E1).
  auto e = ParseGoCommandOutput(
      "# example.com/gx/nobody\n"
      "nobody/asm.go:3:6: missing function body\n"
      "# example.com/gx/tst\n"
      "# [example.com/gx/tst]\n"
      "vet: tst/tst_test.go:6:14: cannot use Greet(\"x\") (value of type string) as int value in variable declaration\n"
      "main.go:3:8: no required module provides package example.com/lib; to add it:\n"
      "\tgo get example.com/lib\n",
      "/w");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].file, "/w/nobody/asm.go");
  EXPECT_EQ(e[0].line, 3);
  EXPECT_EQ(e[0].column, 6);
  EXPECT_EQ(e[0].message, "missing function body");
  EXPECT_EQ(e[0].package, "example.com/gx/nobody");
  EXPECT_FALSE(e[0].vet_type_error);
  EXPECT_TRUE(e[1].vet_type_error);
  EXPECT_EQ(e[1].file, "/w/tst/tst_test.go");
  EXPECT_EQ(e[1].package, "[example.com/gx/tst]");
  EXPECT_EQ(e[2].message, "no required module provides package example.com/lib; to add it:\n\tgo get example.com/lib");
}

TEST(GoOutputTest, PathsAndPositions) {
  auto e = ParseGoCommandOutput(
      "./a/../b/x.go:10: no column\n"
      "/abs/y.go:1:2: absolute\n"
      "go: downloading example.com/m v1.0.0\n"
      "go: inconsistent vendoring in /w:\n"
      "\texample.com/m@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n"
      "/usr/bin/ld: cannot find -lfoo\n"
      "C:\\w\\z.go:4:5: windows path\n",
      "/w");
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0].file, "/w/b/x.go");
  EXPECT_EQ(e[0].line, 10);
  EXPECT_EQ(e[0].column, 0);
  EXPECT_EQ(e[1].file, "/abs/y.go");
  EXPECT_EQ(e[2].file, "");
  EXPECT_EQ(e[2].message.substr(0, 30), "go: inconsistent vendoring in ");
  EXPECT_NE(e[2].message.find("\n\texample.com/m"), std::string::npos);
  EXPECT_EQ(e[3].file, "");
  EXPECT_EQ(e[3].message, "/usr/bin/ld: cannot find -lfoo");
  EXPECT_EQ(e[4].file, "C:\\w\\z.go");
  EXPECT_EQ(e[4].line, 4);
}

TEST(GoOutputTest, GoListStream) {
  auto pkgs = ParseGoListJson(R"({
	"Dir": "/w/tags",
	"ImportPath": "example.com/w/tags",
	"IgnoredGoFiles": ["extra.go"],
	"Module": {"Path": "example.com/w", "Dir": "/w", "GoVersion": "1.26"}
}
{
	"Dir": "/w",
	"ImportPath": "example.com/w",
	"Incomplete": true,
	"DepsErrors": [{"ImportStack": ["example.com/w", "github.com/google/go-cmp/cmp"], "Pos": "main.go:3:8", "Err": "module lookup disabled by GOPROXY=off"}],
	"Error": {"Pos": "", "Err": "x"}
})");
  ASSERT_TRUE(pkgs.has_value()) << pkgs.error().message;
  ASSERT_EQ(pkgs->size(), 2u);
  EXPECT_EQ((*pkgs)[0].ignored_go_files, std::vector<std::string>{"extra.go"});
  EXPECT_EQ((*pkgs)[0].module_go_version, "1.26");
  EXPECT_TRUE((*pkgs)[1].incomplete);
  ASSERT_EQ((*pkgs)[1].deps_errors.size(), 1u);
  EXPECT_EQ((*pkgs)[1].deps_errors[0].err, "module lookup disabled by GOPROXY=off");
  EXPECT_EQ((*pkgs)[1].deps_errors[0].import_stack.size(), 2u);
  ASSERT_TRUE((*pkgs)[1].error.has_value());
}

TEST(GoOutputTest, GoListBadInputIsAnError) {
  EXPECT_TRUE(ParseGoListJson("").has_value());
  EXPECT_FALSE(ParseGoListJson("{\"Dir\": ").has_value());
  EXPECT_FALSE(ParseGoListJson("[1,2]").has_value());
  EXPECT_FALSE(ParseGoListJson("go: no go files").has_value());
}

}  // namespace
}  // namespace godiag::probe

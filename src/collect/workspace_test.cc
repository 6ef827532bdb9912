#include "collect/workspace.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

TEST(WorkspaceTest, FindsGoModUpwardAndNestedModules) {
  testing::FakePlatform p;
  p.fs.AddFile("/repo/go.mod", "module example.com/repo\n\ngo 1.22\n\nrequire a.com/x v1.0.0\n");
  p.fs.AddFile("/repo/tools/go.mod", "module example.com/tools\n");
  p.fs.AddFile("/repo/vendor/x/go.mod", "module x\n");
  p.fs.AddFile("/repo/.hidden/go.mod", "module h\n");
  p.fs.AddFile("/repo/sub/deep/go.mod", "module d\n");
  auto ws = CollectWorkspace(p.View(), "/repo", "");
  ASSERT_TRUE(ws.gomod.has_value());
  EXPECT_EQ(ws.gomod->module, "example.com/repo");
  EXPECT_EQ(ws.nested_modules, (std::vector<std::string>{"sub/deep/go.mod", "tools/go.mod"}));
  EXPECT_FALSE(ws.gowork.has_value());
  auto inner = CollectWorkspace(p.View(), "/repo/sub", "");
  EXPECT_EQ(inner.gomod->path, "/repo/go.mod");
}

TEST(WorkspaceTest, GoWorkFromEnvUpwardOrOff) {
  testing::FakePlatform p;
  p.fs.AddFile("/w/go.work", "go 1.22\nuse ./a\n");
  p.fs.AddFile("/w/a/go.mod", "module a\n");
  p.fs.AddFile("/elsewhere/my.work", "go 1.23\n");
  EXPECT_EQ(CollectWorkspace(p.View(), "/w/a", "").gowork->uses, std::vector<std::string>{"./a"});
  EXPECT_FALSE(CollectWorkspace(p.View(), "/w/a", "off").gowork.has_value());
  EXPECT_EQ(*CollectWorkspace(p.View(), "/w/a", "/elsewhere/my.work").gowork->go, "1.23");
}

TEST(WorkspaceTest, VendorConsistencyInTheGoCommandsWords) {
  core::GoModFile mod;
  mod.requires_ = {{"a.com/x", "v1.0.0", false, 3}, {"b.com/y", "v0.2.0", false, 4}};
  auto problems = CheckVendorConsistency(mod,
                                         "# a.com/x v1.0.0\n## explicit; go 1.20\na.com/x\n"
                                         "# b.com/y v0.1.0\n## explicit\n# c.com/z v1.0.0\n## explicit\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "b.com/y@v0.2.0: is explicitly required in go.mod, but vendor/modules.txt indicates b.com/y@v0.1.0");
  EXPECT_EQ(problems[1], "c.com/z@v1.0.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod");
}

}  // namespace
}  // namespace godiag::collect

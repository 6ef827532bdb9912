#include "collect/vscode_go_lookup.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

ToolLookup Go(std::string path) {
  ToolLookup in;
  in.tool = "go";
  in.path = std::move(path);
  return in;
}

ToolLookup Gopls(std::string gopath, std::string path) {
  ToolLookup in;
  in.tool = "gopls";
  in.preferred_gopaths = {{"go.toolsGopath", ""}, {"GOPATH", std::move(gopath)}};
  in.path = std::move(path);
  return in;
}

TEST(VscodeGoLookupTest, GoFoundByTheDefaultPathWhenPathHasNone) {
  testing::FakeFileSystem fs;
  fs.AddFile("/usr/local/go/bin/go", "", true);
  ToolFound r = FindToolLikeVscodeGo(fs, Go("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
  EXPECT_EQ(r.path, "/usr/local/go/bin/go");
  EXPECT_EQ(r.why, "default");
  EXPECT_EQ(r.how, "the Go extension's default path /usr/local/go/bin/go");
  EXPECT_EQ(r.searched, (std::vector<std::string>{"GOBIN (unset)", "PATH",
                                                   "the Go extension's default path /usr/local/go/bin/go"}));
}

TEST(VscodeGoLookupTest, GoFoundOnPathBeforeTheDefaults) {
  testing::FakeFileSystem fs;
  fs.AddFile("/usr/local/go/bin/go", "", true);
  fs.AddFile("/usr/local/bin/go", "", true);
  ToolFound r = FindToolLikeVscodeGo(fs, Go("/usr/local/bin:/usr/bin"));
  EXPECT_EQ(r.path, "/usr/local/bin/go");
  EXPECT_EQ(r.why, "path");
}

TEST(VscodeGoLookupTest, SecondDefaultPath) {
  testing::FakeFileSystem fs;
  fs.AddFile("/usr/local/bin/go", "", true);
  ToolFound r = FindToolLikeVscodeGo(fs, Go("/usr/bin"));
  EXPECT_EQ(r.path, "/usr/local/bin/go");
  EXPECT_EQ(r.why, "default");
}

TEST(VscodeGoLookupTest, DefaultPathsAreOnlyForGo) {
  testing::FakeFileSystem fs;
  fs.AddFile("/usr/local/go/bin/gopls", "", true);
  ToolFound r = FindToolLikeVscodeGo(fs, Gopls("", "/usr/bin"));
  EXPECT_EQ(r.path, "");
  EXPECT_EQ(r.why, "");
}

TEST(VscodeGoLookupTest, GoGorootSettingWinsOverPath) {
  testing::FakeFileSystem fs;
  fs.AddFile("/opt/go1.22/bin/go", "", true);
  fs.AddFile("/usr/bin/go", "", true);
  ToolLookup in = Go("/usr/bin");
  in.preferred_goroot = "/opt/go1.22";
  in.current_goroot = "/usr/lib/go";
  ToolFound r = FindToolLikeVscodeGo(fs, in);
  EXPECT_EQ(r.path, "/opt/go1.22/bin/go");
  EXPECT_EQ(r.why, "goroot");
  EXPECT_EQ(r.how, "go.goroot/bin /opt/go1.22/bin");
}

TEST(VscodeGoLookupTest, CurrentGorootWhenNoSetting) {
  testing::FakeFileSystem fs;
  fs.AddFile("/usr/lib/go/bin/go", "", true);
  ToolLookup in = Go("/usr/bin");
  in.current_goroot = "/usr/lib/go/";
  ToolFound r = FindToolLikeVscodeGo(fs, in);
  EXPECT_EQ(r.path, "/usr/lib/go/bin/go");
  EXPECT_EQ(r.how, "GOROOT/bin /usr/lib/go/bin");
}

TEST(VscodeGoLookupTest, GobinIsAPathListAndComesFirst) {
  testing::FakeFileSystem fs;
  fs.AddFile("/b/gopls", "", true);
  fs.AddFile("/home/u/go/bin/gopls", "", true);
  ToolLookup in = Gopls("/home/u/go", "/usr/bin");
  in.gobin = "/a:/b";
  ToolFound r = FindToolLikeVscodeGo(fs, in);
  EXPECT_EQ(r.path, "/b/gopls");
  EXPECT_EQ(r.why, "gobin");
}

TEST(VscodeGoLookupTest, EachGopathEntrysBin) {
  testing::FakeFileSystem fs;
  fs.AddFile("/second/bin/gopls", "", true);
  ToolFound r = FindToolLikeVscodeGo(fs, Gopls("/first:/second", "/usr/bin"));
  EXPECT_EQ(r.path, "/second/bin/gopls");
  EXPECT_EQ(r.why, "gopath");
  EXPECT_EQ(r.how, "GOPATH/bin /second/bin");
}

TEST(VscodeGoLookupTest, ToolsGopathBeforeGopath) {
  testing::FakeFileSystem fs;
  fs.AddFile("/tools/bin/gopls", "", true);
  fs.AddFile("/home/u/go/bin/gopls", "", true);
  ToolLookup in = Gopls("/home/u/go", "");
  in.preferred_gopaths[0].second = "/tools";
  ToolFound r = FindToolLikeVscodeGo(fs, in);
  EXPECT_EQ(r.path, "/tools/bin/gopls");
  EXPECT_EQ(r.how, "go.toolsGopath/bin /tools/bin");
}

TEST(VscodeGoLookupTest, NotExecutableOrADirectoryIsSkipped) {
  testing::FakeFileSystem fs;
  fs.AddFile("/home/u/go/bin/gopls", "", false);
  fs.AddDir("/usr/bin/gopls");
  fs.AddFile("/usr/local/bin/gopls", "", true);
  ToolFound r = FindToolLikeVscodeGo(fs, Gopls("/home/u/go", "/usr/bin:/usr/local/bin"));
  EXPECT_EQ(r.path, "/usr/local/bin/gopls");
  EXPECT_EQ(r.why, "path");
}

TEST(VscodeGoLookupTest, AbsoluteAlternateTool) {
  testing::FakeFileSystem fs;
  fs.AddFile("/opt/wrap/gopls", "", true);
  fs.AddFile("/home/u/go/bin/gopls", "", true);
  ToolLookup in = Gopls("/home/u/go", "");
  in.alternate = "/opt/wrap/gopls";
  ToolFound r = FindToolLikeVscodeGo(fs, in);
  EXPECT_EQ(r.path, "/opt/wrap/gopls");
  EXPECT_EQ(r.why, "alternateTool");
  EXPECT_EQ(r.how, "go.alternateTools.gopls /opt/wrap/gopls");
}

TEST(VscodeGoLookupTest, MissingAbsoluteAlternateToolIsIgnored) {
  testing::FakeFileSystem fs;
  fs.AddFile("/home/u/go/bin/gopls", "", true);
  ToolLookup in = Gopls("/home/u/go", "");
  in.alternate = "/opt/gone/gopls";
  ToolFound r = FindToolLikeVscodeGo(fs, in);
  EXPECT_EQ(r.path, "/home/u/go/bin/gopls");
  EXPECT_EQ(r.why, "gopath");
  EXPECT_EQ(r.searched.front(), "go.alternateTools.gopls /opt/gone/gopls (not an executable file: ignored)");
}

TEST(VscodeGoLookupTest, RelativeAlternateToolSearchedUnderItsName) {
  testing::FakeFileSystem fs;
  fs.AddFile("/home/u/go/bin/gopls", "", true);
  fs.AddFile("/usr/bin/gopls-nightly", "", true);
  ToolLookup in = Gopls("/home/u/go", "/usr/bin");
  in.alternate = "gopls-nightly";
  ToolFound r = FindToolLikeVscodeGo(fs, in);
  EXPECT_EQ(r.path, "/usr/bin/gopls-nightly");
  EXPECT_EQ(r.why, "alternateTool");
  EXPECT_EQ(r.how, "go.alternateTools.gopls \"gopls-nightly\" found in PATH");
}

TEST(VscodeGoLookupTest, SnapGoIsRewritten) {
  testing::FakeFileSystem fs;
  fs.AddFile("/snap/bin/go", "", true);
  ToolFound r = FindToolLikeVscodeGo(fs, Go("/snap/bin:/usr/bin"));
  EXPECT_EQ(r.path, "/snap/go/current/bin/go");
  EXPECT_EQ(r.why, "path");
  ToolLookup other = Gopls("", "/snap/bin");
  fs.AddFile("/snap/bin/gopls", "", true);
  EXPECT_EQ(FindToolLikeVscodeGo(fs, other).path, "/snap/bin/gopls");
}

TEST(VscodeGoLookupTest, WindowsNamesDelimitersAndDefaults) {
  testing::FakeFileSystem fs;
  fs.AddFile("C:\\Program Files\\Go\\bin\\go.exe", "");
  ToolLookup in = Go("C:\\Windows\\system32;C:\\Windows");
  in.os = HostOs::kWindows;
  ToolFound r = FindToolLikeVscodeGo(fs, in);
  EXPECT_EQ(r.path, "C:\\Program Files\\Go\\bin\\go.exe");
  EXPECT_EQ(r.why, "default");
  fs.AddFile("C:\\Users\\u\\go\\bin\\gopls.exe", "");
  ToolLookup g = Gopls("C:\\Users\\u\\go", "C:\\Windows");
  g.os = HostOs::kWindows;
  EXPECT_EQ(FindToolLikeVscodeGo(fs, g).path, "C:\\Users\\u\\go\\bin\\gopls.exe");
}

TEST(VscodeGoLookupTest, WindowsBatAlternateTools) {
  testing::FakeFileSystem fs;
  fs.AddFile("C:\\tools\\gopls.bat", "");
  fs.AddFile("C:\\tools\\gopls.bat.exe", "");  // never looked at: the name is only for the relative form
  ToolLookup abs = Gopls("", "C:\\tools");
  abs.os = HostOs::kWindows;
  abs.alternate = "C:\\tools\\gopls.bat";
  EXPECT_EQ(FindToolLikeVscodeGo(fs, abs).path, "C:\\tools\\gopls.bat");
  fs.AddFile("C:\\tools\\wrapper.bat", "");
  ToolLookup rel = Gopls("", "C:\\tools");
  rel.os = HostOs::kWindows;
  rel.alternate = "wrapper.bat";  // correctBinname makes it wrapper.bat.exe, which is not there
  ToolFound r = FindToolLikeVscodeGo(fs, rel);
  EXPECT_EQ(r.path, "");
  EXPECT_EQ(r.why, "");
}

TEST(VscodeGoLookupTest, PathRules) {
  EXPECT_TRUE(IsAbsolutePath(HostOs::kLinux, "/a"));
  EXPECT_FALSE(IsAbsolutePath(HostOs::kLinux, "a/b"));
  EXPECT_TRUE(IsAbsolutePath(HostOs::kWindows, "C:\\Go"));
  EXPECT_TRUE(IsAbsolutePath(HostOs::kWindows, "c:/Go"));
  EXPECT_TRUE(IsAbsolutePath(HostOs::kWindows, "\\\\server\\share"));
  EXPECT_FALSE(IsAbsolutePath(HostOs::kWindows, "C:Go"));
  EXPECT_FALSE(IsAbsolutePath(HostOs::kWindows, "gopls.bat"));
  EXPECT_EQ(JoinPath(HostOs::kLinux, {"/usr/local/go/", "bin", "go"}), "/usr/local/go/bin/go");
  EXPECT_EQ(JoinPath(HostOs::kLinux, {"", "go"}), "go");
  EXPECT_EQ(JoinPath(HostOs::kLinux, {"/a/./b//", "..", "c"}), "/a/c");
  EXPECT_EQ(JoinPath(HostOs::kWindows, {"C:/Go/", "bin", "go.exe"}), "C:\\Go\\bin\\go.exe");
  EXPECT_EQ(SplitPathList(HostOs::kLinux, "/a::/b"), (std::vector<std::string>{"/a", "", "/b"}));
  EXPECT_EQ(SplitPathList(HostOs::kWindows, "C:\\a;C:\\b"), (std::vector<std::string>{"C:\\a", "C:\\b"}));
}

}  // namespace
}  // namespace godiag::collect

#include "collect/env_files.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

TEST(EnvFilesTest, ParsesLinesLikeReadEnvFile) {
  auto entries = ParseEnvFile("# comment\nGOPROXY=\ngoflags=-x\nGOSUMDB=off\r\n=x\nNOEQUALS\nGOPRIVATE=a=b");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].key, "GOPROXY");
  EXPECT_EQ(entries[0].value, "");
  EXPECT_EQ(entries[0].line, 2);
  EXPECT_EQ(entries[1].value, "off\r");  // no trimming, exactly as go reads it
  EXPECT_EQ(entries[2].key, "GOPRIVATE");
  EXPECT_EQ(entries[2].value, "a=b");
  EXPECT_EQ(entries[2].line, 7);
}

TEST(EnvFilesTest, LastDuplicateWins) {
  core::EnvFile f;
  f.entries = ParseEnvFile("GOPROXY=a\nGOPROXY=b\n");
  ASSERT_NE(FindEnvEntry(f, "GOPROXY"), nullptr);
  EXPECT_EQ(FindEnvEntry(f, "GOPROXY")->value, "b");
  EXPECT_EQ(FindEnvEntry(f, "GOPROXY")->line, 2);
  EXPECT_EQ(FindEnvEntry(f, "GOSUMDB"), nullptr);
}

TEST(EnvFilesTest, LocatesUserFileLikeTheGoCommand) {
  EXPECT_EQ(LocateUserEnvFile({{"HOME", "/h"}}, "linux").path, "/h/.config/go/env");
  EXPECT_EQ(LocateUserEnvFile({{"HOME", "/h"}, {"XDG_CONFIG_HOME", "/x"}}, "linux").path, "/x/go/env");
  EXPECT_EQ(*LocateUserEnvFile({{"HOME", "/h"}, {"XDG_CONFIG_HOME", "rel"}}, "linux").error,
            "path in $XDG_CONFIG_HOME is relative");
  EXPECT_EQ(*LocateUserEnvFile({}, "linux").error, "neither $XDG_CONFIG_HOME nor $HOME are defined");
  EXPECT_EQ(LocateUserEnvFile({{"HOME", "/Users/a"}}, "darwin").path,
            "/Users/a/Library/Application Support/go/env");
  EXPECT_EQ(LocateUserEnvFile({{"GOENV", "/custom/env"}}, "linux").path, "/custom/env");
  EXPECT_TRUE(LocateUserEnvFile({{"GOENV", "off"}, {"HOME", "/h"}}, "linux").disabled);
  EXPECT_EQ(*LocateUserEnvFile({}, "windows").error, "%AppData% is not defined");
}

TEST(EnvFilesTest, MissingFileIsNotAnError) {
  testing::FakeFileSystem fs;
  core::EnvFile f;
  f.path = "/h/.config/go/env";
  auto got = CollectEnvFile(fs, f);
  EXPECT_FALSE(got.exists);
  EXPECT_FALSE(got.error.has_value());
  fs.AddFile("/h/.config/go/env", "GOPROXY=off\n");
  got = CollectEnvFile(fs, f);
  EXPECT_TRUE(got.exists);
  ASSERT_EQ(got.entries.size(), 1u);
}

}  // namespace
}  // namespace godiag::collect

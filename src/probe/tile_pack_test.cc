#include "probe/tile_pack.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::probe {
namespace {

TEST(TilePackTest, RecordsRoundTripAndADamagedTailIsDropped) {
  std::string pack = FormatTilePackRecord("tile/8/0/000", std::string(64, 'a')) +
                     FormatTilePackRecord("tile/8/1/000.p/3", std::string(96, '\n'));
  auto tiles = ParseTilePack(pack);
  ASSERT_EQ(tiles.size(), 2u);
  EXPECT_EQ(tiles["tile/8/1/000.p/3"], std::string(96, '\n')) << "bytes, newlines included, are taken by length";
  std::string truncated = pack.substr(0, pack.size() - 10);
  auto cut = ParseTilePack(truncated);
  EXPECT_EQ(cut.size(), 1u) << "a truncated record (a writer interrupted) is dropped";
  EXPECT_TRUE(ParseTilePack("tile/8/0/000\nxx\nabc").empty());
  EXPECT_TRUE(ParseTilePack("tile/8/0/000\n99999999999999999999\n").empty());
}

TEST(TilePackTest, AddAppendsOnlyNewTilesInOneWrite) {
  testing::FakeFileSystem fs;
  fs.writable = true;
  TilePack pack(fs, "/c/db/tiles.pack");
  EXPECT_FALSE(pack.Find("tile/8/0/000").has_value());
  pack.Add({{"tile/8/0/000", "AAAA"}, {"tile/8/0/001", "BBBB"}});
  pack.Add({{"tile/8/0/001", "BBBB"}, {"tile/8/0/002", "CCCC"}});
  EXPECT_EQ(pack.Find("tile/8/0/001"), "BBBB") << "what was added is found in the same run";
  EXPECT_EQ(pack.Find("tile/8/0/002"), "CCCC");
  EXPECT_TRUE(pack.Has("tile/8/0/000"));
  auto file = fs.ReadFile("/c/db/tiles.pack", 1 << 20);
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(ParseTilePack(*file).size(), 3u);
  EXPECT_EQ(file->find("tile/8/0/001"), file->rfind("tile/8/0/001")) << "not written twice";
  TilePack again(fs, "/c/db/tiles.pack");
  EXPECT_EQ(again.Find("tile/8/0/002"), "CCCC");
}

TEST(TilePackTest, AnOversizedPackIsStartedAfresh) {
  testing::FakeFileSystem fs;
  fs.writable = true;
  fs.AddFile("/c/tiles.pack", FormatTilePackRecord("tile/8/0/000", std::string(TilePack::kMaxBytes, 'x')));
  TilePack pack(fs, "/c/tiles.pack");
  EXPECT_FALSE(pack.Find("tile/8/0/000").has_value());
  pack.Add({{"tile/8/0/001", "BBBB"}});
  auto file = fs.ReadFile("/c/tiles.pack", 1 << 20);
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(*file, FormatTilePackRecord("tile/8/0/001", "BBBB"));
}

}  // namespace
}  // namespace godiag::probe

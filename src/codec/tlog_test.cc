#include "codec/tlog.h"

#include <gtest/gtest.h>

#include <map>

namespace godiag::codec {
namespace {

// An in-memory log built with StoredHashesForRecordHash, as a server stores it.
struct MemoryLog {
  std::vector<TlogHash> stored;
  HashReader Reader() const {
    return [this](const std::vector<int64_t>& idx) -> core::Expected<std::vector<TlogHash>> {
      std::vector<TlogHash> out;
      for (int64_t i : idx) {
        if (i < 0 || static_cast<size_t>(i) >= stored.size()) return core::MakeError(core::ErrorCode::kNotFound, "no hash");
        out.push_back(stored[static_cast<size_t>(i)]);
      }
      return out;
    };
  }
  void Append(const std::string& record) {
    int64_t n = StoredHashCount(static_cast<int64_t>(records++));
    ASSERT_EQ(n, static_cast<int64_t>(stored.size()));
    auto add = StoredHashesForRecordHash(static_cast<int64_t>(records - 1), RecordHash(record), Reader());
    ASSERT_TRUE(add.has_value());
    stored.insert(stored.end(), add->begin(), add->end());
  }
  size_t records = 0;
};

// facts/go-modules.md §17.6.
TEST(TlogTest, KnownHashes) {
  EXPECT_EQ(HashBase64(RecordHash("hello world")), "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=");
  EXPECT_EQ(HashBase64(RecordHash("leaf 0")), "G7l9zCFjXUfiZj79/QoXRobZjdcBNS3SzQbotD/T0wU=");
  EXPECT_EQ(HashBase64(EmptyTreeHash()), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  const std::map<int, std::string> roots = {
      {2, "/F9riP+FVPdbsvnm85wxsZNtRLaSdu33sSBalVuXYeM="}, {3, "1Pksj7uJcg6ztVZ3x9fvrd/rENEaGoSguo8aIzN/qpU="},
      {4, "T2MQhKFXxU9U/Psj/164ZQxLoWDClbsTqYMrEJ1SZ34="}, {5, "NBUVmC1lDiNSDb1U1/zwr6G3DMOhakEdRk3JwayWwwE="},
      {7, "WmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg="}, {8, "xcLIIO00L92ozolra5z1uMAKIcxLIHFMxuXTwFw1JAs="},
      {13, "z5tMKkSnyqci1dVI7mT/kKEZsMMaysNETcWDAAo508o="}, {100, "E/iJFcVg3JEaHaD7IJ2EoglxBR8pTr60KPs/wpOvJ0M="}};
  MemoryLog log;
  for (int n = 1; n <= 100; ++n) {
    log.Append("leaf " + std::to_string(n - 1));
    auto it = roots.find(n);
    if (it == roots.end()) continue;
    auto root = TreeHash(n, log.Reader());
    ASSERT_TRUE(root.has_value());
    EXPECT_EQ(HashBase64(*root), it->second) << "n=" << n;
  }
}

// facts/go-modules.md §9.4.
TEST(TlogTest, StoredHashIndex) {
  const std::vector<std::tuple<int, int64_t, int64_t>> cases = {
      {0, 0, 0}, {0, 1, 1}, {1, 0, 2}, {0, 2, 3}, {0, 3, 4}, {1, 1, 5}, {2, 0, 6}, {0, 4, 7}, {0, 7, 11}, {3, 0, 14}, {0, 1000, 1994}};
  for (auto [level, n, index] : cases) {
    EXPECT_EQ(StoredHashIndex(level, n), index);
    int l = -1;
    int64_t nn = -1;
    SplitStoredHashIndex(index, l, nn);
    EXPECT_EQ(l, level);
    EXPECT_EQ(nn, n);
  }
  for (int64_t i = 0; i < 5000; ++i) {
    int l = 0;
    int64_t n = 0;
    SplitStoredHashIndex(i, l, n);
    ASSERT_EQ(StoredHashIndex(l, n), i);
  }
}

TEST(TlogTest, RecordAndTreeProofsOnEveryPair) {
  MemoryLog log;
  for (int i = 0; i < 70; ++i) log.Append("leaf " + std::to_string(i));
  for (int64_t t = 1; t <= 70; ++t) {
    TlogHash th = *TreeHash(t, log.Reader());
    for (int64_t n = 0; n < t; ++n) {
      auto p = ProveRecord(t, n, log.Reader());
      ASSERT_TRUE(p.has_value());
      TlogHash leaf = RecordHash("leaf " + std::to_string(n));
      ASSERT_TRUE(CheckRecord(*p, t, th, n, leaf).has_value()) << t << " " << n;
      EXPECT_FALSE(CheckRecord(*p, t, th, n, RecordHash("tampered")).has_value());
      if (!p->empty()) {
        Proof bad = *p;
        bad.back()[0] ^= 1;
        EXPECT_FALSE(CheckRecord(bad, t, th, n, leaf).has_value());
      }
    }
    for (int64_t n = 1; n <= t; ++n) {
      TlogHash nh = *TreeHash(n, log.Reader());
      auto p = ProveTree(t, n, log.Reader());
      ASSERT_TRUE(p.has_value());
      ASSERT_TRUE(CheckTree(*p, t, th, n, nh).has_value()) << t << " " << n;
      TlogHash forked = nh;
      forked[5] ^= 0x40;
      EXPECT_FALSE(CheckTree(*p, t, th, n, forked).has_value());
    }
  }
  auto err = CheckRecord({}, 5, TlogHash{}, 7, TlogHash{});
  ASSERT_FALSE(err.has_value());
  EXPECT_EQ(err.error().message, "tlog: invalid inputs in CheckRecord");
  EXPECT_EQ(CheckRecord({}, 5, TlogHash{}, 1, TlogHash{}).error().message, "invalid transparency proof");
}

// facts/go-modules.md §9.5.
TEST(TlogTest, TilePaths) {
  const std::vector<std::pair<std::string, Tile>> good = {
      {"tile/4/0/001", {4, 0, 1, 16}},
      {"tile/4/0/001.p/5", {4, 0, 1, 5}},
      {"tile/3/5/x123/x456/078", {3, 5, 123456078, 8}},
      {"tile/3/5/x123/x456/078.p/2", {3, 5, 123456078, 2}},
      {"tile/1/0/x003/x057/500", {1, 0, 3057500, 2}},
      {"tile/1/data/x003/x057/500", {1, -1, 3057500, 2}},
      {"tile/3/4/x001/x234/067.p/1", {3, 4, 1234067, 1}}};
  for (const auto& [path, tile] : good) {
    EXPECT_EQ(TilePath(tile), path);
    auto parsed = ParseTilePath(path);
    ASSERT_TRUE(parsed.has_value()) << path;
    EXPECT_EQ(*parsed, tile) << path;
  }
  for (std::string bad : {"tile/3/5/123/456/078", "tile/3/-1/123/456/078", "tile/3/5/x123/x456/078.p/8", "tile/0/0/000",
                          "tile/31/0/000", "tiles/3/0/000", "tile/3/0/x000/001"}) {
    auto parsed = ParseTilePath(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().message, "malformed tile path \"" + bad + "\"");
  }
}

// facts/go-modules.md §9.7.
TEST(TlogTest, TileForIndexAndHashFromTile) {
  EXPECT_EQ(TilePath(TileForIndex(8, StoredHashIndex(0, 0))), "tile/8/0/000.p/1");
  EXPECT_EQ(StoredHashIndex(0, 255), 502);
  EXPECT_EQ(TilePath(TileForIndex(8, StoredHashIndex(0, 255))), "tile/8/0/000");
  EXPECT_EQ(TilePath(TileForIndex(8, StoredHashIndex(0, 256))), "tile/8/0/001.p/1");
  EXPECT_EQ(TilePath(TileForIndex(8, StoredHashIndex(0, 52253027))), "tile/8/0/x204/113.p/100");
  // Tiles of height 2 over a 23-record log: every stored hash is recoverable from its tile.
  MemoryLog log;
  for (int i = 0; i < 23; ++i) log.Append("leaf " + std::to_string(i));
  for (int64_t index = 0; index < static_cast<int64_t>(log.stored.size()); ++index) {
    Tile t = TileForIndex(2, index);
    std::string data;
    for (int k = 0; k < t.w; ++k) {
      int64_t i = StoredHashIndex(t.l * t.h, (t.n << t.h) + k);
      if (static_cast<size_t>(i) >= log.stored.size()) break;
      data.append(reinterpret_cast<const char*>(log.stored[static_cast<size_t>(i)].data()), 32);
    }
    if (data.size() < static_cast<size_t>(t.w) * 32) continue;
    auto h = HashFromTile(t, data, index);
    ASSERT_TRUE(h.has_value()) << h.error().message;
    EXPECT_EQ(*h, log.stored[static_cast<size_t>(index)]) << "index " << index;
  }
}

// Tiles served from a log's stored hashes, optionally with one byte of one tile flipped.
TileReader TilesOf(const MemoryLog& log, int* reads, std::string corrupt_path = "") {
  return [&log, reads, corrupt_path](const std::vector<Tile>& tiles) -> core::Expected<std::vector<std::string>> {
    std::vector<std::string> out;
    for (const Tile& t : tiles) {
      ++*reads;
      std::string data;
      for (int k = 0; k < t.w; ++k) {
        auto i = static_cast<size_t>(StoredHashIndex(t.l * t.h, (t.n << t.h) + k));
        if (i >= log.stored.size()) return core::MakeError(core::ErrorCode::kNotFound, "no such tile " + TilePath(t));
        data.append(reinterpret_cast<const char*>(log.stored[i].data()), 32);
      }
      if (TilePath(t) == corrupt_path) data[data.size() / 2] ^= 1;
      out.push_back(data);
    }
    return out;
  };
}

TEST(TlogTest, TileHashReaderAuthenticatesEveryTile) {
  MemoryLog log;
  for (int i = 0; i < 600; ++i) log.Append("leaf " + std::to_string(i));
  for (int h : {2, 8}) {
    for (int64_t size : {1, 2, 5, 255, 256, 257, 300, 511, 600}) {
      TlogHash root = *TreeHash(size, log.Reader());
      int reads = 0;
      HashReader tiles = TileHashReader(size, root, h, TilesOf(log, &reads));
      auto th = TreeHash(size, tiles);
      ASSERT_TRUE(th.has_value()) << th.error().message;
      EXPECT_EQ(*th, root);
      for (int64_t n : {int64_t{0}, size / 2, size - 1}) {
        auto leaf = tiles({StoredHashIndex(0, n)});
        ASSERT_TRUE(leaf.has_value()) << "h=" << h << " size=" << size << " n=" << n << ": " << leaf.error().message;
        EXPECT_EQ((*leaf)[0], RecordHash("leaf " + std::to_string(n)));
        // The same through a record proof built from tiles.
        auto proof = ProveRecord(size, n, tiles);
        ASSERT_TRUE(proof.has_value());
        EXPECT_TRUE(CheckRecord(*proof, size, root, n, (*leaf)[0]).has_value());
      }
      // A smaller tree head of the same log is a prefix of this one (the consistency check).
      if (size > 3) {
        auto old = TreeHash(size - 3, tiles);
        ASSERT_TRUE(old.has_value());
        EXPECT_EQ(*old, *TreeHash(size - 3, log.Reader()));
      }
      // A root that is not this tree's: nothing is trusted.
      TlogHash forged = root;
      forged[0] ^= 1;
      auto refused = TileHashReader(size, forged, h, TilesOf(log, &reads))({0});
      ASSERT_FALSE(refused.has_value());
      EXPECT_EQ(refused.error().message, "downloaded inconsistent tile");
    }
  }
  // Every single tile used for a leaf, damaged, is caught.
  const int64_t size = 600;
  TlogHash root = *TreeHash(size, log.Reader());
  std::vector<Tile> used;
  int reads = 0;
  auto record = [&](const std::vector<Tile>& t, const std::vector<std::string>&) { used = t; };
  ASSERT_TRUE(TileHashReader(size, root, 2, TilesOf(log, &reads), record)({StoredHashIndex(0, 123)}).has_value());
  ASSERT_GT(used.size(), 3u);
  for (const Tile& t : used) {
    auto bad = TileHashReader(size, root, 2, TilesOf(log, &reads, TilePath(t)))({StoredHashIndex(0, 123)});
    ASSERT_FALSE(bad.has_value()) << TilePath(t);
    EXPECT_EQ(bad.error().message, "downloaded inconsistent tile") << TilePath(t);
  }
}

}  // namespace
}  // namespace godiag::codec

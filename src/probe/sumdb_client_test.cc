// The checksum database client against an in-memory database built with the codec (records,
// stored hashes, tiles, a note signed with the x/mod test key), and its failure modes.
#include "probe/sumdb_client.h"

#include <gtest/gtest.h>

#include <map>

#include "codec/go_sumdb.h"
#include "codec/sumdb_note.h"
#include "codec/tlog.h"
#include "testing/fakes.h"

namespace godiag::probe {
namespace {

using codec::TlogHash;

constexpr std::string_view kKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

std::string Hash(int i, char salt) {
  std::string raw(32, static_cast<char>(i));
  raw[0] = salt;
  return "h1:" + codec::EncodeBase64Std(raw);
}

std::string RecordText(const std::string& mod, const std::string& v, char salt = 'a') {
  return mod + " " + v + " " + Hash(static_cast<int>(mod.size() + v.size()), salt) + "\n" + mod + " " + v + "/go.mod " +
         Hash(7, salt) + "\n";
}

// A database as the server keeps it.
struct Db {
  std::vector<std::string> texts;
  std::vector<TlogHash> stored;
  std::string note;
  std::map<std::string, int> fetches;
  std::function<void(const std::string& path, DbAnswer& a)> mutate;

  codec::HashReader Reader() const {
    return [this](const std::vector<int64_t>& idx) -> core::Expected<std::vector<TlogHash>> {
      std::vector<TlogHash> out;
      for (int64_t i : idx) out.push_back(stored.at(static_cast<size_t>(i)));
      return out;
    };
  }
  void Add(const std::string& text) {
    auto add = codec::StoredHashesForRecordHash(static_cast<int64_t>(texts.size()), codec::RecordHash(text), Reader());
    ASSERT_TRUE(add.has_value());
    stored.insert(stored.end(), add->begin(), add->end());
    texts.push_back(text);
  }
  void Sign() {
    auto root = codec::TreeHash(static_cast<int64_t>(texts.size()), Reader());
    auto signed_note = codec::SignNote(codec::FormatTreeNote({static_cast<int64_t>(texts.size()), *root}), kSigner);
    note = *signed_note;
  }
  DbAnswer Get(const std::string& path) {
    ++fetches[path];
    DbAnswer a;
    if (path == "/latest") {
      a.ok = true;
      a.body = note;
    } else if (path.starts_with("/lookup/")) {
      std::string want;
      for (size_t i = 8; i < path.size(); ++i) {
        if (path[i] == '!' && i + 1 < path.size()) want += static_cast<char>(path[++i] - 'a' + 'A');
        else want += path[i] == '@' ? ' ' : path[i];
      }
      for (size_t i = 0; i < texts.size(); ++i) {
        if (!texts[i].starts_with(want + " ")) continue;
        a.ok = true;
        a.body = *codec::FormatRecord(static_cast<int64_t>(i), texts[i]) + note;
      }
    } else if (auto t = codec::ParseTilePath(path.substr(1)); t && t->l >= 0) {
      int64_t n = static_cast<int64_t>(texts.size());
      int64_t first = t->n << t->h;
      int64_t level_size = n >> (t->l * t->h);
      if (first + t->w <= level_size) {
        a.ok = true;
        for (int i = 0; i < t->w; ++i) {
          const TlogHash& h = stored.at(static_cast<size_t>(codec::StoredHashIndex(t->l * t->h, first + i)));
          a.body.append(reinterpret_cast<const char*>(h.data()), h.size());
        }
      }
    }
    if (!a.ok) {
      a.not_found = true;
      a.error = "reading " + path + ": 404 Not Found";
    }
    if (mutate) mutate(path, a);
    return a;
  }
  DbFetcher Fetcher() {
    return [this](const std::vector<std::string>& paths) {
      std::vector<DbAnswer> out;
      for (const auto& p : paths) out.push_back(Get(p));
      return out;
    };
  }
};

core::VerifierKey Key() { return *codec::ParseVerifierKey(kKey); }

Db MakeDb(int filler) {
  Db db;
  for (int i = 0; i < filler; ++i) db.Add(RecordText("example.com/filler/f" + std::to_string(i), "v1.0.0"));
  db.Add(RecordText("rsc.io/quote", "v1.5.2"));
  db.Add(RecordText("rsc.io/Sampler", "v1.3.0"));
  db.Sign();
  return db;
}

TEST(SumDbClientTest, LooksUpVerifiesAndReturnsTheModulesLines) {
  Db db = MakeDb(700);
  testing::FakeFileSystem fs;
  auto r = VerifyLookups(Key(), db.Fetcher(), fs, {}, {{"rsc.io/quote", "v1.5.2"}, {"rsc.io/Sampler", "v1.3.0"}});
  ASSERT_EQ(r.lookups.size(), 2u);
  for (const auto& l : r.lookups) {
    EXPECT_TRUE(l.ok) << l.error;
    EXPECT_EQ(l.lines.size(), 2u);
  }
  EXPECT_EQ(r.lookups[0].lines[0], "rsc.io/quote v1.5.2 " + Hash(18, 'a'));
  EXPECT_EQ(r.tree.n, 702);
  EXPECT_FALSE(r.security);
  EXPECT_TRUE(db.fetches.count("/lookup/rsc.io/!sampler@v1.3.0")) << "paths are !-escaped";
  for (const auto& [path, n] : db.fetches) EXPECT_EQ(n, 1) << path << " fetched more than once";
  EXPECT_GT(r.tiles_fetched, 0);
}

TEST(SumDbClientTest, PartialTileMissingFallsBackToTheFullTile) {
  Db db = MakeDb(700);
  db.mutate = [](const std::string& path, DbAnswer& a) {
    if (path.starts_with("/tile/8/0/") && path.find(".p/") != std::string::npos)
      a = DbAnswer{false, true, "", "reading " + path + ": 404 Not Found"};
  };
  // Full tiles exist only below the tree's size: grow the served log past the signed tree.
  Db served = db;
  for (int i = 0; i < 300; ++i) served.Add(RecordText("example.com/later/l" + std::to_string(i), "v1.0.0"));
  served.note = db.note;
  served.mutate = db.mutate;
  testing::FakeFileSystem fs;
  auto r = VerifyLookups(Key(), served.Fetcher(), fs, {}, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_TRUE(r.lookups[0].ok) << r.lookups[0].error;
  EXPECT_TRUE(served.fetches.count("/tile/8/0/002")) << "the full tile replaced the missing partial one";
}

TEST(SumDbClientTest, TamperedTileIsASecurityError) {
  Db db = MakeDb(700);
  db.mutate = [](const std::string& path, DbAnswer& a) {
    if (path.starts_with("/tile/8/0/") && a.ok) a.body[5] ^= 1;
  };
  testing::FakeFileSystem fs;
  auto r = VerifyLookups(Key(), db.Fetcher(), fs, {}, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_FALSE(r.lookups[0].ok);
  EXPECT_TRUE(r.lookups[0].security);
  EXPECT_NE(r.lookups[0].error.find("downloaded inconsistent tile"), std::string::npos) << r.lookups[0].error;
}

TEST(SumDbClientTest, AlteredRecordCannotBeAuthenticated) {
  Db db = MakeDb(10);
  db.mutate = [](const std::string& path, DbAnswer& a) {
    if (path.starts_with("/lookup/")) a.body[a.body.find("h1:") + 3] ^= 1;
  };
  testing::FakeFileSystem fs;
  auto r = VerifyLookups(Key(), db.Fetcher(), fs, {}, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_EQ(r.lookups[0].error, "cannot authenticate record data in server response");
  EXPECT_TRUE(r.lookups[0].security);
}

TEST(SumDbClientTest, NoteSignedByAnotherKeyIsRejected) {
  Db db = MakeDb(10);
  auto other_key = codec::ParseVerifierKey("EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop");
  ASSERT_TRUE(other_key.has_value());
  auto other = *other_key;
  testing::FakeFileSystem fs;
  auto r = VerifyLookups(other, db.Fetcher(), fs, {}, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_TRUE(r.lookups[0].error.starts_with("reading tree note: note has no verifiable signatures")) << r.lookups[0].error;
  EXPECT_TRUE(r.lookups[0].security);
}

TEST(SumDbClientTest, NotFoundLookupIsNotASecurityError) {
  Db db = MakeDb(10);
  testing::FakeFileSystem fs;
  auto r = VerifyLookups(Key(), db.Fetcher(), fs, {}, {{"corp.example/private", "v1.0.0"}});
  EXPECT_TRUE(r.lookups[0].not_found);
  EXPECT_FALSE(r.lookups[0].security);
}

TEST(SumDbClientTest, ForkAgainstTheGoCommandsLatestIsReportedWithProof) {
  Db old_db = MakeDb(300);
  Db forked;
  for (int i = 0; i < 300; ++i) forked.Add(RecordText("example.com/filler/f" + std::to_string(i), "v1.0.0"));
  forked.Add(RecordText("rsc.io/quote", "v1.5.2", 'X'));  // a different history from here on
  forked.Add(RecordText("rsc.io/Sampler", "v1.3.0"));
  forked.Add(RecordText("rsc.io/extra", "v1.0.0"));
  forked.Sign();
  testing::FakeFileSystem fs;
  fs.AddFile("/gopath/pkg/sumdb/PeterNeumann/latest", old_db.note);
  SumDbCaches caches;
  caches.go_latest = "/gopath/pkg/sumdb/PeterNeumann/latest";
  auto r = VerifyLookups(Key(), forked.Fetcher(), fs, caches, {{"rsc.io/quote", "v1.5.2"}});
  ASSERT_TRUE(r.security.has_value());
  EXPECT_NE(r.security->find("go.sum database server misbehavior detected!"), std::string::npos);
  ASSERT_EQ(r.consistency.size(), 1u);
  EXPECT_FALSE(r.consistency[0].consistent);
  EXPECT_EQ(r.consistency[0].old_size, 302);
  EXPECT_FALSE(r.consistency[0].proof.empty());
  EXPECT_NE(r.consistency[0].against.find("the go command's latest"), std::string::npos);
}

TEST(SumDbClientTest, ConsistentOlderTreeAndOwnCacheAreAccepted) {
  Db db = MakeDb(300);
  std::string old_note = db.note;
  db.Add(RecordText("rsc.io/new", "v1.0.0"));
  db.Sign();
  testing::FakeFileSystem fs;
  fs.writable = true;
  fs.AddFile("/cache/PeterNeumann/latest", old_note);
  SumDbCaches caches;
  caches.own_dir = "/cache/PeterNeumann";
  auto r = VerifyLookups(Key(), db.Fetcher(), fs, caches, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_TRUE(r.lookups[0].ok) << r.lookups[0].error;
  ASSERT_EQ(r.consistency.size(), 1u);
  EXPECT_TRUE(r.consistency[0].consistent) << r.consistency[0].error;
  EXPECT_EQ(*fs.ReadFile("/cache/PeterNeumann/latest", 1 << 20), db.note) << "the newer head is kept";
  // A second run reads authenticated tiles from godiag's cache instead of the network.
  db.fetches.clear();
  auto again = VerifyLookups(Key(), db.Fetcher(), fs, caches, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_TRUE(again.lookups[0].ok);
  EXPECT_EQ(again.tiles_fetched, 0);
  EXPECT_GT(again.tiles_from_cache, 0);
}

TEST(SumDbClientTest, UnverifiableLatestFileIsReportedNotTrusted) {
  Db db = MakeDb(10);
  testing::FakeFileSystem fs;
  fs.AddFile("/gp/latest", "go.sum database tree\n5\nAAAA\n\n— nobody AAAA\n");
  SumDbCaches caches;
  caches.go_latest = "/gp/latest";
  auto r = VerifyLookups(Key(), db.Fetcher(), fs, caches, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_TRUE(r.lookups[0].ok);
  ASSERT_EQ(r.consistency.size(), 1u);
  EXPECT_NE(r.consistency[0].error.find("does not verify"), std::string::npos);
}

// Lookups are reused as x/mod reuses them (godiag's pack, the go command's files), verified
// like fresh ones, with the database's /latest asked every time.
TEST(SumDbClientTest, CachedLookupsAreReusedAndStillVerified) {
  Db db = MakeDb(300);
  testing::FakeFileSystem fs;
  fs.writable = true;
  SumDbCaches caches;
  caches.own_dir = "/cache/PeterNeumann";
  std::vector<std::pair<std::string, std::string>> mods = {{"rsc.io/quote", "v1.5.2"}, {"rsc.io/Sampler", "v1.3.0"}};
  auto first = VerifyLookups(Key(), db.Fetcher(), fs, caches, mods);
  ASSERT_TRUE(first.lookups[0].ok && first.lookups[1].ok);
  EXPECT_EQ(first.lookups_from_cache, 0);
  db.fetches.clear();
  auto again = VerifyLookups(Key(), db.Fetcher(), fs, caches, mods);
  EXPECT_TRUE(again.lookups[0].ok && again.lookups[1].ok);
  EXPECT_EQ(again.lookups_from_cache, 2);
  EXPECT_EQ(again.lookups[1].lines, first.lookups[1].lines);
  EXPECT_EQ(db.fetches.count("/lookup/rsc.io/quote@v1.5.2"), 0u);
  EXPECT_EQ(db.fetches["/latest"], 1) << "the database's head is still asked for";

  // The go command's own cached lookup counts too.
  testing::FakeFileSystem go_fs;
  go_fs.AddFile("/gomod/sumdb/PeterNeumann/lookup/rsc.io/quote@v1.5.2", db.Get("/lookup/rsc.io/quote@v1.5.2").body);
  SumDbCaches go_only;
  go_only.go_dir = "/gomod/sumdb/PeterNeumann";
  auto from_go = VerifyLookups(Key(), db.Fetcher(), go_fs, go_only, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_TRUE(from_go.lookups[0].ok) << from_go.lookups[0].error;
  EXPECT_EQ(from_go.lookups_from_cache, 1);

  // A cached lookup altered on disk fails, and the network answer then decides: no false alarm.
  std::string good = db.Get("/lookup/rsc.io/quote@v1.5.2").body;
  std::string bad = good;
  bad[bad.find("h1:") + 3] ^= 1;
  go_fs.AddFile("/gomod/sumdb/PeterNeumann/lookup/rsc.io/quote@v1.5.2", bad);
  auto healed = VerifyLookups(Key(), db.Fetcher(), go_fs, go_only, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_TRUE(healed.lookups[0].ok) << healed.lookups[0].error;
  EXPECT_EQ(healed.lookups_from_cache, 0) << "verified again from the network";
}

TEST(SumDbClientTest, LatestThatDoesNotVerifyIsReportedAndLinesStillChecked) {
  Db db = MakeDb(10);
  db.mutate = [](const std::string& path, DbAnswer& a) {
    if (path == "/latest") a.body[a.body.size() / 2] ^= 1;
  };
  testing::FakeFileSystem fs;
  auto r = VerifyLookups(Key(), db.Fetcher(), fs, SumDbCaches{}, {{"rsc.io/quote", "v1.5.2"}});
  EXPECT_TRUE(r.lookups[0].ok) << r.lookups[0].error;
  ASSERT_EQ(r.consistency.size(), 1u);
  EXPECT_EQ(r.consistency[0].against, "the database's /latest");
  EXPECT_FALSE(r.consistency[0].error.empty());
}

}  // namespace
}  // namespace godiag::probe

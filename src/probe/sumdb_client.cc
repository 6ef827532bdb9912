#include "probe/sumdb_client.h"

#include <map>
#include <set>

#include "codec/go_sumdb.h"
#include "codec/tlog.h"
#include "probe/tile_pack.h"

namespace godiag::probe {

namespace {

constexpr int kTileHeight = 8;

struct KnownTree {
  std::string source;
  std::string note;
  codec::TreeHead head;
};

std::string TreeName(int64_t n) { return "tree#" + std::to_string(n); }

// A signed tree head from a file (the go command's `latest`, godiag's own): nullopt when
// the file is missing or empty; an error entry when it does not verify.
std::optional<KnownTree> ReadLatest(const platform::FileSystem& fs, const std::string& path, const std::string& source,
                                    const core::VerifierKey& key, std::vector<core::TreeConsistency>& problems) {
  if (path.empty()) return std::nullopt;
  auto data = fs.ReadFile(path, 1 << 20);
  if (!data || data->empty()) return std::nullopt;
  auto opened = codec::OpenNote(*data, {key});
  auto head = opened ? codec::ParseTreeNote(opened->text) : tl::unexpected(opened.error());
  if (!head) {
    problems.push_back({source + " (" + path + ")", 0, false, "does not verify with the GOSUMDB key: " + head.error().message,
                        *data, {}});
    return std::nullopt;
  }
  return KnownTree{source + " (" + path + ")", *data, *head};
}

// A signed tree head given as text (the database's /latest): as ReadLatest.
std::optional<KnownTree> ParseLatest(const DbAnswer& a, const std::string& source, const core::VerifierKey& key,
                                     std::vector<core::TreeConsistency>& problems) {
  if (!a.ok) {
    problems.push_back({source, 0, true, "not read: " + a.error, "", {}});
    return std::nullopt;
  }
  auto opened = codec::OpenNote(a.body, {key});
  auto head = opened ? codec::ParseTreeNote(opened->text) : tl::unexpected(opened.error());
  if (!head) {
    problems.push_back({source, 0, false, "does not verify with the GOSUMDB key: " + head.error().message, a.body, {}});
    return std::nullopt;
  }
  return KnownTree{source, a.body, *head};
}

// Cached lookups, as x/mod's Client reads them before asking the server: the go command's
// files ($GOMODCACHE/cache/download/sumdb/<name>/lookup/…, read only), then godiag's pack.
// Verified like fresh ones; newly fetched good ones are added to the pack.
class LookupCache {
 public:
  LookupCache(const platform::FileSystem& fs, const SumDbCaches& caches)
      : fs_(fs), caches_(caches), pack_(fs, caches.own_dir.empty() ? "" : caches.own_dir + "/lookups.pack") {}

  std::optional<std::string> Find(const std::string& path) {
    if (!caches_.read_tiles) return std::nullopt;
    if (!caches_.go_dir.empty())
      if (auto data = fs_.ReadFile(caches_.go_dir + path, 1 << 20); data && !data->empty()) return *data;
    if (caches_.own_dir.empty()) return std::nullopt;
    auto found = pack_.Find(std::string_view(path).substr(1));
    return found ? std::optional<std::string>(*found) : std::nullopt;
  }
  void Add(const std::vector<std::pair<std::string, std::string>>& fetched) {
    if (!caches_.own_dir.empty() && !fetched.empty()) pack_.Add(fetched);
  }

 private:
  const platform::FileSystem& fs_;
  const SumDbCaches& caches_;
  TilePack pack_;
};

// Tiles from caches (godiag's own, then the go command's), else the network: the exact
// tile, then the full tile cut to size (x/mod Client.readTile order).
class TileSource {
 public:
  TileSource(const DbFetcher& fetch, const platform::FileSystem& fs, const SumDbCaches& caches, SumDbResult& stats)
      : fetch_(fetch), fs_(fs), caches_(caches), stats_(stats),
        pack_(fs, caches.own_dir.empty() ? "" : caches.own_dir + "/tiles.pack") {}

  core::Expected<std::vector<std::string>> Read(const std::vector<codec::Tile>& tiles) {
    std::vector<size_t> missing;
    for (size_t i = 0; i < tiles.size(); ++i) {
      std::string path = codec::TilePath(tiles[i]);
      if (memo_.count(path)) continue;
      if (auto cached = caches_.read_tiles ? FromCache(tiles[i]) : std::nullopt) {
        memo_[path] = *cached;
        ++stats_.tiles_from_cache;
      } else {
        missing.push_back(i);
      }
    }
    TRY(FetchRemote(tiles, missing));
    std::vector<std::string> out;
    for (const auto& t : tiles) out.push_back(memo_[codec::TilePath(t)]);
    return out;
  }

  /// Authenticated tiles go to godiag's cache.
  void Store(const std::vector<codec::Tile>& tiles, const std::vector<std::string>& data) {
    if (caches_.own_dir.empty()) return;
    std::vector<std::pair<std::string, std::string>> add;
    for (size_t i = 0; i < tiles.size(); ++i) {
      std::string path = codec::TilePath(tiles[i]);
      if (!pack_.Has(path)) add.emplace_back(std::move(path), data[i]);
    }
    pack_.Add(add);
  }

 private:
  // godiag's pack first, then the go command's per-tile files; the exact tile or the full one.
  std::optional<std::string> FromCache(const codec::Tile& t) {
    size_t want = static_cast<size_t>(t.w) * 32;
    codec::Tile full = t;
    full.w = 1 << t.h;
    for (const auto& candidate : {t, full}) {
      if (caches_.own_dir.empty()) break;
      auto data = pack_.Find(codec::TilePath(candidate));
      if (data && data->size() >= want && !data->empty()) return std::string(data->substr(0, want));
    }
    for (const auto& candidate : {t, full}) {
      if (caches_.go_dir.empty()) break;
      auto data = fs_.ReadFile(caches_.go_dir + "/" + codec::TilePath(candidate), 1 << 16);
      if (data && data->size() >= want && !data->empty()) return data->substr(0, want);
    }
    return std::nullopt;
  }

  core::Expected<void> FetchRemote(const std::vector<codec::Tile>& tiles, const std::vector<size_t>& which) {
    if (which.empty()) return {};
    std::vector<std::string> paths;
    for (size_t i : which) paths.push_back("/" + codec::TilePath(tiles[i]));
    auto answers = fetch_(paths);
    std::vector<size_t> retry_full;
    for (size_t k = 0; k < which.size(); ++k) {
      const auto& a = answers[k];
      ++stats_.tiles_fetched;
      if (a.ok) memo_[codec::TilePath(tiles[which[k]])] = a.body;
      else if (a.not_found && tiles[which[k]].w != (1 << tiles[which[k]].h)) retry_full.push_back(which[k]);
      else return core::MakeError(core::ErrorCode::kIo, a.error);
    }
    return FetchFull(tiles, retry_full);
  }

  core::Expected<void> FetchFull(const std::vector<codec::Tile>& tiles, const std::vector<size_t>& which) {
    if (which.empty()) return {};
    std::vector<std::string> paths;
    for (size_t i : which) {
      codec::Tile full = tiles[i];
      full.w = 1 << full.h;
      paths.push_back("/" + codec::TilePath(full));
    }
    auto answers = fetch_(paths);
    for (size_t k = 0; k < which.size(); ++k) {
      ++stats_.tiles_fetched;
      if (!answers[k].ok) return core::MakeError(core::ErrorCode::kIo, answers[k].error);
      size_t want = static_cast<size_t>(tiles[which[k]].w) * 32;
      memo_[codec::TilePath(tiles[which[k]])] = answers[k].body.substr(0, want);
    }
    return {};
  }

  const DbFetcher& fetch_;
  const platform::FileSystem& fs_;
  const SumDbCaches& caches_;
  SumDbResult& stats_;
  TilePack pack_;
  std::map<std::string, std::string> memo_;
};

// Lookups of one batch usually carry the same signed note: verify each text once.
using NoteMemo = std::map<std::string, core::Expected<codec::OpenedNote>>;

// Parses one lookup answer into the lookup and its tree (x/mod Client.Lookup steps 4-5).
std::optional<KnownTree> ParseLookup(const DbAnswer& a, const core::VerifierKey& key, NoteMemo& memo, SumDbLookup& l,
                                     std::string& text) {
  if (!a.ok) {
    l.error = a.error;
    l.not_found = a.not_found;
    return std::nullopt;
  }
  auto rec = codec::ParseRecord(a.body);
  if (!rec) {
    l.error = "malformed lookup response: " + rec.error().message;
    return std::nullopt;
  }
  auto it = memo.find(rec->rest);
  if (it == memo.end()) it = memo.emplace(rec->rest, codec::OpenNote(rec->rest, {key})).first;
  const auto& opened = it->second;
  if (!opened) {
    l.error = "reading tree note: " + opened.error().message + "\nnote:\n" + rec->rest;
    l.security = opened.error().code == core::ErrorCode::kCrypto;
    return std::nullopt;
  }
  auto head = codec::ParseTreeNote(opened->text);
  if (!head) {
    l.error = "reading tree: " + head.error().message + "\ntree:\n" + opened->text;
    l.security = true;  // a validly signed note that is not a tree
    return std::nullopt;
  }
  l.id = rec->id;
  text = rec->text;
  return KnownTree{"lookup of " + l.path + "@" + l.version, rec->rest, *head};
}

// x/mod's indent: every newline, the note's last one included, is followed by a tab.
std::string Indent(const std::string& note) {
  std::string out = "\t";
  for (char c : note) {
    out += c;
    if (c == '\n') out += '\t';
  }
  return out;
}

// The go command's fork report (x/mod checkTrees): `h` is the newer tree's hash of the
// older tree's size, then the proof that it is in the newer tree.
std::string ForkText(const KnownTree& older, const KnownTree& newer, const codec::TlogHash& h, const codec::Proof& proof) {
  std::string s = "SECURITY ERROR\ngo.sum database server misbehavior detected!\n\nold database:\n" + Indent(older.note) +
                  "\nnew database:\n" + Indent(newer.note) + "\nproof of misbehavior:\n\t" + codec::HashBase64(h);
  for (const auto& step : proof) s += "\n\t" + codec::HashBase64(step);
  return s;
}

// Every tree seen must be a prefix of the newest (x/mod mergeLatest / checkTrees).
void CheckConsistency(const std::vector<KnownTree>& trees, const KnownTree& newest, const codec::HashReader& hr,
                      SumDbResult& r) {
  std::set<std::pair<int64_t, std::string>> done;
  for (const auto& t : trees) {
    if (!done.insert({t.head.n, codec::HashBase64(t.head.hash)}).second) continue;
    if (&t == &newest) continue;
    core::TreeConsistency c{t.source, t.head.n, true, "", t.note, {}};
    codec::TlogHash in_newest = newest.head.hash;
    if (t.head.n == newest.head.n || t.head.n == 0) {
      c.consistent = t.head.n == 0 || t.head.hash == newest.head.hash;
    } else {
      auto h = codec::TreeHash(t.head.n, hr);
      if (!h) c.error = "checking " + TreeName(t.head.n) + " against " + TreeName(newest.head.n) + ": " + h.error().message;
      else c.consistent = *h == t.head.hash;
      if (h) in_newest = *h;
    }
    if (!c.consistent) {
      auto proof = t.head.n == newest.head.n ? codec::Proof{} : codec::ProveTree(newest.head.n, t.head.n, hr).value_or(codec::Proof{});
      for (const auto& p : proof) c.proof.push_back(codec::HashBase64(p));
      c.error = TreeName(t.head.n) + " is not a prefix of " + TreeName(newest.head.n) + " (" + newest.source + ")";
      if (!r.security) r.security = ForkText(t, newest, in_newest, proof);
    }
    r.consistency.push_back(std::move(c));
  }
}

std::vector<std::string> LinesFor(const std::string& text, const std::string& path, const std::string& version) {
  std::vector<std::string> out;
  std::string a = path + " " + version + " ", b = path + " " + version + "/go.mod ";
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (line.starts_with(a) || line.starts_with(b)) out.push_back(line);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

// Each record must hash to its leaf in the newest tree (x/mod checkRecord).
void CheckRecords(SumDbResult& r, const std::vector<std::string>& texts, const codec::HashReader& hr) {
  std::vector<int64_t> indexes;
  std::vector<size_t> which;
  for (size_t i = 0; i < r.lookups.size(); ++i) {
    auto& l = r.lookups[i];
    if (l.id < 0 || !l.error.empty()) continue;
    if (l.id >= r.tree.n) {
      l.error = "cannot validate record " + std::to_string(l.id) + " in tree of size " + std::to_string(r.tree.n);
      l.security = true;
      continue;
    }
    indexes.push_back(codec::StoredHashIndex(0, l.id));
    which.push_back(i);
  }
  if (indexes.empty()) return;
  auto hashes = hr(indexes);
  for (size_t k = 0; k < which.size(); ++k) {
    auto& l = r.lookups[which[k]];
    if (!hashes) {
      l.error = "checking " + TreeName(r.tree.n) + ": " + hashes.error().message;
      l.security = hashes.error().code == core::ErrorCode::kCrypto;
    } else if ((*hashes)[k] != codec::RecordHash(texts[which[k]])) {
      l.error = "cannot authenticate record data in server response";
      l.security = true;
    } else {
      l.ok = true;
      l.lines = LinesFor(texts[which[k]], l.path, l.version);
    }
  }
}

void SaveLatest(const platform::FileSystem& fs, const SumDbCaches& caches, const KnownTree& newest) {
  if (caches.own_dir.empty()) return;
  if (auto out = fs.Create(caches.own_dir + "/latest", true)) (void)(*out)->Write(newest.note);
}

}  // namespace

std::string LookupPath(std::string_view path, std::string_view version) {
  return "/lookup/" + codec::EscapeModuleText(path) + "@" + codec::EscapeModuleText(version);
}

SumDbResult VerifyLookups(const core::VerifierKey& key, const DbFetcher& fetch, const platform::FileSystem& fs,
                          const SumDbCaches& caches, const std::vector<std::pair<std::string, std::string>>& mods) {
  SumDbResult r;
  std::vector<KnownTree> trees;
  if (auto t = ReadLatest(fs, caches.go_latest, "the go command's latest", key, r.consistency)) trees.push_back(*t);
  if (auto t = ReadLatest(fs, caches.own_dir.empty() ? "" : caches.own_dir + "/latest", "godiag's cache", key, r.consistency))
    trees.push_back(*t);
  // Cached lookups first; the rest, and the database's /latest when caches are used, in one batch.
  LookupCache cache(fs, caches);
  std::vector<DbAnswer> answers(mods.size());
  std::vector<std::string> paths;
  std::vector<size_t> remote;
  for (size_t i = 0; i < mods.size(); ++i) {
    std::string path = LookupPath(mods[i].first, mods[i].second);
    if (auto cached = cache.Find(path)) {
      answers[i] = DbAnswer{true, false, *cached, ""};
      ++r.lookups_from_cache;
    } else {
      paths.push_back(path);
      remote.push_back(i);
    }
  }
  if (caches.read_tiles) paths.push_back("/latest");
  auto fetched = fetch(paths);
  for (size_t k = 0; k < remote.size(); ++k) answers[remote[k]] = fetched[k];
  if (caches.read_tiles)
    if (auto t = ParseLatest(fetched.back(), "the database's /latest", key, r.consistency)) trees.push_back(*t);
  std::vector<std::string> texts(mods.size());
  NoteMemo memo;
  std::set<std::string> seen_notes;
  for (size_t i = 0; i < mods.size(); ++i) {
    r.lookups.push_back({mods[i].first, mods[i].second, false, false, -1, {}, "", false});
    auto t = ParseLookup(answers[i], key, memo, r.lookups.back(), texts[i]);
    if (t && seen_notes.insert(t->note).second) trees.push_back(*t);  // one entry per distinct head
  }
  if (trees.empty()) return r;
  size_t newest = 0;
  for (size_t i = 1; i < trees.size(); ++i)
    if (trees[i].head.n > trees[newest].head.n) newest = i;
  r.tree = trees[newest].head;
  r.note = trees[newest].note;
  TileSource source(fetch, fs, caches, r);
  auto hr = codec::TileHashReader(
      r.tree.n, r.tree.hash, kTileHeight, [&](const std::vector<codec::Tile>& t) { return source.Read(t); },
      [&](const std::vector<codec::Tile>& t, const std::vector<std::string>& d) { source.Store(t, d); });
  CheckConsistency(trees, trees[newest], hr, r);
  CheckRecords(r, texts, hr);
  bool failed = r.security.has_value();
  for (const auto& l : r.lookups) failed = failed || l.security;
  if (failed && (r.tiles_from_cache > 0 || r.lookups_from_cache > 0) && caches.read_tiles) {
    // A damaged cache file must not pass for a misbehaving server: once more from the network.
    SumDbCaches network_only = caches;
    network_only.read_tiles = false;
    return VerifyLookups(key, fetch, fs, network_only, mods);
  }
  if (!r.security) {
    SaveLatest(fs, caches, trees[newest]);
    std::vector<std::pair<std::string, std::string>> good;
    for (size_t k = 0; k < remote.size(); ++k)
      if (r.lookups[remote[k]].ok) good.emplace_back(paths[k].substr(1), answers[remote[k]].body);
    cache.Add(good);
  }
  return r;
}

}  // namespace godiag::probe

#include "codec/tlog.h"

#include <array>
#include <bit>
#include <charconv>
#include <map>
#include <set>
#include <cstring>
#include <future>

#include "codec/go_sumdb.h"
#include "codec/go_text.h"

namespace godiag::codec {

using core::ErrorCode;
using core::MakeError;

namespace {

constexpr size_t kHashSize = 32;

// k = the largest power of 2 smaller than n (n >= 2), and its log.
int64_t MaxPow2(int64_t n, int* log = nullptr) {
  int l = 0;
  while ((int64_t{1} << (l + 1)) < n) ++l;
  if (log) *log = l;
  return int64_t{1} << l;
}

TlogHash Concat(uint8_t prefix, std::string_view a, std::string_view b = {}) {
  size_t n = 1 + a.size() + b.size();
  if (n <= 128) {  // every node hash (65 bytes) and most records: no allocation
    std::array<char, 128> buf;
    buf[0] = static_cast<char>(prefix);
    std::memcpy(buf.data() + 1, a.data(), a.size());
    if (!b.empty()) std::memcpy(buf.data() + 1 + a.size(), b.data(), b.size());
    return crypto::Sha256(std::string_view(buf.data(), n));
  }
  std::string buf;
  buf.reserve(n);
  buf.push_back(static_cast<char>(prefix));
  buf.append(a);
  buf.append(b);
  return crypto::Sha256(buf);
}

std::string_view View(const TlogHash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

tl::unexpected<core::Error> ProofFailed() { return MakeError(ErrorCode::kCrypto, "invalid transparency proof"); }

// Indexes of the maximal complete subtrees covering records [lo, hi), left to right.
void SubTreeIndex(int64_t lo, int64_t hi, std::vector<int64_t>& need) {
  while (lo < hi) {
    int level = 0;
    int64_t k = MaxPow2(hi - lo + 1, &level);
    need.push_back(StoredHashIndex(level, lo >> level));
    lo += k;
  }
}

// Hash of records [lo, hi) from the hashes SubTreeIndex asked for; consumes them from `at`.
TlogHash SubTreeHash(int64_t lo, int64_t hi, const std::vector<TlogHash>& hashes, size_t& at) {
  size_t count = 0;
  for (int64_t x = lo; x < hi; ++count) x += MaxPow2(hi - x + 1);
  TlogHash h = hashes[at + count - 1];
  for (size_t i = count - 1; i-- > 0;) h = NodeHash(hashes[at + i], h);
  at += count;
  return h;
}

void LeafProofIndex(int64_t lo, int64_t hi, int64_t n, std::vector<int64_t>& need) {
  if (lo + 1 == hi) return;
  int64_t k = MaxPow2(hi - lo);
  if (n < lo + k) {
    LeafProofIndex(lo, lo + k, n, need);
    SubTreeIndex(lo + k, hi, need);
  } else {
    SubTreeIndex(lo, lo + k, need);
    LeafProofIndex(lo + k, hi, n, need);
  }
}

void LeafProof(int64_t lo, int64_t hi, int64_t n, const std::vector<TlogHash>& hashes, size_t& at, Proof& p) {
  if (lo + 1 == hi) return;
  int64_t k = MaxPow2(hi - lo);
  TlogHash th;
  if (n < lo + k) {
    LeafProof(lo, lo + k, n, hashes, at, p);
    th = SubTreeHash(lo + k, hi, hashes, at);
  } else {
    th = SubTreeHash(lo, lo + k, hashes, at);
    LeafProof(lo + k, hi, n, hashes, at, p);
  }
  p.push_back(th);
}

core::Expected<TlogHash> RunRecordProof(const Proof& p, size_t len, int64_t lo, int64_t hi, int64_t n, const TlogHash& leaf) {
  if (lo + 1 == hi) {
    if (len != 0) return ProofFailed();
    return leaf;
  }
  if (len == 0) return ProofFailed();
  int64_t k = MaxPow2(hi - lo);
  if (n < lo + k) {
    TRY_ASSIGN(TlogHash th, RunRecordProof(p, len - 1, lo, lo + k, n, leaf));
    return NodeHash(th, p[len - 1]);
  }
  TRY_ASSIGN(TlogHash th, RunRecordProof(p, len - 1, lo + k, hi, n, leaf));
  return NodeHash(p[len - 1], th);
}

void TreeProofIndex(int64_t lo, int64_t hi, int64_t n, std::vector<int64_t>& need) {
  if (n == hi) {
    if (lo != 0) SubTreeIndex(lo, hi, need);
    return;
  }
  int64_t k = MaxPow2(hi - lo);
  if (n <= lo + k) {
    TreeProofIndex(lo, lo + k, n, need);
    SubTreeIndex(lo + k, hi, need);
  } else {
    SubTreeIndex(lo, lo + k, need);
    TreeProofIndex(lo + k, hi, n, need);
  }
}

void TreeProof(int64_t lo, int64_t hi, int64_t n, const std::vector<TlogHash>& hashes, size_t& at, Proof& p) {
  if (n == hi) {
    if (lo != 0) p.push_back(SubTreeHash(lo, hi, hashes, at));
    return;
  }
  int64_t k = MaxPow2(hi - lo);
  TlogHash th;
  if (n <= lo + k) {
    TreeProof(lo, lo + k, n, hashes, at, p);
    th = SubTreeHash(lo + k, hi, hashes, at);
  } else {
    th = SubTreeHash(lo, lo + k, hashes, at);
    TreeProof(lo + k, hi, n, hashes, at, p);
  }
  p.push_back(th);
}

// Returns (old root, new root) as recomputed from the proof.
core::Expected<std::pair<TlogHash, TlogHash>> RunTreeProof(const Proof& p, size_t len, int64_t lo, int64_t hi, int64_t n,
                                                           const TlogHash& old) {
  if (n == hi) {
    if (lo == 0) {
      if (len != 0) return ProofFailed();
      return std::make_pair(old, old);
    }
    if (len != 1) return ProofFailed();
    return std::make_pair(p[0], p[0]);
  }
  if (len == 0) return ProofFailed();
  int64_t k = MaxPow2(hi - lo);
  if (n <= lo + k) {
    TRY_ASSIGN(auto r, RunTreeProof(p, len - 1, lo, lo + k, n, old));
    return std::make_pair(r.first, NodeHash(r.second, p[len - 1]));
  }
  TRY_ASSIGN(auto r, RunTreeProof(p, len - 1, lo + k, hi, n, old));
  return std::make_pair(NodeHash(p[len - 1], r.first), NodeHash(p[len - 1], r.second));
}

core::Expected<std::vector<TlogHash>> Read(const HashReader& r, const std::vector<int64_t>& indexes) {
  TRY_ASSIGN(auto hashes, r(indexes));
  if (hashes.size() != indexes.size())
    return MakeError(ErrorCode::kInternal, "tlog: hash reader returned " + std::to_string(hashes.size()) +
                                               " hashes for " + std::to_string(indexes.size()) + " indexes");
  return hashes;
}

TlogHash TileHash(std::string_view data) {
  if (data.size() == kHashSize) {
    TlogHash h;
    std::memcpy(h.data(), data.data(), kHashSize);
    return h;
  }
  size_t half = data.size() / 2;
  return NodeHash(TileHash(data.substr(0, half)), TileHash(data.substr(half)));
}

std::string Pad3(int64_t v) {
  std::string s = std::to_string(v);
  return std::string(3 - std::min<size_t>(3, s.size()), '0') + s;
}

}  // namespace

TlogHash RecordHash(std::string_view data) { return Concat(0x00, data); }
TlogHash NodeHash(const TlogHash& left, const TlogHash& right) { return Concat(0x01, View(left), View(right)); }
TlogHash EmptyTreeHash() { return crypto::Sha256(""); }

int64_t StoredHashIndex(int level, int64_t n) {
  for (int l = level; l > 0; --l) n = 2 * n + 1;
  int64_t i = 0;
  for (; n > 0; n >>= 1) i += n;
  return i + level;
}

void SplitStoredHashIndex(int64_t index, int& level, int64_t& n) {
  n = index / 2;
  int64_t index_n = StoredHashIndex(0, n);
  while (true) {
    int64_t x = index_n + 1 + std::countr_zero(static_cast<uint64_t>(n + 1));
    if (x > index) break;
    ++n;
    index_n = x;
  }
  level = static_cast<int>(index - index_n);
  n >>= level;
}

int64_t StoredHashCount(int64_t n) {
  if (n == 0) return 0;
  int64_t count = StoredHashIndex(0, n - 1) + 1;
  for (uint64_t i = static_cast<uint64_t>(n - 1); i & 1; i >>= 1) ++count;
  return count;
}

core::Expected<std::vector<TlogHash>> StoredHashesForRecordHash(int64_t n, const TlogHash& h, const HashReader& r) {
  std::vector<TlogHash> out{h};
  int m = std::countr_zero(static_cast<uint64_t>(n + 1));
  std::vector<int64_t> indexes(static_cast<size_t>(m));
  for (int i = 0; i < m; ++i) indexes[static_cast<size_t>(m - 1 - i)] = StoredHashIndex(i, (n >> i) - 1);
  TRY_ASSIGN(auto old, Read(r, indexes));
  TlogHash cur = h;
  for (int i = 0; i < m; ++i) {
    cur = NodeHash(old[static_cast<size_t>(m - 1 - i)], cur);
    out.push_back(cur);
  }
  return out;
}

core::Expected<TlogHash> TreeHash(int64_t n, const HashReader& r) {
  if (n == 0) return EmptyTreeHash();
  std::vector<int64_t> indexes;
  SubTreeIndex(0, n, indexes);
  TRY_ASSIGN(auto hashes, Read(r, indexes));
  size_t at = 0;
  return SubTreeHash(0, n, hashes, at);
}

core::Expected<Proof> ProveRecord(int64_t t, int64_t n, const HashReader& r) {
  if (t < 0 || n < 0 || n >= t) return MakeError(ErrorCode::kInvalidArgument, "tlog: invalid inputs in ProveRecord");
  std::vector<int64_t> indexes;
  LeafProofIndex(0, t, n, indexes);
  if (indexes.empty()) return Proof{};
  TRY_ASSIGN(auto hashes, Read(r, indexes));
  Proof p;
  size_t at = 0;
  LeafProof(0, t, n, hashes, at, p);
  return p;
}

core::Expected<void> CheckRecord(const Proof& p, int64_t t, const TlogHash& th, int64_t n, const TlogHash& h) {
  if (t < 0 || n < 0 || n >= t) return MakeError(ErrorCode::kInvalidArgument, "tlog: invalid inputs in CheckRecord");
  TRY_ASSIGN(TlogHash got, RunRecordProof(p, p.size(), 0, t, n, h));
  if (got != th) return ProofFailed();
  return {};
}

core::Expected<Proof> ProveTree(int64_t t, int64_t n, const HashReader& r) {
  if (t < 1 || n < 1 || n > t) return MakeError(ErrorCode::kInvalidArgument, "tlog: invalid inputs in ProveTree");
  std::vector<int64_t> indexes;
  TreeProofIndex(0, t, n, indexes);
  if (indexes.empty()) return Proof{};
  TRY_ASSIGN(auto hashes, Read(r, indexes));
  Proof p;
  size_t at = 0;
  TreeProof(0, t, n, hashes, at, p);
  return p;
}

core::Expected<void> CheckTree(const Proof& p, int64_t t, const TlogHash& th, int64_t n, const TlogHash& h) {
  if (t < 1 || n < 1 || n > t) return MakeError(ErrorCode::kInvalidArgument, "tlog: invalid inputs in CheckTree");
  TRY_ASSIGN(auto roots, RunTreeProof(p, p.size(), 0, t, n, h));
  if (roots.first != h || roots.second != th) return ProofFailed();
  return {};
}

std::string TilePath(const Tile& t) {
  int64_t n = t.n;
  std::string n_str = Pad3(n % 1000);
  while (n >= 1000) {
    n /= 1000;
    n_str = "x" + Pad3(n % 1000) + "/" + n_str;
  }
  std::string p = t.w != (1 << t.h) ? ".p/" + std::to_string(t.w) : "";
  return "tile/" + std::to_string(t.h) + "/" + (t.l == -1 ? std::string("data") : std::to_string(t.l)) + "/" + n_str + p;
}

core::Expected<Tile> ParseTilePath(std::string_view path) {
  auto bad = [&] { return MakeError(ErrorCode::kParse, "malformed tile path " + GoQuote(path)); };
  std::vector<std::string> f;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    f.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (f.size() < 4 || f[0] != "tile") return bad();
  auto atoi = [](const std::string& s, int64_t& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
  };
  int64_t h = 0, l = 0;
  bool data = f[2] == "data";
  if (!atoi(f[1], h) || (!data && !atoi(f[2], l)) || h < 1 || l < 0 || h > 30) return bad();
  int64_t w = int64_t{1} << h;
  if (f[f.size() - 2].size() >= 2 && f[f.size() - 2].ends_with(".p")) {
    int64_t ww = 0;
    if (!atoi(f.back(), ww) || ww <= 0 || ww >= w) return bad();
    w = ww;
    f[f.size() - 2].resize(f[f.size() - 2].size() - 2);
    f.pop_back();
  }
  int64_t n = 0;
  for (size_t i = 3; i < f.size(); ++i) {
    std::string s = f[i].starts_with("x") ? f[i].substr(1) : f[i];
    int64_t nn = 0;
    if (!atoi(s, nn) || nn < 0 || nn >= 1000) return bad();
    n = n * 1000 + nn;
  }
  Tile t{static_cast<int>(h), data ? -1 : static_cast<int>(l), n, static_cast<int>(w)};
  if (TilePath(t) != path) return bad();
  return t;
}

Tile TileForIndex(int h, int64_t index) {
  int level = 0;
  int64_t n = 0;
  SplitStoredHashIndex(index, level, n);
  Tile t;
  t.h = h;
  t.l = level / h;
  level -= t.l * h;
  t.n = (n << level) >> h;
  n -= (t.n << h) >> level;
  t.w = static_cast<int>((n + 1) << level);
  return t;
}

core::Expected<TlogHash> HashFromTile(const Tile& t, std::string_view data, int64_t index) {
  if (t.h < 1 || t.h > 30 || t.l < 0 || t.l >= 64 || t.w < 1 || t.w > (1 << t.h))
    return MakeError(ErrorCode::kInvalidArgument, "invalid tile " + TilePath(t));
  if (data.size() < static_cast<size_t>(t.w) * kHashSize)
    return MakeError(ErrorCode::kParse, "data len " + std::to_string(data.size()) + " too short for tile " + TilePath(t));
  Tile want = TileForIndex(t.h, index);
  if (t.l != want.l || t.n != want.n || t.w < want.w)
    return MakeError(ErrorCode::kInvalidArgument, "index " + std::to_string(index) + " is in " + TilePath(want) +
                                                      " not " + TilePath(t));
  int level = 0;
  int64_t n = 0;
  SplitStoredHashIndex(index, level, n);
  int in_level = level - want.l * want.h;
  int64_t in_n = n - ((want.n << want.h) >> in_level);
  size_t begin = static_cast<size_t>(in_n << in_level) * kHashSize;
  size_t end = static_cast<size_t>((in_n + 1) << in_level) * kHashSize;
  return TileHash(data.substr(begin, end - begin));
}

std::string HashBase64(const TlogHash& h) { return EncodeBase64Std(View(h)); }

Tile TileParent(Tile t, int k, int64_t n) {
  t.l += k;
  t.n >>= k * t.h;
  t.w = 1 << t.h;
  int64_t max = n >> (t.l * t.h);
  if ((t.n << t.h) + t.w >= max) {
    if ((t.n << t.h) >= max) return Tile{};
    t.w = static_cast<int>(max - (t.n << t.h));
  }
  return t;
}

namespace {

struct TileKey {
  int l;
  int64_t n;
  bool operator<(const TileKey& o) const { return l != o.l ? l < o.l : n < o.n; }
};

tl::unexpected<core::Error> Inconsistent() { return MakeError(ErrorCode::kCrypto, "downloaded inconsistent tile"); }

// tlog's tileHashReader.ReadHashes: plan the tiles (those for the tree hash first, then each
// index's tile and the parents up to an already planned one), read them, authenticate them
// top-down against the signed tree hash, then take the hashes out.
core::Expected<std::vector<TlogHash>> ReadThroughTiles(
    int64_t size, const TlogHash& root, int h, const TileReader& reader,
    const std::function<void(const std::vector<Tile>&, const std::vector<std::string>&)>& fetched,
    const std::vector<int64_t>& indexes) {
  std::map<TileKey, size_t> order;
  std::vector<Tile> tiles;
  std::vector<int64_t> stx;
  SubTreeIndex(0, size, stx);
  std::vector<size_t> stx_order(stx.size());
  for (size_t i = 0; i < stx.size(); ++i) {
    Tile t = TileParent(TileForIndex(h, stx[i]), 0, size);
    auto [it, added] = order.emplace(TileKey{t.l, t.n}, tiles.size());
    if (added) tiles.push_back(t);
    stx_order[i] = it->second;
  }
  std::vector<size_t> index_order(indexes.size());
  for (size_t i = 0; i < indexes.size(); ++i) {
    if (indexes[i] >= StoredHashIndex(0, size)) return MakeError(ErrorCode::kInvalidArgument, "indexes not in tree");
    Tile t = TileForIndex(h, indexes[i]);
    int k = 0;
    for (;; ++k) {
      Tile p = TileParent(t, k, size);
      if (p.h == 0) return MakeError(ErrorCode::kInternal, "tlog: bad math in tile planning");
      if (auto it = order.find(TileKey{p.l, p.n}); it != order.end()) {
        if (k == 0) index_order[i] = it->second;
        break;
      }
    }
    for (--k; k >= 0; --k) {
      Tile p = TileParent(t, k, size);
      if (p.w != (1 << p.h)) return MakeError(ErrorCode::kInternal, "tlog: bad math in tile planning");
      order[TileKey{p.l, p.n}] = tiles.size();
      if (k == 0) index_order[i] = tiles.size();
      tiles.push_back(p);
    }
  }
  TRY_ASSIGN(auto data, reader(tiles));
  if (data.size() != tiles.size()) return MakeError(ErrorCode::kInternal, "tile reader returned the wrong number of tiles");
  for (size_t i = 0; i < tiles.size(); ++i) {
    if (data[i].size() != static_cast<size_t>(tiles[i].w) * kHashSize) return Inconsistent();
  }
  TRY_ASSIGN(TlogHash th, HashFromTile(tiles[stx_order.back()], data[stx_order.back()], stx.back()));
  for (size_t i = stx.size() - 1; i-- > 0;) {
    TRY_ASSIGN(TlogHash left, HashFromTile(tiles[stx_order[i]], data[stx_order[i]], stx[i]));
    th = NodeHash(left, th);
  }
  if (th != root) return Inconsistent();
  std::set<size_t> authenticated(stx_order.begin(), stx_order.end());
  // Each tile against its parent: 255 hashes a full tile, so two threads share a large batch.
  auto check = [&](size_t from, size_t to) -> core::Expected<void> {
    for (size_t i = from; i < to; ++i) {
      if (authenticated.count(i)) continue;
      Tile p = TileParent(tiles[i], 1, size);
      auto it = order.find(TileKey{p.l, p.n});
      if (p.h == 0 || it == order.end()) return MakeError(ErrorCode::kInternal, "tlog: lost the parent of a tile");
      TRY_ASSIGN(TlogHash want, HashFromTile(p, data[it->second], StoredHashIndex(p.l * p.h, tiles[i].n)));
      if (want != TileHash(data[i])) return Inconsistent();
    }
    return {};
  };
  size_t half = tiles.size() >= 32 ? tiles.size() / 2 : tiles.size();
  auto second = std::async(half < tiles.size() ? std::launch::async : std::launch::deferred, check, half, tiles.size());
  auto first = check(0, half);
  auto rest = second.get();
  TRY(first);
  TRY(rest);
  if (fetched) fetched(tiles, data);
  std::vector<TlogHash> out;
  for (size_t i = 0; i < indexes.size(); ++i) {
    TRY_ASSIGN(TlogHash hash, HashFromTile(tiles[index_order[i]], data[index_order[i]], indexes[i]));
    out.push_back(hash);
  }
  return out;
}

}  // namespace

HashReader TileHashReader(int64_t tree_size, const TlogHash& tree_hash, int h, TileReader tiles,
                          std::function<void(const std::vector<Tile>&, const std::vector<std::string>&)> fetched) {
  return [=](const std::vector<int64_t>& indexes) {
    return ReadThroughTiles(tree_size, tree_hash, h, tiles, fetched, indexes);
  };
}

}  // namespace godiag::codec

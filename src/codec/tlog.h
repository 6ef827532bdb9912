// The checksum database's transparency log, as golang.org/x/mod/sumdb/tlog computes it:
// RFC 6962 hashes, the stored-hash index, tree hashes from stored hashes, record and tree
// (consistency) proofs, and tiles. Pure; hashes through crypto::Sha256.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "crypto/sha256.h"

namespace godiag::codec {

using TlogHash = crypto::Sha256Digest;

TlogHash RecordHash(std::string_view data);                     ///< SHA-256(0x00 || data)
TlogHash NodeHash(const TlogHash& left, const TlogHash& right);  ///< SHA-256(0x01 || l || r)
TlogHash EmptyTreeHash();                                        ///< SHA-256("") (x/mod >= v0.19.0)

/// Position of hash (level, n) in the append-only stored order.
int64_t StoredHashIndex(int level, int64_t n);
/// The inverse: (level, n) of a stored index.
void SplitStoredHashIndex(int64_t index, int& level, int64_t& n);
/// Number of stored hashes of a tree with n records.
int64_t StoredHashCount(int64_t n);

/// Reads stored hashes by index (from memory, tiles, …); an error stops the computation.
using HashReader = std::function<core::Expected<std::vector<TlogHash>>(const std::vector<int64_t>& indexes)>;

/// The hashes to store when appending record n whose hash is `h` (its leaf first).
core::Expected<std::vector<TlogHash>> StoredHashesForRecordHash(int64_t n, const TlogHash& h, const HashReader& r);
/// Root hash of the tree with n records.
core::Expected<TlogHash> TreeHash(int64_t n, const HashReader& r);

using Proof = std::vector<TlogHash>;
/// Proof that record n is in the tree of size t ("tlog: invalid inputs in ProveRecord").
core::Expected<Proof> ProveRecord(int64_t t, int64_t n, const HashReader& r);
/// kCrypto "invalid transparency proof" when the proof fails.
core::Expected<void> CheckRecord(const Proof& p, int64_t t, const TlogHash& th, int64_t n, const TlogHash& h);
/// Proof that the tree of size n is a prefix of the tree of size t.
core::Expected<Proof> ProveTree(int64_t t, int64_t n, const HashReader& r);
core::Expected<void> CheckTree(const Proof& p, int64_t t, const TlogHash& th, int64_t n, const TlogHash& h);

/// A tile: W consecutive hashes of level L·H starting at hash N·2^H; L = -1 is a data tile.
struct Tile {
  int h = 0;
  int l = 0;
  int64_t n = 0;
  int w = 0;
  bool operator==(const Tile& o) const { return h == o.h && l == o.l && n == o.n && w == o.w; }
};

/// "tile/8/0/x123/456.p/7"
std::string TilePath(const Tile& t);
/// Canonical paths only; error "malformed tile path \"…\"".
core::Expected<Tile> ParseTilePath(std::string_view path);
/// The smallest tile of height h that holds stored hash `index`.
Tile TileForIndex(int h, int64_t index);
/// The stored hash `index` computed from the data of tile t (which must hold it).
core::Expected<TlogHash> HashFromTile(const Tile& t, std::string_view data, int64_t index);

/// Reads tile data: one byte string per tile, in order (from a cache or the network).
using TileReader = std::function<core::Expected<std::vector<std::string>>(const std::vector<Tile>& tiles)>;

/// A HashReader over the tiles of a signed tree (tlog.TileHashReader): every tile is
/// authenticated against the tree hash before any hash is taken from it; a tile that
/// does not hash up fails with kCrypto "downloaded inconsistent tile". `h` is the tile
/// height (8 for the Go checksum database). `fetched`, when given, receives every tile
/// that was read and authenticated (to cache them).
HashReader TileHashReader(int64_t tree_size, const TlogHash& tree_hash, int h, TileReader tiles,
                          std::function<void(const std::vector<Tile>&, const std::vector<std::string>&)> fetched = {});

/// The tile a hash needs, widened to the tree of size n, k levels of tiles up ({} past the top).
Tile TileParent(Tile t, int k, int64_t n);

/// Standard base64 of a hash (44 characters).
std::string HashBase64(const TlogHash& h);

}  // namespace godiag::codec

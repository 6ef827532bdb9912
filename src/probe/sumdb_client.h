// The checksum database client (x/mod sumdb.Client, as cmd/go drives it): lookups (cached
// ones too, as the go command reuses its own), signed tree heads verified with the GOSUMDB
// key, every tree seen checked to be a prefix of the newest (the go command's `latest`,
// godiag's own and the database's /latest included), each record proved to be in the tree
// through authenticated tiles (each tile fetched once, in one parallel batch).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "codec/sumdb_note.h"
#include "core/go_settings.h"
#include "core/net.h"
#include "platform/file_system.h"

namespace godiag::probe {

/// One answer for a database path.
struct DbAnswer {
  bool ok = false;
  bool not_found = false;  ///< 404/410
  std::string body;
  std::string error;       ///< the go command's text, e.g. "reading URL: 410 Gone\n\tserver response: …"
};

/// Fetches paths relative to the database base ("/lookup/M@V", "/tile/8/0/000"), at once.
using DbFetcher = std::function<std::vector<DbAnswer>(const std::vector<std::string>& paths)>;

struct SumDbCaches {
  std::string go_latest;  ///< $GOPATH/pkg/sumdb/<name>/latest (read only; "" = unknown)
  std::string go_dir;     ///< $GOMODCACHE/cache/download/sumdb/<name> (read only tiles)
  std::string own_dir;    ///< godiag's cache for this database: `latest` and tiles.pack (written)
  bool read_tiles = true; ///< use cached tiles and lookups, and ask /latest (a probe of the server sets false:
                          ///< every lookup and tile from the network)
};

struct SumDbLookup {
  std::string path;
  std::string version;             ///< without "/go.mod"
  bool ok = false;
  bool not_found = false;
  int64_t id = -1;
  std::vector<std::string> lines;  ///< the record's lines for this module version
  std::string error;               ///< x/mod's text, without the "M@V: " prefix
  bool security = false;           ///< the error is a failed signature, proof or tile authentication
};

struct SumDbResult {
  std::vector<SumDbLookup> lookups;
  std::vector<core::TreeConsistency> consistency;
  std::optional<std::string> security;  ///< the go command's "SECURITY ERROR … misbehavior" text
  std::string note;                     ///< newest verified signed tree head
  codec::TreeHead tree;
  int tiles_fetched = 0;
  int tiles_from_cache = 0;
  int lookups_from_cache = 0;
};

/// Looks up every module version, verifies as described above. Never throws; problems
/// land in the lookups' errors, `consistency` and `security`.
SumDbResult VerifyLookups(const core::VerifierKey& key, const DbFetcher& fetch, const platform::FileSystem& fs,
                          const SumDbCaches& caches, const std::vector<std::pair<std::string, std::string>>& mods);

/// "/lookup/<escaped path>@<escaped version>".
std::string LookupPath(std::string_view path, std::string_view version);

}  // namespace godiag::probe

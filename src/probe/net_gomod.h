// The go command's check of every go.mod and zip it downloads (modfetch checkGoMod and
// hashZip → checkModSum): against the hashes in go.sum first, else against the checksum
// database's record. Pure.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "codec/gosum.h"
#include "core/net.h"
#include "core/snapshot.h"
#include "probe/sumdb_client.h"

namespace godiag::probe {

/// The files the go command reads hashes from, as it names them in its errors: the main
/// file ("go.sum", or "go.work.sum" in a workspace) first, then a workspace's module go.sum
/// files by path.
struct KnownSums {
  struct File {
    std::string name;
    std::vector<codec::GoSumLine> lines;
  };
  std::vector<File> files;
  /// (file name, hash) of every line for `path` `version` ("v1.2.3/go.mod"), in file order.
  std::vector<std::pair<std::string, std::string>> Find(const std::string& path, const std::string& version) const;
};

/// Checks a download of route `r` (its go.mod, or with `zip` its zip), hashed to `downloaded`
/// (h1:), as the go command would and, when it rejects it, sets `go_error` to what it prints. `lookup`: the database's answer for the module (nullptr when
/// not looked up), `db_name` its name. nullopt when the go command would not check (no
/// go.sum line and no database for it).
std::optional<core::DownloadCheck> CheckDownload(const core::Route& r, bool zip, const std::string& downloaded,
                                                 const KnownSums& sums, const SumDbLookup* lookup,
                                                 const std::string& db_name, std::optional<std::string>& go_error);

}  // namespace godiag::probe

// go.sum files as the go command reads them (modfetch.readGoSum).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"

namespace godiag::codec {

struct GoSumLine {
  std::string path;
  std::string version;  ///< "v1.2.3" or "v1.2.3/go.mod"
  std::string hash;     ///< "h1:…"
  int line = 0;         ///< 1-based
  bool go_mod() const { return version.size() > 7 && version.ends_with("/go.mod"); }
};

/// Blank lines are skipped, as is the old empty-go.mod hash the go command drops; any other
/// line without exactly three fields is the go command's fatal error
/// "malformed go.sum:\n<file>:<line>: wrong number of fields <n>".
core::Expected<std::vector<GoSumLine>> ParseGoSum(std::string_view file_name, std::string_view data);

/// The go.sum hash of a go.mod file's bytes (modfetch goModSum: dirhash.Hash1 over the one
/// file "go.mod"), "h1:" + base64(SHA-256("<hex SHA-256 of data>  go.mod\n")).
std::string GoModHash(std::string_view go_mod);

}  // namespace godiag::codec

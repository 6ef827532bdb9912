#include "probe/net_gomod.h"

namespace godiag::probe {

namespace {

// cmd/go/internal/modfetch/fetch.go's goSumMismatch, sumdbMismatch and sumdbAbsent.
constexpr const char* kGoSumMismatch =
    "\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\n"
    "The bits may have been replaced on the origin server, or an attacker may\n"
    "have intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.\n";
constexpr const char* kSumDbMismatch =
    "\n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.\n"
    "The bits may have been replaced on the origin server, or an attacker may\n"
    "have intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.\n";
constexpr const char* kSumDbAbsent =
    "\n\nSECURITY ERROR\nThis download does NOT match one reported by the checksum server.\n"
    "The checksum server has provided checksums, but the checksums do\n"
    "not contain an entry for the download.\nThe checksum server may be malfunctioning, or an attacker may have\n"
    "intercepted the checksum request.\nThe download cannot be verified.\n\n"
    "For more information, see 'go help module-auth'.\n";

// haveModSumLocked: an equal hash passes; the first other h1: hash is fatal.
std::optional<core::GoModCheck> AgainstGoSum(const core::Route& r, const std::string& downloaded,
                                             const KnownSums& sums, std::optional<std::string>& go_error) {
  auto recorded = sums.Find(r.module, r.version + "/go.mod");
  for (const auto& [file, hash] : recorded)
    if (hash == downloaded) return core::GoModCheck{downloaded, file, hash, true};
  for (const auto& [file, hash] : recorded) {
    if (!hash.starts_with("h1:")) continue;
    go_error = "verifying " + r.module + "@" + r.version + "/go.mod: checksum mismatch\n\tdownloaded: " + downloaded +
               "\n\t" + file + ":     " + hash + kGoSumMismatch;
    return core::GoModCheck{downloaded, file, hash, false};
  }
  return std::nullopt;
}

// checkSumDB on the database's answer for the module.
core::GoModCheck AgainstDb(const core::Route& r, const std::string& downloaded, const SumDbLookup& l,
                           const std::string& db_name, std::optional<std::string>& go_error) {
  std::string mv = r.module + "@" + r.version;
  core::GoModCheck c{downloaded, db_name, "", false};
  if (!l.ok) {
    go_error = mv + ": verifying go.mod: " + mv + "/go.mod: " + l.error;
    c.lookup_failed = true;
    return c;
  }
  std::string prefix = r.module + " " + r.version + "/go.mod h1:";
  for (const auto& line : l.lines) {
    if (!line.starts_with(prefix)) continue;
    c.expected = line.substr(prefix.size() - 3);
    c.ok = c.expected == downloaded;
    if (!c.ok)
      go_error = mv + ": verifying go.mod: checksum mismatch\n\tdownloaded: " + downloaded + "\n\t" + db_name + ": " +
                 c.expected + kSumDbMismatch;
    return c;
  }
  go_error = mv + ": verifying go.mod: checksum missing from sumdb response" + std::string(kSumDbAbsent);
  return c;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> KnownSums::Find(const std::string& path,
                                                                 const std::string& version) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : files)
    for (const auto& l : f.lines)
      if (l.path == path && l.version == version) out.emplace_back(f.name, l.hash);
  return out;
}

std::optional<core::GoModCheck> CheckGoMod(const core::Route& r, const std::string& downloaded, const KnownSums& sums,
                                           const SumDbLookup* lookup, const std::string& db_name,
                                           std::optional<std::string>& go_error) {
  if (downloaded.empty() || r.version.empty()) return std::nullopt;
  if (auto c = AgainstGoSum(r, downloaded, sums, go_error)) return c;
  if (!r.checksum_db || !lookup) return std::nullopt;
  return AgainstDb(r, downloaded, *lookup, db_name, go_error);
}

}  // namespace godiag::probe

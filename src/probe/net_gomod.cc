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

// haveModSumLocked: an equal hash passes; the first other h1: hash is fatal (base.Fatalf,
// printed without "go: "). `version` is "v1.2.3" (zip) or "v1.2.3/go.mod".
std::optional<core::DownloadCheck> AgainstGoSum(const core::Route& r, const std::string& version,
                                                const std::string& downloaded, const KnownSums& sums,
                                                std::optional<std::string>& go_error) {
  auto recorded = sums.Find(r.module, version);
  for (const auto& [file, hash] : recorded)
    if (hash == downloaded) return core::DownloadCheck{downloaded, file, hash, true, false, ""};
  for (const auto& [file, hash] : recorded) {
    if (!hash.starts_with("h1:")) continue;
    go_error = "verifying " + r.module + "@" + version + ": checksum mismatch\n\tdownloaded: " + downloaded + "\n\t" +
               file + ":     " + hash + kGoSumMismatch;
    return core::DownloadCheck{downloaded, file, hash, false, false, ""};
  }
  return std::nullopt;
}

// checkSumDB on the database's answer for the module; `noun` "module" or "go.mod".
core::DownloadCheck AgainstDb(const core::Route& r, const std::string& version, const std::string& noun,
                              const std::string& downloaded, const SumDbLookup& l, const std::string& db_name,
                              std::optional<std::string>& go_error) {
  std::string mv = "go: " + r.module + "@" + r.version;  // printed as a module error, "go: " first
  core::DownloadCheck c{downloaded, db_name, "", false, false, ""};
  if (!l.ok) {
    go_error = mv + ": verifying " + noun + ": " + r.module + "@" + version + ": " + l.error;
    c.lookup_failed = true;
    return c;
  }
  std::string prefix = r.module + " " + version + " h1:";
  for (const auto& line : l.lines) {
    if (!line.starts_with(prefix)) continue;
    c.expected = line.substr(prefix.size() - 3);
    c.ok = c.expected == downloaded;
    if (!c.ok)
      go_error = mv + ": verifying " + noun + ": checksum mismatch\n\tdownloaded: " + downloaded + "\n\t" + db_name +
                 ": " + c.expected + kSumDbMismatch;
    return c;
  }
  go_error = mv + ": verifying " + noun + ": checksum missing from sumdb response" + std::string(kSumDbAbsent);
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

std::optional<core::DownloadCheck> CheckDownload(const core::Route& r, bool zip, const std::string& downloaded,
                                                 const KnownSums& sums, const SumDbLookup* lookup,
                                                 const std::string& db_name, std::optional<std::string>& go_error) {
  if (downloaded.empty() || r.version.empty()) return std::nullopt;
  std::string version = zip ? r.version : r.version + "/go.mod";
  if (auto c = AgainstGoSum(r, version, downloaded, sums, go_error)) return c;
  if (!r.checksum_db || !lookup) return std::nullopt;
  return AgainstDb(r, version, zip ? "module" : "go.mod", downloaded, *lookup, db_name, go_error);
}

}  // namespace godiag::probe

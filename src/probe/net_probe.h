// `godiag net`: probes every GOPROXY entry, the modules' direct origins and the checksum
// database of one environment for real, all requests concurrent under one deadline, then
// replays the go command's GOPROXY walk on the answers.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/net.h"
#include "core/snapshot.h"
#include "platform/http_client.h"
#include "platform/platform.h"
#include "probe/go_roots.h"
#include "probe/net_gomod.h"
#include "probe/sumdb_client.h"

namespace godiag::probe {

/// How one environment's go command talks HTTP: proxies from its HTTP(S)_PROXY/NO_PROXY,
/// its certificate roots, its credentials (.netrc per GOAUTH). Shared by net and sumdb.
class SideHttp {
 public:
  SideHttp(const core::EnvSide& side, const platform::Platform& p, std::chrono::steady_clock::time_point deadline);
  platform::HttpRequest Request(const std::string& url) const;
  std::vector<platform::HttpResponse> Fetch(const std::vector<platform::HttpRequest>& requests) const;
  /// The same with other certificate roots (to tell whether they would fix a TLS failure).
  std::vector<platform::HttpResponse> FetchWithRoots(const std::vector<platform::HttpRequest>& requests,
                                                     const std::string& pem) const;
  /// Loaded on first use (only https needs them; reading a system's roots is a few hundred files).
  const GoRoots& roots() const;
  const std::vector<std::string>& credential_notes() const { return credential_notes_; }
  std::string ProxyReason(const std::string& url) const;
  bool expired() const;
  /// A DbFetcher for the database at `base`.
  DbFetcher DbFetch(const std::string& base) const;
  void set_progress(platform::HttpProgress p) { progress_ = std::move(p); }
  /// Roots read by the caller, used instead of reading them again.
  void set_roots(GoRoots roots);

 private:
  const core::EnvSide& side_;
  const platform::Platform& p_;
  std::chrono::steady_clock::time_point deadline_;
  mutable std::once_flag roots_once_;
  mutable GoRoots roots_;
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> netrc_;  ///< machine → login, password
  std::vector<std::string> credential_notes_;
  platform::HttpProgress progress_;
};

/// web.Join: the base without its trailing '/', then '/', then the path.
std::string JoinUrl(const std::string& base, const std::string& path);

/// <proxy>/sumdb/<name>/supported, the go command's question to a proxy.
std::string SumDbSupportedUrl(const std::string& proxy, const std::string& name);

/// Where one environment's go command keeps its checksum database state for `name` (the
/// latest tree head under the first GOPATH entry, tiles under GOMODCACHE), plus godiag's.
SumDbCaches GoSumDbCaches(const core::EnvSide& side, const std::string& name, const std::string& own_root);

/// codehost.MaxZipFile: the go command refuses a larger module zip.
inline constexpr int64_t kGoMaxZipBytes = int64_t{500} << 20;

struct NetProbeOptions {
  std::vector<core::Route> routes;  ///< the modules to probe, routed under this side's settings
  std::chrono::milliseconds timeout{20000};
  platform::HttpProgress progress;
  std::string own_cache_dir;     ///< godiag's checksum database cache root ("" = none)
  std::optional<GoRoots> roots;  ///< this environment's roots when the caller has read them already
  std::string other_roots_pem;   ///< the other environment's roots, when they differ
  std::string other_roots_desc;
  std::map<std::string, std::string> vcs_tools;  ///< VCS name → path on this side's PATH ("git" → "/usr/bin/git")
  KnownSums sums;  ///< the hashes the go command would check downloads against (go.sum, go.work.sum)
  bool whole_zips = true;  ///< fetch the served zips whole (kept on disk) and check their hash
  /// Larger zips are not fetched: at most the go command's own limit (500 MiB), less for the
  /// modules godiag picks itself (a full `godiag net` would otherwise download every big dependency).
  int64_t zip_limit = kGoMaxZipBytes;
};

core::NetCheck ProbeNet(const core::EnvSide& side, const platform::Platform& p, const NetProbeOptions& o);

/// Where the go command sends checksum database requests (modfetch dbClient.initBase):
/// GOSUMDB's URL, else the first proxy whose /sumdb/<name>/supported answers 200, else
/// https://<name> when the walk ends in not-found; any other error makes the DB unavailable.
/// Fills db (redacted, for the report) and returns the base to use, credentials included
/// ("" when unavailable). `supported` holds one answer per proxy URL entry, in order.
std::string ChooseSumDbBase(const core::ParsedSettings& s, const std::vector<core::EndpointCheck>& supported,
                            core::SumDbCheck& db);

}  // namespace godiag::probe

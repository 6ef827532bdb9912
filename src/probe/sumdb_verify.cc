#include "probe/sumdb_verify.h"

#include <map>

#include "codec/go_patterns.h"
#include "codec/go_proxy.h"
#include "codec/go_sumdb.h"
#include "codec/gosum.h"
#include "codec/tlog.h"
#include "probe/net_endpoints.h"
#include "probe/net_probe.h"
#include "probe/sumdb_client.h"

namespace godiag::probe {

namespace {

using Clock = std::chrono::steady_clock;

std::string BaseVersion(const std::string& v) { return v.ends_with("/go.mod") ? v.substr(0, v.size() - 7) : v; }

// The database's base URL, chosen as the go command chooses it (all /supported in parallel).
std::string ResolveBase(const SideHttp& http, const core::ParsedSettings& s, core::SumDbCheck& db) {
  std::vector<platform::HttpRequest> reqs;
  for (const auto& e : s.goproxy.entries) {
    if (e.kind != core::ProxyKind::kUrl || s.gosumdb.url) continue;
    reqs.push_back(http.Request(SumDbSupportedUrl(e.url, s.gosumdb.name)));
  }
  auto resps = reqs.empty() ? std::vector<platform::HttpResponse>{} : http.Fetch(reqs);
  std::vector<core::EndpointCheck> supported;
  for (size_t i = 0; i < resps.size(); ++i) supported.push_back(ClassifyEndpoint("supported", "", reqs[i].url, reqs[i].url, resps[i]));
  std::string base = ChooseSumDbBase(s, supported, db);
  db.endpoints = supported;
  return base;
}

void CompareLine(core::SumLineCheck& c, const SumDbLookup& l, const std::string& db_name) {
  c.record_id = l.id;
  std::string who = c.path + "@" + BaseVersion(c.version);
  bool go_mod = c.version.ends_with("/go.mod");
  std::string verifying = go_mod ? "verifying go.mod: " : "verifying module: ";
  if (!l.ok) {
    c.status = l.not_found  ? core::SumLineStatus::kNotFound
               : l.security ? core::SumLineStatus::kError
                            : core::SumLineStatus::kUnreachable;
    c.detail = "go: " + who + ": " + verifying + who + (go_mod ? "/go.mod" : "") + ": " + l.error;
    return;
  }
  std::string prefix = c.path + " " + c.version + " h1:";
  for (const auto& line : l.lines)
    if (line.starts_with(prefix)) c.db_hash = line.substr(prefix.size() - 3);
  if (c.db_hash.empty()) {
    c.status = core::SumLineStatus::kMissing;
    c.detail = "go: " + who + ": " + verifying + "checksum missing from sumdb response (the proven record " +
               std::to_string(l.id) + " has no h1: line for " + c.path + " " + c.version + ")";
  } else if (c.db_hash != c.gosum_hash) {
    c.status = core::SumLineStatus::kMismatch;
    c.detail = "go: " + who + ": " + verifying + "checksum mismatch\n\tgo.sum:     " + c.gosum_hash + "\n\t" + db_name + ": " +
               c.db_hash;
  }
}

}  // namespace

core::SumDbVerify VerifyGoSum(const core::EnvSide& side, const platform::Platform& p, const std::string& gosum_path,
                              const std::string& data, const SumDbVerifyOptions& o) {
  auto start = Clock::now();
  core::SumDbVerify v;
  v.gosum_path = gosum_path;
  auto lines = codec::ParseGoSum(gosum_path, data);
  if (!lines) {
    v.error = lines.error().message;
    return v;
  }
  core::ParsedSettings s = side.settings;
  if (s.gosumdb.kind == core::SumDbKind::kOff) {
    s.gosumdb = codec::ParseGoSumDb("sum.golang.org");
    v.db.what_if = true;
  }
  if (s.gosumdb.kind != core::SumDbKind::kDatabase) {
    v.error = "GOSUMDB: " + s.gosumdb.error.value_or("invalid");
    return v;
  }
  auto key = codec::ParseVerifierKey(s.gosumdb.key);
  if (!key) {
    v.error = "GOSUMDB key: " + key.error().message;
    return v;
  }
  SideHttp http(side, p, start + o.timeout);
  http.set_progress(o.progress);
  std::string base = ResolveBase(http, s, v.db);
  if (v.db.error) {
    v.error = "the checksum database is unavailable: " + *v.db.error;
    return v;
  }
  std::map<std::pair<std::string, std::string>, size_t> index;
  std::vector<std::pair<std::string, std::string>> mods;
  for (const auto& l : *lines) {
    core::SumLineCheck c{l.path, l.version, l.line, l.hash, "", -1, core::SumLineStatus::kOk, ""};
    auto nosum = codec::MatchPrefixPatterns(s.gonosumdb.value, l.path);
    if (nosum) {
      c.status = core::SumLineStatus::kSkipped;
      c.detail = std::string(s.gonosumdb_from_goprivate ? "GOPRIVATE" : "GONOSUMDB") + " pattern \"" + *nosum + "\"";
    } else if (!l.hash.starts_with("h1:")) {
      c.status = core::SumLineStatus::kSkipped;
      c.detail = "unknown hash algorithm (the go command warns and cannot verify it)";
    } else if (index.emplace(std::make_pair(l.path, BaseVersion(l.version)), mods.size()).second) {
      mods.push_back({l.path, BaseVersion(l.version)});
    }
    v.lines.push_back(std::move(c));
  }
  SumDbCaches caches = GoSumDbCaches(side, s.gosumdb.name, o.own_cache_dir);
  auto res = VerifyLookups(*key, http.DbFetch(base), p.fs, caches, mods);
  for (auto& c : v.lines) {
    if (c.status == core::SumLineStatus::kSkipped) continue;
    CompareLine(c, res.lookups[index.at({c.path, BaseVersion(c.version)})], s.gosumdb.name);
  }
  v.consistency = res.consistency;
  if (res.security) v.error = *res.security;
  v.note = res.note;
  v.db.tree_size = res.tree.n;
  v.db.tree_hash = res.note.empty() ? "" : codec::HashBase64(res.tree.hash);
  v.lookups = static_cast<int>(mods.size());
  v.tiles_fetched = res.tiles_fetched;
  v.tiles_from_cache = res.tiles_from_cache;
  v.lookups_from_cache = res.lookups_from_cache;
  v.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return v;
}

}  // namespace godiag::probe

// ProbeNet: plan every request, fetch them in concurrent rounds (proxies and the database's
// /supported; then direct origins while the database is verified; then the served zips,
// whole), replay the go command's walk and its checks of what it downloads.
#include <algorithm>
#include <future>
#include <map>

#include "codec/go_proxy.h"
#include "codec/go_sumdb.h"
#include "codec/go_zip.h"
#include "probe/net_direct.h"
#include "probe/net_endpoints.h"
#include "probe/net_probe.h"

namespace godiag::probe {

namespace {

using Clock = std::chrono::steady_clock;

struct Planned {
  int proxy = -1;      ///< index into NetCheck::proxies, -1 for /supported
  std::string what;
  std::string module;  ///< "path@version" or "path"
  std::string url;
};

std::string ModuleUrl(const std::string& base, const std::string& path, const std::string& tail) {
  return JoinUrl(base, codec::EscapeModuleText(path) + "/" + tail);
}

void PlanModule(int proxy, const std::string& base, const core::Route& r, std::vector<Planned>& plan) {
  std::string mod = r.module + (r.version.empty() ? "" : "@" + r.version);
  std::string v = codec::EscapeModuleText(r.version);
  if (r.version.empty()) {
    plan.push_back({proxy, "list", mod, ModuleUrl(base, r.module, "@v/list")});
    plan.push_back({proxy, "latest", mod, ModuleUrl(base, r.module, "@latest")});
    return;
  }
  plan.push_back({proxy, "list", mod, ModuleUrl(base, r.module, "@v/list")});  // reported, not in the walk
  plan.push_back({proxy, "info", mod, ModuleUrl(base, r.module, "@v/" + v + ".info")});
  plan.push_back({proxy, "mod", mod, ModuleUrl(base, r.module, "@v/" + v + ".mod")});
  plan.push_back({proxy, "zip", mod, ModuleUrl(base, r.module, "@v/" + v + ".zip")});
}

std::vector<Planned> Plan(const core::ParsedSettings& s, const core::SumDbConfig& db, const std::vector<core::Route>& routes,
                          core::NetCheck& out) {
  std::vector<Planned> plan;
  for (const auto& e : s.goproxy.entries) {
    if (e.kind != core::ProxyKind::kUrl) continue;
    int idx = static_cast<int>(out.proxies.size());
    out.proxies.push_back({e, {}, {}});
    for (const auto& r : routes)
      for (const auto& step : r.steps)
        if (step.action == "fetch" && step.source == e.url) PlanModule(idx, e.url, r, plan);
    if (db.kind == core::SumDbKind::kDatabase && !db.url)
      plan.push_back({-1, "supported", "", SumDbSupportedUrl(e.url, db.name)});
  }
  return plan;
}

// Asks the other environment's roots whether they would accept a chain this side rejects.
void SecondOpinion(const SideHttp& http, const NetProbeOptions& o, const std::string& url, core::HostCheck& h) {
  if (h.failure != "tls-verify" || o.other_roots_pem.empty()) return;
  auto r = http.FetchWithRoots({http.Request(url)}, o.other_roots_pem);
  h.other_roots_trust = r.front().error != platform::NetError::kTlsVerify;
  h.other_roots = o.other_roots_desc;
}

void ReadRound1(const SideHttp& http, const NetProbeOptions& o, const std::vector<Planned>& plan,
                const std::vector<platform::HttpResponse>& resps, core::NetCheck& out,
                std::vector<core::EndpointCheck>& supported) {
  std::map<int, bool> host_done;
  for (size_t i = 0; i < plan.size(); ++i) {
    const auto& pl = plan[i];
    if (pl.proxy < 0) {
      supported.push_back(ClassifyEndpoint("supported", "", pl.url, pl.url, resps[i]));
      continue;
    }
    auto& proxy = out.proxies[pl.proxy];
    proxy.endpoints.push_back(ClassifyEndpoint(pl.what, pl.module, pl.url, proxy.entry.url, resps[i]));
    if (host_done[pl.proxy]) continue;
    host_done[pl.proxy] = true;
    proxy.host = HostFromResponse(pl.url, resps[i]);
    proxy.host.via_proxy_reason = http.ProxyReason(pl.url);
    SecondOpinion(http, o, pl.url, proxy.host);
  }
}

// What the go command asks a proxy: M@V → .info, .mod, .zip; M alone → @v/list, and @latest
// only when the list has no version.
SourceOutcome ProxyOutcome(const core::NetCheck& out, const core::Route& r, const std::string& source) {
  bool versioned = !r.version.empty();
  std::string mod = r.module + (versioned ? "@" + r.version : "");
  std::vector<const core::EndpointCheck*> eps;
  for (const auto& p : out.proxies)
    if (p.entry.url == source)
      for (const auto& e : p.endpoints)
        if (e.module == mod && !(versioned && e.what == "list")) eps.push_back(&e);
  if (eps.empty()) return {SourceOutcome::Kind::kError, "not probed"};
  if (!versioned && eps.front()->what == "list" && eps.front()->go_error.empty() && eps.front()->bytes > 0)
    eps.resize(1);
  return OutcomeOf(eps);
}

// Round 2a: origins of the modules whose walk reaches "direct".
void ProbeDirect(const SideHttp& http, const NetProbeOptions& o, core::NetCheck& out,
                 std::map<std::string, core::DirectCheck>& got) {
  const auto& routes = o.routes;
  std::vector<std::string> need;
  for (const auto& r : routes) {
    bool reaches = false;
    WalkProxies(r, [&](const core::RouteStep& st) {
      if (st.action == "direct") {
        reaches = true;
        return SourceOutcome{SourceOutcome::Kind::kError, "pending"};
      }
      return ProxyOutcome(out, r, st.source);
    });
    if (reaches && !got.count(r.module)) {
      need.push_back(r.module);
      got[r.module] = {};
    }
  }
  if (need.empty()) return;
  std::map<std::string, bool> insecure;
  for (const auto& r : routes) insecure[r.module] = insecure[r.module] || r.insecure;
  std::vector<platform::HttpRequest> reqs;
  for (const auto& m : need) {
    reqs.push_back(http.Request(DirectProbeUrl(m)));
    // GOINSECURE: the go-get page over https without verification, then over plain http.
    reqs.back().skip_verify = insecure[m] && KnownRepo(m).first.empty();
  }
  auto resps = http.Fetch(reqs);
  std::vector<size_t> retry;
  std::vector<platform::HttpRequest> plain;
  for (size_t i = 0; i < need.size(); ++i) {
    if (!reqs[i].skip_verify || resps[i].error == platform::NetError::kNone) continue;
    retry.push_back(i);
    reqs[i] = http.Request("http://" + reqs[i].url.substr(8));
    plain.push_back(reqs[i]);
  }
  auto second = plain.empty() ? std::vector<platform::HttpResponse>{} : http.Fetch(plain);
  for (size_t k = 0; k < retry.size(); ++k) resps[retry[k]] = second[k];
  for (size_t i = 0; i < need.size(); ++i) {
    got[need[i]] = ReadDirect(need[i], reqs[i].url, resps[i], o.vcs_tools, insecure[need[i]]);
    out.direct.push_back(got[need[i]]);
  }
}

// The modules to look up: the first one the database checks (the probe's own record), and
// every other the go command would ask about (its go.mod's or, when zips are fetched, its
// zip's line missing from go.sum).
std::vector<const core::Route*> LookupsToMake(const NetProbeOptions& o) {
  std::vector<const core::Route*> out;
  for (const auto& r : o.routes) {
    auto nosum = r.matched.find("GONOSUMDB");
    bool excluded = nosum != r.matched.end() && nosum->second.has_value();
    if (!excluded && !r.version.empty()) {
      out.push_back(&r);
      break;
    }
  }
  for (const auto& r : o.routes) {
    bool unknown = o.sums.Find(r.module, r.version + "/go.mod").empty() ||
                   (o.whole_zips && o.sums.Find(r.module, r.version).empty());
    bool asked = !r.version.empty() && r.checksum_db && unknown;
    if (asked && std::find(out.begin(), out.end(), &r) == out.end()) out.push_back(&r);
  }
  return out;
}

// Round 2b: the database: its tree head verified, the probe's record and the lookups the go
// command would make proved. `lookups` gets each answer by "path@version".
void ProbeSumDb(const SideHttp& http, const platform::Platform& p, const core::EnvSide& side,
                const core::ParsedSettings& s, const NetProbeOptions& o, const std::string& base, core::SumDbCheck& db,
                std::map<std::string, SumDbLookup>& lookups) {
  auto key = codec::ParseVerifierKey(s.gosumdb.key);
  if (db.error || !key) return;
  auto picks = LookupsToMake(o);
  if (picks.empty()) return;
  SumDbCaches caches = GoSumDbCaches(side, db.name, o.own_cache_dir);
  caches.read_tiles = false;  // probe the server: every tile it serves is checked
  std::vector<std::pair<std::string, std::string>> mods;
  for (const auto* r : picks) mods.emplace_back(r->module, r->version);
  auto res = VerifyLookups(*key, http.DbFetch(base), p.fs, caches, mods);
  for (const auto& l : res.lookups) {
    core::EndpointCheck e;
    e.what = "lookup";
    e.module = l.path + "@" + l.version;
    e.url = codec::RedactUrl(base) + LookupPath(l.path, l.version);
    e.status_text = l.ok ? "verified" : l.not_found ? "not found" : "failed";
    e.go_error = l.error;
    e.not_found = l.not_found;
    db.endpoints.push_back(e);
    lookups[e.module] = l;
  }
  const auto& l = res.lookups.front();
  db.verified_record = l.path + "@" + l.version;
  db.tree_size = res.tree.n;
  db.tree_hash = res.note.empty() ? "" : codec::HashBase64(res.tree.hash);
  if (res.security) {
    db.error = *res.security;
    db.security = true;
  } else if (!l.ok) {
    db.error = db.verified_record + ": " + l.error;
    db.security = l.security;
  } else if (l.lines.empty()) {
    // cmd/go since 1.26.3/1.25.10 (CVE-2026-42501): a proven record without the module's line.
    db.error = db.verified_record + ": checksum missing from sumdb response (proven record " + std::to_string(l.id) +
               " has no line for it)";
    db.security = true;
  }
  db.verified = !db.error;
}


// What the go command checks downloads against, for one environment.
struct SumChecks {
  std::string db_name;  ///< "" when the database is off (what-if probes do not count)
  const std::map<std::string, SumDbLookup>& lookups;
  const KnownSums& sums;
  const SumDbLookup* Lookup(const core::Route& r) const {
    auto l = lookups.find(r.module + "@" + r.version);
    return db_name.empty() || l == lookups.end() ? nullptr : &l->second;
  }
};

const core::EndpointCheck* ServedEndpoint(const core::NetCheck& out, const core::ModuleVerdict& v, const std::string& what) {
  for (const auto& p : out.proxies)
    if (p.entry.url == v.served_by)
      for (const auto& e : p.endpoints)
        if (e.what == what && e.module == v.module + "@" + v.version) return &e;
  return nullptr;
}

bool ServedByProxy(const core::ModuleVerdict& v) {
  return !v.go_error && !v.served_by.empty() && v.served_by != "direct" && !v.version.empty();
}

// The go.mod the serving proxy returned, checked as the go command checks downloads.
void CheckServedGoMod(const core::NetCheck& out, const core::Route& r, const SumChecks& sc, core::ModuleVerdict& v) {
  if (!ServedByProxy(v)) return;
  const auto* e = ServedEndpoint(out, v, "mod");
  v.go_mod = CheckDownload(r, false, e ? e->go_mod_hash : "", sc.sums, sc.Lookup(r), sc.db_name, v.go_error);
}

// Round 3: the zips the proxies serve, fetched whole (up to o.zip_limit, spooled to disk), read
// and hashed as modfetch.downloadZip does, then checked like the go.mod.
void CheckServedZips(const SideHttp& http, const NetProbeOptions& o, const SumChecks& sc, core::NetCheck& out) {
  std::vector<size_t> which;
  std::vector<platform::HttpRequest> reqs;
  for (size_t i = 0; i < out.modules.size(); ++i) {
    auto& v = out.modules[i];
    const auto* e = ServedByProxy(v) ? ServedEndpoint(out, v, "zip") : nullptr;
    if (!e) continue;
    std::string mib = std::to_string(e->total_bytes >> 20) + " MiB";
    if (e->total_bytes > kGoMaxZipBytes) {  // proxyRepo.Zip reads MaxZipFile + 1 bytes and refuses
      v.zip = core::DownloadCheck{"", "", "", false, false,
                                  "not fetched: " + mib + " is over the go command's 500 MiB limit for a module zip"};
      if (!v.go_error) v.go_error = "go: " + v.module + "@" + v.version + ": downloaded zip file too large";
      continue;
    }
    if (e->total_bytes > o.zip_limit) {
      v.zip = core::DownloadCheck{"", "", "", false, false,
                                  "not fetched: " + mib + " is over the " + std::to_string(o.zip_limit >> 20) +
                                      " MiB godiag downloads for the modules it picks itself; to check it, name it: "
                                      "godiag net " + v.module + "@" + v.version};
      continue;
    }
    reqs.push_back(http.Request(ModuleUrl(v.served_by, v.module, "@v/" + codec::EscapeModuleText(v.version) + ".zip")));
    reqs.back().max_body = static_cast<size_t>(kGoMaxZipBytes) + 1;
    reqs.back().spool = true;
    which.push_back(i);
  }
  if (reqs.empty()) return;
  auto resps = http.Fetch(reqs);
  for (size_t k = 0; k < which.size(); ++k) {
    auto& v = out.modules[which[k]];
    const auto& resp = resps[k];
    if (resp.error != platform::NetError::kNone || resp.status != 200 ||
        resp.body_bytes != static_cast<int64_t>(resp.Body().size())) {
      std::string why = resp.error == platform::NetError::kTimeout ? "the deadline passed"
                        : resp.error != platform::NetError::kNone  ? platform::NetErrorName(resp.error)
                        : resp.status != 200                       ? "status " + std::to_string(resp.status)
                                                                   : "over the limit";
      v.zip = core::DownloadCheck{"", "", "", false, false, "not fetched whole (" + why + ")"};
      continue;
    }
    auto hashed = codec::GoModuleZipHash(resp.Body(), v.module + "@" + v.version);
    if (!hashed.error.empty()) {
      v.zip = core::DownloadCheck{"", "", "", false, false, hashed.error};
      v.go_error = "go: " + hashed.error;  // downloadZip's errors carry no module prefix
      continue;
    }
    const core::Route& route = o.routes[which[k]];
    v.zip = CheckDownload(route, true, hashed.hash, sc.sums, sc.Lookup(route), sc.db_name, v.go_error);
  }
}

}  // namespace

core::NetCheck ProbeNet(const core::EnvSide& side, const platform::Platform& p, const NetProbeOptions& o) {
  auto start = Clock::now();
  core::NetCheck out;
  out.side = side.label;
  SideHttp http(side, p, start + o.timeout);
  http.set_progress(o.progress);
  if (o.roots) http.set_roots(*o.roots);
  out.roots = http.roots().description;
  out.credentials = http.credential_notes();
  // With GOSUMDB=off the default database is probed too: does turning it back on work?
  core::ParsedSettings dbs = side.settings;
  bool what_if = dbs.gosumdb.kind == core::SumDbKind::kOff;
  if (what_if) dbs.gosumdb = codec::ParseGoSumDb("sum.golang.org");
  auto plan = Plan(side.settings, dbs.gosumdb, o.routes, out);
  std::vector<platform::HttpRequest> reqs;
  for (const auto& pl : plan) {
    reqs.push_back(http.Request(pl.url));
    reqs.back().capture_chain = pl.url.starts_with("https://");
    if (pl.what == "zip") reqs.back().range = std::make_pair(int64_t{0}, int64_t{1023});
  }
  std::vector<core::EndpointCheck> supported;
  ReadRound1(http, o, plan, http.Fetch(reqs), out, supported);
  std::optional<core::SumDbCheck> db;
  std::string db_base;
  if (dbs.gosumdb.kind == core::SumDbKind::kDatabase) {
    db.emplace();
    db->what_if = what_if;
    db_base = ChooseSumDbBase(dbs, supported, *db);
    db->endpoints = supported;
  }
  std::map<std::string, core::DirectCheck> direct;
  std::map<std::string, SumDbLookup> lookups;
  auto db_done = std::async(std::launch::async, [&] {
    if (db) ProbeSumDb(http, p, side, dbs, o, db_base, *db, lookups);
  });
  ProbeDirect(http, o, out, direct);
  db_done.get();
  out.sumdb = db;
  SumChecks checks{db && !db->what_if ? db->name : "", lookups, o.sums};
  for (const auto& r : o.routes) {
    out.modules.push_back(WalkProxies(r, [&](const core::RouteStep& st) {
      if (st.action == "direct") {
        auto d = direct.find(r.module);
        if (d == direct.end()) return SourceOutcome{SourceOutcome::Kind::kError, "origin not probed"};
        return DirectOutcome(d->second, r);
      }
      return ProxyOutcome(out, r, st.source);
    }));
    CheckServedGoMod(out, r, checks, out.modules.back());
  }
  if (o.whole_zips) CheckServedZips(http, o, checks, out);
  out.deadline_hit = http.expired();
  out.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return out;
}

}  // namespace godiag::probe

#include "probe/net_probe.h"

#include <map>
#include <thread>

#include "codec/go_proxy.h"
#include "codec/go_sumdb.h"
#include "codec/goauth.h"
#include "codec/netrc.h"
#include "codec/proxy_env.h"
#include "probe/go_net_text.h"
#include "probe/net_direct.h"
#include "probe/net_endpoints.h"
#include "probe/proxy_walk.h"

namespace godiag::probe {

namespace {

using Clock = std::chrono::steady_clock;

std::string GoEnvValue(const core::EnvSide& side, const std::string& key) {
  auto it = side.go_env.values.find(key);
  if (it != side.go_env.values.end()) return it->second;
  auto e = side.env.find(key);
  return e == side.env.end() ? "" : e->second.value;
}

}  // namespace

SideHttp::SideHttp(const core::EnvSide& side, const platform::Platform& p, Clock::time_point deadline)
    : side_(side), p_(p), deadline_(deadline) {
  auto auth = codec::ParseGoAuth(GoEnvValue(side, "GOAUTH"));
  bool use_netrc = false;
  for (const auto& c : auth.commands) {
    if (c.kind == codec::GoAuthKind::kNetrc) use_netrc = true;
    if (c.kind == codec::GoAuthKind::kGit || c.kind == codec::GoAuthKind::kCustom)
      credential_notes_.push_back("GOAUTH command \"" + c.args.front() +
                                  "\" is not run by godiag; its credentials are not used by these probes");
  }
  auto path = codec::NetrcPath(side.process_env);
  if (!use_netrc || !path) return;
  auto data = p.fs.ReadFile(*path, 1 << 20);
  if (!data) return;
  std::string hosts;
  for (const auto& e : codec::ParseNetrc(*data)) {
    netrc_.push_back({e.machine, {e.login, e.password}});
    hosts += (hosts.empty() ? "" : ", ") + e.machine;
  }
  if (!hosts.empty()) credential_notes_.push_back(".netrc (" + *path + ") has credentials for: " + hosts);
}

platform::HttpRequest SideHttp::Request(const std::string& url) const {
  platform::HttpRequest r;
  r.url = url;
  if (url.starts_with("file:")) return r;
  auto choice = codec::ChooseProxy(codec::ReadProxyEnv(side_.process_env), url);
  r.proxy = choice.proxy_url;
  if (url.starts_with("https://")) {
    // auth.loadCredential: the URL without "https://", then each parent path, against the
    // .netrc machine names (so a machine name carries the port when the URL has one).
    std::string prefix = url.substr(8, url.find_first_of("?#", 8) == std::string::npos ? std::string::npos
                                                                                           : url.find_first_of("?#", 8) - 8);
    if (size_t at = prefix.find('@'); at != std::string::npos && at < prefix.find('/')) prefix = prefix.substr(at + 1);
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    for (bool found = false; !found && !prefix.empty();) {
      for (const auto& [machine, cred] : netrc_) {
        if (machine != prefix) continue;
        r.user = cred.first;
        r.password = cred.second;
        found = true;
        break;
      }
      size_t slash = prefix.rfind('/');
      prefix = slash == std::string::npos ? "" : prefix.substr(0, slash);
    }
  }
  return r;
}

std::string SideHttp::ProxyReason(const std::string& url) const {
  auto choice = codec::ChooseProxy(codec::ReadProxyEnv(side_.process_env), url);
  if (choice.error) return "proxy setting rejected: " + *choice.error;
  return choice.reason;
}

bool SideHttp::expired() const { return Clock::now() >= deadline_; }

std::vector<platform::HttpResponse> SideHttp::FetchWithRoots(const std::vector<platform::HttpRequest>& requests,
                                                             const std::string& pem) const {
  platform::HttpTransport t;
  if (!pem.empty()) t.ca_bundle = pem;
  t.user_agent = "godiag (Go-http-client compatible probe)";
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
  if (left.count() < 1) left = std::chrono::milliseconds(1);
  return p_.http.Fetch(requests, t, left, progress_);
}

void SideHttp::set_roots(GoRoots roots) {
  std::call_once(roots_once_, [&] { roots_ = std::move(roots); });
}

const GoRoots& SideHttp::roots() const {
  std::call_once(roots_once_, [this] { roots_ = LoadGoRoots(side_.process_env, p_.fs); });
  return roots_;
}

std::vector<platform::HttpResponse> SideHttp::Fetch(const std::vector<platform::HttpRequest>& requests) const {
  bool https = false;
  for (const auto& r : requests) https = https || r.url.starts_with("https://");
  return FetchWithRoots(requests, https ? roots().pem : std::string());
}

DbFetcher SideHttp::DbFetch(const std::string& base) const {
  return [this, base](const std::vector<std::string>& paths) {
    std::vector<platform::HttpRequest> reqs;
    for (const auto& path : paths) reqs.push_back(Request(JoinUrl(base, path)));
    auto resps = Fetch(reqs);
    std::vector<DbAnswer> out;
    for (size_t i = 0; i < resps.size(); ++i) {
      const auto& r = resps[i];
      DbAnswer a;
      std::string url = codec::RedactUrl(reqs[i].url);
      a.ok = r.error == platform::NetError::kNone && r.status == 200;
      a.not_found = r.status == 404 || r.status == 410;
      a.body = r.body;
      auto ct = r.headers.count("content-type") ? r.headers.at("content-type") : "";
      if (!a.ok)
        a.error = r.error != platform::NetError::kNone ? GoTransportError(url, UrlHost(url), r)
                                                        : GoHttpError(url, r.status, r.reason, ct, r.body);
      out.push_back(std::move(a));
    }
    return out;
  };
}

std::string JoinUrl(const std::string& base, const std::string& path) {
  std::string b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + (path.starts_with('/') ? "" : "/") + path;
}

std::string SumDbSupportedUrl(const std::string& proxy, const std::string& name) {
  return JoinUrl(proxy, "sumdb/" + name + "/supported");
}

SumDbCaches GoSumDbCaches(const core::EnvSide& side, const std::string& name, const std::string& own_root) {
  SumDbCaches c;
  std::string gopath = GoEnvValue(side, "GOPATH");
  gopath = gopath.substr(0, gopath.find(':'));
  std::string modcache = GoEnvValue(side, "GOMODCACHE");
  if (!gopath.empty()) c.go_latest = gopath + "/pkg/sumdb/" + name + "/latest";
  if (!modcache.empty()) c.go_dir = modcache + "/cache/download/sumdb/" + name;
  if (!own_root.empty()) c.own_dir = own_root + "/" + name;
  return c;
}

std::string ChooseSumDbBase(const core::ParsedSettings& s, const std::vector<core::EndpointCheck>& supported,
                            core::SumDbCheck& db) {
  db.name = s.gosumdb.name;
  if (s.gosumdb.url) {
    db.base_url = codec::RedactUrl(*s.gosumdb.url);
    db.base_reason = "GOSUMDB names the URL";
    return *s.gosumdb.url;
  }
  std::string best;
  bool best_not_found = true;
  int best_rank = 0;  // 0 not-found, 1 proxy error, 2 direct
  size_t next = 0;
  for (const auto& e : s.goproxy.entries) {
    std::string err;
    bool not_found = true;
    bool direct_rank = false;
    if (e.kind == core::ProxyKind::kNoProxy) {
      err = "path does not match GOPRIVATE/GONOPROXY";
    } else if (e.kind != core::ProxyKind::kUrl) {
      err = "module lookup disabled by GOPROXY=off";
      direct_rank = true;
    } else {
      const auto& sup = supported.at(next++);
      if (sup.go_error.empty()) {
        db.base_url = JoinUrl(codec::RedactUrl(e.url), "sumdb/" + db.name);
        db.base_reason = "the proxy " + codec::RedactUrl(e.url) + " answered 200 to /sumdb/" + db.name + "/supported";
        return JoinUrl(e.url, "sumdb/" + db.name);
      }
      err = sup.go_error;
      not_found = sup.not_found;
    }
    if (direct_rank) best = err, best_not_found = not_found, best_rank = 2;
    else if (best_rank <= 1 && !not_found) best = err, best_not_found = false, best_rank = 1;
    else if (best_rank == 0) best = err, best_not_found = not_found;
    if (e.fallback != core::Fallback::kOnAnyError && !not_found) break;
  }
  if (best_not_found) {
    db.base_url = "https://" + db.name;
    db.base_reason = "no GOPROXY entry serves it (404/410, direct or off), so the go command connects directly";
    return db.base_url;
  }
  db.error = best;
  db.base_reason = "a GOPROXY entry failed with an error other than 404/410, so the database is unavailable";
  return "";
}

}  // namespace godiag::probe

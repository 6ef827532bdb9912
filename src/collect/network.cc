#include "collect/network.h"

#include <future>
#include <map>

#include "codec/gosum.h"
#include "collect/route.h"
#include "collect/snapshot_builder.h"
#include "probe/go_roots.h"
#include "probe/net_probe.h"

namespace godiag::collect {

namespace {

// The largest zip fetched for a module godiag picked itself (named ones: the go command's 500 MiB).
constexpr int64_t kPickedModuleZipLimit = int64_t{64} << 20;

const char* const kNetVars[] = {"GOPROXY", "GONOPROXY", "GOPRIVATE", "GOSUMDB",     "GONOSUMDB",     "GOINSECURE",
                                "GOAUTH",  "GOVCS",     "NETRC",     "HTTPS_PROXY", "https_proxy",   "HTTP_PROXY",
                                "http_proxy", "NO_PROXY", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "PATH"};

std::string NetValue(const core::EnvSide& side, const std::string& k) {
  auto g = side.go_env.values.find(k);
  if (g != side.go_env.values.end()) return g->second;
  auto p = side.process_env.find(k);
  return p == side.process_env.end() ? "" : p->second;
}

bool NetworkSettingsDiffer(const core::Snapshot& s) {
  for (const char* k : kNetVars)
    if (NetValue(s.terminal, k) != NetValue(s.editor_side, k)) return true;
  return false;
}

// A short signature of how a route fetches and verifies.
std::string RouteShape(const core::Route& r) {
  std::string s = r.checksum_db.value_or("-");
  for (const auto& st : r.steps) s += "|" + st.action;
  return s;
}

std::string DirOf(const std::string& file) { return file.substr(0, file.rfind('/') + 1); }

void AddSumFile(const platform::FileSystem& fs, const std::string& path, const std::string& name,
                probe::KnownSums& sums) {
  auto text = fs.ReadFile(path, 64u << 20);
  if (!text) return;
  auto lines = codec::ParseGoSum(name, *text);
  if (lines) sums.files.push_back({name, std::move(*lines)});
}

// modfetch's go.sum state: go.work.sum and each workspace module's go.sum in a workspace
// (named by path in errors), else the main module's go.sum.
probe::KnownSums ReadKnownSums(const platform::FileSystem& fs, const core::Workspace& ws) {
  probe::KnownSums sums;
  if (ws.gowork) {
    std::string dir = DirOf(ws.gowork->path);
    AddSumFile(fs, dir + "go.work.sum", "go.work.sum", sums);
    for (const auto& use : ws.gowork->uses) {
      std::string mod_dir = use.starts_with("/") ? use : dir + use;
      std::string path = mod_dir + (mod_dir.ends_with("/") ? "" : "/") + "go.sum";
      AddSumFile(fs, path, path, sums);
    }
  } else if (ws.gomod) {
    AddSumFile(fs, DirOf(ws.gomod->path) + "go.sum", "go.sum", sums);
  }
  return sums;
}

}  // namespace

std::string SumDbCacheDir(const std::map<std::string, std::string>& env) {
  auto vars = env;
  std::string base = vars.count("XDG_CACHE_HOME") && !vars["XDG_CACHE_HOME"].empty() ? vars["XDG_CACHE_HOME"]
                     : vars.count("HOME") && !vars["HOME"].empty()                  ? vars["HOME"] + "/.cache"
                                                                                     : "";
  return base.empty() ? "" : base + "/godiag/sumdb";
}

std::vector<core::Route> DefaultNetRoutes(const core::EnvSide& side) {
  std::vector<core::Route> out;
  std::map<std::string, int> per_shape;
  for (const auto& r : side.routes) {
    if (r.version.empty() || per_shape[RouteShape(r)]++ >= 2 || out.size() >= 8) continue;
    out.push_back(r);
  }
  if (out.empty()) out.push_back(collect::ComputeRoute(side.settings, "rsc.io/quote", "v1.5.2"));
  return out;
}

std::vector<core::NetCheck> CollectNetwork(const core::Snapshot& snap, const platform::Platform& p,
                                           const NetworkOptions& net) {
  const auto& modules = net.modules;
  bool editor_only = net.editor_only;
  std::vector<const core::EnvSide*> sides;
  // A side whose go command's settings are unknown is not probed: its answers could not be judged.
  if (!editor_only && !snap.terminal.unknown) sides.push_back(&snap.terminal);
  if ((editor_only || NetworkSettingsDiffer(snap)) && !snap.editor_side.unknown) sides.push_back(&snap.editor_side);
  std::vector<std::future<core::NetCheck>> runs;
  // Each environment's roots are read once (a system's are a few hundred files).
  probe::GoRoots terminal_roots = probe::LoadGoRoots(snap.terminal.process_env, p.fs);
  probe::GoRoots editor_roots = probe::LoadGoRoots(snap.editor_side.process_env, p.fs);
  std::string cache = SumDbCacheDir(snap.process_env);
  probe::KnownSums sums = ReadKnownSums(p.fs, snap.workspace);
  for (const auto* side : sides) {
    probe::NetProbeOptions o;
    o.timeout = net.timeout;
    o.own_cache_dir = cache;
    o.sums = sums;
    o.whole_zips = net.whole_zips;
    for (const auto& m : modules) {
      size_t at = m.find('@');
      o.routes.push_back(collect::ComputeRoute(side->settings, m.substr(0, at), at == std::string::npos ? "" : m.substr(at + 1)));
    }
    if (modules.empty()) {
      o.routes = DefaultNetRoutes(*side);
      o.zip_limit = kPickedModuleZipLimit;
    }
    auto path = side->process_env.find("PATH");
    for (const char* tool : {"git", "hg", "svn", "bzr", "fossil"}) {
      std::string found = LookPath(p.fs, tool, path == side->process_env.end() ? "" : path->second);
      if (!found.empty()) o.vcs_tools[tool] = found;
    }
    const core::EnvSide* other = side == &snap.terminal ? &snap.editor_side : &snap.terminal;
    const probe::GoRoots& mine = side == &snap.terminal ? terminal_roots : editor_roots;
    const probe::GoRoots& other_roots = side == &snap.terminal ? editor_roots : terminal_roots;
    o.roots = mine;
    if (other_roots.pem != mine.pem) {
      o.other_roots_pem = other_roots.pem;
      o.other_roots_desc = other->label + ": " + other_roots.description;
    }
    if (net.progress) o.progress = [&net, label = side->label](size_t d, size_t t) { net.progress(label, d, t); };
    runs.push_back(std::async(std::launch::async, [side, &p, o] { return probe::ProbeNet(*side, p, o); }));
  }
  std::vector<core::NetCheck> out;
  for (auto& r : runs) out.push_back(r.get());
  return out;
}

}  // namespace godiag::collect

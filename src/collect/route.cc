#include "collect/route.h"

#include "codec/go_flags.h"
#include "codec/go_patterns.h"
#include "codec/go_proxy.h"
#include "codec/go_sumdb.h"
#include "codec/go_toolchain.h"
#include "codec/go_vcs.h"

namespace godiag::collect {

namespace {

std::string Get(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? "" : it->second;
}

std::string ModuleVersion(std::string_view module, std::string_view version) {
  return version.empty() ? std::string(module) : std::string(module) + "@" + std::string(version);
}

}  // namespace

core::ParsedSettings ParseSettings(const std::map<std::string, std::string>& env) {
  core::ParsedSettings s;
  std::string goprivate = Get(env, "GOPRIVATE");
  std::string gonoproxy = Get(env, "GONOPROXY");
  std::string gonosumdb = Get(env, "GONOSUMDB");
  s.gonoproxy_from_goprivate = gonoproxy.empty() && !goprivate.empty();
  s.gonosumdb_from_goprivate = gonosumdb.empty() && !goprivate.empty();
  if (gonoproxy.empty()) gonoproxy = goprivate;
  if (gonosumdb.empty()) gonosumdb = goprivate;
  s.goprivate = codec::ParsePatternList(goprivate);
  s.gonoproxy = codec::ParsePatternList(gonoproxy);
  s.gonosumdb = codec::ParsePatternList(gonosumdb);
  s.goinsecure = codec::ParsePatternList(Get(env, "GOINSECURE"));
  s.goproxy = codec::ParseGoProxy(Get(env, "GOPROXY"), gonoproxy);
  s.gosumdb = codec::ParseGoSumDb(Get(env, "GOSUMDB"));
  s.govcs = codec::ParseGovcs(Get(env, "GOVCS"));
  s.goflags = codec::ParseGoFlags(Get(env, "GOFLAGS"));
  s.go111module = codec::ParseGo111Module(Get(env, "GO111MODULE"));
  s.gotoolchain = codec::ParseGoToolchain(Get(env, "GOTOOLCHAIN"));
  return s;
}

core::Route ComputeRoute(const core::ParsedSettings& s, std::string_view module, std::string_view version) {
  core::Route r;
  r.module = std::string(module);
  r.version = std::string(version);
  // "go" and "toolchain" are served from golang.org/toolchain (modfetch lookup).
  std::string path = module == "go" || module == "toolchain" ? "golang.org/toolchain" : std::string(module);
  r.matched["GOPRIVATE"] = codec::MatchPrefixPatterns(s.goprivate.value, path);
  r.matched["GONOPROXY"] = codec::MatchPrefixPatterns(s.gonoproxy.value, path);
  r.matched["GONOSUMDB"] = codec::MatchPrefixPatterns(s.gonosumdb.value, path);
  r.matched["GOINSECURE"] = codec::MatchPrefixPatterns(s.goinsecure.value, path);
  bool private_proxy = r.matched["GONOPROXY"].has_value();

  if (s.goproxy.error) {
    r.error = "go: " + ModuleVersion(module, version) + ": " + *s.goproxy.error;
  } else {
    for (const auto& e : s.goproxy.entries) {
      core::RouteStep step;
      step.fallback = e.fallback;
      switch (e.kind) {
        case core::ProxyKind::kNoProxy:
          step.source = "noproxy";
          step.action = private_proxy ? "direct" : "skip: path does not match GOPRIVATE/GONOPROXY";
          break;
        case core::ProxyKind::kDirect:
          step.source = "direct";
          step.action = "direct";
          break;
        case core::ProxyKind::kOff:
          step.source = "off";
          // lookup(): a GONOPROXY path gets errNoproxy from every entry but noproxy/direct.
          step.action = private_proxy ? "skip: disabled by GOPRIVATE/GONOPROXY" : "fail: module lookup disabled by GOPROXY=off";
          break;
        case core::ProxyKind::kUrl:
          step.source = e.url;
          step.action = private_proxy ? "skip: disabled by GOPRIVATE/GONOPROXY" : "fetch";
          break;
      }
      if (step.action == "direct") r.direct = true;
      r.steps.push_back(std::move(step));
    }
    // Nothing fetches and the list ends in off: go's error for every lookup.
    bool any_fetch = false;
    for (const auto& st : r.steps) any_fetch = any_fetch || st.action == "fetch" || st.action == "direct";
    if (!any_fetch && !r.steps.empty() && r.steps.back().source == "off")
      r.error = "go: " + ModuleVersion(module, version) + ": module lookup disabled by GOPROXY=off";
  }
  if (r.direct && !s.govcs.error) {
    auto d = codec::DecideGovcs(s.govcs, s.goprivate.value, path, "git");
    r.govcs_rule = d.rule;
    for (const auto& rule : s.govcs.rules) {
      if (rule.pattern + ":" == d.rule.substr(0, rule.pattern.size() + 1)) {
        r.govcs_allowed = rule.vcs;
        break;
      }
    }
  }
  // Checksum database (modfetch useSumDB): the toolchain module always uses it.
  bool toolchain = path == "golang.org/toolchain";
  if (s.gosumdb.kind == core::SumDbKind::kOff && !toolchain) {
    r.checksum_reason = "GOSUMDB=off";
  } else if (r.matched["GONOSUMDB"] && !toolchain) {
    r.checksum_reason = (s.gonosumdb_from_goprivate ? "GOPRIVATE pattern \"" : "GONOSUMDB pattern \"") +
                        *r.matched["GONOSUMDB"] + "\"";
  } else if (s.gosumdb.kind == core::SumDbKind::kInvalid) {
    r.checksum_reason = "GOSUMDB is invalid: " + s.gosumdb.error.value_or("");
  } else if (s.gosumdb.kind == core::SumDbKind::kOff) {
    r.checksum_reason = "the toolchain module is always verified; fails with GOSUMDB=off";
  } else {
    r.checksum_db = s.gosumdb.name;
    r.checksum_reason = toolchain ? "golang.org/toolchain is always verified" : "not matched by GONOSUMDB/GOPRIVATE";
  }
  // GOINSECURE only matters for direct fetches.
  r.insecure = r.direct && r.matched["GOINSECURE"].has_value();
  return r;
}

}  // namespace godiag::collect

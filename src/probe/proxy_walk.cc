#include "probe/proxy_walk.h"

namespace godiag::probe {

namespace {

enum Rank { kNotExistRank = 0, kProxyRank = 1, kDirectRank = 2 };

// Steps that are decided without the network (route.cc's "skip: …" and "fail: …").
SourceOutcome StaticOutcome(const core::RouteStep& step) {
  // errNoproxy, errUseProxy and errProxyOff are all not-found class (modfetch/repo.go);
  // both prefixes ("skip: ", "fail: ") are six characters long.
  return {SourceOutcome::Kind::kNotFound, step.action.substr(6)};
}

std::string Describe(const SourceOutcome& o) {
  switch (o.kind) {
    case SourceOutcome::Kind::kOk: return "serves it";
    case SourceOutcome::Kind::kNotFound: return "not found (" + o.error + ")";
    case SourceOutcome::Kind::kError: return "error (" + o.error + ")";
  }
  return "";
}

}  // namespace

core::ModuleVerdict WalkProxies(const core::Route& route, const OutcomeFn& outcome) {
  core::ModuleVerdict v;
  v.module = route.module;
  v.version = route.version;
  v.private_module = route.matched.count("GONOPROXY") && route.matched.at("GONOPROXY").has_value();
  std::string who = route.module + (route.version.empty() ? "" : "@" + route.version);
  if (route.error && route.steps.empty()) {
    v.go_error = *route.error;
    return v;
  }
  std::string best;
  int best_rank = kNotExistRank;
  for (const auto& step : route.steps) {
    bool networked = step.action == "fetch" || step.action == "direct";
    SourceOutcome o = networked ? outcome(step) : StaticOutcome(step);
    if (step.action == "direct") v.reached_origin = true;
    v.tried.push_back(step.source + ": " + Describe(o));
    if (o.kind == SourceOutcome::Kind::kOk) {
      v.served_by = step.action == "direct" ? "direct" : step.source;
      return v;
    }
    bool not_found = o.kind == SourceOutcome::Kind::kNotFound;
    if (not_found && step.action == "fetch") v.public_not_found = true;
    // errUseProxy (noproxy for a public path) does not rank as a direct error.
    if (step.source == "direct" || (step.source == "noproxy" && step.action == "direct")) {
      best = o.error;
      best_rank = kDirectRank;
    } else if (best_rank <= kProxyRank && !not_found) {
      best = o.error;
      best_rank = kProxyRank;
    } else if (best_rank == kNotExistRank) {
      best = o.error;
    }
    if (step.fallback != core::Fallback::kOnAnyError && !not_found) break;
  }
  v.go_error = "go: " + who + ": " + best;
  return v;
}

}  // namespace godiag::probe

// The go command's walk of the GOPROXY list for one module (modfetch TryProxies + lookup),
// replayed on outcomes measured by the probes. Pure.
#pragma once

#include <functional>
#include <string>

#include "core/net.h"
#include "core/snapshot.h"

namespace godiag::probe {

struct SourceOutcome {
  enum class Kind { kOk, kNotFound, kError };
  Kind kind = Kind::kOk;
  std::string error;  ///< the go command's error text for this source ("" when ok)
};

/// Outcome of asking one source ("fetch" steps: a proxy URL; "direct" steps: the origin).
using OutcomeFn = std::function<SourceOutcome(const core::RouteStep&)>;

/// Walks route.steps like TryProxies: the next entry is tried after a not-found error, or
/// after any error when the entry was followed by '|'; the reported error is the best
/// ranked one (direct/noproxy > other proxy errors > not-found), the last of its rank.
core::ModuleVerdict WalkProxies(const core::Route& route, const OutcomeFn& outcome);

}  // namespace godiag::probe

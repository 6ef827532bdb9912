// Comparisons done at collection time so that rules only read data: toolchain selection,
// tool build versions against the go line, vendoring mode, editor paths that resolve.
#pragma once

#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

core::DerivedFacts ComputeDerived(const core::Snapshot& snap, const platform::Platform& p);

}  // namespace godiag::collect

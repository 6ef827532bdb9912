// Network evidence for `net` and the doctor: runs probe::ProbeNet for the terminal and,
// when its network settings differ, the editor, concurrently.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

struct NetworkOptions {
  std::vector<std::string> modules;  ///< MODULE@VERSION; empty = DefaultNetRoutes
  bool editor_only = false;
  std::chrono::milliseconds timeout{30000};
  bool whole_zips = true;  ///< fetch served zips whole (up to 500 MiB, kept on disk) to check their hash; the doctor does not
  /// Progress for one side's requests (called from fetch threads); empty = none.
  std::function<void(const std::string& side, size_t done, size_t total)> progress;
};

std::vector<core::NetCheck> CollectNetwork(const core::Snapshot& snap, const platform::Platform& p,
                                           const NetworkOptions& o);

/// The modules probed by default: up to two requirements per distinct route (at most 8),
/// else rsc.io/quote@v1.5.2.
std::vector<core::Route> DefaultNetRoutes(const core::EnvSide& side);

/// godiag's cache folder for checksum database tiles and tree heads ("" when no HOME).
std::string SumDbCacheDir(const std::map<std::string, std::string>& env);

}  // namespace godiag::collect

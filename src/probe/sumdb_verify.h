// `godiag sumdb verify [go.sum]`: every go.sum line checked against the checksum database
// the environment's go command uses (its GOSUMDB, reached the way the go command reaches it).
#pragma once

#include <chrono>
#include <string>

#include "core/net.h"
#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::probe {

struct SumDbVerifyOptions {
  std::chrono::milliseconds timeout{60000};
  std::string own_cache_dir;  ///< godiag's checksum database cache root ("" = none)
  platform::HttpProgress progress;
};

/// `data` is the go.sum text read from `gosum_path`.
core::SumDbVerify VerifyGoSum(const core::EnvSide& side, const platform::Platform& p, const std::string& gosum_path,
                              const std::string& data, const SumDbVerifyOptions& o);

}  // namespace godiag::probe

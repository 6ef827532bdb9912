// The bundle of I/O seams handed to collectors and probes.
#pragma once

#include "platform/clock.h"
#include "platform/environment.h"
#include "platform/file_system.h"
#include "platform/http_client.h"
#include "platform/process_runner.h"
#include "platform/process_table.h"
#include "platform/server_channel.h"

namespace godiag::platform {

struct Platform {
  const FileSystem& fs;
  const Environment& env;
  const ProcessRunner& runner;
  const Clock& clock;
  const ServerLauncher& launcher;
  const HttpClient& http;
  const ProcessTable* processes = nullptr;  ///< nullptr: no process table (ps reports it unknown)
};

}  // namespace godiag::platform

// Evidence about the Go language-tool processes running now (`godiag ps`, and the doctor):
// gopls (stdio, forwarders, daemons, the telemetry sidecar), dlv and debuggees, with what was
// compared to call one stale, duplicate or orphaned. Plain data.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace godiag::core {

enum class ProcessRole { kGopls, kGoplsForwarder, kGoplsDaemon, kGoplsTelemetry, kDlv, kDebuggee };
const char* ProcessRoleName(ProcessRole r);

/// One difference between a running process and what the editor would start now.
struct StaleReason {
  std::string what;     ///< "GOPROXY", "binary", "settings file", "go env file"
  std::string running;  ///< the process's value ("(unset)" when it has none)
  std::string now;      ///< the value now
  std::string source;   ///< where the value now comes from ("user env file /h/.config/go/env:2", a path)
};

struct GoProcess {
  int pid = 0;
  int ppid = 0;
  int uid = -1;
  ProcessRole role = ProcessRole::kGopls;
  std::vector<std::string> argv;      ///< redacted
  std::string exe;                    ///< the executable ("" = not readable)
  bool exe_deleted = false;           ///< "(deleted)": the binary was replaced or removed since it started
  std::string version;                ///< main module version from `go version -m` ("" = unknown)
  std::string built_with;             ///< Go version it was built with
  std::optional<int64_t> start_time;  ///< seconds since the epoch
  std::optional<int64_t> age_s;
  std::string cwd;                    ///< "" = not readable
  std::map<std::string, std::string> go_env;  ///< the Go variables of its environment that matter (redacted)
  bool env_readable = false;
  std::vector<std::string> unreadable;  ///< "environ: permission denied", …
  std::string parent;                 ///< "VS Code extension host", "Neovim", "init", "python3", …
  bool parent_is_editor = false;
  std::vector<std::string> parent_argv;
  std::string editor_user_data;       ///< --user-data-dir of a VS Code parent ("" = unknown)
  std::string listen;                 ///< daemon: "unix;/tmp/gopls-…-daemon.u"
  std::string remote;                 ///< forwarder: its -remote value
  // Verdicts computed at collection (rules read them):
  std::vector<StaleReason> stale;
  std::vector<int> duplicates;        ///< other servers with the same workspace and owner
  bool orphan = false;
  std::string orphan_reason;
};

struct ProcessScan {
  bool supported = true;                 ///< false: no process table on this OS (unknown, not empty)
  std::optional<std::string> error;      ///< why the table could not be read
  int own_uid = -1;
  std::vector<GoProcess> processes;      ///< by pid
  std::vector<std::string> notes;        ///< e.g. what other users' processes did not let us read
};

}  // namespace godiag::core

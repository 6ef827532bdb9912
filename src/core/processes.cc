#include "core/processes.h"

namespace godiag::core {

const char* ProcessRoleName(ProcessRole r) {
  switch (r) {
    case ProcessRole::kGopls: return "gopls";
    case ProcessRole::kGoplsForwarder: return "gopls forwarder";
    case ProcessRole::kGoplsDaemon: return "gopls daemon";
    case ProcessRole::kGoplsTelemetry: return "gopls telemetry";
    case ProcessRole::kDlv: return "dlv";
    case ProcessRole::kDebuggee: return "debuggee";
  }
  return "gopls";
}

}  // namespace godiag::core

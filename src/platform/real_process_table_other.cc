// Systems without a process-table implementation yet (macOS: KERN_PROCARGS2 / proc_pidinfo;
// Windows: Toolhelp32 + NtQueryInformationProcess, facts/logs-ps.md §4.2-4.3): every call
// says so, so `godiag ps` reports the processes as unknown rather than as none.
#ifndef __linux__

#include "platform/real_process_table.h"

namespace godiag::platform {

core::Expected<std::vector<ProcessEntry>> RealProcessTable::List() const {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "reading processes is not supported on this OS yet");
}

ProcessDetails RealProcessTable::Details(int) const { return {}; }

std::string RealProcessTable::ExecutableForReading(int) const { return ""; }

int RealProcessTable::CurrentUid() const { return -1; }

}  // namespace godiag::platform

#endif  // !__linux__

// The real process table (Linux /proc; elsewhere "not supported on this OS").
#pragma once

#include "platform/process_table.h"

namespace godiag::platform {

class RealProcessTable final : public ProcessTable {
 public:
  core::Expected<std::vector<ProcessEntry>> List() const override;
  ProcessDetails Details(int pid) const override;
  std::string ExecutableForReading(int pid) const override;
  int CurrentUid() const override;
};

}  // namespace godiag::platform

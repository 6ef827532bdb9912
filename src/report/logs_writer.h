// Renders the `logs` section (the logs read, newest first, and what each held) and the
// `processes` section of reports, for text, markdown and JSON.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "core/logs.h"
#include "core/processes.h"
#include "report/writer.h"

namespace godiag::report {

void WriteLogsText(const core::LogsScan& scan, const WriterOptions& o, std::ostream& out);
void WriteLogsMarkdown(const core::LogsScan& scan, std::ostream& out);
nlohmann::ordered_json LogsJson(const core::LogsScan& scan);

void WriteProcessesText(const core::ProcessScan& scan, const WriterOptions& o, std::ostream& out);
void WriteProcessesMarkdown(const core::ProcessScan& scan, std::ostream& out);
nlohmann::ordered_json ProcessesJson(const core::ProcessScan& scan);

/// "3d", "5h", "12m", "40s".
std::string ShortAge(int64_t seconds);

}  // namespace godiag::report

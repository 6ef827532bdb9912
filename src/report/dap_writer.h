// Renders the debugger probe section (server, launch configuration, phases with timings,
// capabilities, output events, stderr, exit) and `dap check` summaries for text, markdown
// and JSON reports.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "core/dap.h"
#include "report/writer.h"

namespace godiag::report {

void WriteDapText(const core::DapProbeResult& r, const WriterOptions& o, std::ostream& out);
void WriteDapMarkdown(const core::DapProbeResult& r, std::ostream& out);
nlohmann::ordered_json DapJson(const core::DapProbeResult& r);

void WriteDapTrafficText(const core::DapTrafficReport& r, std::ostream& out);
nlohmann::ordered_json DapTrafficJson(const core::DapTrafficReport& r);

}  // namespace godiag::report

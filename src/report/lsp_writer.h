// Renders the LSP probe section (phases with timings, server identity, capabilities,
// stderr summary) for text, markdown and JSON reports.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "core/lsp_probe.h"
#include "report/writer.h"

namespace godiag::report {

void WriteLspText(const core::LspProbeResult& r, const WriterOptions& o, std::ostream& out);
void WriteLspMarkdown(const core::LspProbeResult& r, std::ostream& out);
nlohmann::json LspJson(const core::LspProbeResult& r);

void WriteTrafficText(const core::LspTrafficReport& r, const WriterOptions& o, std::ostream& out);
void WriteTrafficMarkdown(const core::LspTrafficReport& r, std::ostream& out);
nlohmann::json TrafficJson(const core::LspTrafficReport& r);

}  // namespace godiag::report

// Renders the `problems` section: each problem as the editor shows it (file:line:col,
// severity, source, message), who sees it, then its cause; the terminal's commands and the
// experiments run. Text, markdown and JSON.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "core/problems.h"
#include "report/writer.h"

namespace godiag::report {

void WriteProblemsText(const core::ProblemsScan& scan, const std::string& workspace, const WriterOptions& o, std::ostream& out);
void WriteProblemsMarkdown(const core::ProblemsScan& scan, const std::string& workspace, std::ostream& out);
nlohmann::ordered_json ProblemsJson(const core::ProblemsScan& scan);

}  // namespace godiag::report

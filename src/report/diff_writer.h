// Renders `godiag diff` (core::ReportDiff) as text, markdown and JSON ("godiag.diff/1").
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "core/report_diff.h"
#include "report/writer.h"

namespace godiag::report {

/// Text and markdown group the items by rank; cosmetic ones (timings, pids) are counted and
/// listed only with -v. JSON lists every item in order. sarif is rendered as JSON.
void WriteDiff(const core::ReportDiff& diff, Format format, const WriterOptions& o, std::ostream& out);

nlohmann::ordered_json DiffJson(const core::ReportDiff& diff);

}  // namespace godiag::report

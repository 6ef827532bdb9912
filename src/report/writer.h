// Writers: render a Report (or the env table, routes, rule catalogue) per format at the end.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "core/report.h"
#include "core/rule.h"

namespace godiag::report {

enum class Format { kText, kJson, kMarkdown, kSarif };

/// "text", "json", "markdown", "sarif".
std::optional<Format> ParseFormat(std::string_view name);

struct WriterOptions {
  bool color = false;   ///< ANSI colour (decided by the CLI: a terminal and no NO_COLOR)
  bool verbose = false;
  int width = 100;
  bool compact_lsp = false;  ///< doctor: capabilities counted, listed only with -v
  bool compact_runtime = false;  ///< doctor: logs without events and no processes in one line each
};

/// `godiag doctor`. Every value and message is passed through core::RedactSecrets.
void WriteReport(const core::Report& report, Format format, const WriterOptions& o, std::ostream& out);
/// `godiag env` (sarif is rendered as json).
/// The environment table, then `notes` (what could not be known, how the editor was modelled).
void WriteEnvTable(const std::vector<core::EnvRow>& rows, const std::vector<std::string>& notes, Format format,
                   const WriterOptions& o, std::ostream& out);
/// `godiag route` (sarif is rendered as json).
void WriteRoutes(const std::vector<core::Route>& routes, Format format, const WriterOptions& o, std::ostream& out);
/// `godiag rules`; markdown renders docs/rules.md.
void WriteRuleCatalogue(const std::vector<core::RuleInfo>& rules, Format format, const WriterOptions& o,
                        std::ostream& out);

}  // namespace godiag::report

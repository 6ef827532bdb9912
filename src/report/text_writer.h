// Human formats: the doctor-style text report, tables, and markdown.
#pragma once

#include "report/writer.h"

namespace godiag::report {

void WriteReportText(const core::Report& report, const WriterOptions& o, std::ostream& out);
void WriteReportMarkdown(const core::Report& report, std::ostream& out);
void WriteEnvText(const std::vector<core::EnvRow>& rows, const WriterOptions& o, std::ostream& out);
void WriteEnvMarkdown(const std::vector<core::EnvRow>& rows, std::ostream& out);
void WriteRoutesText(const std::vector<core::Route>& routes, std::ostream& out);
void WriteRulesText(const std::vector<core::RuleInfo>& rules, std::ostream& out);
void WriteRulesMarkdown(const std::vector<core::RuleInfo>& rules, std::ostream& out);

}  // namespace godiag::report

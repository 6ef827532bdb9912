#include "report/writer.h"

#include "report/json_writer.h"
#include "report/text_writer.h"

namespace godiag::report {

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  if (name == "markdown") return Format::kMarkdown;
  if (name == "sarif") return Format::kSarif;
  return std::nullopt;
}

void WriteReport(const core::Report& report, Format format, const WriterOptions& o, std::ostream& out) {
  switch (format) {
    case Format::kText: WriteReportText(report, o, out); break;
    case Format::kJson: out << ReportJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n"; break;
    case Format::kMarkdown: WriteReportMarkdown(report, out); break;
    case Format::kSarif: out << SarifJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n"; break;
  }
}

void WriteEnvTable(const std::vector<core::EnvRow>& rows, const std::vector<std::string>& notes, Format format,
                   const WriterOptions& o, std::ostream& out) {
  switch (format) {
    case Format::kText:
      WriteEnvText(rows, o, out);
      for (const auto& n : notes) out << "note: " << core::RedactSecrets(n) << "\n";
      break;
    case Format::kMarkdown:
      WriteEnvMarkdown(rows, out);
      for (const auto& n : notes) out << "\n_" << core::RedactSecrets(n) << "_\n";
      break;
    case Format::kJson:
    case Format::kSarif: {
      auto doc = EnvJson(rows);
      doc["notes"] = nlohmann::ordered_json::array();
      for (const auto& n : notes) doc["notes"].push_back(core::RedactSecrets(n));
      out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      break;
    }
  }
}

void WriteRoutes(const std::vector<core::Route>& routes, Format format, const WriterOptions&, std::ostream& out) {
  if (format == Format::kText || format == Format::kMarkdown) WriteRoutesText(routes, out);
  else out << RoutesJson(routes).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void WriteRuleCatalogue(const std::vector<core::RuleInfo>& rules, Format format, const WriterOptions&,
                        std::ostream& out) {
  switch (format) {
    case Format::kText: WriteRulesText(rules, out); break;
    case Format::kMarkdown: WriteRulesMarkdown(rules, out); break;
    case Format::kJson:
    case Format::kSarif: out << RulesJson(rules).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n"; break;
  }
}

}  // namespace godiag::report

// JSON documents of the report, env table, routes and rule catalogue (public schemas), and SARIF.
#pragma once

#include <nlohmann/json.hpp>

#include "report/writer.h"

namespace godiag::report {

nlohmann::ordered_json ReportJson(const core::Report& report);
nlohmann::ordered_json EnvJson(const std::vector<core::EnvRow>& rows);
nlohmann::ordered_json RoutesJson(const std::vector<core::Route>& routes);
nlohmann::ordered_json RulesJson(const std::vector<core::RuleInfo>& rules);
nlohmann::ordered_json SarifJson(const core::Report& report);

}  // namespace godiag::report

#include "report/json_writer.h"

#include <set>

#include "report/logs_writer.h"
#include "report/lsp_writer.h"
#include "report/net_writer.h"

namespace godiag::report {

namespace {

using core::RedactSecrets;
using Json = nlohmann::ordered_json;

Json NullOr(const std::optional<std::string>& s) { return s ? Json(RedactSecrets(*s)) : Json(nullptr); }

Json ValueJson(const core::EnvValue& v) {
  Json j;
  j["value"] = RedactSecrets(v.value);
  j["set"] = v.set;
  j["source"] = core::DescribeSource(v.source);
  j["source_kind"] = core::SourceKindName(v.source.kind);
  if (!v.source.path.empty()) j["path"] = v.source.path;
  if (v.source.line > 0) j["line"] = v.source.line;
  return j;
}

Json FindingJson(const core::Finding& f) {
  Json j;
  j["id"] = f.id;
  j["severity"] = core::SeverityName(f.severity);
  j["title"] = f.title;
  j["message"] = RedactSecrets(f.message);
  j["subject"] = RedactSecrets(f.subject);
  j["evidence"] = Json::array();
  for (const auto& e : f.evidence) {
    Json ev;
    ev["source"] = e.source;
    ev["key"] = e.key;
    ev["value"] = RedactSecrets(e.value);
    if (e.location) ev["location"] = *e.location;
    j["evidence"].push_back(ev);
  }
  j["fixes"] = Json::array();
  for (const auto& x : f.fixes) {
    Json fx;
    fx["description"] = RedactSecrets(x.description);
    if (x.command) fx["command"] = RedactSecrets(*x.command);
    j["fixes"].push_back(fx);
  }
  j["doc_url"] = f.doc_url;
  return j;
}

const char* FallbackName(core::Fallback f) {
  return f == core::Fallback::kOnAnyError ? "on-any-error" : "on-not-found";
}

}  // namespace

Json EnvJson(const std::vector<core::EnvRow>& rows) {
  Json vars = Json::array();
  for (const auto& r : rows) {
    Json j;
    j["name"] = r.name;
    j["terminal"] = ValueJson(r.terminal);
    j["editor"] = ValueJson(r.editor);
    j["differs"] = r.differs;
    vars.push_back(j);
  }
  Json doc;
  doc["variables"] = vars;
  return doc;
}

Json RoutesJson(const std::vector<core::Route>& routes) {
  Json mods = Json::array();
  for (const auto& r : routes) {
    Json j;
    j["module"] = r.module;
    j["version"] = r.version;
    j["proxies"] = Json::array();
    j["steps"] = Json::array();
    for (const auto& s : r.steps) {
      j["proxies"].push_back(RedactSecrets(s.source));
      j["steps"].push_back({{"source", RedactSecrets(s.source)}, {"action", s.action}, {"fallback", FallbackName(s.fallback)}});
    }
    j["direct"] = r.direct;
    j["govcs_rule"] = NullOr(r.govcs_rule);
    j["checksum_db"] = NullOr(r.checksum_db);
    j["checksum_reason"] = r.checksum_reason;
    j["insecure"] = r.insecure;
    Json matched;
    for (const char* var : {"GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"}) {
      auto it = r.matched.find(var);
      matched[var] = it == r.matched.end() ? Json(nullptr) : NullOr(it->second);
    }
    j["matched"] = matched;
    j["error"] = NullOr(r.error);
    mods.push_back(j);
  }
  Json doc;
  doc["modules"] = mods;
  return doc;
}

Json RulesJson(const std::vector<core::RuleInfo>& rules) {
  Json list = Json::array();
  for (const auto& r : rules) {
    list.push_back({{"id", r.id}, {"severity", core::SeverityName(r.severity)}, {"title", r.title},
                    {"what", r.what}, {"why", r.why}, {"fix", r.fix}, {"doc_url", core::RuleDocUrl(r.id)}});
  }
  Json doc;
  doc["rules"] = list;
  return doc;
}

Json ReportJson(const core::Report& report) {
  Json j;
  j["schema"] = report.schema;
  j["godiag_version"] = report.godiag_version;
  j["workspace"] = report.workspace;
  auto c = core::CountFindings(report.findings);
  j["summary"] = {{"errors", c.errors}, {"warnings", c.warnings}, {"infos", c.infos}};
  j["findings"] = Json::array();
  for (const auto& f : report.findings) j["findings"].push_back(FindingJson(f));
  j["environment"] = EnvJson(report.env)["variables"];
  j["tools"] = Json::array();
  for (const auto& t : report.tools)
    j["tools"].push_back({{"name", t.name}, {"path", t.path}, {"version", t.version}, {"detail", RedactSecrets(t.detail)}});
  j["routes"] = RoutesJson(report.routes)["modules"];
  if (report.lsp) j["lsp"] = LspJson(*report.lsp);
  if (!report.lsp_traffic.empty()) {
    j["lsp_check"] = Json::array();
    for (const auto& t : report.lsp_traffic) {
      Json one = TrafficJson(t);
      j["lsp_check"].push_back(std::move(one));
    }
  }
  if (!report.net.empty()) {
    j["net"] = Json::array();
    for (const auto& n : report.net) {
      Json one = NetJson(n);
      j["net"].push_back(std::move(one));
    }
  }
  if (report.sumdb_verify) j["sumdb_verify"] = SumDbVerifyJson(*report.sumdb_verify);
  if (report.logs) j["logs"] = LogsJson(*report.logs);
  if (report.processes) j["processes"] = ProcessesJson(*report.processes);
  j["notes"] = report.notes;
  return j;
}

Json SarifJson(const core::Report& report) {
  Json rules = Json::array();
  std::set<std::string> seen;
  for (const auto& f : report.findings) {
    if (!seen.insert(f.id).second) continue;
    rules.push_back({{"id", f.id}, {"shortDescription", {{"text", f.title}}}, {"helpUri", f.doc_url}});
  }
  Json results = Json::array();
  for (const auto& f : report.findings) {
    Json r;
    r["ruleId"] = f.id;
    r["level"] = f.severity == core::Severity::kError ? "error" : f.severity == core::Severity::kWarning ? "warning" : "note";
    r["message"] = {{"text", RedactSecrets(f.message)}};
    Json locations = Json::array();
    for (const auto& e : f.evidence) {
      if (!e.location) continue;
      std::string loc = *e.location;
      size_t colon = loc.rfind(':');
      Json phys;
      bool has_line = colon != std::string::npos && colon + 1 < loc.size() &&
                      loc.find_first_not_of("0123456789", colon + 1) == std::string::npos;
      phys["artifactLocation"] = {{"uri", has_line ? loc.substr(0, colon) : loc}};
      if (has_line) phys["region"] = {{"startLine", std::stoi(loc.substr(colon + 1))}};
      locations.push_back({{"physicalLocation", phys}});
    }
    if (!locations.empty()) r["locations"] = locations;
    results.push_back(r);
  }
  Json run;
  run["tool"] = {{"driver", {{"name", "godiag"}, {"version", report.godiag_version}, {"rules", rules}}}};
  run["results"] = results;
  Json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({run});
  return doc;
}

}  // namespace godiag::report

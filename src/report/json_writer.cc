#include "report/json_writer.h"

#include <set>

#include "report/dap_writer.h"
#include "report/logs_writer.h"
#include "report/problems_writer.h"
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
  if (v.unknown) j["unknown"] = *v.unknown;
  j["source"] = v.unknown ? "unknown" : core::DescribeSource(v.source);
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
  if (!f.side.empty()) j["side"] = f.side;
  if (!f.consequences.empty()) {
    j["consequences"] = Json::array();
    for (const auto& c : f.consequences) j["consequences"].push_back({{"id", c.id}, {"subject", RedactSecrets(c.subject)}});
  }
  if (f.caused_by) j["caused_by"] = {{"id", f.caused_by->id}, {"subject", RedactSecrets(f.caused_by->subject)}};
  return j;
}

Json ToolJson(const core::ToolInfo& t) {
  Json j{{"path", t.path}, {"why", t.why}, {"found_by", RedactSecrets(t.found_by)}, {"searched", Json::array()}};
  for (const auto& s : t.searched) j["searched"].push_back(RedactSecrets(s));
  if (t.unknown) j["unknown"] = RedactSecrets(*t.unknown);
  return j;
}

Json EditorModelJson(const core::EditorModel& m, const std::optional<core::EditorLaunch>& launch) {
  Json j;
  j["go"] = ToolJson(m.go);
  j["go_env_ok"] = m.go_env_ok;
  j["stopped"] = NullOr(m.stopped);
  j["goroot"] = m.goroot;
  j["activate_environment"] = m.activate_environment;
  j["path_prepended"] = NullOr(m.path_prepended);
  j["gopls_go"] = m.gopls_go;
  if (launch) {
    const char* kinds[] = {"systemd-user", "minimal-desktop", "terminal"};
    j["launched_from"] = kinds[static_cast<int>(launch->kind)];
    j["launch_origin"] = RedactSecrets(launch->origin);
  }
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
                    {"what", r.what}, {"why", r.why}, {"fix", r.fix}, {"doc_url", core::RuleDocUrl(r.id)},
                    {"follows_from", r.follows_from},
                    {"reports", r.reports}});
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
  if (report.editor_model) j["editor_model"] = EditorModelJson(*report.editor_model, report.editor_launch);
  if (report.lsp) j["lsp"] = LspJson(*report.lsp);
  if (report.dap) j["dap"] = DapJson(*report.dap);
  if (!report.dap_traffic.empty()) {
    j["dap_check"] = Json::array();
    for (const auto& t : report.dap_traffic) j["dap_check"].push_back(DapTrafficJson(t));
  }
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
  if (report.problems) j["problems"] = ProblemsJson(*report.problems);
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
    if (f.caused_by) {
      r["level"] = "note";  // counted with its cause
      r["properties"] = {{"caused_by", f.caused_by->id}, {"caused_by_subject", RedactSecrets(f.caused_by->subject)}};
    }
    if (!f.consequences.empty()) {
      Json ids = Json::array();
      for (const auto& c : f.consequences) ids.push_back(c.id);
      r["properties"] = {{"consequences", ids}};
    }
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

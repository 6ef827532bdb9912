#include "report/net_writer.h"

#include <fmt/format.h>

#include "core/report.h"

namespace godiag::report {

namespace {

using core::RedactSecrets;
using Json = nlohmann::json;

std::string Ms(double ms) { return ms >= 1000 ? fmt::format("{:.1f} s", ms / 1000) : fmt::format("{:.0f} ms", ms); }

std::string EndpointResult(const core::EndpointCheck& e) {
  std::string s = e.status ? e.status_text : e.failure;
  if (e.ms > 0) s += " " + Ms(e.ms);
  if (e.problem) s += " — " + *e.problem;
  return s;
}

std::string StatusName(core::SumLineStatus s) {
  switch (s) {
    case core::SumLineStatus::kOk: return "ok";
    case core::SumLineStatus::kMismatch: return "MISMATCH";
    case core::SumLineStatus::kMissing: return "MISSING";
    case core::SumLineStatus::kNotFound: return "not-found";
    case core::SumLineStatus::kSkipped: return "skipped";
    case core::SumLineStatus::kError: return "BAD-PROOF";
    case core::SumLineStatus::kUnreachable: return "unreachable";
  }
  return "";
}

std::string HostLine(const core::HostCheck& h) {
  if (h.origin.empty()) return "(not contacted)";
  std::string s = h.ok ? "reachable" : h.failure;
  if (!h.remote_ip.empty()) s += " " + h.remote_ip;
  if (h.ok) s += fmt::format(" (dns {} · connect {} · tls {})", Ms(h.dns_ms), Ms(h.connect_ms), Ms(h.tls_ms));
  if (!h.via_proxy.empty()) s += " via " + h.via_proxy;
  return s;
}

Json EndpointJson(const core::EndpointCheck& e) {
  Json j = {{"what", e.what}, {"module", e.module}, {"url", RedactSecrets(e.url)}, {"status", e.status},
            {"status_text", e.status_text}, {"ms", e.ms}, {"content_type", e.content_type}, {"failure", e.failure},
            {"not_found", e.not_found}};
  if (e.problem) j["problem"] = *e.problem;
  if (!e.go_error.empty()) j["go_error"] = RedactSecrets(e.go_error);
  return j;
}

Json HostJson(const core::HostCheck& h) {
  Json chain = Json::array();
  for (const auto& c : h.chain)
    chain.push_back({{"subject", c.subject}, {"issuer", c.issuer}, {"not_before", c.not_before},
                     {"not_after", c.not_after}, {"alt_names", c.alt_names}});
  Json j = {{"origin", RedactSecrets(h.origin)}, {"ok", h.ok}, {"remote_ip", h.remote_ip}, {"dns_ms", h.dns_ms},
            {"connect_ms", h.connect_ms}, {"tls_ms", h.tls_ms}, {"via_proxy", RedactSecrets(h.via_proxy)},
            {"via_proxy_reason", h.via_proxy_reason}, {"failure", h.failure}, {"go_error", RedactSecrets(h.go_error)},
            {"detail", RedactSecrets(h.detail)}, {"chain", chain}};
  if (h.other_roots_trust) j["other_roots"] = {{"roots", h.other_roots}, {"accept", *h.other_roots_trust}};
  return j;
}

Json SumDbJson(const core::SumDbCheck& db) {
  Json eps = Json::array();
  for (const auto& e : db.endpoints) eps.push_back(EndpointJson(e));
  Json j = {{"name", db.name}, {"what_if", db.what_if}, {"base_url", RedactSecrets(db.base_url)},
            {"base_reason", db.base_reason}, {"endpoints", eps}, {"verified", db.verified},
            {"verified_record", db.verified_record}, {"tree_size", db.tree_size}, {"tree_hash", db.tree_hash}};
  if (db.error) j["error"] = RedactSecrets(*db.error);
  return j;
}

void WriteSumDbText(const core::SumDbCheck& db, std::ostream& out) {
  out << "  checksum database " << db.name << (db.what_if ? " (GOSUMDB=off; probed to see whether it would work)" : "")
      << "\n    base: " << (db.base_url.empty() ? "-" : RedactSecrets(db.base_url)) << " — " << db.base_reason << "\n";
  if (db.verified)
    out << "    verified: " << db.verified_record << " proved in tree#" << db.tree_size << " " << db.tree_hash << "\n";
  if (db.error) out << "    error: " << RedactSecrets(*db.error) << "\n";
}

}  // namespace

namespace {

// What a reader compares between the two environments: verdicts, hosts, the database.
std::string Answers(const core::NetCheck& n) {
  std::string s;
  for (const auto& m : n.modules) s += m.module + "@" + m.version + "=" + m.served_by + "|" + m.go_error.value_or("") + "\n";
  for (const auto& p : n.proxies) s += p.entry.url + "=" + p.host.failure + "|" + p.host.go_error + "\n";
  for (const auto& d : n.direct) s += d.module + "=" + d.error.value_or("") + "|" + d.tool_path + "\n";
  if (n.sumdb) s += n.sumdb->base_url + "=" + (n.sumdb->verified ? "ok" : n.sumdb->error.value_or("")) + "\n";
  return s;
}

}  // namespace

void WriteNetTextAll(const std::vector<core::NetCheck>& all, const WriterOptions& o, std::ostream& out) {
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0 && !o.verbose && Answers(all[i]) == Answers(all[0])) {
      out << "Network (" << all[i].side << "): the same answers as the " << all[0].side << " (-v shows them)\n\n";
      continue;
    }
    WriteNetText(all[i], o, out);
  }
}

void WriteNetText(const core::NetCheck& n, const WriterOptions& o, std::ostream& out) {
  out << "Network (" << n.side << ", " << Ms(n.elapsed_ms) << (n.deadline_hit ? ", deadline hit" : "") << ")\n";
  out << "  roots: " << n.roots << "\n";
  for (const auto& c : n.credentials) out << "  credentials: " << RedactSecrets(c) << "\n";
  for (const auto& p : n.proxies) {
    out << "  proxy " << RedactSecrets(p.entry.url) << (p.entry.fallback == core::Fallback::kOnAnyError ? " |" : " ,")
        << "  " << RedactSecrets(HostLine(p.host)) << "\n";
    if (!p.host.go_error.empty()) out << "    " << RedactSecrets(p.host.go_error) << "\n";
    if (!o.verbose) continue;
    for (const auto& e : p.endpoints)
      out << "    " << e.what << " " << e.module << ": " << RedactSecrets(EndpointResult(e)) << "\n";
  }
  for (const auto& d : n.direct)
    out << "  direct " << d.module << ": " << (d.error ? RedactSecrets(*d.error) : d.vcs + " " + RedactSecrets(d.repo))
        << (d.tool_path.empty() ? "" : " (" + d.tool_path + ")") << "\n";
  if (n.sumdb) WriteSumDbText(*n.sumdb, out);
  for (const auto& m : n.modules) {
    std::string who = m.module + (m.version.empty() ? "" : "@" + m.version);
    out << "  " << who << " → " << (m.go_error ? "FAILS" : "served by " + RedactSecrets(m.served_by))
        << (m.go_mod && m.go_mod->ok ? ", go.mod matches " + m.go_mod->against : "")
        << (m.zip && m.zip->ok ? ", zip matches " + m.zip->against : "")
        << (m.zip && !m.zip->ok && !m.go_error ? ", zip " + m.zip->unreadable : "") << "\n";
    if (m.go_error) out << "    " << RedactSecrets(*m.go_error) << "\n";
    if (o.verbose)
      for (const auto& t : m.tried) out << "    tried " << RedactSecrets(t) << "\n";
  }
  out << "\n";
}

void WriteNetMarkdown(const core::NetCheck& n, std::ostream& out) {
  out << "## Network (" << n.side << ")\n\n| Proxy | Host | Result |\n|---|---|---|\n";
  for (const auto& p : n.proxies)
    out << "| " << RedactSecrets(p.entry.url) << " | " << RedactSecrets(HostLine(p.host)) << " | "
        << (p.host.go_error.empty() ? "ok" : RedactSecrets(p.host.go_error)) << " |\n";
  out << "\n| Module | Verdict |\n|---|---|\n";
  for (const auto& m : n.modules)
    out << "| " << m.module << (m.version.empty() ? "" : "@" + m.version) << " | "
        << (m.go_error ? RedactSecrets(*m.go_error) : "served by " + RedactSecrets(m.served_by)) << " |\n";
  if (n.sumdb)
    out << "\nChecksum database " << n.sumdb->name << ": " << RedactSecrets(n.sumdb->base_url) << " — "
        << (n.sumdb->verified ? "verified" : RedactSecrets(n.sumdb->error.value_or("not verified"))) << "\n";
  out << "\n";
}

Json NetJson(const core::NetCheck& n) {
  Json proxies = Json::array();
  for (const auto& p : n.proxies) {
    Json eps = Json::array();
    for (const auto& e : p.endpoints) eps.push_back(EndpointJson(e));
    proxies.push_back({{"url", RedactSecrets(p.entry.url)},
                       {"fallback", p.entry.fallback == core::Fallback::kOnAnyError ? "any-error" : "not-found"},
                       {"host", HostJson(p.host)},
                       {"endpoints", eps}});
  }
  Json modules = Json::array();
  for (const auto& m : n.modules) {
    Json j = {{"module", m.module}, {"version", m.version}, {"tried", m.tried},
              {"served_by", RedactSecrets(m.served_by)}, {"private", m.private_module},
              {"reached_origin", m.reached_origin}};
    for (auto& t : j["tried"]) t = RedactSecrets(t.get<std::string>());
    if (m.go_error) j["go_error"] = RedactSecrets(*m.go_error);
    for (const auto& [key, c] : {std::pair{"go_mod", &m.go_mod}, std::pair{"zip", &m.zip}})
      if (*c)
        j[key] = {{"downloaded", (*c)->downloaded}, {"against", (*c)->against}, {"expected", (*c)->expected},
                  {"ok", (*c)->ok}, {"lookup_failed", (*c)->lookup_failed}, {"unreadable", (*c)->unreadable}};
    modules.push_back(std::move(j));
  }
  Json direct = Json::array();
  for (const auto& d : n.direct) {
    Json j = {{"module", d.module}, {"url", RedactSecrets(d.url)}, {"reachable", d.reachable}, {"vcs", d.vcs},
              {"repo", RedactSecrets(d.repo)}, {"tool_path", d.tool_path}};
    if (d.error) j["error"] = RedactSecrets(*d.error);
    direct.push_back(std::move(j));
  }
  Json j = {{"side", n.side}, {"roots", n.roots}, {"credentials", n.credentials}, {"proxies", proxies},
            {"modules", modules}, {"direct", direct}, {"deadline_hit", n.deadline_hit}, {"elapsed_ms", n.elapsed_ms}};
  if (n.sumdb) j["sumdb"] = SumDbJson(*n.sumdb);
  return j;
}

void WriteSumDbVerifyText(const core::SumDbVerify& v, const WriterOptions& o, std::ostream& out) {
  int counts[7] = {0, 0, 0, 0, 0, 0, 0};
  for (const auto& l : v.lines) ++counts[static_cast<int>(l.status)];
  out << "go.sum: " << v.gosum_path << " — " << v.lines.size() << " lines, " << v.lookups << " lookups ("
      << v.lookups_from_cache << " from cache), "
      << v.tiles_fetched << " tiles fetched, " << v.tiles_from_cache << " from cache, " << Ms(v.elapsed_ms) << "\n";
  out << "database: " << v.db.name << (v.db.what_if ? " (GOSUMDB=off: checked against it anyway)" : "") << " at "
      << RedactSecrets(v.db.base_url) << " — " << v.db.base_reason << "\n";
  if (!v.note.empty()) out << "tree: tree#" << v.db.tree_size << " " << v.db.tree_hash << " (signature verified)\n";
  out << fmt::format("lines: {} ok, {} mismatch, {} missing, {} not found, {} skipped, {} bad proof, {} unreachable\n",
                     counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]);
  for (const auto& c : v.consistency)
    out << "consistency with " << c.against << ": " << (c.consistent && c.error.empty() ? "ok" : c.error) << "\n";
  if (o.verbose)
    for (const auto& l : v.lines)
      out << "  " << StatusName(l.status) << "  " << l.path << " " << l.version << (l.detail.empty() ? "" : ": " + l.detail)
          << "\n";
  out << "\n";
}

void WriteSumDbVerifyMarkdown(const core::SumDbVerify& v, std::ostream& out) {
  out << "## go.sum verification\n\n" << v.gosum_path << " against " << v.db.name << " (tree#" << v.db.tree_size
      << ")\n\n| Line | Module | Status |\n|---|---|---|\n";
  for (const auto& l : v.lines) out << "| " << l.line << " | " << l.path << " " << l.version << " | " << StatusName(l.status) << " |\n";
  out << "\n";
}

Json SumDbVerifyJson(const core::SumDbVerify& v) {
  Json lines = Json::array();
  for (const auto& l : v.lines)
    lines.push_back({{"line", l.line}, {"path", l.path}, {"version", l.version}, {"gosum_hash", l.gosum_hash},
                     {"db_hash", l.db_hash}, {"record_id", l.record_id}, {"status", StatusName(l.status)},
                     {"detail", RedactSecrets(l.detail)}});
  Json cons = Json::array();
  for (const auto& c : v.consistency)
    cons.push_back({{"against", c.against}, {"old_size", c.old_size}, {"consistent", c.consistent}, {"error", c.error},
                    {"proof", c.proof}});
  Json j = {{"gosum", v.gosum_path}, {"database", SumDbJson(v.db)}, {"note", v.note}, {"lines", lines},
            {"consistency", cons}, {"lookups", v.lookups}, {"tiles_fetched", v.tiles_fetched},
            {"tiles_from_cache", v.tiles_from_cache}, {"lookups_from_cache", v.lookups_from_cache},
            {"elapsed_ms", v.elapsed_ms}};
  if (v.error) j["error"] = RedactSecrets(*v.error);
  return j;
}

}  // namespace godiag::report

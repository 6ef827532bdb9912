#include "report/lsp_writer.h"

#include <fmt/format.h>

#include "core/report.h"

namespace godiag::report {

namespace {

using core::RedactSecrets;

std::string Command(const core::LspProbeResult& r) {
  if (!r.connect.empty()) return r.connect;
  std::string s;
  for (const auto& a : r.argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::string Bytes(uint64_t n) {
  if (n < 1024) return fmt::format("{} B", n);
  if (n < (1u << 20)) return fmt::format("{:.1f} KiB", static_cast<double>(n) / 1024);
  return fmt::format("{:.1f} MiB", static_cast<double>(n) / (1 << 20));
}

std::string Server(const core::LspProbeResult& r) {
  if (r.server_name.empty() && r.server_version.empty()) return "(no serverInfo)";
  return r.server_name + (r.server_version.empty() ? "" : " " + r.server_version);
}

std::string Capabilities(const core::LspProbeResult& r) {
  std::string s;
  for (const auto& c : r.capabilities) s += (s.empty() ? "" : ", ") + c;
  return s;
}

}  // namespace

void WriteLspText(const core::LspProbeResult& r, const WriterOptions& o, std::ostream& out) {
  out << "Server:  " << RedactSecrets(Command(r)) << "\n";
  if (!r.label.empty() && r.label != r.connect && (r.argv.empty() || r.label != r.argv[0]))
    out << "Started: " << RedactSecrets(r.label) << "\n";
  out << "Answers: " << RedactSecrets(Server(r)) << "\n";
  out << "Phases:\n";
  for (const auto& p : r.phases) {
    out << fmt::format("  {:<12} {:<8} {:>9.1f} ms  (at {:>8.1f} ms)", p.name, core::PhaseStatusName(p.status),
                       p.took_ms, p.at_ms);
    if (!p.detail.empty()) out << "  " << RedactSecrets(p.detail);
    out << "\n";
  }
  if (!r.capabilities.empty() && (o.verbose || !o.compact_lsp)) {
    out << "Capabilities (" << r.capabilities.size() << "): " << Capabilities(r) << "\n";
  } else if (!r.capabilities.empty()) {
    out << "Capabilities: " << r.capabilities.size() << " (-v lists them)\n";
  }
  out << "Traffic: " << Bytes(r.stdout_bytes) << " from the server, " << Bytes(r.stderr_bytes) << " on stderr; "
      << fmt::format("{:.1f} ms in all", r.total_ms) << "\n";
  if (o.verbose) {
    for (const auto& line : r.stderr_tail) out << "  stderr| " << RedactSecrets(line) << "\n";
  }
  out << "\n";
}

void WriteLspMarkdown(const core::LspProbeResult& r, std::ostream& out) {
  out << "## LSP probe\n\n- server: `" << RedactSecrets(Command(r)) << "`\n- answers: " << RedactSecrets(Server(r))
      << "\n\n| phase | status | took (ms) | at (ms) | detail |\n|---|---|---|---|---|\n";
  for (const auto& p : r.phases) {
    out << fmt::format("| {} | {} | {:.1f} | {:.1f} | {} |\n", p.name, core::PhaseStatusName(p.status), p.took_ms,
                       p.at_ms, RedactSecrets(p.detail));
  }
  if (!r.capabilities.empty()) out << "\nCapabilities (" << r.capabilities.size() << "): " << Capabilities(r) << "\n";
  out << "\n";
}

nlohmann::json LspJson(const core::LspProbeResult& r) {
  using nlohmann::json;
  json phases = json::array();
  for (const auto& p : r.phases) {
    phases.push_back({{"name", p.name}, {"status", core::PhaseStatusName(p.status)}, {"took_ms", p.took_ms},
                      {"at_ms", p.at_ms}, {"detail", RedactSecrets(p.detail)}});
  }
  json argv = json::array();
  for (const auto& a : r.argv) argv.push_back(RedactSecrets(a));
  json j{{"label", r.label},
         {"argv", argv},
         {"connect", r.connect},
         {"root_uri", r.root_uri},
         {"open_file", r.open_file},
         {"phases", phases},
         {"server", {{"name", r.server_name}, {"version", r.server_version}}},
         {"capabilities", r.capabilities},
         {"diagnostics", r.diagnostics},
         {"stdout_bytes", r.stdout_bytes},
         {"stderr_bytes", r.stderr_bytes},
         {"stderr_tail", json::array()},
         {"total_ms", r.total_ms},
         {"killed", r.killed},
         {"hung_in", r.hung_in},
         {"exited_early", r.exited_early}};
  for (const auto& l : r.stderr_tail) j["stderr_tail"].push_back(RedactSecrets(l));
  j["stderr_head"] = json::array();
  for (const auto& l : r.stderr_head) j["stderr_head"].push_back(RedactSecrets(l));
  j["exit_code"] = r.exit_code ? json(*r.exit_code) : json(nullptr);
  j["exit_signal"] = r.exit_signal ? json(*r.exit_signal) : json(nullptr);
  if (r.start_error) j["start_error"] = RedactSecrets(*r.start_error);
  if (r.panic) j["panic"] = {{"message", r.panic->message}, {"frames", r.panic->frames}};
  if (r.goroutines > 0) j["goroutine_dump"] = {{"goroutines", r.goroutines}, {"head", r.goroutine_dump}};
  json defects = json::array();
  for (const auto& d : r.defects) {
    json reactions = json::object();
    for (const auto& p : d.reactions) reactions[p.peer] = p.reaction;
    defects.push_back({{"id", d.id}, {"offset", d.offset}, {"count", d.count}, {"detail", RedactSecrets(d.detail)},
                       {"peers", reactions}, {"after_exit", d.after_exit}});
  }
  j["defects"] = defects;
  return j;
}

namespace {

std::string Identity(const std::string& name, const std::string& version) {
  if (name.empty()) return "(unknown)";
  return name + (version.empty() ? "" : " " + version);
}

}  // namespace

void WriteTrafficText(const core::LspTrafficReport& r, const WriterOptions& o, std::ostream& out) {
  out << r.file << ": " << r.format << ", " << r.messages << " messages, " << Bytes(r.bytes) << "\n";
  if (r.read_error) out << "  read error: " << *r.read_error << "\n";
  if (r.has_directions) {
    out << "  client: " << RedactSecrets(Identity(r.client_name, r.client_version))
        << "; server: " << RedactSecrets(Identity(r.server_name, r.server_version));
    if (!r.capabilities.empty()) out << "; " << r.capabilities.size() << " capabilities";
    out << "\n";
  }
  if (!r.methods.empty()) {
    out << fmt::format("  {:<44} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9}\n", "method", "count", "errors", "p50 ms",
                       "p95 ms", "p99 ms", "max ms");
    size_t shown = 0;
    for (const auto& m : r.methods) {
      if (!o.verbose && ++shown > 25) break;
      if (m.notification || !r.has_directions) {
        out << fmt::format("  {:<44} {:>9} {:>7}\n", m.method, m.requests, m.errors);
      } else {
        out << fmt::format("  {:<44} {:>9} {:>7} {:>9.1f} {:>9.1f} {:>9.1f} {:>9.1f}\n", m.method, m.requests, m.errors,
                           m.p50_ms, m.p95_ms, m.p99_ms, m.max_ms);
      }
    }
  }
  if (!r.slowest.empty()) {
    out << "  slowest requests:\n";
    for (const auto& s : r.slowest)
      out << fmt::format("    {:>9.1f} ms  {} (id {}) at {}\n", s.latency_ms, s.method, s.id, s.where);
  }
  if (!r.error_groups.empty()) {
    out << "  error responses:\n";
    for (const auto& [message, count] : r.error_groups) out << fmt::format("    {:>6}x  {}\n", count, RedactSecrets(message));
  }
  if (r.unanswered_total > 0) {
    out << "  never answered: " << r.unanswered_total << "\n";
    for (const auto& u : r.unanswered) out << "    " << u << "\n";
  }
  out << "\n";
}

void WriteTrafficMarkdown(const core::LspTrafficReport& r, std::ostream& out) {
  out << "## " << r.file << "\n\n- format: " << r.format << "\n- messages: " << r.messages << " (" << Bytes(r.bytes)
      << ")\n- client: " << RedactSecrets(Identity(r.client_name, r.client_version))
      << "\n- server: " << RedactSecrets(Identity(r.server_name, r.server_version)) << "\n\n";
  if (!r.methods.empty()) {
    out << "| method | count | errors | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n";
    for (const auto& m : r.methods) {
      out << fmt::format("| {} | {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} |\n", m.method, m.requests, m.errors,
                         m.p50_ms, m.p95_ms, m.p99_ms, m.max_ms);
    }
    out << "\n";
  }
}

nlohmann::json TrafficJson(const core::LspTrafficReport& r) {
  using nlohmann::json;
  json methods = json::array();
  for (const auto& m : r.methods) {
    methods.push_back({{"method", m.method}, {"count", m.requests}, {"errors", m.errors}, {"notification", m.notification},
                       {"p50_ms", m.p50_ms}, {"p95_ms", m.p95_ms}, {"p99_ms", m.p99_ms}, {"max_ms", m.max_ms}});
  }
  json slowest = json::array();
  for (const auto& s : r.slowest)
    slowest.push_back({{"method", s.method}, {"id", s.id}, {"latency_ms", s.latency_ms}, {"where", s.where}});
  json errors = json::array();
  for (const auto& [message, count] : r.error_groups) errors.push_back({{"message", RedactSecrets(message)}, {"count", count}});
  json defects = json::array();
  for (const auto& d : r.defects) {
    json reactions = json::object();
    for (const auto& p : d.reactions) reactions[p.peer] = p.reaction;
    defects.push_back({{"id", d.id}, {"where", d.where}, {"count", d.count}, {"detail", RedactSecrets(d.detail)},
                       {"peers", reactions}, {"after_exit", d.after_exit}});
  }
  json j{{"file", r.file},
         {"format", r.format},
         {"bytes", r.bytes},
         {"messages", r.messages},
         {"client", {{"name", r.client_name}, {"version", r.client_version}}},
         {"server", {{"name", r.server_name}, {"version", r.server_version}}},
         {"capabilities", r.capabilities},
         {"methods", methods},
         {"slowest", slowest},
         {"error_groups", errors},
         {"unanswered", r.unanswered},
         {"unanswered_total", r.unanswered_total},
         {"defects", defects}};
  j["read_error"] = r.read_error ? json(*r.read_error) : json(nullptr);
  return j;
}

}  // namespace godiag::report

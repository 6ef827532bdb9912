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
                       {"peers", reactions}});
  }
  j["defects"] = defects;
  return j;
}

}  // namespace godiag::report

#include "report/dap_writer.h"

#include <fmt/format.h>

#include "core/report.h"

namespace godiag::report {

namespace {

using core::RedactSecrets;
using Json = nlohmann::ordered_json;

std::string Command(const core::DapProbeResult& r) {
  if (!r.connect.empty()) return r.connect;
  std::string s;
  for (const auto& a : r.argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::string ServerLine(const core::DapServerInfo& s) {
  std::string out = s.kind.empty() ? "" : s.kind;
  if (!s.version.empty()) out += (out.empty() ? "" : ", ") + std::string("Delve ") + s.version;
  if (!s.built_with.empty()) out += " built with " + s.built_with;
  if (!s.fingerprint.empty()) out += (out.empty() ? "" : "; capabilities of ") + s.fingerprint;
  if (!s.listen_address.empty()) out += "; listening at " + s.listen_address;
  return out.empty() ? "(unknown)" : out;
}

std::string OneLine(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  for (auto& c : s) c = c == '\n' ? ' ' : c;
  return s.size() > 200 ? s.substr(0, 200) + "…" : s;
}

std::string ExitText(const core::DapProbeResult& r) {
  std::string s = r.exit_signal ? fmt::format("signal {}", *r.exit_signal)
                  : r.exit_code ? fmt::format("code {}", *r.exit_code)
                                : std::string("-");
  if (r.killed) s += " (godiag ended it)";
  return s;
}

}  // namespace

void WriteDapText(const core::DapProbeResult& r, const WriterOptions& o, std::ostream& out) {
  out << "Debugger: " << RedactSecrets(Command(r)) << (r.dir.empty() ? "" : "  (in " + r.dir + ")") << "\n";
  out << "Server:   " << ServerLine(r.server) << "\n";
  if (r.config) {
    out << "Config:   " << (r.config->name.empty() ? "(default)" : "\"" + r.config->name + "\"") << " from "
        << r.config->source << ": mode " << r.config->mode << ", program " << r.config->program << "\n";
  }
  out << "Phases:\n";
  for (const auto& p : r.phases) {
    out << fmt::format("  {:<22} {:<8} {:>9.1f} ms  (at {:>8.1f} ms)", p.name, core::PhaseStatusName(p.status),
                       p.took_ms, p.at_ms);
    if (!p.detail.empty()) out << "  " << RedactSecrets(OneLine(p.detail));
    out << "\n";
  }
  if (!r.capabilities.empty()) {
    out << "Capabilities: " << r.capabilities.size() << (o.verbose ? ":" : " (-v lists them)");
    if (o.verbose) {
      for (const auto& c : r.capabilities) out << " " << c;
    }
    out << "\n";
  }
  size_t shown = 0;
  for (const auto& e : r.output) {
    if (!o.verbose && ++shown > 12) break;
    out << "  output[" << e.category << "]| " << RedactSecrets(OneLine(e.text)) << "\n";
  }
  if (o.verbose) {
    for (const auto& line : r.stderr_lines) out << "  stderr| " << RedactSecrets(line) << "\n";
  }
  out << "Exit: " << ExitText(r) << "; debuggee " << (r.debuggee_pid ? std::to_string(r.debuggee_pid) : "-")
      << (r.debuggee_left ? " STILL RUNNING" : "") << "; binary " << (r.binary_left ? "LEFT at " + r.output_binary : "removed")
      << fmt::format("; {:.1f} ms in all", r.total_ms) << "\n\n";
}

void WriteDapMarkdown(const core::DapProbeResult& r, std::ostream& out) {
  out << "## Debugger probe\n\n- command: `" << RedactSecrets(Command(r)) << "`\n- server: " << ServerLine(r.server) << "\n";
  if (r.config) out << "- configuration: " << (r.config->name.empty() ? "(default)" : r.config->name) << " (" << r.config->source << ")\n";
  out << "\n| phase | status | ms |\n|---|---|---|\n";
  for (const auto& p : r.phases) out << fmt::format("| {} | {} | {:.1f} |\n", p.name, core::PhaseStatusName(p.status), p.took_ms);
  out << "\n";
}

Json DapJson(const core::DapProbeResult& r) {
  Json j;
  j["command"] = r.argv;
  if (!r.connect.empty()) j["connect"] = r.connect;
  j["dir"] = r.dir;
  j["server"] = {{"path", r.server.path}, {"found_by", r.server.found_by}, {"version", r.server.version},
                 {"built_with", r.server.built_with}, {"kind", r.server.kind}, {"listen_address", r.server.listen_address},
                 {"fingerprint", r.server.fingerprint}, {"terminal_path", r.server.terminal_path},
                 {"searched", r.server.searched}};
  if (r.config) {
    j["config"] = {{"name", r.config->name}, {"source", r.config->source}, {"mode", r.config->mode},
                   {"program", r.config->program}, {"build_dir", r.config->build_dir}, {"configurations", r.config->configurations}};
  }
  j["launch_arguments"] = Json::parse(r.launch_arguments.empty() ? "null" : r.launch_arguments, nullptr, false);
  if (r.start_error) j["start_error"] = *r.start_error;
  j["phases"] = Json::array();
  for (const auto& p : r.phases) {
    Json one = {{"name", p.name}, {"status", core::PhaseStatusName(p.status)}, {"took_ms", p.took_ms}, {"at_ms", p.at_ms}};
    if (!p.detail.empty()) one["detail"] = RedactSecrets(p.detail);
    j["phases"].push_back(std::move(one));
  }
  j["capabilities"] = r.capabilities;
  j["output"] = Json::array();
  for (const auto& e : r.output) j["output"].push_back({{"category", e.category}, {"output", RedactSecrets(e.text)}});
  j["stdout"] = r.stdout_lines;
  j["stderr"] = r.stderr_lines;
  j["errors"] = Json::array();
  for (const auto& e : r.error_responses) {
    j["errors"].push_back({{"command", e.command}, {"id", e.id}, {"message", e.message}, {"format", RedactSecrets(e.format)}});
  }
  Json exit = {{"killed", r.killed}, {"debuggee_pid", r.debuggee_pid}, {"debuggee_left", r.debuggee_left},
               {"binary_left", r.binary_left}, {"interrupted", r.interrupted}};
  exit["code"] = r.exit_code ? Json(*r.exit_code) : Json(nullptr);
  exit["signal"] = r.exit_signal ? Json(*r.exit_signal) : Json(nullptr);
  j["exit"] = std::move(exit);
  if (!r.hung_in.empty()) j["hung"] = {{"phase", r.hung_in}, {"after_ms", r.hung_after_ms}, {"last_output", r.last_output}};
  j["total_ms"] = r.total_ms;
  return j;
}

void WriteDapTrafficText(const core::DapTrafficReport& r, std::ostream& out) {
  out << "Input: " << r.file << " (" << r.format << "), " << r.messages << " messages\n";
  if (r.read_error) out << "  read error: " << *r.read_error << "\n";
  for (const auto& c : r.commands) {
    out << fmt::format("  {:<28} {:>6} requests {:>4} errors  max {:>8.1f} ms\n", c.command, c.requests, c.errors, c.max_ms);
  }
  for (const auto& u : r.unanswered) out << "  unanswered: " << u << "\n";
  out << "\n";
}

Json DapTrafficJson(const core::DapTrafficReport& r) {
  Json j = {{"file", r.file}, {"format", r.format}, {"messages", r.messages}, {"bytes", r.bytes}};
  if (r.read_error) j["read_error"] = *r.read_error;
  j["commands"] = Json::array();
  for (const auto& c : r.commands) {
    j["commands"].push_back({{"command", c.command}, {"requests", c.requests}, {"errors", c.errors}, {"max_ms", c.max_ms}});
  }
  j["unanswered"] = r.unanswered;
  j["errors"] = Json::array();
  for (const auto& e : r.errors) j["errors"].push_back({{"command", e.command}, {"id", e.id}, {"format", e.format}});
  return j;
}

}  // namespace godiag::report

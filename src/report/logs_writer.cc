#include "report/logs_writer.h"

#include <fmt/format.h>

#include "core/report.h"

namespace godiag::report {

namespace {

using Json = nlohmann::ordered_json;

const char* KindName(core::LogEventKind k) {
  switch (k) {
    case core::LogEventKind::kPanic: return "panic";
    case core::LogEventKind::kFatal: return "fatal";
    case core::LogEventKind::kSignal: return "signal";
    case core::LogEventKind::kSignature: return "signature";
  }
  return "signature";
}

std::string Pad(const std::string& s, size_t w) { return s.size() >= w ? s + " " : s + std::string(w - s.size(), ' '); }

std::string Editor(const core::LogSource& s) { return s.editor.empty() ? "(given)" : s.editor; }

std::vector<int> EventCounts(const core::LogsScan& scan) {
  std::vector<int> n(scan.sources.size());
  for (const auto& e : scan.events)
    if (e.source < n.size()) n[e.source] += e.count;
  return n;
}

}  // namespace

std::string ShortAge(int64_t s) {
  if (s >= 86400) return std::to_string(s / 86400) + "d";
  if (s >= 3600) return std::to_string(s / 3600) + "h";
  if (s >= 60) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

void WriteLogsText(const core::LogsScan& scan, const WriterOptions& o, std::ostream& out) {
  auto counts = EventCounts(scan);
  out << "Logs (" << scan.sources.size() << " read, newest session first):\n";
  out << "  " << Pad("EDITOR", 16) << Pad("SESSION", 16) << Pad("CHANNEL", 15) << Pad("AGE", 5) << Pad("EVENTS", 7)
      << "FILE\n";
  size_t hidden = 0;
  for (size_t i = 0; i < scan.sources.size(); ++i) {
    const auto& s = scan.sources[i];
    if (!o.verbose && !s.current && counts[i] == 0) {
      ++hidden;
      continue;
    }
    std::string session = s.session.empty() ? "-" : s.session;
    if (!s.current) session += "*";
    out << "  " << Pad(Editor(s), 16) << Pad(session, 16) << Pad(s.channel.empty() ? "-" : s.channel, 15)
        << Pad(s.age_s ? ShortAge(*s.age_s) : "?", 5) << Pad(std::to_string(counts[i]), 7) << s.path;
    if (s.gzip) out << " (gzip)";
    if (s.read_error) out << "  [" << *s.read_error << "]";
    if (s.truncated_lines) out << "  [overlong lines cut]";
    out << "\n";
  }
  if (hidden) out << "  … " << hidden << " more from older sessions without events (-v lists them)\n";
  bool any_old = false;
  for (const auto& s : scan.sources) any_old |= !s.current;
  if (any_old) out << "  * older session: its events are history\n";
  for (const auto& n : scan.notes) out << "  note: " << n << "\n";
  if (o.verbose && scan.searched) {
    out << "  searched:\n";
    for (const auto& r : scan.searched_roots) out << "    " << r << "\n";
  }
  out << "\n";
}

void WriteLogsMarkdown(const core::LogsScan& scan, std::ostream& out) {
  auto counts = EventCounts(scan);
  out << "## Logs\n\n| editor | session | channel | age | events | file |\n|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < scan.sources.size(); ++i) {
    const auto& s = scan.sources[i];
    out << "| " << Editor(s) << " | " << s.session << (s.current ? "" : " (older)") << " | " << s.channel << " | "
        << (s.age_s ? ShortAge(*s.age_s) : "?") << " | " << counts[i] << " | `" << s.path << "` |\n";
  }
  for (const auto& n : scan.notes) out << "\n_" << n << "_\n";
  out << "\n";
}

Json LogsJson(const core::LogsScan& scan) {
  Json j;
  j["searched"] = scan.searched;
  j["searched_roots"] = scan.searched_roots;
  j["sources"] = Json::array();
  for (const auto& s : scan.sources) {
    Json one = {{"path", s.path},       {"editor", s.editor}, {"session", s.session}, {"window", s.window},
                {"channel", s.channel}, {"format", s.format}, {"current", s.current}};
    one["age_s"] = s.age_s ? Json(*s.age_s) : Json(nullptr);
    one["bytes"] = s.bytes;
    one["lines"] = s.lines;
    one["gzip"] = s.gzip;
    one["truncated_lines"] = s.truncated_lines;
    one["read_error"] = s.read_error ? Json(*s.read_error) : Json(nullptr);
    one["extension_host_pids"] = s.extension_host_pids;
    j["sources"].push_back(std::move(one));
  }
  j["events"] = Json::array();
  for (const auto& e : scan.events) {
    Json one = {{"id", e.id},
                {"kind", KindName(e.kind)},
                {"source", e.source},
                {"file", e.source < scan.sources.size() ? scan.sources[e.source].path : ""},
                {"line", e.line},
                {"last_line", e.last_line},
                {"count", e.count},
                {"time", e.time},
                {"text", core::RedactSecrets(e.text)},
                {"frames", e.frames},
                {"goroutines", e.goroutines},
                {"gopls_version", e.gopls_version},
                {"go_version", e.go_version},
                {"current", e.current}};
    j["events"].push_back(std::move(one));
  }
  j["notes"] = scan.notes;
  return j;
}

}  // namespace godiag::report

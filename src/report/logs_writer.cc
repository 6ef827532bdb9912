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

std::string ShortSize(uint64_t bytes) {
  return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes >> 10) + " KiB";
}

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
  if (o.compact_runtime && !o.verbose && scan.events.empty()) {
    out << "Logs: " << scan.sources.size() << " read, no crash or known failure line"
        << (scan.sources.empty() ? " (no editor log of gopls found)" : "") << "\n\n";
    return;
  }
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
    if (s.skipped_bytes > 0) out << "  [only the last " << ShortSize(s.bytes) << " scanned]";
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
    one["skipped_bytes"] = s.skipped_bytes;
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

namespace {

std::string Flags(const core::GoProcess& g) {
  std::string s;
  auto add = [&](const char* f) { s += (s.empty() ? "" : ",") + std::string(f); };
  if (!g.stale.empty()) add("stale");
  if (g.exe_deleted) add("replaced");
  if (!g.duplicates.empty()) add("duplicate");
  if (g.orphan) add("orphan");
  return s.empty() ? "-" : s;
}

}  // namespace

void WriteProcessesText(const core::ProcessScan& scan, const WriterOptions& o, std::ostream& out) {
  out << "Processes (gopls, dlv):";
  if (!scan.supported || scan.error) {
    out << "\n  unknown: " << scan.error.value_or("not supported on this OS") << "\n\n";
    return;
  }
  if (o.compact_runtime && !o.verbose && scan.processes.empty()) {
    out << " none running" << (scan.notes.empty() ? "" : " here (" + scan.notes[0] + ")") << "\n\n";
    return;
  }
  out << "\n";
  if (scan.processes.empty()) out << "  none running\n";
  else
    out << "  " << Pad("PID", 8) << Pad("PPID", 8) << Pad("ROLE", 16) << Pad("AGE", 5) << Pad("VERSION", 10)
        << Pad("PARENT", 24) << Pad("FLAGS", 20) << "CWD\n";
  for (const auto& g : scan.processes) {
    out << "  " << Pad(std::to_string(g.pid), 8) << Pad(std::to_string(g.ppid), 8) << Pad(core::ProcessRoleName(g.role), 16)
        << Pad(g.age_s ? ShortAge(*g.age_s) : "?", 5) << Pad(g.version.empty() ? "?" : g.version, 10)
        << Pad(g.parent.empty() ? "?" : g.parent, 24) << Pad(Flags(g), 20) << (g.cwd.empty() ? "?" : g.cwd) << "\n";
    if (!o.verbose) continue;
    std::string argv;
    for (const auto& a : g.argv) argv += (argv.empty() ? "" : " ") + a;
    out << "      argv: " << argv << "\n      exe:  " << (g.exe.empty() ? "?" : g.exe) << (g.exe_deleted ? " (deleted)" : "")
        << "\n";
    for (const auto& [k, v] : g.go_env) out << "      env:  " << k << "=" << core::RedactSecrets(v) << "\n";
    for (const auto& e : g.unreadable) out << "      not readable: " << e << "\n";
  }
  for (const auto& n : scan.notes) out << "  note: " << n << "\n";
  out << "\n";
}

void WriteProcessesMarkdown(const core::ProcessScan& scan, std::ostream& out) {
  out << "## Processes\n\n";
  if (!scan.supported || scan.error) {
    out << "_unknown: " << scan.error.value_or("not supported on this OS") << "_\n\n";
    return;
  }
  out << "| pid | ppid | role | age | version | parent | flags | cwd |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& g : scan.processes)
    out << "| " << g.pid << " | " << g.ppid << " | " << core::ProcessRoleName(g.role) << " | "
        << (g.age_s ? ShortAge(*g.age_s) : "?") << " | " << g.version << " | " << g.parent << " | " << Flags(g) << " | `"
        << g.cwd << "` |\n";
  for (const auto& n : scan.notes) out << "\n_" << n << "_\n";
  out << "\n";
}

Json ProcessesJson(const core::ProcessScan& scan) {
  Json j;
  j["supported"] = scan.supported;
  j["error"] = scan.error ? Json(*scan.error) : Json(nullptr);
  j["own_uid"] = scan.own_uid;
  j["processes"] = Json::array();
  for (const auto& g : scan.processes) {
    Json one = {{"pid", g.pid}, {"ppid", g.ppid}, {"uid", g.uid}, {"role", core::ProcessRoleName(g.role)}, {"argv", g.argv}};
    one["exe"] = g.exe;
    one["exe_deleted"] = g.exe_deleted;
    one["version"] = g.version;
    one["built_with"] = g.built_with;
    one["start_time"] = g.start_time ? Json(*g.start_time) : Json(nullptr);
    one["age_s"] = g.age_s ? Json(*g.age_s) : Json(nullptr);
    one["cwd"] = g.cwd;
    Json env = Json::object();
    for (const auto& [k, v] : g.go_env) env[k] = core::RedactSecrets(v);
    one["env"] = g.env_readable ? env : Json(nullptr);
    one["unreadable"] = g.unreadable;
    one["parent"] = g.parent;
    one["parent_is_editor"] = g.parent_is_editor;
    one["parent_argv"] = g.parent_argv;
    one["editor_user_data"] = g.editor_user_data;
    one["listen"] = g.listen;
    one["remote"] = g.remote;
    one["stale"] = Json::array();
    for (const auto& r : g.stale)
      one["stale"].push_back({{"what", r.what}, {"running", r.running}, {"now", r.now}, {"source", r.source}});
    one["duplicates"] = g.duplicates;
    one["orphan"] = g.orphan;
    one["orphan_reason"] = g.orphan_reason;
    j["processes"].push_back(std::move(one));
  }
  j["notes"] = scan.notes;
  return j;
}

}  // namespace godiag::report

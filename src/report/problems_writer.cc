#include "report/problems_writer.h"

#include <fmt/format.h>

#include "core/report.h"

namespace godiag::report {

using core::Problem;
using core::RedactSecrets;
using nlohmann::ordered_json;

namespace {

std::string Rel(const std::string& file, const std::string& workspace) {
  if (file.empty()) return "(workspace)";
  return file.rfind(workspace + "/", 0) == 0 ? file.substr(workspace.size() + 1) : file;
}

std::string Position(const Problem& p, const std::string& workspace) {
  return p.file.empty() ? "(workspace)" : fmt::format("{}:{}:{}", Rel(p.file, workspace), p.line, p.column);
}

std::string Tag(const Problem& p) {
  std::string t = core::ProblemSeverityName(p.severity);
  if (!p.source.empty()) t += " " + p.source;
  if (!p.code.empty()) t += " " + p.code;
  return t;
}

std::string CauseText(const core::ProblemCause& c) {
  if (c.kind == core::CauseKind::kNone) return "";
  std::string s = core::CauseKindName(c.kind);
  if (!c.name.empty()) s += " " + c.name + (c.editor_value.empty() || c.kind == core::CauseKind::kBuildFlag ? "" : "=" + c.editor_value);
  if (!c.source.empty()) s += " (" + c.source + ")";
  if (!c.detail.empty()) s += ": " + c.detail;
  return s;
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

std::string Summary(const core::ProblemsScan& scan) {
  int editor = 0, terminal = 0, both = 0;
  for (const auto& p : scan.problems)
    (p.seen_by == core::SeenBy::kEditor ? editor : p.seen_by == core::SeenBy::kTerminal ? terminal : both)++;
  return fmt::format("{} editor only, {} terminal only, {} both", editor, terminal, both);
}

}  // namespace

void WriteProblemsText(const core::ProblemsScan& scan, const std::string& workspace, const WriterOptions& o, std::ostream& out) {
  out << "Problems (" << Summary(scan) << "):\n";
  if (scan.skipped) out << "  editor: not run: " << *scan.skipped << "\n";
  else
    out << fmt::format("  editor: gopls {}{} on {} folder{}, {} of {} Go files opened (limit {}), {:.1f} s{}\n",
                       scan.gopls_version.empty() ? "?" : scan.gopls_version,
                       scan.gopls_go_version.empty() ? "" : " (" + scan.gopls_go_version + ")", scan.folders.size(),
                       scan.folders.size() == 1 ? "" : "s", scan.files_opened, scan.files_found, scan.file_limit,
                       scan.editor_ms / 1000, scan.editor_done ? "" : ", not finished");
  if (scan.editor_error) out << "  editor: " << RedactSecrets(*scan.editor_error) << "\n";
  for (const auto& v : scan.views) out << "  view: " << v << "\n";
  for (const auto& c : scan.terminal)
    out << fmt::format("  terminal: {} in {} → exit {}{}, {} problem{}, {:.1f} s\n", c.command, Rel(c.dir, workspace),
                       c.exit_code, c.timed_out ? " (deadline)" : "", c.problems, c.problems == 1 ? "" : "s",
                       c.took_ms / 1000);
  for (const auto& p : scan.problems) {
    if (p.seen_by == core::SeenBy::kBoth && !o.verbose && p.severity != core::ProblemSeverity::kError) continue;
    out << "  " << Position(p, workspace) << ": " << RedactSecrets(FirstLine(p.message)) << "  [" << Tag(p) << "; "
        << core::SeenByName(p.seen_by) << "]\n";
    if (std::string cause = CauseText(p.cause); !cause.empty()) out << "      cause: " << RedactSecrets(cause) << "\n";
    if (!p.cause.command.empty())
      out << "      " << (p.cause.confirmed ? "reproduce: " : "try: ") << RedactSecrets(p.cause.command) << "\n";
  }
  if (o.verbose)
    for (const auto& e : scan.experiments)
      out << "  experiment: " << RedactSecrets(e.command) << " → " << (e.reproduced ? "reproduces" : "does not reproduce")
          << fmt::format(" (exit {}, {:.1f} s)\n", e.exit_code, e.took_ms / 1000);
  for (const auto& s : scan.seen_not_reproduced) out << "  not reproduced by a fresh gopls: \"" << s << "\"\n";
  out << "\n";
}

void WriteProblemsMarkdown(const core::ProblemsScan& scan, const std::string& workspace, std::ostream& out) {
  out << "## Problems\n\n" << Summary(scan) << "\n\n| where | severity, source | message | seen by | cause |\n|---|---|---|---|---|\n";
  for (const auto& p : scan.problems) {
    std::string msg = RedactSecrets(FirstLine(p.message));
    for (auto& ch : msg)
      if (ch == '|') ch = '/';
    out << "| `" << Position(p, workspace) << "` | " << Tag(p) << " | " << msg << " | " << core::SeenByName(p.seen_by)
        << " | " << RedactSecrets(CauseText(p.cause)) << " |\n";
  }
  out << "\n";
}

ordered_json ProblemsJson(const core::ProblemsScan& scan) {
  ordered_json j;
  j["folders"] = scan.folders;
  if (scan.skipped) j["skipped"] = *scan.skipped;
  j["gopls"] = {{"path", scan.gopls_path}, {"version", scan.gopls_version}, {"go_version", scan.gopls_go_version}};
  j["module_go_version"] = scan.module_go_version;
  j["files"] = {{"found", scan.files_found}, {"opened", scan.files_opened}, {"limit", scan.file_limit}};
  j["editor"] = {{"done", scan.editor_done}, {"ms", scan.editor_ms}};
  if (scan.editor_error) j["editor"]["error"] = RedactSecrets(*scan.editor_error);
  j["load_errors"] = ordered_json::array();
  for (const auto& e : scan.load_errors) j["load_errors"].push_back(RedactSecrets(e));
  j["views"] = scan.views;
  j["terminal"] = ordered_json::array();
  for (const auto& c : scan.terminal) {
    ordered_json t{{"command", c.command}, {"dir", c.dir}, {"exit_code", c.exit_code}, {"timed_out", c.timed_out},
                   {"ms", c.took_ms}, {"problems", c.problems}};
    if (c.error) t["error"] = RedactSecrets(*c.error);
    j["terminal"].push_back(std::move(t));
  }
  j["problems"] = ordered_json::array();
  for (const auto& p : scan.problems) {
    ordered_json e{{"file", p.file}, {"line", p.line}, {"column", p.column},
                   {"severity", core::ProblemSeverityName(p.severity)}, {"source", p.source}, {"code", p.code},
                   {"message", RedactSecrets(p.message)}, {"seen_by", core::SeenByName(p.seen_by)}};
    if (!p.terminal_message.empty()) e["terminal_message"] = RedactSecrets(p.terminal_message);
    if (!p.related.empty()) {
      e["related"] = ordered_json::array();
      for (const auto& r : p.related) e["related"].push_back({{"file", r.file}, {"line", r.line}, {"message", r.message}});
    }
    const auto& c = p.cause;
    e["cause"] = {{"kind", core::CauseKindName(c.kind)}, {"name", c.name}, {"value", RedactSecrets(c.editor_value)},
                  {"terminal_value", RedactSecrets(c.terminal_value)}, {"source", c.source},
                  {"command", RedactSecrets(c.command)}, {"confirmed", c.confirmed}, {"detail", RedactSecrets(c.detail)}};
    j["problems"].push_back(std::move(e));
  }
  j["experiments"] = ordered_json::array();
  for (const auto& x : scan.experiments)
    j["experiments"].push_back({{"difference", RedactSecrets(x.difference)}, {"command", RedactSecrets(x.command)},
                                {"reproduced", x.reproduced}, {"exit_code", x.exit_code}, {"ms", x.took_ms}});
  j["seen_not_reproduced"] = scan.seen_not_reproduced;
  j["ms"] = scan.total_ms;
  return j;
}

}  // namespace godiag::report

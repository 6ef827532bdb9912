#include "report/text_writer.h"

#include <algorithm>

#include "report/dap_writer.h"
#include "report/logs_writer.h"
#include "report/problems_writer.h"
#include "report/lsp_writer.h"
#include "report/net_writer.h"

namespace godiag::report {

namespace {

using core::RedactSecrets;

const char* kReset = "\33[0m";

std::string Paint(const WriterOptions& o, const char* code, const std::string& s) {
  return o.color ? std::string(code) + s + kReset : s;
}

std::string Glyph(core::Severity s) {
  switch (s) {
    case core::Severity::kError: return "✗";
    case core::Severity::kWarning: return "!";
    case core::Severity::kInfo: return "•";
  }
  return "•";
}

const char* ColorOf(core::Severity s) {
  return s == core::Severity::kError ? "\33[31m" : s == core::Severity::kWarning ? "\33[33m" : "\33[36m";
}

std::string Shown(const core::EnvValue& v) {
  if (v.unknown) return "unknown (" + *v.unknown + ")";
  return v.set ? RedactSecrets(v.value) : "(unset)";
}

std::string SourceOf(const core::EnvValue& v) { return v.unknown ? "unknown" : core::DescribeSource(v.source); }

const core::Finding* Find(const std::vector<core::Finding>& all, const core::FindingRef& ref) {
  for (const auto& f : all)
    if (f.id == ref.id && f.subject == ref.subject) return &f;
  return nullptr;
}

void WriteFindingText(const core::Finding& f, const std::vector<core::Finding>& all, const WriterOptions& o,
                      std::ostream& out) {
  out << Paint(o, ColorOf(f.severity), Glyph(f.severity) + " " + f.id) << "  " << RedactSecrets(f.message) << "\n";
  for (const auto& e : f.evidence) {
    out << "    from " << e.source;
    if (e.location) out << " " << *e.location;
    if (!e.key.empty()) out << ": " << e.key << "=" << RedactSecrets(e.value);
    out << "\n";
  }
  for (const auto& x : f.fixes) {
    out << "    fix: " << RedactSecrets(x.description) << "\n";
    if (x.command) out << "      $ " << RedactSecrets(*x.command) << "\n";
  }
  if (!f.consequences.empty()) out << "    because of this:\n";
  for (const auto& ref : f.consequences) {
    const core::Finding* c = Find(all, ref);
    if (c == nullptr) continue;
    out << "      " << Paint(o, ColorOf(c->severity), Glyph(c->severity) + " " + c->id) << "  "
        << RedactSecrets(c->message) << "\n";
  }
}

std::string Truncate(const std::string& s, size_t width) {
  if (s.size() <= width || width < 4) return s;
  return s.substr(0, width - 1) + "…";
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string Summary(const core::Counts& c) {
  if (c.errors + c.warnings + c.infos == 0) return "No issues found.";
  auto plural = [](int n, const char* w) { return std::to_string(n) + " " + w + (n == 1 ? "" : "s"); };
  return plural(c.errors, "error") + ", " + plural(c.warnings, "warning") + ", " + plural(c.infos, "note");
}

std::string MdCell(const std::string& s) {
  std::string out;
  for (char c : RedactSecrets(s)) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return out;
}

}  // namespace

void WriteReportText(const core::Report& report, const WriterOptions& o, std::ostream& out) {
  out << "godiag " << report.godiag_version << " — " << report.workspace << "\n\n";
  if (report.lsp) WriteLspText(*report.lsp, o, out);
  for (const auto& t : report.lsp_traffic) WriteTrafficText(t, o, out);
  if (report.dap) WriteDapText(*report.dap, o, out);
  for (const auto& t : report.dap_traffic) WriteDapTrafficText(t, out);
  WriteNetTextAll(report.net, o, out);
  if (report.sumdb_verify) WriteSumDbVerifyText(*report.sumdb_verify, o, out);
  if (report.logs) WriteLogsText(*report.logs, o, out);
  if (report.processes) WriteProcessesText(*report.processes, o, out);
  if (report.problems) WriteProblemsText(*report.problems, report.workspace, o, out);
  for (const auto& f : report.findings) {
    if (f.caused_by) continue;  // shown under its cause
    if (f.severity == core::Severity::kInfo && !o.verbose && report.findings.size() > 20) continue;
    WriteFindingText(f, report.findings, o, out);
    out << "\n";
  }
  std::vector<core::EnvRow> rows;
  for (const auto& r : report.env)
    if (o.verbose || r.differs) rows.push_back(r);
  if (!rows.empty()) {
    out << (o.verbose ? "Environment (terminal | editor):\n" : "Environment differences (terminal | editor):\n");
    WriteEnvText(rows, o, out);
    out << "\n";
  }
  if (!report.tools.empty()) out << "Tools:\n";
  for (const auto& t : report.tools) {
    out << "  " << Pad(t.name, 6) << " " << (t.path.empty() ? "-" : t.path);
    if (!t.version.empty()) out << " " << t.version;
    if (!t.detail.empty()) out << " (" << RedactSecrets(t.detail) << ")";
    out << "\n";
  }
  for (const auto& n : report.notes) out << "note: " << n << "\n";
  out << "\n" << Summary(core::CountFindings(report.findings)) << "\n";
}

void WriteReportMarkdown(const core::Report& report, std::ostream& out) {
  auto c = core::CountFindings(report.findings);
  out << "# godiag report\n\n";
  out << "- godiag " << report.godiag_version << "\n- workspace: `" << report.workspace << "`\n- " << Summary(c)
      << "\n\n";
  if (report.lsp) WriteLspMarkdown(*report.lsp, out);
  for (const auto& t : report.lsp_traffic) WriteTrafficMarkdown(t, out);
  if (report.dap) WriteDapMarkdown(*report.dap, out);
  for (const auto& n : report.net) WriteNetMarkdown(n, out);
  if (report.sumdb_verify) WriteSumDbVerifyMarkdown(*report.sumdb_verify, out);
  if (report.logs) WriteLogsMarkdown(*report.logs, out);
  if (report.processes) WriteProcessesMarkdown(*report.processes, out);
  if (report.problems) WriteProblemsMarkdown(*report.problems, report.workspace, out);
  out << "## Findings\n\n";
  if (report.findings.empty()) out << "None.\n\n";
  for (const auto& f : report.findings) {
    if (f.caused_by) continue;  // listed under its cause
    out << "### " << core::SeverityName(f.severity) << ": `" << f.id << "` — " << MdCell(f.title) << "\n\n"
        << RedactSecrets(f.message) << "\n\n";
    if (!f.consequences.empty()) out << "Because of this:\n\n";
    for (const auto& ref : f.consequences)
      if (const core::Finding* cf = Find(report.findings, ref))
        out << "- " << core::SeverityName(cf->severity) << " `" << cf->id << "`: " << MdCell(cf->message) << "\n";
    if (!f.consequences.empty()) out << "\n";
    if (!f.evidence.empty()) {
      out << "| source | key | value | location |\n|---|---|---|---|\n";
      for (const auto& e : f.evidence)
        out << "| " << MdCell(e.source) << " | " << MdCell(e.key) << " | `" << MdCell(e.value) << "` | "
            << MdCell(e.location.value_or("")) << " |\n";
      out << "\n";
    }
    for (const auto& x : f.fixes) {
      out << "**Fix:** " << RedactSecrets(x.description) << "\n";
      if (x.command) out << "\n```sh\n" << RedactSecrets(*x.command) << "\n```\n";
      out << "\n";
    }
  }
  if (!report.env.empty()) {
    out << "## Environment\n\n";
    WriteEnvMarkdown(report.env, out);
  }
  if (!report.tools.empty()) out << "\n## Tools\n\n| tool | path | version | detail |\n|---|---|---|---|\n";
  for (const auto& t : report.tools)
    out << "| " << t.name << " | " << MdCell(t.path) << " | " << MdCell(t.version) << " | " << MdCell(t.detail) << " |\n";
  for (const auto& n : report.notes) out << "\n_" << n << "_\n";
}

void WriteEnvText(const std::vector<core::EnvRow>& rows, const WriterOptions& o, std::ostream& out) {
  size_t name_w = 8;
  for (const auto& r : rows) name_w = std::max(name_w, r.name.size());
  size_t col = std::max<size_t>(20, (static_cast<size_t>(o.width) - name_w - 6) / 2);
  out << "  " << Pad("VARIABLE", name_w) << "   " << Pad("TERMINAL", col) << " EDITOR\n";
  for (const auto& r : rows) {
    std::string mark = r.differs ? Paint(o, "\33[33m", "≠") : " ";
    out << "  " << Pad(r.name, name_w) << " " << mark << " " << Pad(Truncate(Shown(r.terminal), col), col) << " "
        << Shown(r.editor) << "\n";
    out << "  " << Pad("", name_w) << "   " << Pad(Truncate("↳ " + SourceOf(r.terminal), col + 2), col + 2)
        << " ↳ " << SourceOf(r.editor) << "\n";  // the last column is never cut
  }
}

void WriteEnvMarkdown(const std::vector<core::EnvRow>& rows, std::ostream& out) {
  out << "| variable | terminal | source | editor | source | differs |\n|---|---|---|---|---|---|\n";
  for (const auto& r : rows)
    out << "| " << r.name << " | `" << MdCell(Shown(r.terminal)) << "` | " << MdCell(SourceOf(r.terminal))
        << " | `" << MdCell(Shown(r.editor)) << "` | " << MdCell(SourceOf(r.editor)) << " | "
        << (r.differs ? "yes" : "") << " |\n";
}

void WriteRoutesText(const std::vector<core::Route>& routes, std::ostream& out) {
  for (const auto& r : routes) {
    out << r.module << (r.version.empty() ? "" : "@" + r.version) << "\n";
    if (r.error) {
      out << "  error:    " << RedactSecrets(*r.error) << "\n";
    } else {
      out << "  proxies:  ";
      for (size_t i = 0; i < r.steps.size(); ++i) {
        const auto& s = r.steps[i];
        out << RedactSecrets(s.source);
        if (s.action != "fetch") out << " [" << s.action << "]";
        if (i + 1 < r.steps.size())
          out << (s.fallback == core::Fallback::kOnAnyError ? " | (on any error) " : " , (on 404/410) ");
      }
      out << "\n";
    }
    out << "  direct:   " << (r.direct ? "yes" : "no");
    if (r.govcs_rule) out << " (GOVCS " << *r.govcs_rule << ")";
    out << "\n  checksum: " << (r.checksum_db ? *r.checksum_db : "none") << " (" << r.checksum_reason << ")\n";
    out << "  insecure: " << (r.insecure ? "yes" : "no") << "\n  matched: ";
    bool any = false;
    for (const auto& [var, pat] : r.matched) {
      if (!pat) continue;
      out << " " << var << "=" << *pat;
      any = true;
    }
    out << (any ? "" : " (no pattern)") << "\n\n";
  }
}

void WriteRulesText(const std::vector<core::RuleInfo>& rules, std::ostream& out) {
  for (const auto& r : rules) {
    out << r.id << " (" << core::SeverityName(r.severity) << "): " << r.title << "\n  what: " << r.what
        << "\n  why:  " << r.why << "\n  fix:  " << r.fix << "\n";
    if (!r.follows_from.empty()) {
      out << "  follows from:";
      for (const auto& id : r.follows_from) out << " " << id;
      out << "\n";
    }
    out << "\n";
  }
}

namespace {

// "owner/repo#123" -> a Markdown link to the thread (GitHub sends /issues/N on to a pull request).
std::string ReportLink(const std::string& ref) {
  size_t hash = ref.find('#');
  if (hash == std::string::npos) return ref;
  return "[" + ref + "](https://github.com/" + ref.substr(0, hash) + "/issues/" + ref.substr(hash + 1) + ")";
}

}  // namespace

void WriteRulesMarkdown(const std::vector<core::RuleInfo>& rules, std::ostream& out) {
  out << "# godiag rules\n\nGenerated by `godiag rules --format markdown`. Rule ids are public API and never "
         "renamed.\n\n| id | severity | title |\n|---|---|---|\n";
  for (const auto& r : rules)
    out << "| [`" << r.id << "`](#" << r.id << ") | " << core::SeverityName(r.severity) << " | " << MdCell(r.title) << " |\n";
  for (const auto& r : rules) {
    out << "\n<a id=\"" << r.id << "\"></a>\n## " << r.id << "\n\n**" << r.title << "** (" << core::SeverityName(r.severity)
        << ")\n\n**What:** " << r.what << "\n\n**Why:** " << r.why << "\n\n**Fix:** " << r.fix << "\n";
    if (!r.follows_from.empty()) {
      out << "\n**Shown as a consequence of:**";
      for (size_t i = 0; i < r.follows_from.size(); ++i)
        out << (i ? ", " : " ") << "[`" << r.follows_from[i] << "`](#" << r.follows_from[i] << ")";
      out << " (when one of them is found for the same environment)\n";
    }
    if (!r.reports.empty()) {
      out << "\n**Real reports it diagnoses:**";
      for (size_t i = 0; i < r.reports.size(); ++i) out << (i ? ", " : " ") << ReportLink(r.reports[i]);
      out << "\n";
    }
  }
}

}  // namespace godiag::report

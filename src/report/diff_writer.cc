#include "report/diff_writer.h"

#include <fmt/format.h>

namespace godiag::report {

namespace {

using core::DiffChange;
using core::DiffItem;
using core::DiffKind;
using core::DiffRank;
using core::DiffValue;
using core::RedactSecrets;
using Json = nlohmann::ordered_json;

const char* kGroupTitles[] = {"What explains the new findings", "Findings", "Values that feed failing checks",
                              "Other differences", "Cosmetic differences (timings, pids, ages)"};

std::string Shown(const DiffValue& v, DiffKind kind) {
  if (!v.present) return kind == DiffKind::kEnv ? "(unset)" : "(none)";
  std::string s = kind == DiffKind::kEnv ? "\"" + RedactSecrets(v.value) + "\"" : RedactSecrets(v.value);
  if (kind == DiffKind::kEnv && !v.source.empty()) s += "  from " + v.source;
  if (kind == DiffKind::kEnv && !v.location.empty() && v.source.find(v.location) == std::string::npos)
    s += " (" + v.location + ")";
  return s;
}

std::string Label(const DiffItem& i) {
  std::string s = i.name;
  if (!i.side.empty()) s += " (" + i.side + ")";
  if (!i.field.empty() && i.field != "value") s += " " + i.field;
  return s;
}

std::string Sign(DiffChange c) { return c == DiffChange::kAdded ? "+" : c == DiffChange::kRemoved ? "-" : "~"; }

void WriteFindingItem(const DiffItem& i, std::ostream& out) {
  const DiffValue& v = i.change == DiffChange::kRemoved ? i.before : i.after;
  std::string sev = i.change == DiffChange::kChanged ? i.before.source + " -> " + i.after.source : v.source;
  std::string what = i.change == DiffChange::kAdded ? "new" : i.change == DiffChange::kRemoved ? "gone" : "now";
  out << "  " << Sign(i.change) << " " << what << " " << sev << "  " << i.name;
  if (!v.location.empty()) out << " [" << RedactSecrets(v.location) << "]";
  out << ": " << RedactSecrets(v.value) << "\n";
  if (!i.caused_by.empty()) out << "      because of " << i.caused_by << "\n";
}

void WriteValueItem(const DiffItem& i, std::ostream& out) {
  out << "  " << Sign(i.change) << " " << core::DiffKindName(i.kind) << " " << RedactSecrets(Label(i)) << "\n";
  out << "      baseline: " << Shown(i.before, i.kind) << "\n";
  out << "      now:      " << Shown(i.after, i.kind) << "\n";
  if (!i.named_by.empty()) {
    out << "      named by:";
    for (size_t k = 0; k < i.named_by.size(); ++k) out << (k ? ", " : " ") << i.named_by[k];
    out << "\n";
  }
}

std::string Header(const core::ReportDiff& d) {
  auto who = [](const std::string& v, const std::string& ws) {
    return "godiag " + (v.empty() ? std::string("?") : v) + (ws.empty() ? "" : ", " + ws);
  };
  return "baseline (" + who(d.baseline_version, d.baseline_workspace) + ") -> now (" +
         who(d.report_version, d.report_workspace) + ")";
}

std::string Summary(const core::ReportDiff& d) {
  int values = 0, cosmetic = 0;
  for (const auto& i : d.items) {
    if (i.kind == DiffKind::kFinding || i.kind == DiffKind::kNote) continue;
    (i.rank == DiffRank::kCosmetic ? cosmetic : values) += 1;
  }
  return fmt::format("{} new error(s), {} new warning(s), {} gone finding(s); {} value(s) differ, {} cosmetic",
                     d.new_errors, d.new_warnings, d.gone_findings, values, cosmetic);
}

void WriteText(const core::ReportDiff& d, const WriterOptions& o, std::ostream& out) {
  out << "godiag diff: " << RedactSecrets(Header(d)) << "\n" << Summary(d) << "\n";
  if (d.items.empty()) out << "\nno differences\n";
  int group = -1;
  int cosmetic = 0;
  for (const auto& i : d.items) {
    if (i.rank == DiffRank::kCosmetic && !o.verbose) {
      ++cosmetic;
      continue;
    }
    if (static_cast<int>(i.rank) != group) {
      group = static_cast<int>(i.rank);
      out << "\n" << kGroupTitles[group] << ":\n";
    }
    if (i.kind == DiffKind::kFinding) WriteFindingItem(i, out);
    else if (i.kind == DiffKind::kNote) out << "  " << Sign(i.change) << " note: " << RedactSecrets((i.change == DiffChange::kRemoved ? i.before : i.after).value) << "\n";
    else WriteValueItem(i, out);
  }
  if (cosmetic > 0) out << "\n" << cosmetic << " cosmetic difference(s) (timings, pids, ages) not shown; -v lists them\n";
  if (!d.notes.empty()) {
    out << "\nNotes:\n";
    for (const auto& n : d.notes) out << "  - " << RedactSecrets(n) << "\n";
  }
}

std::string Cell(std::string s) {
  s = RedactSecrets(s);
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

void WriteMarkdown(const core::ReportDiff& d, const WriterOptions& o, std::ostream& out) {
  out << "# godiag diff\n\n" << Cell(Header(d)) << "\n\n" << Summary(d) << "\n";
  int group = -1;
  for (const auto& i : d.items) {
    if (i.rank == DiffRank::kCosmetic && !o.verbose) continue;
    if (static_cast<int>(i.rank) != group) {
      group = static_cast<int>(i.rank);
      out << "\n## " << kGroupTitles[group] << "\n\n| | What | Baseline | Now | Named by |\n|---|---|---|---|---|\n";
    }
    std::string named;
    for (const auto& n : i.named_by) named += (named.empty() ? "" : ", ") + ("`" + n + "`");
    if (!i.caused_by.empty()) named = "because of `" + i.caused_by + "`";
    auto shown = [&](const DiffValue& v) {
      if (i.kind != DiffKind::kFinding) return Cell(Shown(v, i.kind));
      return v.present ? Cell(v.source + ": " + v.value) : std::string("—");
    };
    out << "| " << Sign(i.change) << " | " << core::DiffKindName(i.kind) << " `" << Cell(Label(i)) << "` | "
        << shown(i.before) << " | " << shown(i.after) << " | " << named << " |\n";
  }
  if (!d.notes.empty()) {
    out << "\n## Notes\n\n";
    for (const auto& n : d.notes) out << "- " << Cell(n) << "\n";
  }
}

Json ValueJson(const DiffValue& v) {
  if (!v.present) return nullptr;
  Json j{{"value", RedactSecrets(v.value)}};
  if (!v.source.empty()) j["source"] = v.source;
  if (!v.location.empty()) j["location"] = RedactSecrets(v.location);
  return j;
}

}  // namespace

Json DiffJson(const core::ReportDiff& d) {
  Json j;
  j["schema"] = "godiag.diff/1";
  j["baseline"] = {{"godiag_version", d.baseline_version}, {"workspace", d.baseline_workspace},
                   {"schema_version", d.baseline_schema}};
  j["report"] = {{"godiag_version", d.report_version}, {"workspace", d.report_workspace},
                 {"schema_version", d.report_schema}};
  j["summary"] = {{"new_errors", d.new_errors}, {"new_warnings", d.new_warnings}, {"gone_findings", d.gone_findings},
                  {"items", d.items.size()}};
  j["items"] = Json::array();
  for (const auto& i : d.items) {
    Json item{{"kind", core::DiffKindName(i.kind)}, {"change", core::DiffChangeName(i.change)},
              {"rank", core::DiffRankName(i.rank)}, {"name", RedactSecrets(i.name)}, {"side", i.side},
              {"field", i.field},     {"baseline", ValueJson(i.before)},      {"now", ValueJson(i.after)},
              {"named_by", i.named_by}};
    if (!i.caused_by.empty()) item["caused_by"] = i.caused_by;
    j["items"].push_back(std::move(item));
  }
  j["notes"] = Json::array();
  for (const auto& n : d.notes) j["notes"].push_back(RedactSecrets(n));
  return j;
}

void WriteDiff(const core::ReportDiff& diff, Format format, const WriterOptions& o, std::ostream& out) {
  switch (format) {
    case Format::kText: return WriteText(diff, o, out);
    case Format::kMarkdown: return WriteMarkdown(diff, o, out);
    case Format::kJson:
    case Format::kSarif: out << DiffJson(diff).dump(2) << "\n"; return;
  }
}

}  // namespace godiag::report

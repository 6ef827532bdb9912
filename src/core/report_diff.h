// `godiag diff`: what differs between two saved reports (`--format json`), as plain data,
// ordered by what explains the new report's failures best. Pure: two JSON documents in, a
// ReportDiff out; reading files and rendering are the CLI's and the writers'.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/expected.h"

namespace godiag::core {

/// The report schemas `diff` reads: "godiag.report/1", and reports older than the schema
/// field (read as version 0: same shape, fewer sections).
inline constexpr int kReportSchemaVersion = 1;

/// A report read back: the document and what it claims to be.
struct ReportDocument {
  nlohmann::json doc;
  int schema_version = 0;      ///< 0 = a report written before the "schema" field existed
  std::string godiag_version;  ///< "" = not given
  std::string workspace;
};

/// Parses and checks a report. `name` is how errors name the input ("baseline.json").
/// kParse: not JSON (with line:column); kInvalidArgument: JSON but not a godiag report, or
/// a newer schema than this godiag reads.
Expected<ReportDocument> ParseReportDocument(std::string_view text, const std::string& name);

enum class DiffKind { kEnv, kTool, kRoute, kNet, kLsp, kFinding, kNote };
const char* DiffKindName(DiffKind k);

enum class DiffChange { kAdded, kRemoved, kChanged };
const char* DiffChangeName(DiffChange c);

/// How well a difference explains the new report's failures; lower sorts first.
enum class DiffRank {
  kExplains = 0,  ///< a differing value a new error (or warning) finding names as subject or evidence
  kFinding = 1,   ///< a finding that is new, gone or changed severity
  kFeeds = 2,     ///< a differing value some finding of the new report names, or a probe now failing
  kOther = 3,     ///< any other difference
  kCosmetic = 4,  ///< timings, pids, ages, timestamps: not a cause of anything
};
const char* DiffRankName(DiffRank r);

/// One side's value of a difference.
struct DiffValue {
  bool present = false;  ///< false: the report has no such value (unset, absent, not probed)
  std::string value;
  std::string source;    ///< env: "process env", "user env file"; findings: the severity
  std::string location;  ///< env: "path:line" of the file that set it ("" = none)
};

struct DiffItem {
  DiffKind kind = DiffKind::kEnv;
  DiffChange change = DiffChange::kChanged;
  DiffRank rank = DiffRank::kOther;
  std::string name;     ///< "GOFLAGS", "gopls", "example.com/mod@v0.20.0", a finding id
  std::string side;     ///< "terminal", "editor", or ""
  std::string field;    ///< what of it differs: "value", "version", "served_by", "subject", …
  DiffValue before;     ///< the baseline's
  DiffValue after;      ///< the new report's
  std::vector<std::string> named_by;  ///< new report's findings (id) that name this value
  std::string caused_by;              ///< findings: the finding it is a consequence of ("" = a root)
};

struct ReportDiff {
  std::string baseline_version, report_version;      ///< godiag versions
  std::string baseline_workspace, report_workspace;
  int baseline_schema = 0, report_schema = 0;
  std::vector<DiffItem> items;    ///< by rank, then kind, then name, then side
  int new_errors = 0;             ///< root error findings of the new report the baseline lacks
  int new_warnings = 0;           ///< same for warnings
  int gone_findings = 0;
  std::vector<std::string> notes; ///< what could not be compared (a section missing on one side)
};

/// Compares `baseline` (where things worked) with `report` (now).
ReportDiff DiffReports(const ReportDocument& baseline, const ReportDocument& report);

}  // namespace godiag::core

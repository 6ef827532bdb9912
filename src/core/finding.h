// A finding: a problem of the system under diagnosis, with evidence and fixes (clangd Diag).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace godiag::core {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

const char* SeverityName(Severity s);

/// One piece of evidence: where a value came from and what it was.
struct Evidence {
  std::string source;                   ///< e.g. "process env", "user env file", "go env -json (terminal)"
  std::string key;                      ///< e.g. "GOPROXY"
  std::string value;                    ///< already redacted of credentials
  std::optional<std::string> location;  ///< "path:line" when known
};

struct Fix {
  std::string description;
  std::optional<std::string> command;  ///< a shell command or settings edit, when one exists
};

/// Names another finding of the same report.
struct FindingRef {
  std::string id;
  std::string subject;
};

struct Finding {
  std::string id;  ///< public rule id, e.g. "proxy.list.bad-scheme"; never renamed
  Severity severity = Severity::kWarning;
  std::string title;
  std::string message;
  std::string subject;  ///< what it is about (a variable, a module, a file); used for sorting
  std::vector<Evidence> evidence;
  std::vector<Fix> fixes;
  std::string doc_url;
  std::string side;                       ///< "terminal", "editor", or "" when not about one side
  std::vector<FindingRef> consequences;   ///< findings this one explains (shown under it)
  std::optional<FindingRef> caused_by;    ///< the finding that explains this one
  /// What it is about, for linking (variables, "binary", "log:PATH"): when a finding and a
  /// candidate cause both name some, they are linked only if they share one. Empty = anything.
  std::vector<std::string> about = {};
};

/// Sort order: severity (errors first), then id, then subject (byte-stable output).
bool FindingLess(const Finding& a, const Finding& b);

}  // namespace godiag::core

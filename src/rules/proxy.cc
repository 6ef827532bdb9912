// Rules on module fetching and verification settings: GOPROXY, GOSUMDB, the private-module
// pattern lists, GOINSECURE and GOVCS (facts/go-modules.md §3-§7).
#include <algorithm>

#include "rules/all.h"
#include "rules/evidence.h"
#include "rules/sides.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

const char* kDefaultProxy = "https://proxy.golang.org,direct";

// A GOPROXY the user probably meant when an entry is rejected.
std::string SuggestGoProxy(const core::ProxyList& list) {
  const std::string bad = list.bad_entry.value_or("");
  size_t plus = bad.find('+');
  size_t colon = bad.find("://");
  if (plus != std::string::npos && colon != std::string::npos && plus < colon) {
    std::string head = bad.substr(0, plus);
    std::string url = bad.substr(plus + 1);
    if (head == "direct") return url + ",direct";
  }
  return kDefaultProxy;
}

void CheckInvalidEntry(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOPROXY", [&](const core::EnvSide& side) {
    const auto& list = side.settings.goproxy;
    if (!list.error || !list.bad_entry) return;
    Finding f = MakeSideFinding(rule, side, "GOPROXY",
                                "GOPROXY entry \"" + *list.bad_entry + "\" is rejected by the go command, so every "
                                "module download fails with: " + *list.error);
    f.evidence.push_back(VarEvidence(side, "GOPROXY"));
    f.evidence.push_back({"go command (modfetch proxyList)", "error", *list.error, std::nullopt});
    f.fixes.push_back(SetVarFix(side, "GOPROXY", SuggestGoProxy(list),
                                "Only ',' and '|' separate entries; each entry is https://…, http://…, file://…, "
                                "direct or off (',' falls back on 404/410, '|' on any error)"));
    out.push_back(std::move(f));
  });
}

void CheckEmptyList(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOPROXY", [&](const core::EnvSide& side) {
    const auto& list = side.settings.goproxy;
    if (!list.error || list.bad_entry) return;
    std::string msg = "GOPROXY=\"" + list.value + "\" has no usable entry; every module download fails with: go: " +
                      "<module>: " + *list.error;
    Finding f = MakeSideFinding(rule, side, "GOPROXY", msg);
    f.evidence.push_back(VarEvidence(side, "GOPROXY"));
    if (list.value.empty())
      f.fixes.push_back({"Remove the empty setting so that $GOROOT/go.env's default applies again", "go env -u GOPROXY"});
    else
      f.fixes.push_back(SetVarFix(side, "GOPROXY", kDefaultProxy, "Set a real proxy list"));
    out.push_back(std::move(f));
  });
}

void CheckIgnoredEntries(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOPROXY", [&](const core::EnvSide& side) {
    const auto& list = side.settings.goproxy;
    if (list.ignored.empty() || list.error) return;
    std::string ignored;
    for (const auto& e : list.ignored) ignored += (ignored.empty() ? "" : ", ") + std::string("\"") + e + "\"";
    const std::string& stop = list.entries.empty() ? std::string("direct") : list.entries.back().raw;
    Finding f = MakeSideFinding(rule, side, "GOPROXY",
                                "GOPROXY entries after \"" + stop + "\" are never used: " + ignored +
                                    ". The go command stops reading the list at direct or off.");
    f.evidence.push_back(VarEvidence(side, "GOPROXY"));
    f.fixes.push_back({"Move \"" + stop + "\" to the end of the list (or remove the entries after it)", std::nullopt});
    out.push_back(std::move(f));
  });
}

void CheckProxyOff(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOPROXY", [&](const core::EnvSide& side) {
    const auto& e = side.settings.goproxy.entries;
    auto first = std::find_if(e.begin(), e.end(), [](const core::ProxyEntry& p) { return p.kind != core::ProxyKind::kNoProxy; });
    if (first == e.end() || first->kind != core::ProxyKind::kOff) return;
    std::string msg = "GOPROXY=off: the go command downloads no module that is not already in the module cache";
    msg += side.settings.gonoproxy.patterns.empty()
               ? "; every download fails with \"module lookup disabled by GOPROXY=off\"."
               : " (except modules matching GONOPROXY/GOPRIVATE, fetched directly); others fail with \"module "
                 "lookup disabled by GOPROXY=off\".";
    Finding f = MakeSideFinding(rule, side, "GOPROXY", msg);
    f.evidence.push_back(VarEvidence(side, "GOPROXY"));
    f.fixes.push_back(SetVarFix(side, "GOPROXY", kDefaultProxy, "If downloads are meant to work, restore a proxy list"));
    out.push_back(std::move(f));
  });
}

void CheckSumDbInvalid(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOSUMDB", [&](const core::EnvSide& side) {
    const auto& db = side.settings.gosumdb;
    if (db.kind != core::SumDbKind::kInvalid || !db.error) return;
    Finding f = MakeSideFinding(rule, side, "GOSUMDB",
                                "GOSUMDB=\"" + db.value + "\" is rejected by the go command; every module it must "
                                "verify fails with: verifying module: " + *db.error);
    f.evidence.push_back(VarEvidence(side, "GOSUMDB"));
    f.evidence.push_back({"go command (modfetch dbDial)", "error", *db.error, std::nullopt});
    f.fixes.push_back(SetVarFix(side, "GOSUMDB", "sum.golang.org",
                                "GOSUMDB is off, sum.golang.org, sum.golang.google.cn, or NAME+HASH+KEY [URL]; "
                                "a mirror of sum.golang.org is configured through GOPROXY, not GOSUMDB"));
    out.push_back(std::move(f));
  });
}

void CheckSumDbOff(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOSUMDB", [&](const core::EnvSide& side) {
    if (side.settings.gosumdb.kind != core::SumDbKind::kOff) return;
    Finding f = MakeSideFinding(rule, side, "GOSUMDB",
                                "GOSUMDB=off: new module versions are accepted without checking them against the "
                                "checksum database, so a tampered download is not detected (go.sum only protects "
                                "versions already recorded). Go toolchain downloads still need the database and fail.");
    f.evidence.push_back(VarEvidence(side, "GOSUMDB"));
    std::string priv = Value(side, "GOPRIVATE").empty() ? "*.corp.example.com" : Value(side, "GOPRIVATE");
    f.fixes.push_back({"Skip only private modules instead: list them in GOPRIVATE (or GONOSUMDB) and turn the "
                       "checksum database back on", "go env -u GOSUMDB && go env -w GOPRIVATE=" + ShellQuote(priv)});
    out.push_back(std::move(f));
  });
}

const std::vector<std::pair<const char*, const core::PatternList core::ParsedSettings::*>>& PatternVars() {
  static const std::vector<std::pair<const char*, const core::PatternList core::ParsedSettings::*>> kVars = {
      {"GOPRIVATE", &core::ParsedSettings::goprivate},
      {"GONOPROXY", &core::ParsedSettings::gonoproxy},
      {"GONOSUMDB", &core::ParsedSettings::gonosumdb},
      {"GOINSECURE", &core::ParsedSettings::goinsecure}};
  return kVars;
}

void CheckPatternProblem(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out,
                         core::PatternProblem problem) {
  for (const auto& var : PatternVars()) {
    const auto& name = var.first;  // clang 14 cannot capture structured bindings
    const auto& member = var.second;
    ForEachSide(s, name, [&](const core::EnvSide& side) {
      if ((name == std::string("GONOPROXY") && side.settings.gonoproxy_from_goprivate) ||
          (name == std::string("GONOSUMDB") && side.settings.gonosumdb_from_goprivate))
        return;  // reported once, under GOPRIVATE
      const core::PatternList& list = side.settings.*member;
      std::string bad, fixed;
      for (const auto& p : list.patterns) {
        std::string trimmed = p.text;
        trimmed.erase(0, trimmed.find_first_not_of(" \t"));
        trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
        if (p.problem == problem) bad += (bad.empty() ? "" : ", ") + std::string("\"") + p.text + "\"";
        if (!trimmed.empty()) fixed += (fixed.empty() ? "" : ",") + trimmed;
      }
      if (bad.empty()) return;
      std::string msg = problem == core::PatternProblem::kLeadingOrTrailingSpace
                            ? std::string(name) + " patterns " + bad + " contain spaces: the go command does not trim "
                              "them, so they never match a module path."
                            : std::string(name) + " patterns " + bad + " are malformed globs (path.Match syntax): the "
                              "go command silently treats them as matching nothing.";
      Finding f = MakeSideFinding(rule, side, name, msg);
      f.evidence.push_back(VarEvidence(side, name));
      if (problem == core::PatternProblem::kLeadingOrTrailingSpace)
        f.fixes.push_back(SetVarFix(side, name, fixed, "Separate patterns with ',' only"));
      else
        f.fixes.push_back({"Fix the glob: '*' and '?' match within one path element; '[...]' classes must be "
                           "closed; escape a literal with '\\'", std::nullopt});
      out.push_back(std::move(f));
    });
  }
}

// A pattern that is not a module path prefix: one finding per variable, naming each
// pattern, what makes it one, and the list with the patterns the user meant.
void CheckPatternNotAPath(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& var : PatternVars()) {
    const char* name = var.first;  // clang 14 cannot capture structured bindings
    const auto member = var.second;
    ForEachSide(s, name, [&](const core::EnvSide& side) {
      if ((name == std::string("GONOPROXY") && side.settings.gonoproxy_from_goprivate) ||
          (name == std::string("GONOSUMDB") && side.settings.gonosumdb_from_goprivate))
        return;  // reported once, under GOPRIVATE
      const core::PatternList& list = side.settings.*member;
      std::string msg, fixed;
      for (const auto& p : list.patterns) {
        if (p.problem == core::PatternProblem::kEmpty) continue;
        bool bad = p.problem == core::PatternProblem::kNotAModulePath;
        if (bad) msg += (msg.empty() ? "" : "; ") + std::string("\"") + p.text + "\" has " + p.why;
        std::string keep = bad ? p.suggestion : p.text;
        if (!keep.empty()) fixed += (fixed.empty() ? "" : ",") + keep;
      }
      if (msg.empty()) return;
      Finding f = MakeSideFinding(rule, side, name,
                                  std::string(name) + " is matched against module paths such as github.com/org/repo, "
                                  "so a pattern that is not one silently matches nothing: " + msg + ".");
      f.evidence.push_back(VarEvidence(side, name));
      f.fixes.push_back(SetVarFix(side, name, fixed,
                                  "Did you mean this? Patterns are module path prefixes (host/path, no scheme, user or "
                                  "port), with path.Match globs such as *.corp.example.com"));
      out.push_back(std::move(f));
    });
  }
}

bool IsToolchainModule(const std::string& m) { return m == "golang.org/toolchain"; }

void CheckPrivateSentToSumDb(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GONOSUMDB", [&](const core::EnvSide& side) {
    for (const auto& r : side.routes) {
      auto np = r.matched.find("GONOPROXY");
      if (np == r.matched.end() || !np->second || !r.checksum_db || IsToolchainModule(r.module)) continue;
      Finding f = MakeSideFinding(rule, side, r.module,
                                  "Private module " + r.module + " (GONOPROXY pattern \"" + *np->second +
                                      "\") is still looked up in the checksum database " + *r.checksum_db +
                                      ": its path is sent to a public server, and the lookup fails (404/410) for a "
                                      "module the database cannot fetch.");
      f.evidence.push_back(VarEvidence(side, "GONOPROXY"));
      f.evidence.push_back(VarEvidence(side, "GONOSUMDB"));
      f.evidence.push_back(VarEvidence(side, "GOPRIVATE"));
      f.fixes.push_back(SetVarFix(side, "GOPRIVATE", *np->second,
                                  "List private modules in GOPRIVATE, which covers both GONOPROXY and GONOSUMDB "
                                  "(or add the pattern to GONOSUMDB)"));
      out.push_back(std::move(f));
    }
    // Without modules to look at: a GONOPROXY set on its own leaves every private pattern to the database.
    const auto& set = side.settings;
    if (side.routes.empty() && !set.gonoproxy_from_goprivate && !set.gonoproxy.patterns.empty() &&
        set.gonosumdb.patterns.empty() && set.gosumdb.kind != core::SumDbKind::kOff && Value(side, "GONOPROXY") != "none") {
      Finding f = MakeSideFinding(rule, side, "GONOPROXY",
                                  "GONOPROXY=\"" + Value(side, "GONOPROXY") + "\" is set but GONOSUMDB and GOPRIVATE are "
                                  "not: modules fetched directly are still looked up in the public checksum database.");
      f.evidence.push_back(VarEvidence(side, "GONOPROXY"));
      f.evidence.push_back(VarEvidence(side, "GONOSUMDB"));
      f.fixes.push_back(SetVarFix(side, "GOPRIVATE", Value(side, "GONOPROXY"), "Use GOPRIVATE for private modules"));
      out.push_back(std::move(f));
    }
  });
}

bool HasDirect(const core::ProxyList& list) {
  for (const auto& e : list.entries)
    if (e.kind == core::ProxyKind::kDirect) return true;
  return false;
}

void CheckInsecureNoEffect(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOINSECURE", [&](const core::EnvSide& side) {
    const auto& set = side.settings;
    if (set.goinsecure.patterns.empty()) return;
    if (!HasDirect(set.goproxy) && set.gonoproxy.patterns.empty()) {
      Finding f = MakeSideFinding(rule, side, "GOINSECURE",
                                  "GOINSECURE=\"" + set.goinsecure.value + "\" has no effect: it only applies to modules "
                                  "fetched directly from their origin, and with this GOPROXY (no \"direct\") and no "
                                  "GONOPROXY/GOPRIVATE, every module goes through a proxy, whose URL must be https:// or an "
                                  "explicit http://.");
      f.evidence.push_back(VarEvidence(side, "GOINSECURE"));
      f.evidence.push_back(VarEvidence(side, "GOPROXY"));
      f.fixes.push_back({"To fetch a module insecurely from its origin, also list it in GOPRIVATE (or GONOPROXY); to use "
                         "a plain-http proxy, write http:// in GOPROXY. GOINSECURE never disables checksum verification.",
                         std::nullopt});
      out.push_back(std::move(f));
      return;
    }
    for (const auto& r : side.routes) {
      auto it = r.matched.find("GOINSECURE");
      if (it == r.matched.end() || !it->second || r.direct) continue;
      Finding f = MakeSideFinding(rule, side, r.module,
                                  "GOINSECURE pattern \"" + *it->second + "\" matches " + r.module +
                                      ", but that module is fetched through a proxy, where GOINSECURE has no effect.");
      f.evidence.push_back(VarEvidence(side, "GOINSECURE"));
      f.evidence.push_back(VarEvidence(side, "GOPROXY"));
      f.fixes.push_back(SetVarFix(side, "GOPRIVATE", *it->second,
                                  "List it in GOPRIVATE (or GONOPROXY) too so that it is fetched directly"));
      out.push_back(std::move(f));
    }
  });
}

void CheckGovcsInvalid(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ReportSettingError(s, rule, out,
                     {"GOVCS", [](const core::ParsedSettings& p) { return p.govcs.error; },
                      [](const core::EnvSide&, const std::string& err) {
                        return "GOVCS is rejected by the go command; every direct fetch fails with: " + err;
                      },
                      "private:all,public:git|hg", "GOVCS is a comma-separated list of pattern:vcs|vcs rules"});
}

void CheckGitMissing(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (s.tools.git.name.empty() || !s.tools.git.path.empty()) return;  // tools not collected, or git found
  const auto& set = s.terminal.settings;
  if (!HasDirect(set.goproxy) && set.gonoproxy.patterns.empty()) return;
  Finding f = core::MakeFinding(rule, "git",
                                "git is not on PATH, but modules can be fetched directly from their origin (GOPROXY "
                                "has \"direct\" or GONOPROXY/GOPRIVATE is set): such fetches fail with "
                                "\"exec: \"git\": executable file not found in $PATH\".");
  f.evidence.push_back(VarEvidence(s.terminal, "GOPROXY"));
  f.evidence.push_back(VarEvidence(s.terminal, "PATH"));
  f.fixes.push_back({"Install git (e.g. apt-get install git) or make sure its directory is on PATH", std::nullopt});
  out.push_back(std::move(f));
}

}  // namespace

void AddProxyRules(std::vector<core::Rule>& out) {
  out.push_back({{"proxy.list.invalid-entry", Severity::kError, "A GOPROXY entry is rejected by the go command",
                  "An entry of GOPROXY is not a URL with scheme https, http or file, nor direct or off (for example "
                  "\"direct+https://proxy.corp\" or a word without a scheme).",
                  "The go command validates the whole list at the first download and fails every module with the same "
                  "error; `go env -w` does not validate GOPROXY, so the mistake shows up later, in the middle of a build.",
                  "Separate entries with ',' (fall back on 404/410) or '|' (fall back on any error), e.g. "
                  "`go env -w GOPROXY=https://proxy.corp.example,direct`."},
                 CheckInvalidEntry});
  out.push_back({{"proxy.list.empty", Severity::kError, "GOPROXY has no entries",
                  "GOPROXY is empty or holds only separators and spaces.",
                  "The go command fails every download with \"GOPROXY list is not the empty string, but contains no "
                  "entries\" (also when it really is empty, since Go 1.21 moved the default into $GOROOT/go.env).",
                  "Remove the setting (`go env -u GOPROXY`) or set a list such as https://proxy.golang.org,direct."},
                 CheckEmptyList});
  out.push_back({{"proxy.list.ignored-entries", Severity::kWarning, "GOPROXY entries after direct or off are ignored",
                  "GOPROXY has entries after \"direct\" or \"off\".",
                  "The go command stops reading the list at direct or off, so the later proxies are silently never used.",
                  "Put direct/off last, e.g. https://a.example,https://b.example,direct."},
                 CheckIgnoredEntries});
  out.push_back({{"proxy.list.off", Severity::kWarning, "GOPROXY=off disables module downloads",
                  "GOPROXY is off (its first entry is off).",
                  "Every module that is not in the module cache (and not private) fails with \"module lookup disabled "
                  "by GOPROXY=off\"; gopls then reports errors for imports that build elsewhere.",
                  "Unset it or set a proxy list: `go env -w GOPROXY=https://proxy.golang.org,direct`."},
                 CheckProxyOff});
  out.push_back({{"sumdb.config.invalid", Severity::kError, "GOSUMDB is malformed",
                  "GOSUMDB is not off, a known database name, or NAME+HASH+KEY optionally followed by a URL.",
                  "The go command fails every verification with \"invalid GOSUMDB: …\" or \"missing GOSUMDB\"; "
                  "values like GOSUMDB=on or a proxy's host name are common mistakes.",
                  "Use sum.golang.org (the default), or the database's full verifier key; to use a mirror, set GOPROXY."},
                 CheckSumDbInvalid});
  out.push_back({{"sumdb.config.off", Severity::kWarning, "GOSUMDB=off turns off checksum verification (security)",
                  "GOSUMDB is off.",
                  "Module downloads not already in go.sum are not checked against the public checksum database, so a "
                  "replaced or tampered module is accepted; Go toolchain downloads still need the database.",
                  "Unset GOSUMDB and list private modules in GOPRIVATE or GONOSUMDB instead."},
                 CheckSumDbOff});
  out.push_back({{"pattern.list.space", Severity::kWarning, "A module pattern list has spaces around its patterns",
                  "GOPRIVATE, GONOPROXY, GONOSUMDB or GOINSECURE has a pattern with leading or trailing spaces "
                  "(\"a.com, b.com\").",
                  "The lists are split on ',' only and never trimmed, so \" b.com\" never matches a module path.",
                  "Remove the spaces: GOPRIVATE=a.com,b.com."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckPatternProblem(s, r, o, core::PatternProblem::kLeadingOrTrailingSpace);
                 }});
  out.push_back({{"pattern.list.bad-glob", Severity::kWarning, "A module pattern is a malformed glob",
                  "A pattern of GOPRIVATE, GONOPROXY, GONOSUMDB or GOINSECURE is not valid path.Match syntax (e.g. an "
                  "unclosed '[').",
                  "The go command treats a malformed pattern as matching nothing, without an error.",
                  "Fix the pattern's syntax."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckPatternProblem(s, r, o, core::PatternProblem::kMalformedGlob);
                 }});
  out.push_back({{"pattern.list.not-a-path", Severity::kError, "A module pattern is a URL or address, not a module path",
                  "A pattern of GOPRIVATE, GONOPROXY, GONOSUMDB or GOINSECURE has a URL scheme (https://…), a user "
                  "(git@…), a port or an scp-style ':', Go's '/...' wildcard, or an upper-case host name.",
                  "The go command matches the patterns against module paths, which never contain these, so the pattern "
                  "matches nothing, without an error: the private module still goes to the public proxy and checksum "
                  "database (\"410 Gone\", \"404 Not Found\", \"terminal prompts disabled\").",
                  "Write the module path prefix: GOPRIVATE=gitlab.corp.example.com/team (it covers every path below it), "
                  "or a glob such as *.corp.example.com."},
                 CheckPatternNotAPath});
  out.push_back({{"pattern.private.sent-to-sumdb", Severity::kWarning,
                  "A private module is still looked up in the checksum database",
                  "A module matches GONOPROXY (it is fetched directly) but not GONOSUMDB, so the go command still asks "
                  "the checksum database about it.",
                  "Its path leaks to the public database and the lookup fails with 404/410 (\"verifying module: … 410 "
                  "Gone\") for modules the database cannot fetch. An explicit GONOPROXY or GONOSUMDB replaces GOPRIVATE "
                  "for that decision; they are not merged.",
                  "Set GOPRIVATE to the private patterns (it covers both), or add them to GONOSUMDB."},
                 CheckPrivateSentToSumDb});
  out.push_back({{"pattern.goinsecure.no-effect", Severity::kWarning, "GOINSECURE has no effect for proxied modules",
                  "A GOINSECURE pattern covers only modules that are fetched through a GOPROXY proxy.",
                  "GOINSECURE applies to direct fetches from a module's origin only (go-get metadata, VCS schemes); "
                  "proxy URLs are unaffected and checksum verification is never disabled by it.",
                  "Also list the modules in GOPRIVATE/GONOPROXY so that they are fetched directly, or use an http:// "
                  "proxy URL in GOPROXY."},
                 CheckInsecureNoEffect});
  out.push_back({{"vcs.govcs.invalid", Severity::kError, "GOVCS is malformed",
                  "GOVCS is not a comma-separated list of pattern:vcslist rules.",
                  "Every direct fetch fails with the parse error, e.g. \"malformed entry in GOVCS (missing colon)\".",
                  "Fix the syntax, e.g. GOVCS=private:all,public:git|hg."},
                 CheckGovcsInvalid});
  out.push_back({{"vcs.git.missing", Severity::kWarning, "git is missing where modules may be fetched directly",
                  "GOPROXY contains direct, or GONOPROXY/GOPRIVATE is set, and git is not on PATH.",
                  "Direct fetches of git-hosted modules run git; without it they fail.",
                  "Install git or add it to PATH."},
                 CheckGitMissing});
}

}  // namespace godiag::rules

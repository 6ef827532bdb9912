// Rules on `godiag sumdb verify`: go.sum lines against the checksum database, the proofs
// and the consistency of every tree head seen (facts/go-modules.md §7-§10).
#include "rules/all.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;
using core::SumLineStatus;

std::string Where(const core::SumDbVerify& v, const core::SumLineCheck& c) {
  return v.gosum_path + ":" + std::to_string(c.line);
}

void CheckLines(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, SumLineStatus want,
                const std::string& fix, const std::optional<std::string>& command = std::nullopt) {
  if (!s.sumdb_verify) return;
  const auto& v = *s.sumdb_verify;
  for (const auto& c : v.lines) {
    if (c.status != want) continue;
    Finding f = core::MakeFinding(rule, c.path + " " + c.version, c.detail);
    f.evidence.push_back({"go.sum", c.path + " " + c.version, c.gosum_hash, Where(v, c)});
    if (!c.db_hash.empty()) f.evidence.push_back({v.db.name, "record " + std::to_string(c.record_id), c.db_hash, std::nullopt});
    if (!v.note.empty()) f.evidence.push_back({"signed tree head", v.db.name, "tree#" + std::to_string(v.db.tree_size) + " " + v.db.tree_hash, std::nullopt});
    f.fixes.push_back({fix, command});
    out.push_back(std::move(f));
  }
}

void CheckFork(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.sumdb_verify) return;
  const auto& v = *s.sumdb_verify;
  for (const auto& c : v.consistency) {
    if (c.consistent && c.error.empty()) continue;
    bool fork = !c.consistent;
    Finding f = core::MakeFinding(rule, c.against, fork ? "SECURITY: " + c.error + "\n" + v.error.value_or("")
                                                        : "Could not check " + c.against + ": " + c.error);
    f.severity = fork ? Severity::kError : Severity::kWarning;
    if (!c.old_note.empty()) f.evidence.push_back({"older tree head", c.against, c.old_note, std::nullopt});
    if (!v.note.empty()) f.evidence.push_back({"newest tree head", v.db.name, v.note, std::nullopt});
    for (const auto& p : c.proof) f.evidence.push_back({"proof of misbehavior", "hash", p, std::nullopt});
    f.fixes.push_back({fork ? "Keep this evidence and report it to the database's operators; the go command refuses to "
                              "continue too. If the database was deliberately reset (a test instance), remove the "
                              "stale `latest` file named above"
                            : c.old_note.empty() && c.against.starts_with("the database's")
                                  ? "The lines were verified against the tree heads of the lookups; run `godiag net` "
                                    "for the network path to the database"
                                  : "Remove or repair the unreadable tree head file named above",
                       std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckUnavailable(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.sumdb_verify) return;
  const auto& v = *s.sumdb_verify;
  int failed = 0;
  for (const auto& c : v.lines) {
    if (c.status != SumLineStatus::kUnreachable || failed++ > 0) continue;
    Finding f = core::MakeFinding(rule, c.path + " " + c.version, c.detail);
    f.evidence.push_back({"go.sum", c.path + " " + c.version, c.gosum_hash, Where(v, c)});
    f.fixes.push_back({"Run `godiag net` for the network path to the database", std::nullopt});
    out.push_back(std::move(f));
  }
  if (failed > 1) out.back().message += "\n(" + std::to_string(failed - 1) + " more lookups failed the same way or similar)";
  if (!v.error || v.error->starts_with("SECURITY")) return;
  Finding f = core::MakeFinding(rule, v.db.name.empty() ? "GOSUMDB" : v.db.name, *v.error);
  if (!v.db.base_url.empty()) f.evidence.push_back({"database base", v.db.name, v.db.base_url, v.db.base_reason});
  for (const auto& e : v.db.endpoints)
    f.evidence.push_back({"GET " + e.what, e.url, e.status ? e.status_text : e.failure, std::nullopt});
  f.fixes.push_back({"Run `godiag net` for the network path to the database", std::nullopt});
  out.push_back(std::move(f));
}

void CheckSkipped(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.sumdb_verify) return;
  const auto& v = *s.sumdb_verify;
  int n = 0;
  std::string first;
  for (const auto& c : v.lines) {
    if (c.status != SumLineStatus::kSkipped) continue;
    if (n++ == 0) first = c.path + " " + c.version + ": " + c.detail;
  }
  if (n == 0) return;
  Finding f = core::MakeFinding(rule, v.gosum_path, std::to_string(n) + " go.sum line(s) are not checked against the "
                                                        "database, as the go command does not check them (first: " +
                                                        first + ")");
  out.push_back(std::move(f));
}

}  // namespace

void AddSumDbVerifyRules(std::vector<core::Rule>& out) {
  out.push_back({{"sumdb.verify.mismatch", Severity::kError, "A go.sum hash differs from the checksum database (security)",
                  "The database's signed, proven record for a module version has another h1: hash than go.sum.",
                  "Either go.sum was edited or the module was altered after it was first published; the go command "
                  "stops with \"SECURITY ERROR … checksum mismatch\" when it downloads it.",
                  "Find out where the go.sum line came from before changing anything; never just delete it."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckLines(s, r, o, SumLineStatus::kMismatch,
                              "Compare with a clean download (GOFLAGS=-mod=mod go mod download -json M@V) and "
                              "investigate the origin of the differing line");
                 }});
  out.push_back({{"sumdb.verify.missing", Severity::kError,
                  "The database's answer has no line for a module version (security)",
                  "A lookup succeeded and its record is proven, but the record holds no h1: line for the module "
                  "version asked about.",
                  "A proxy that mirrors the database can answer this way to have an altered module accepted; go "
                  "before 1.26.3/1.25.10 accepted it (CVE-2026-42501).",
                  "Update Go to 1.26.3+ / 1.25.10+, then rm go.sum; go mod tidy; go mod verify."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckLines(s, r, o, SumLineStatus::kMissing, "Update Go, then rebuild go.sum",
                              "rm go.sum && go mod tidy && go mod verify");
                 }});
  out.push_back({{"sumdb.verify.not-found", Severity::kError, "The checksum database has no record for a go.sum line",
                  "The lookup for a go.sum line answered 404 or 410.",
                  "For a private module the public database cannot have a record; the go command fails with "
                  "\"verifying module: … 410 Gone\" whenever the hash is not yet in go.sum.",
                  "Mark private modules with GOPRIVATE (or GONOSUMDB)."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckLines(s, r, o, SumLineStatus::kNotFound, "Mark the module private");
                 }});
  out.push_back({{"sumdb.verify.bad-proof", Severity::kError, "A database answer failed verification (security)",
                  "A lookup's signed tree head did not verify with the GOSUMDB key, its record did not hash to the "
                  "tree's leaf, or a tile did not hash up to the signed tree.",
                  "The answer cannot be trusted: wrong key for this database, or altered data on the way.",
                  "Check GOSUMDB's key and what sits between you and the database."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckLines(s, r, o, SumLineStatus::kError, "Check GOSUMDB's key and the proxies in between");
                 }});
  out.push_back({{"sumdb.verify.fork", Severity::kError, "Two tree heads of the database are inconsistent (security)",
                  "A tree head seen now is not an extension of one seen before (the go command's `latest`, godiag's "
                  "cache, or another lookup).",
                  "A transparency log only grows; two inconsistent heads prove the server showed different "
                  "histories (or was reset).",
                  "Keep the evidence, report it; the go command stops with \"server misbehavior detected\"."},
                 CheckFork});
  out.push_back({{"sumdb.verify.unavailable", Severity::kError, "The checksum database could not be used",
                  "go.sum could not be checked: GOSUMDB is invalid, the database is unreachable, or go.sum is "
                  "malformed.",
                  "Nothing was verified.",
                  "Fix the reported cause and run again."},
                 CheckUnavailable});
  out.push_back({{"sumdb.verify.skipped", Severity::kInfo, "Some go.sum lines are not verified",
                  "Lines matched by GONOSUMDB/GOPRIVATE, or with a hash algorithm other than h1:.",
                  "The go command does not check them against the database either.",
                  "Nothing to do if those modules are really private."},
                 CheckSkipped});
}

}  // namespace godiag::rules

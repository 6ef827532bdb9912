#include "core/report_diff.h"

#include <gtest/gtest.h>

namespace godiag::core {
namespace {

ReportDocument Doc(const std::string& text) {
  auto d = ParseReportDocument(text, "r.json");
  EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().message);
  return d ? *d : ReportDocument{};
}

std::string ErrorOf(const std::string& text) {
  auto d = ParseReportDocument(text, "r.json");
  return d ? "(parsed)" : d.error().message;
}

// A doctor report: one variable on both sides, the tools, findings as given.
std::string Report(const std::string& goflags_terminal, const std::string& findings,
                   const std::string& gopls_version = "v0.23.0", const std::string& extra = "") {
  std::string terminal = goflags_terminal.empty()
                             ? R"({"value": "", "set": false, "source": "unset", "source_kind": "unset"})"
                             : R"({"value": ")" + goflags_terminal +
                                   R"(", "set": true, "source": "user env file /h/.config/go/env:2", "source_kind": "user-env-file", "path": "/h/.config/go/env", "line": 2})";
  return R"({"schema": "godiag.report/1", "godiag_version": "0.9.0", "workspace": "/ws",
    "summary": {"errors": 0, "warnings": 0, "infos": 0},
    "findings": [)" + findings + R"(],
    "environment": [{"name": "GOFLAGS", "terminal": )" + terminal + R"(,
        "editor": {"value": "", "set": false, "source": "unset", "source_kind": "unset"}, "differs": false},
      {"name": "GOPROXY", "terminal": {"value": "https://proxy.example.test,direct", "set": true, "source": "go default"},
        "editor": {"value": "https://proxy.example.test,direct", "set": true, "source": "go default"}, "differs": false}],
    "tools": [{"name": "go", "path": "/usr/local/go/bin/go", "version": "go1.26.8", "detail": "terminal: PATH"},
              {"name": "gopls", "path": "/h/go/bin/gopls", "version": ")" + gopls_version + R"J(", "detail": "found by PATH"}],
    "routes": [],
    "notes": ["network probes skipped (--offline)"])J" + extra + "}";
}

const char* kVendorError = R"({"id": "vendor.inconsistent", "severity": "error", "title": "t", "subject": "GOFLAGS",
  "message": "GOFLAGS=-mod=vendor but vendor/modules.txt is missing", "side": "terminal",
  "evidence": [{"source": "user env file", "key": "GOFLAGS", "value": "-mod=vendor"}], "fixes": [], "doc_url": ""})";

TEST(ReportDiffTest, RejectsTextThatIsNotJsonWithItsPosition) {
  EXPECT_EQ(ErrorOf("{\"schema\": "),
            "r.json: not JSON: parse error at line 1, column 12: syntax error while parsing value - unexpected end of "
            "input; expected '[', '{', or a literal");
}

TEST(ReportDiffTest, RejectsJsonThatIsNotAGodiagReport) {
  EXPECT_EQ(ErrorOf("[1, 2]"), "r.json: not a godiag report (a JSON array, not an object)");
  EXPECT_EQ(ErrorOf(R"({"a": 1})"),
            "r.json: not a godiag report (no \"schema\" field; write one with `godiag --format json`)");
  EXPECT_EQ(ErrorOf(R"({"schema": "sarif/2.1.0", "findings": []})"), "r.json: not a godiag report (schema \"sarif/2.1.0\")");
  EXPECT_EQ(ErrorOf(R"({"schema": "godiag.report/x", "findings": []})"), "r.json: unknown report schema \"godiag.report/x\"");
  EXPECT_EQ(ErrorOf(R"({"schema": "godiag.report/1", "environment": []})"),
            "r.json: not a doctor report (no \"findings\" list)");
  EXPECT_EQ(ErrorOf(R"({"schema": "godiag.report/1", "findings": [], "tools": {}})"), "r.json: \"tools\" is not a list");
}

TEST(ReportDiffTest, RejectsNestingNoReportHas) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(ErrorOf(deep), "r.json: not a godiag report (nested deeper than 64 levels)");
  EXPECT_EQ(ErrorOf(R"({"schema": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"", "findings": []})"),
            "r.json: not a godiag report (schema \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\")");
}

TEST(ReportDiffTest, RejectsANewerSchemaAndReadsOlderReportsWithoutOne) {
  EXPECT_EQ(ErrorOf(R"({"schema": "godiag.report/2", "findings": []})"),
            "r.json: report schema version 2 is newer than this godiag reads (1); use a newer godiag");
  auto old = Doc(R"({"godiag_version": "0.1.0", "workspace": "/w", "findings": []})");
  EXPECT_EQ(old.schema_version, 0);
  EXPECT_EQ(old.godiag_version, "0.1.0");
  ReportDiff d = DiffReports(old, Doc(Report("", "")));
  EXPECT_EQ(d.baseline_schema, 0);
  EXPECT_EQ(d.new_errors, 0);
}

TEST(ReportDiffTest, IdenticalReportsHaveNoDifferences) {
  ReportDiff d = DiffReports(Doc(Report("", "")), Doc(Report("", "")));
  EXPECT_TRUE(d.items.empty());
  EXPECT_TRUE(d.notes.empty());
}

TEST(ReportDiffTest, AVariableANewErrorNamesComesFirstWithBothSources) {
  ReportDiff d = DiffReports(Doc(Report("", "")), Doc(Report("-mod=vendor", kVendorError)));
  ASSERT_GE(d.items.size(), 2u);
  const DiffItem& v = d.items[0];
  EXPECT_EQ(v.kind, DiffKind::kEnv);
  EXPECT_EQ(v.rank, DiffRank::kExplains);
  EXPECT_EQ(v.name, "GOFLAGS");
  EXPECT_EQ(v.side, "terminal");
  EXPECT_EQ(v.change, DiffChange::kAdded);
  EXPECT_FALSE(v.before.present);
  EXPECT_EQ(v.after.value, "-mod=vendor");
  EXPECT_EQ(v.after.source, "user env file /h/.config/go/env:2");
  EXPECT_EQ(v.after.location, "/h/.config/go/env:2");
  EXPECT_EQ(v.named_by, std::vector<std::string>{"vendor.inconsistent"});
  const DiffItem& f = d.items[1];
  EXPECT_EQ(f.kind, DiffKind::kFinding);
  EXPECT_EQ(f.change, DiffChange::kAdded);
  EXPECT_EQ(f.name, "vendor.inconsistent");
  EXPECT_EQ(d.new_errors, 1);
}

TEST(ReportDiffTest, AValueTheWorstNewFindingNamesComesBeforeOneOldFindingsName) {
  // GOFLAGS is named by an old warning and a new error; GOPROXY by two old ones and a new info.
  auto with = [](const std::string& goflags, const std::string& goproxy, bool fresh) {
    std::string r = Report(goflags, std::string(R"({"id": "old.a", "severity": "warning", "subject": "GOFLAGS GOPROXY"},
      {"id": "old.b", "severity": "warning", "subject": "GOPROXY"})") +
                                        (fresh ? std::string(",") + kVendorError +
                                                     R"(, {"id": "new.info", "severity": "info", "subject": "GOPROXY"})"
                                               : ""));
    size_t at = r.find("https://proxy.example.test,direct");
    return r.replace(at, std::string("https://proxy.example.test,direct").size(), goproxy);
  };
  ReportDiff d = DiffReports(Doc(with("", "https://a", false)), Doc(with("-mod=vendor", "https://b", true)));
  ASSERT_GE(d.items.size(), 2u);
  EXPECT_EQ(d.items[0].name, "GOFLAGS");
  EXPECT_EQ(d.items[0].named_by, (std::vector<std::string>{"vendor.inconsistent", "old.a"}));  // new first
  EXPECT_EQ(d.items[1].kind, DiffKind::kFinding);  // the findings come next
  const DiffItem* goproxy = nullptr;
  for (const auto& i : d.items)
    if (i.name == "GOPROXY" && i.side == "terminal") goproxy = &i;
  ASSERT_TRUE(goproxy);
  EXPECT_EQ(goproxy->rank, DiffRank::kFeeds);  // only a new info (and old warnings) name it
}

TEST(ReportDiffTest, ASourceOnlyChangeIsListedBelowValueChanges) {
  std::string a = Report("-mod=mod", "");
  std::string b = a;
  b.replace(b.find("user env file /h/.config/go/env:2"), 33, "process env");
  ReportDiff d = DiffReports(Doc(a), Doc(b));
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_EQ(d.items[0].field, "source");
  EXPECT_EQ(d.items[0].rank, DiffRank::kOther);
  EXPECT_EQ(d.items[0].before.source, "user env file /h/.config/go/env:2");
  EXPECT_EQ(d.items[0].after.source, "process env");
}

TEST(ReportDiffTest, GoneFindingsAndConsequencesDoNotCountAsNewErrors) {
  std::string consequence = R"({"id": "logs.vendor.inconsistent", "severity": "error", "subject": "/l:3", "message": "m",
    "evidence": [], "caused_by": {"id": "processes.gopls.stale", "subject": "pid 9"}})";
  ReportDiff d = DiffReports(Doc(Report("", kVendorError)), Doc(Report("", consequence)));
  EXPECT_EQ(d.new_errors, 0);
  EXPECT_EQ(d.gone_findings, 1);
  ASSERT_EQ(d.items.size(), 2u);
  EXPECT_EQ(d.items[0].change, DiffChange::kAdded);  // new before gone
  EXPECT_EQ(d.items[0].caused_by, "processes.gopls.stale");
  EXPECT_EQ(d.items[1].change, DiffChange::kRemoved);
}

TEST(ReportDiffTest, AToolVersionAGoplsFindingNamesExplainsIt) {
  std::string lsp_error = R"({"id": "lsp.initialize.timeout", "severity": "error", "subject": "gopls", "message": "m",
    "evidence": []})";
  ReportDiff d = DiffReports(Doc(Report("", "")), Doc(Report("", lsp_error, "v0.24.0")));
  ASSERT_FALSE(d.items.empty());
  EXPECT_EQ(d.items[0].kind, DiffKind::kTool);
  EXPECT_EQ(d.items[0].name, "gopls");
  EXPECT_EQ(d.items[0].field, "version");
  EXPECT_EQ(d.items[0].before.value, "v0.23.0");
  EXPECT_EQ(d.items[0].after.value, "v0.24.0");
  EXPECT_EQ(d.items[0].rank, DiffRank::kExplains);
}

TEST(ReportDiffTest, TimingsAreCosmeticAndFailingProbesFeed) {
  auto net = [](const std::string& served, const std::string& error, int ms) {
    return R"(, "net": [{"side": "terminal", "roots": "system", "elapsed_ms": )" + std::to_string(ms) +
           R"(, "proxies": [], "direct": [], "modules": [{"module": "rsc.io/quote", "version": "v1.5.2", "served_by": ")" +
           served + R"(")" + (error.empty() ? "" : R"(, "go_error": ")" + error + R"(")") + "}]}]";
  };
  ReportDiff d = DiffReports(Doc(Report("", "", "v0.23.0", net("https://proxy.example.test", "", 120))),
                             Doc(Report("", "", "v0.23.0", net("", "dial tcp: i/o timeout", 900))));
  ASSERT_EQ(d.items.size(), 3u);
  EXPECT_EQ(d.items[0].rank, DiffRank::kFeeds);  // go_error appeared
  EXPECT_EQ(d.items[0].field, "go_error");
  EXPECT_EQ(d.items[0].name, "rsc.io/quote@v1.5.2");
  EXPECT_EQ(d.items[1].field, "served_by");
  EXPECT_EQ(d.items[1].rank, DiffRank::kOther);
  EXPECT_EQ(d.items[2].field, "elapsed_ms");
  EXPECT_EQ(d.items[2].rank, DiffRank::kCosmetic);
}

TEST(ReportDiffTest, OneSideOfflineIsANoteNotAListOfAddedProbes) {
  std::string net = R"(, "net": [{"side": "terminal", "modules": [{"module": "m", "version": "v1"}]}])";
  ReportDiff d = DiffReports(Doc(Report("", "")), Doc(Report("", "", "v0.23.0", net)));
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0],
            "network probes: only in the new report (the other ran with --offline); network answers not compared");
  for (const auto& i : d.items) EXPECT_NE(i.kind, DiffKind::kNet);
}

TEST(ReportDiffTest, PathsInsideEachWorkspaceCompareEqual) {
  std::string a = Report("", R"({"id": "workspace.gomod.invalid", "severity": "error", "subject": "/ws/go.mod:3", "message": "m"})");
  std::string b = a;
  for (size_t at = b.find("/ws"); at != std::string::npos; at = b.find("/ws", at + 8)) b.replace(at, 3, "/home/b/src");
  ReportDiff d = DiffReports(Doc(a), Doc(b));
  for (const auto& i : d.items) EXPECT_NE(i.kind, DiffKind::kFinding) << i.name;
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].substr(0, 40), "the reports are of different folders: /w");
}

}  // namespace
}  // namespace godiag::core

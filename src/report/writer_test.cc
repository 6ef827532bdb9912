#include "report/writer.h"

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "testing/golden.h"

namespace godiag::report {
namespace {

core::Report SampleReport() {
  core::Report r;
  r.godiag_version = "0.1.0";
  r.workspace = "/ws";
  core::Finding e;
  e.id = "proxy.list.invalid-entry";
  e.severity = core::Severity::kError;
  e.title = "A GOPROXY entry is rejected by the go command";
  e.subject = "GOPROXY";
  e.message = "GOPROXY entry \"ftp://alice:s3cret@proxy\" is rejected: invalid proxy URL scheme (must be https, http, file)";
  e.evidence = {{"terminal: user env file", "GOPROXY", "ftp://alice:s3cret@proxy", std::string("/h/.config/go/env:2")}};
  e.fixes = {{"Use https", std::string("go env -w GOPROXY=https://alice:s3cret@proxy,direct")}};
  e.doc_url = core::RuleDocUrl(e.id);
  core::Finding w = e;
  w.id = "sumdb.config.off";
  w.severity = core::Severity::kWarning;
  w.title = "GOSUMDB=off";
  w.subject = "GOSUMDB";
  w.message = "GOSUMDB=off: no verification.";
  w.evidence = {};
  w.fixes = {{"Unset it", std::nullopt}};
  r.findings = {e, w};
  core::EnvRow row;
  row.name = "GOPROXY";
  row.terminal = {"https://proxy.golang.org,direct", {core::SourceKind::kGorootEnvFile, "/go/go.env", 1, ""}, true, std::nullopt};
  row.editor = {"off", {core::SourceKind::kToolsEnvVars, "/ws/.vscode/settings.json", 3, ""}, true, std::nullopt};
  row.differs = true;
  r.env = {row};
  r.tools = {{"go", "/usr/local/go/bin/go", "go1.26.8", ""}, {"gopls", "", "", "not found"}};
  core::Route route;
  route.module = "git.corp/lib";
  route.version = "v1.0.0";
  route.steps = {{"noproxy", "direct", core::Fallback::kOnNotFound},
                 {"https://proxy.golang.org", "skip: disabled by GOPRIVATE/GONOPROXY", core::Fallback::kOnNotFound}};
  route.direct = true;
  route.govcs_rule = "private:all";
  route.checksum_reason = "GOPRIVATE pattern \"*.corp\"";
  route.matched = {{"GOPRIVATE", "git.corp"}, {"GONOPROXY", "git.corp"}, {"GONOSUMDB", "git.corp"}, {"GOINSECURE", std::nullopt}};
  r.routes = {route};
  r.notes = {"network probes skipped (--offline)"};
  return r;
}

std::string Render(Format f) {
  std::ostringstream out;
  WriteReport(SampleReport(), f, WriterOptions{}, out);
  return out.str();
}

TEST(WriterTest, TextMatchesGolden) { EXPECT_EQ(testing::CheckGolden("report.txt", Render(Format::kText)), ""); }
TEST(WriterTest, MarkdownMatchesGolden) { EXPECT_EQ(testing::CheckGolden("report.md", Render(Format::kMarkdown)), ""); }
TEST(WriterTest, JsonMatchesGolden) { EXPECT_EQ(testing::CheckGolden("report.json", Render(Format::kJson)), ""); }
TEST(WriterTest, SarifMatchesGolden) { EXPECT_EQ(testing::CheckGolden("report.sarif", Render(Format::kSarif)), ""); }

TEST(WriterTest, NoFormatPrintsTheSecret) {
  for (Format f : {Format::kText, Format::kJson, Format::kMarkdown, Format::kSarif})
    EXPECT_EQ(Render(f).find("s3cret"), std::string::npos) << static_cast<int>(f);
}

TEST(WriterTest, JsonCountsAgreeWithFindings) {
  auto j = nlohmann::json::parse(Render(Format::kJson));
  EXPECT_EQ(j["schema"], "godiag.report/1");
  EXPECT_EQ(j["summary"]["errors"], 1);
  EXPECT_EQ(j["summary"]["warnings"], 1);
  EXPECT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings"][0]["evidence"][0]["location"], "/h/.config/go/env:2");
  auto s = nlohmann::json::parse(Render(Format::kSarif));
  EXPECT_EQ(s["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

TEST(WriterTest, RoutesJsonShape) {
  std::ostringstream out;
  WriteRoutes(SampleReport().routes, Format::kJson, WriterOptions{}, out);
  auto j = nlohmann::json::parse(out.str());
  const auto& m = j["modules"][0];
  EXPECT_EQ(m["module"], "git.corp/lib");
  EXPECT_EQ(m["proxies"][0], "noproxy");
  EXPECT_TRUE(m["checksum_db"].is_null());
  EXPECT_EQ(m["matched"]["GOPRIVATE"], "git.corp");
  EXPECT_TRUE(m["matched"]["GOINSECURE"].is_null());
}

}  // namespace
}  // namespace godiag::report

// The net.* and sumdb.verify.* rules on literal Snapshots.
#include <gtest/gtest.h>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using testutil::EmptySnapshot;
using testutil::RunRule;

core::NetCheck OneProxy(const std::string& url, core::Fallback fb = core::Fallback::kOnNotFound) {
  core::NetCheck n;
  n.side = "terminal";
  core::ProxyCheck p;
  p.entry.url = url;
  p.entry.fallback = fb;
  p.host.origin = url;
  p.host.ok = true;
  n.proxies.push_back(p);
  return n;
}

core::EndpointCheck Ep(const std::string& what, int status, const std::string& text) {
  core::EndpointCheck e;
  e.what = what;
  e.module = "corp.example/m@v1.0.0";
  e.status = status;
  e.status_text = text;
  e.not_found = status == 404 || status == 410;
  return e;
}

TEST(NetRulesTest, ForbiddenAfterCommaBlocksFallbackButNotAfterPipe) {
  auto s = EmptySnapshot();
  s.net.push_back(OneProxy("https://corp"));
  s.net[0].proxies[0].endpoints.push_back(Ep("info", 403, "403 Forbidden"));
  auto f = RunRule(s, "net.proxy.status-blocks-fallback");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("403 Forbidden"), std::string::npos);
  s.net[0].proxies[0].entry.fallback = core::Fallback::kOnAnyError;
  EXPECT_TRUE(RunRule(s, "net.proxy.status-blocks-fallback").empty());
  s.net[0].proxies[0].entry.fallback = core::Fallback::kOnNotFound;
  s.net[0].proxies[0].endpoints[0] = Ep("info", 404, "404 Not Found");
  EXPECT_TRUE(RunRule(s, "net.proxy.status-blocks-fallback").empty());
  // The list of a pinned module only matters to queries: a warning that says so.
  s.net[0].proxies[0].endpoints[0] = Ep("list", 403, "403 Forbidden");
  f = RunRule(s, "net.proxy.status-blocks-fallback");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kWarning);
  EXPECT_NE(f[0].message.find("version list (@v/list) of corp.example/m"), std::string::npos) << f[0].message;
  // With the .info refused too, the error about it is the one finding.
  s.net[0].proxies[0].endpoints.push_back(Ep("info", 403, "403 Forbidden"));
  f = RunRule(s, "net.proxy.status-blocks-fallback");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, core::Severity::kError);
}

TEST(NetRulesTest, TlsKindsAreSeparated) {
  auto s = EmptySnapshot();
  s.net.push_back(OneProxy("https://corp"));
  auto& h = s.net[0].proxies[0].host;
  h.ok = false;
  h.failure = "tls-verify";
  h.go_error = "Get \"https://corp/x\": tls: failed to verify certificate: x509: certificate signed by unknown authority";
  h.chain = {{"CN=corp", "CN=Corp Intercept CA", "", "Jan 1 2030", ""}};
  h.other_roots_trust = true;
  h.other_roots = "editor: SSL_CERT_FILE=/corp.pem";
  auto f = RunRule(s, "net.tls.unknown-authority");
  ASSERT_EQ(f.size(), 1u);
  bool issuer = false, other = false;
  for (const auto& e : f[0].evidence) {
    issuer = issuer || e.value.find("Corp Intercept CA") != std::string::npos;
    other = other || e.value == "accept this chain";
  }
  EXPECT_TRUE(issuer);
  EXPECT_TRUE(other);
  EXPECT_TRUE(RunRule(s, "net.tls.expired").empty());
  EXPECT_TRUE(RunRule(s, "net.proxy.unreachable").empty()) << "TLS failures are reported by the TLS rules";
  h.go_error = "… x509: certificate has expired or is not yet valid: current time X is after Y";
  EXPECT_EQ(RunRule(s, "net.tls.expired").size(), 1u);
}

TEST(NetRulesTest, PrivateModuleHintOnlyWithoutGoprivate) {
  auto s = EmptySnapshot();
  core::NetCheck n;
  n.side = "terminal";
  core::ModuleVerdict m;
  m.module = "corp.example/team/lib";
  m.version = "v1.2.0";
  m.go_error = "go: corp.example/team/lib@v1.2.0: reading https://p/…: 404 Not Found";
  m.public_not_found = true;
  n.modules.push_back(m);
  s.net.push_back(n);
  auto f = RunRule(s, "net.private.public-not-found");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(*f[0].fixes[0].command, "go env -w GOPRIVATE=corp.example/team");
  EXPECT_TRUE(RunRule(s, "net.module.unfetchable").empty()) << "said once, by the more precise rule";
  s.net[0].modules[0].reached_origin = true;
  EXPECT_TRUE(RunRule(s, "net.private.public-not-found").empty()) << "the walk did reach the origin";
  EXPECT_EQ(RunRule(s, "net.module.unfetchable").size(), 1u);
  s.net[0].modules[0].reached_origin = false;
  s.net[0].modules[0].private_module = true;
  EXPECT_TRUE(RunRule(s, "net.private.public-not-found").empty());
}

TEST(NetRulesTest, SumDbSecurityVersusOutage) {
  auto s = EmptySnapshot();
  core::NetCheck n;
  n.side = "terminal";
  n.sumdb.emplace();
  n.sumdb->name = "sum.golang.org";
  n.sumdb->error = "reading https://p/sumdb/sum.golang.org/supported: 503 Service Unavailable";
  s.net.push_back(n);
  EXPECT_EQ(RunRule(s, "net.sumdb.unavailable").size(), 1u);
  EXPECT_TRUE(RunRule(s, "net.sumdb.verify-failed").empty());
  s.net[0].sumdb->error = "m@v: reading tree note: note has no verifiable signatures";
  s.net[0].sumdb->security = true;
  EXPECT_TRUE(RunRule(s, "net.sumdb.unavailable").empty());
  EXPECT_EQ(RunRule(s, "net.sumdb.verify-failed").size(), 1u);
  s.net[0].sumdb->what_if = true;
  EXPECT_TRUE(RunRule(s, "net.sumdb.verify-failed").empty()) << "GOSUMDB=off: only the what-if finding";
  s.net[0].sumdb->error.reset();
  s.net[0].sumdb->verified = true;
  EXPECT_EQ(RunRule(s, "net.sumdb.off-but-works").size(), 1u);
}

TEST(NetRulesTest, SidesDiffer) {
  auto s = EmptySnapshot();
  core::ModuleVerdict ok, bad;
  ok.module = bad.module = "rsc.io/quote";
  ok.served_by = "https://p";
  bad.go_error = "go: rsc.io/quote: x509: certificate signed by unknown authority";
  s.net.resize(2);
  s.net[0].side = "terminal";
  s.net[0].modules = {ok};
  s.net[1].side = "editor";
  s.net[1].modules = {bad};
  auto f = RunRule(s, "net.sides.differ");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f[0].message.starts_with("The editor's go command (gopls) would fail")) << f[0].message;
}

TEST(SumDbVerifyRulesTest, LinesBecomeFindings) {
  auto s = EmptySnapshot();
  core::SumDbVerify v;
  v.gosum_path = "/ws/go.sum";
  v.db.name = "sum.golang.org";
  core::SumLineCheck bad{"rsc.io/quote", "v1.5.2", 3, "h1:AAA=", "h1:BBB=", 12, core::SumLineStatus::kMismatch, "mismatch"};
  core::SumLineCheck skipped{"corp.example/x", "v1.0.0", 4, "h1:C=", "", -1, core::SumLineStatus::kSkipped, "GOPRIVATE"};
  v.lines = {bad, skipped};
  s.sumdb_verify = v;
  auto f = RunRule(s, "sumdb.verify.mismatch");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence[0].location, "/ws/go.sum:3");
  EXPECT_EQ(f[0].evidence[1].value, "h1:BBB=");
  EXPECT_EQ(RunRule(s, "sumdb.verify.skipped").size(), 1u);
  EXPECT_TRUE(RunRule(s, "sumdb.verify.missing").empty());
  s.sumdb_verify->consistency.push_back({"the go command's latest (/gp/latest)", 10, false, "tree#10 is not a prefix", "old", {"AAAA"}});
  auto fork = RunRule(s, "sumdb.verify.fork");
  ASSERT_EQ(fork.size(), 1u);
  EXPECT_EQ(fork[0].severity, core::Severity::kError);
}

TEST(NetRulesTest, RejectedGoModIsOneSecurityFindingNotUnfetchable) {
  auto s = EmptySnapshot();
  s.net.push_back(OneProxy("https://corp"));
  core::ModuleVerdict v;
  v.module = "corp.example/m";
  v.version = "v1.0.0";
  v.served_by = "https://corp";
  v.go_error = "verifying corp.example/m@v1.0.0/go.mod: checksum mismatch";
  v.go_mod = core::DownloadCheck{"h1:new=", "go.sum", "h1:old=", false, false, ""};
  s.net[0].modules.push_back(v);
  auto f = RunRule(s, "net.module.checksum-mismatch");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("h1:new="), std::string::npos);
  EXPECT_NE(f[0].message.find("go.sum records h1:old="), std::string::npos);
  EXPECT_TRUE(RunRule(s, "net.module.unfetchable").empty());
  // No answer from the database: the net.sumdb findings tell why, not this rule.
  s.net[0].modules[0].go_mod = core::DownloadCheck{"h1:new=", "sum.golang.org", "", false, true, ""};
  EXPECT_TRUE(RunRule(s, "net.module.checksum-mismatch").empty());
  EXPECT_TRUE(RunRule(s, "net.module.unfetchable").empty());
  // Accepted: nothing.
  s.net[0].modules[0].go_mod = core::DownloadCheck{"h1:old=", "go.sum", "h1:old=", true, false, ""};
  s.net[0].modules[0].go_error.reset();
  EXPECT_TRUE(RunRule(s, "net.module.checksum-mismatch").empty());
}

}  // namespace
}  // namespace godiag::rules

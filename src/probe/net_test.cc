// The pure parts of the network probes: the go command's wording of answers, its GOPROXY
// walk, the checksum database's base choice, content checks, go-import tags, Go's roots.
#include <gtest/gtest.h>

#include "collect/route.h"
#include "probe/go_net_text.h"
#include "probe/go_roots.h"
#include "probe/net_direct.h"
#include "probe/net_endpoints.h"
#include "probe/net_gomod.h"
#include "probe/net_probe.h"
#include "probe/proxy_walk.h"
#include "testing/fakes.h"

namespace godiag::probe {
namespace {

TEST(GoNetTextTest, StatusUsesTheServersReasonElseGosText) {
  EXPECT_EQ(GoStatus(404, "Not Found"), "404 Not Found");
  EXPECT_EQ(GoStatus(403, ""), "403 Forbidden");
  EXPECT_EQ(GoStatus(410, "Gone Away"), "410 Gone Away");
  EXPECT_EQ(GoStatus(599, ""), "599");
}

TEST(GoNetTextTest, ServerDetailFollowsFormatErrorDetail) {
  EXPECT_EQ(GoServerDetail("text/plain; charset=utf-8", "not found: create zip\n"), "not found: create zip");
  EXPECT_EQ(GoServerDetail("text/plain", "a\nb\n\nc"), "a\n\tb") << "stops at the first blank line";
  EXPECT_EQ(GoServerDetail("text/html", "nope"), "") << "only text/plain";
  EXPECT_EQ(GoServerDetail("text/plain; charset=iso-8859-1", "x"), "") << "only utf-8, us-ascii or no charset";
  EXPECT_EQ(GoServerDetail("text/plain", "bad\x1b[31m"), "") << "no terminal escapes";
  EXPECT_EQ(GoServerDetail("text/plain", "\xff\xfe"), "") << "invalid UTF-8";
  std::string many;
  for (int i = 0; i < 12; ++i) many += "line" + std::to_string(i) + "\n";
  EXPECT_EQ(GoServerDetail("text/plain", many),
            "line0\n\tline1\n\tline2\n\tline3\n\tline4\n\tline5\n\tline6\n\tline7\n\t[Truncated: too many lines.]");
  std::string wide(700, 'x');
  EXPECT_EQ(GoServerDetail("text/plain", "ok\n" + wide), "ok\n\t[Truncated: too long.]");
}

TEST(GoNetTextTest, HttpErrorMatchesWebHTTPError) {
  EXPECT_EQ(GoHttpError("https://p/x/@v/list", 403, "Forbidden", "text/plain", "forbidden by corp policy"),
            "reading https://p/x/@v/list: 403 Forbidden\n\tserver response: forbidden by corp policy");
  EXPECT_EQ(GoHttpError("https://p/x", 410, "Gone", "text/plain", "a\nb"),
            "reading https://p/x: 410 Gone\n\tserver response:\n\ta\n\tb");
  EXPECT_EQ(GoHttpError("https://p/x", 500, "", "", ""), "reading https://p/x: 500 Internal Server Error");
}

TEST(GoNetTextTest, TransportErrorsInGosWords) {
  platform::HttpResponse r;
  r.error = platform::NetError::kDns;
  EXPECT_EQ(GoTransportError("https://nope.invalid/x", "nope.invalid", r),
            "Get \"https://nope.invalid/x\": dial tcp: lookup nope.invalid: no such host");
  r.error = platform::NetError::kConnect;
  r.remote_ip = "127.0.0.1";
  EXPECT_EQ(GoTransportError("http://127.0.0.1:1/x", "127.0.0.1", r),
            "Get \"http://127.0.0.1:1/x\": dial tcp 127.0.0.1:1: connect: connection refused");
  r.error = platform::NetError::kProxy;
  r.error_text = "Failed to connect to 127.0.0.1 port 39877 after 0 ms: Couldn't connect to server";
  EXPECT_EQ(GoTransportError("https://x/y", "x", r),
            "Get \"https://x/y\": proxyconnect tcp: dial tcp 127.0.0.1:39877: connect: connection refused");
  r.error_text = "CONNECT tunnel failed, response 403";
  EXPECT_EQ(GoTransportError("https://x/y", "x", r), "Get \"https://x/y\": Forbidden");
  r.error = platform::NetError::kTlsVerify;
  r.tls_verify_text = "unable to get local issuer certificate";
  EXPECT_EQ(GoTransportError("https://p/x", "p", r),
            "Get \"https://p/x\": tls: failed to verify certificate: x509: certificate signed by unknown authority");
  r.tls_verify_text = "ok";
  r.error_text = "SSL: no alternative certificate subject name matches target host name '127.0.0.1'";
  r.chain = {{"CN=other.test", "CN=other.test", "", "", "DNS:other.test, DNS:www.other.test"}};
  EXPECT_EQ(GoX509Error("p.example", r), "x509: certificate is valid for other.test, www.other.test, not p.example");
  r.tls_verify_text = "certificate has expired";
  r.chain[0].not_after = "Jan  2 03:04:05 2020 GMT";
  EXPECT_TRUE(GoX509Error("www.other.test", r).ends_with(" is after 2020-01-02T03:04:05Z")) << GoX509Error("p", r);
  EXPECT_EQ(GoX509Error("p", r), "x509: certificate is valid for other.test, www.other.test, not p")
      << "the host name is checked before the chain";
  EXPECT_EQ(GoX509Error("127.0.0.1", r),
            "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs");
  r.chain[0] = {"CN = legacy.example", "CN = legacy.example", "", "", ""};
  EXPECT_EQ(GoX509Error("legacy.example", r), "x509: certificate relies on legacy Common Name field, use SANs instead");
  r.chain[0].alt_names = "DNS:*.corp.example";
  EXPECT_EQ(GoX509Error("a.b.corp.example", r), "x509: certificate is valid for *.corp.example, not a.b.corp.example");
}

TEST(GoNetTextTest, UrlHostAndHtml) {
  EXPECT_EQ(UrlHost("https://user:pw@proxy.corp:8443/a?b"), "proxy.corp");
  EXPECT_EQ(UrlHost("http://[::1]:80/"), "::1");
  EXPECT_TRUE(LooksLikeHtml("text/html; charset=utf-8", ""));
  EXPECT_TRUE(LooksLikeHtml("", "  <!DOCTYPE html><html>"));
  EXPECT_FALSE(LooksLikeHtml("application/json", "{}"));
}

core::Route RouteFor(const std::map<std::string, std::string>& env, const std::string& mod) {
  return collect::ComputeRoute(collect::ParseSettings(env), mod, "v1.0.0");
}

SourceOutcome Ok() { return {SourceOutcome::Kind::kOk, ""}; }
SourceOutcome NotFound(const std::string& e) { return {SourceOutcome::Kind::kNotFound, e}; }
SourceOutcome Err(const std::string& e) { return {SourceOutcome::Kind::kError, e}; }

core::ModuleVerdict Walk(const std::string& goproxy, std::map<std::string, SourceOutcome> outcomes,
                         const std::string& goprivate = "") {
  auto r = RouteFor({{"GOPROXY", goproxy}, {"GOPRIVATE", goprivate}}, "corp.example/m");
  return WalkProxies(r, [&](const core::RouteStep& st) { return outcomes.at(st.source); });
}

TEST(ProxyWalkTest, CommaFallsBackOnlyOnNotFound) {
  auto v = Walk("https://a,https://b", {{"https://a", NotFound("reading a: 404 Not Found")}, {"https://b", Ok()}});
  EXPECT_EQ(v.served_by, "https://b");
  v = Walk("https://a,https://b", {{"https://a", Err("reading a: 403 Forbidden")}, {"https://b", Ok()}});
  EXPECT_EQ(v.served_by, "");
  EXPECT_EQ(*v.go_error, "go: corp.example/m@v1.0.0: reading a: 403 Forbidden");
  EXPECT_EQ(v.tried.size(), 1u) << "b is never tried";
}

TEST(ProxyWalkTest, PipeFallsBackOnAnyError) {
  auto v = Walk("https://a|https://b", {{"https://a", Err("reading a: 500")}, {"https://b", Ok()}});
  EXPECT_EQ(v.served_by, "https://b");
}

TEST(ProxyWalkTest, ErrorRanking) {
  // All not-found: the last not-found error is reported.
  auto v = Walk("https://a,https://b", {{"https://a", NotFound("A404")}, {"https://b", NotFound("B410")}});
  EXPECT_EQ(*v.go_error, "go: corp.example/m@v1.0.0: B410");
  EXPECT_TRUE(v.public_not_found);
  // A proxy error outranks a later not-found.
  v = Walk("https://a|https://b", {{"https://a", Err("A500")}, {"https://b", NotFound("B404")}});
  EXPECT_EQ(*v.go_error, "go: corp.example/m@v1.0.0: A500");
  // direct's error outranks everything.
  v = Walk("https://a|direct", {{"https://a", Err("A500")}, {"direct", NotFound("unrecognized import path")}});
  EXPECT_EQ(*v.go_error, "go: corp.example/m@v1.0.0: unrecognized import path");
  EXPECT_TRUE(v.reached_origin);
}

TEST(ProxyWalkTest, PrivateModulesSkipProxiesAndGoDirect) {
  auto v = Walk("https://a,direct", {{"noproxy", Ok()}}, "corp.example");
  EXPECT_EQ(v.served_by, "direct");
  EXPECT_TRUE(v.private_module);
  // noproxy fails: the proxy entries give errNoproxy (not found), the direct error is reported.
  v = Walk("https://a,off", {{"noproxy", Err("git ls-remote: 401")}}, "corp.example");
  EXPECT_EQ(*v.go_error, "go: corp.example/m@v1.0.0: git ls-remote: 401");
}

TEST(ProxyWalkTest, OffFailsPublicModules) {
  auto v = Walk("off", {});
  EXPECT_EQ(*v.go_error, "go: corp.example/m@v1.0.0: module lookup disabled by GOPROXY=off");
}

core::EndpointCheck Supported(int status) {
  core::EndpointCheck e;
  e.what = "supported";
  e.status = status;
  e.not_found = status == 404 || status == 410;
  if (status != 200) e.go_error = "reading x: " + GoStatus(status, "");
  return e;
}

TEST(SumDbBaseTest, ChosenLikeInitBase) {
  auto s = collect::ParseSettings({{"GOPROXY", "https://a,https://b,direct"}, {"GOSUMDB", "sum.golang.org"}});
  core::SumDbCheck db;
  ChooseSumDbBase(s, {Supported(404), Supported(200)}, db);
  EXPECT_EQ(db.base_url, "https://b/sumdb/sum.golang.org");
  db = {};
  ChooseSumDbBase(s, {Supported(404), Supported(410)}, db);
  EXPECT_EQ(db.base_url, "https://sum.golang.org") << "all not-found, then direct: the database itself";
  db = {};
  ChooseSumDbBase(s, {Supported(503), Supported(200)}, db);
  EXPECT_EQ(*db.error, "reading x: 503 Service Unavailable") << "a ',' proxy error makes the DB unavailable";
  auto piped = collect::ParseSettings({{"GOPROXY", "https://a|direct"}, {"GOSUMDB", "sum.golang.org"}});
  db = {};
  ChooseSumDbBase(piped, {Supported(503)}, db);
  EXPECT_EQ(db.base_url, "https://sum.golang.org") << "'|' then direct: direct's not-found wins";
  auto with_url = collect::ParseSettings({{"GOPROXY", "https://a"}, {"GOSUMDB", "sum.golang.org https://mirror.example/db"}});
  db = {};
  ChooseSumDbBase(with_url, {}, db);
  EXPECT_EQ(db.base_url, "https://mirror.example/db");
}

platform::HttpResponse Answer(int status, std::string ct, std::string body) {
  platform::HttpResponse r;
  r.status = status;
  r.headers["content-type"] = std::move(ct);
  r.body = std::move(body);
  return r;
}

TEST(NetEndpointsTest, ContentChecks) {
  auto html = ClassifyEndpoint("info", "m@v1", "https://p/m/@v/v1.info", "https://p", Answer(200, "text/html", "<html>"));
  ASSERT_TRUE(html.problem.has_value());
  EXPECT_NE(html.problem->find("HTML"), std::string::npos);
  EXPECT_EQ(html.go_error, "invalid response from proxy \"https://p\": invalid character '<' looking for beginning of value");
  auto forbidden = ClassifyEndpoint("info", "m@v1", "https://p/m/@v/v1.info", "https://p", Answer(403, "", ""));
  EXPECT_FALSE(forbidden.not_found);
  EXPECT_NE(forbidden.problem->find("404 or 410"), std::string::npos);
  auto gone = ClassifyEndpoint("mod", "m@v1", "https://p/m/@v/v1.mod", "https://p", Answer(410, "text/plain", "gone"));
  EXPECT_TRUE(gone.not_found);
  EXPECT_EQ(gone.go_error, "reading https://p/m/@v/v1.mod: 410 Gone\n\tserver response: gone");
  auto ok = ClassifyEndpoint("info", "m@v1", "https://u:secret@p/m/@v/v1.info", "https://p",
                             Answer(200, "application/json", "{\"Version\":\"v1\"}"));
  EXPECT_TRUE(ok.go_error.empty());
  EXPECT_EQ(ok.url.find("secret"), std::string::npos);
  auto cut = ClassifyEndpoint("info", "m@v1.0.0", "https://p/m/@v/v1.0.0.info", "https://p",
                              Answer(200, "application/json", "{\"Version\":\"v1.0"));
  EXPECT_EQ(cut.go_error, "invalid response from proxy \"https://p\": unexpected end of JSON input");
  auto other = ClassifyEndpoint("info", "m@v1.0.0", "https://p/m/@v/v1.0.0.info", "https://p",
                                Answer(200, "application/json", "{\"Version\":\"v1.0.1\"}"));
  EXPECT_EQ(other.go_error, "proxy returned info for version v1.0.1 instead of requested version");
  auto noncanonical = ClassifyEndpoint("info", "m@v1.0", "https://p/m/@v/v1.0.info", "https://p",
                                       Answer(200, "application/json", "{\"Version\":\"v1.0.0\"}"));
  EXPECT_EQ(noncanonical.go_error, "") << "a query (v1.0) may resolve to another version";
}

TEST(NetEndpointsTest, ServedGoModIsHashedOnlyWhenWhole) {
  std::string gomod = "module \"rsc.io/quote\"\n\nrequire \"rsc.io/sampler\" v1.3.0\n";
  auto r = Answer(200, "text/plain; charset=utf-8", gomod);
  r.body_bytes = static_cast<int64_t>(gomod.size());
  auto e = ClassifyEndpoint("mod", "rsc.io/quote@v1.5.2", "https://p/rsc.io/quote/@v/v1.5.2.mod", "https://p", r);
  EXPECT_EQ(e.go_mod_hash, "h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=");
  r.body_bytes += 1 << 20;  // cut at max_body: no hash rather than a false mismatch
  EXPECT_EQ(ClassifyEndpoint("mod", "rsc.io/quote@v1.5.2", "https://p/x.mod", "https://p", r).go_mod_hash, "");
  r.status = 404;
  r.body_bytes = static_cast<int64_t>(r.body.size());
  EXPECT_EQ(ClassifyEndpoint("mod", "rsc.io/quote@v1.5.2", "https://p/x.mod", "https://p", r).go_mod_hash, "");
}

TEST(NetDirectTest, GoImportAndKnownHosts) {
  std::string page = "<html><head><meta name=\"go-import\" content=\"corp.example/lib git https://git.corp/lib.git\">"
                     "<meta name='go-import' content='other.example/x mod https://p'></head></html>";
  auto tag = FindGoImport(page, "corp.example/lib/sub");
  ASSERT_TRUE(tag.has_value());
  EXPECT_EQ((*tag)[2], "https://git.corp/lib.git");
  EXPECT_FALSE(FindGoImport(page, "corp.example/library").has_value()) << "prefix must end at a path element";
  EXPECT_EQ(DirectProbeUrl("github.com/o/r/v2"), "https://github.com/o/r/info/refs?service=git-upload-pack");
  EXPECT_EQ(DirectProbeUrl("corp.example/lib"), "https://corp.example/lib?go-get=1");
  auto d = ReadDirect("corp.example/lib", "https://corp.example/lib?go-get=1", Answer(200, "text/html", page), {});
  EXPECT_EQ(d.vcs, "git");
  auto route = RouteFor({{"GOPROXY", "direct"}}, "corp.example/lib");
  EXPECT_EQ(DirectOutcome(d, route).error, "missing Git command. See https://golang.org/s/gogetcmd");
}

TEST(GoRootsTest, SslCertFileAndDirReplaceTheDefaults) {
  testing::FakeFileSystem fs;
  fs.AddFile("/etc/ssl/certs/ca-certificates.crt", "SYSTEM\n");
  fs.AddFile("/corp/ca.pem", "CORP\n");
  fs.AddFile("/corp/dir/a.pem", "A\n");
  auto def = LoadGoRoots({}, fs);
  EXPECT_EQ(def.file, "/etc/ssl/certs/ca-certificates.crt");
  EXPECT_NE(def.pem.find("SYSTEM"), std::string::npos);
  auto corp = LoadGoRoots({{"SSL_CERT_FILE", "/corp/ca.pem"}, {"SSL_CERT_DIR", "/corp/dir"}}, fs);
  EXPECT_EQ(corp.pem.find("SYSTEM"), std::string::npos);
  EXPECT_NE(corp.pem.find("CORP"), std::string::npos);
  EXPECT_NE(corp.pem.find("A\n"), std::string::npos);
  EXPECT_EQ(corp.dir_files, 1);
}

TEST(ProbeNetTest, FakeProxyServesAndCredentialsStayHidden) {
  testing::FakePlatform fp;
  fp.fs.AddFile("/home/u/.netrc", "machine proxy.corp login alice password s3cret\n");
  core::EnvSide side;
  side.label = "terminal";
  side.process_env = {{"HOME", "/home/u"}, {"PATH", "/usr/bin"}};
  side.settings = collect::ParseSettings({{"GOPROXY", "https://proxy.corp"}, {"GOSUMDB", "off"}});
  std::string base = "https://proxy.corp/rsc.io/quote/@v/v1.5.2";
  fp.http.answers[base + ".info"] = Answer(200, "application/json", "{\"Version\":\"v1.5.2\"}");
  fp.http.answers[base + ".mod"] = Answer(200, "text/plain", "module rsc.io/quote\n");
  fp.http.answers[base + ".zip"] = Answer(206, "application/zip", "PK");
  NetProbeOptions o;
  o.routes = {collect::ComputeRoute(side.settings, "rsc.io/quote", "v1.5.2")};
  auto n = ProbeNet(side, fp.View(), o);
  ASSERT_EQ(n.modules.size(), 1u);
  EXPECT_EQ(n.modules[0].served_by, "https://proxy.corp");
  EXPECT_FALSE(n.modules[0].go_error.has_value());
  ASSERT_FALSE(fp.http.seen.empty());
  EXPECT_EQ(fp.http.seen[0].user, "alice") << ".netrc credentials are used for https";
  ASSERT_EQ(n.credentials.size(), 1u);
  EXPECT_EQ(n.credentials[0].find("s3cret"), std::string::npos);
  EXPECT_NE(n.credentials[0].find("proxy.corp"), std::string::npos);
  ASSERT_TRUE(n.sumdb.has_value());
  EXPECT_TRUE(n.sumdb->what_if) << "GOSUMDB=off: the default database is probed to see whether it would work";
}

}  // namespace
}  // namespace godiag::probe

namespace godiag::probe {
namespace {

platform::HttpResponse TextAnswer(int status, std::string body) {
  platform::HttpResponse r;
  r.status = status;
  r.headers["content-type"] = "text/plain";
  r.body = body;
  r.body_bytes = static_cast<int64_t>(body.size());
  return r;
}

// The zip's size comes from the ranged probe's Content-Range: over zip_limit it is not fetched
// (with how to check it), over the go command's 500 MiB it is the go command's own error.
TEST(ProbeNetTest, ZipsOverTheLimitAreNotFetched) {
  for (int64_t size : {int64_t{100} << 20, int64_t{600} << 20}) {
    testing::FakePlatform fp;
    core::EnvSide side;
    side.label = "terminal";
    side.settings = collect::ParseSettings({{"GOPROXY", "https://p.example"}, {"GOSUMDB", "off"}});
    std::string base = "https://p.example/big.example/m/@v/v1.0.0";
    fp.http.answers[base + ".info"] = TextAnswer(200, "{\"Version\":\"v1.0.0\"}");
    fp.http.answers[base + ".mod"] = TextAnswer(200, "module big.example/m\n");
    auto zip = TextAnswer(206, "PK");
    zip.headers["content-range"] = "bytes 0-1023/" + std::to_string(size);
    fp.http.answers[base + ".zip"] = zip;
    NetProbeOptions o;
    o.routes = {collect::ComputeRoute(side.settings, "big.example/m", "v1.0.0")};
    o.zip_limit = int64_t{64} << 20;
    auto n = ProbeNet(side, fp.View(), o);
    ASSERT_EQ(n.modules.size(), 1u);
    const auto& z = n.modules[0].zip;
    ASSERT_TRUE(z.has_value());
    for (const auto& req : fp.http.seen) EXPECT_FALSE(req.spool) << "no whole zip fetched for " << req.url;
    if (size < kGoMaxZipBytes) {
      EXPECT_EQ(z->unreadable, "not fetched: 100 MiB is over the 64 MiB godiag downloads for the modules it picks "
                               "itself; to check it, name it: godiag net big.example/m@v1.0.0");
      EXPECT_FALSE(n.modules[0].go_error.has_value());
    } else {
      EXPECT_EQ(z->unreadable, "not fetched: 600 MiB is over the go command's 500 MiB limit for a module zip");
      EXPECT_EQ(n.modules[0].go_error, "go: big.example/m@v1.0.0: downloaded zip file too large");
    }
  }
}

TEST(ProbeNetTest, LatestQueryNeedsAtLatestOnlyWhenTheListIsEmpty) {
  testing::FakePlatform fp;
  core::EnvSide side;
  side.label = "terminal";
  side.settings = collect::ParseSettings({{"GOPROXY", "https://p.example"}, {"GOSUMDB", "off"}});
  fp.http.answers["https://p.example/rsc.io/quote/@v/list"] = TextAnswer(200, "v1.5.2\n");
  NetProbeOptions o;
  o.routes = {collect::ComputeRoute(side.settings, "rsc.io/quote", "")};
  auto n = ProbeNet(side, fp.View(), o);
  EXPECT_EQ(n.modules[0].served_by, "https://p.example") << "@latest's 404 does not matter when the list has versions";
  fp.http.answers["https://p.example/rsc.io/quote/@v/list"] = TextAnswer(200, "");
  n = ProbeNet(side, fp.View(), o);
  ASSERT_TRUE(n.modules[0].go_error.has_value());
  EXPECT_NE(n.modules[0].go_error->find("@latest: 404 Not Found"), std::string::npos) << *n.modules[0].go_error;
}

}  // namespace
}  // namespace godiag::probe

namespace godiag::probe {
namespace {

TEST(ProbeNetTest, GoinsecureGoGetTriesUnverifiedHttpsThenHttp) {
  testing::FakePlatform fp;
  core::EnvSide side;
  side.label = "terminal";
  side.settings = collect::ParseSettings({{"GOPROXY", "direct"}, {"GOSUMDB", "off"}, {"GOINSECURE", "corp.example"}});
  platform::HttpResponse refused;
  refused.error = platform::NetError::kConnect;
  fp.http.answers["https://corp.example/lib?go-get=1"] = refused;
  platform::HttpResponse page;
  page.status = 200;
  page.body = "<meta name=\"go-import\" content=\"corp.example/lib git https://git.corp.example/lib\">";
  fp.http.answers["http://corp.example/lib?go-get=1"] = page;
  NetProbeOptions o;
  o.routes = {collect::ComputeRoute(side.settings, "corp.example/lib", "v1.0.0")};
  auto n = ProbeNet(side, fp.View(), o);
  ASSERT_EQ(n.direct.size(), 1u);
  EXPECT_EQ(n.direct[0].vcs, "git");
  EXPECT_EQ(n.direct[0].url, "http://corp.example/lib?go-get=1");
  bool unverified = false;
  for (const auto& r : fp.http.seen) unverified = unverified || (r.url.starts_with("https://corp.example") && r.skip_verify);
  EXPECT_TRUE(unverified);
  // Without GOINSECURE there is no plain-http attempt and the wording is "https fetch".
  side.settings = collect::ParseSettings({{"GOPROXY", "direct"}, {"GOSUMDB", "off"}});
  o.routes = {collect::ComputeRoute(side.settings, "corp.example/lib", "v1.0.0")};
  fp.http.seen.clear();
  n = ProbeNet(side, fp.View(), o);
  ASSERT_TRUE(n.direct[0].error.has_value());
  EXPECT_NE(n.direct[0].error->find("\": https fetch: "), std::string::npos) << *n.direct[0].error;
  for (const auto& r : fp.http.seen) EXPECT_FALSE(r.url.starts_with("http://")) << r.url;
}

// modfetch checkGoMod: go.sum first (an equal line passes, another h1: line is fatal, an
// unknown algorithm is passed over), else the database's record; texts as cmd/go prints them
// (the e2e test compares them whole with go1.26's).
TEST(NetGoModTest, GoSumThenDatabase) {
  core::Route r;
  r.module = "corp.example/m";
  r.version = "v1.0.0";
  r.checksum_db = "sum.golang.org";
  KnownSums sums;
  sums.files.push_back({"go.sum", {{"corp.example/m", "v1.0.0/go.mod", "h2:future", 1},
                                   {"corp.example/m", "v1.0.0/go.mod", "h1:old=", 2}}});
  std::optional<std::string> err;
  auto c = CheckDownload(r, false, "h1:old=", sums, nullptr, "sum.golang.org", err);
  ASSERT_TRUE(c && c->ok);
  EXPECT_EQ(c->against, "go.sum");
  EXPECT_FALSE(err);
  c = CheckDownload(r, false, "h1:new=", sums, nullptr, "sum.golang.org", err);
  ASSERT_TRUE(c && !c->ok);
  ASSERT_TRUE(err);
  EXPECT_TRUE(err->starts_with("verifying corp.example/m@v1.0.0/go.mod: checksum mismatch\n\tdownloaded: h1:new=\n"
                               "\tgo.sum:     h1:old=\n\nSECURITY ERROR\nThis download does NOT match an earlier"))
      << *err;

  KnownSums none;
  SumDbLookup l;
  l.path = r.module;
  l.version = r.version;
  l.ok = true;
  l.lines = {"corp.example/m v1.0.0 h1:zip=", "corp.example/m v1.0.0/go.mod h1:old="};
  err.reset();
  c = CheckDownload(r, false, "h1:new=", none, &l, "sum.golang.org", err);
  ASSERT_TRUE(c && !c->ok && err);
  EXPECT_EQ(c->expected, "h1:old=");
  EXPECT_TRUE(err->starts_with("go: corp.example/m@v1.0.0: verifying go.mod: checksum mismatch\n\tdownloaded: h1:new=\n"
                               "\tsum.golang.org: h1:old=\n\nSECURITY ERROR\nThis download does NOT match the one"))
      << *err;
  err.reset();
  l.lines.pop_back();
  c = CheckDownload(r, false, "h1:new=", none, &l, "sum.golang.org", err);
  ASSERT_TRUE(c && !c->ok && err);
  EXPECT_TRUE(err->starts_with("go: corp.example/m@v1.0.0: verifying go.mod: checksum missing from sumdb response\n\n"))
      << *err;
  err.reset();
  l.ok = false;
  l.error = "reading https://sum.golang.org/lookup/corp.example/m@v1.0.0: 404 Not Found";
  c = CheckDownload(r, false, "h1:new=", none, &l, "sum.golang.org", err);
  ASSERT_TRUE(c && c->lookup_failed && err);
  EXPECT_EQ(*err, "go: corp.example/m@v1.0.0: verifying go.mod: corp.example/m@v1.0.0/go.mod: " + l.error);

  err.reset();
  r.checksum_db.reset();  // GONOSUMDB / GOPRIVATE / GOSUMDB=off and nothing in go.sum: not checked
  EXPECT_FALSE(CheckDownload(r, false, "h1:new=", none, &l, "sum.golang.org", err));
  EXPECT_FALSE(CheckDownload(r, false, "", sums, &l, "sum.golang.org", err)) << "nothing downloaded (direct)";
  EXPECT_FALSE(err);
}

}  // namespace
}  // namespace godiag::probe

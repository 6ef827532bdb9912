// RealHttpClient over plain HTTP against a scripted loopback server: answers, redirects,
// deadlines, concurrency, proxies.
#include "platform/real_http_client.h"

#include <gtest/gtest.h>

#include "testing/http_test_server.h"

namespace godiag::platform {
namespace {

using namespace test_http;  // NOLINT(google-build-using-namespace): test helpers

TEST(RealHttpClientTest, ReturnsBodyAndReasonPhrase) {
  TestServer server;
  HttpResponse r = FetchOne(Get(server.Url("/ok")));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.body, "hello world");
  EXPECT_EQ(r.body_bytes, 11);
  EXPECT_EQ(r.final_url, server.Url("/ok"));
  EXPECT_TRUE(r.redirects.empty());
  EXPECT_TRUE(r.used_proxy.empty());
}

TEST(RealHttpClientTest, NotFoundKeepsReasonPhrase) {
  TestServer server;
  HttpResponse r = FetchOne(Get(server.Url("/missing")));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.reason, "Not Found");
  EXPECT_EQ(r.body, "no such thing");
}

TEST(RealHttpClientTest, CapsBodyButCountsAllBytes) {
  TestServer server;
  HttpRequest req = Get(server.Url("/big"));
  req.max_body = 100;
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.body, std::string(100, 'x'));
  EXPECT_EQ(r.body_bytes, 10000);
}

// A spool request keeps its body on disk, mapped; a redirect's own body is not part of it.
TEST(RealHttpClientTest, SpoolsLargeBodiesToDisk) {
  TestServer server;
  for (const char* path : {"/large", "/moved-with-body"}) {
    HttpRequest req = Get(server.Url(path));
    req.spool = true;
    req.max_body = 4u << 20;
    HttpResponse r = FetchOne(req);
    EXPECT_EQ(r.status, 200) << path << ": " << ErrorOf(r);
    EXPECT_TRUE(r.body.empty());
    ASSERT_NE(r.spooled, nullptr) << path;
    EXPECT_EQ(r.Body().size(), LargeBody().size()) << path;
    EXPECT_TRUE(r.Body() == LargeBody()) << path;
    EXPECT_EQ(r.body_bytes, static_cast<int64_t>(LargeBody().size()));
  }
  HttpRequest capped = Get(server.Url("/large"));
  capped.spool = true;
  capped.max_body = 1000;
  HttpResponse r = FetchOne(capped);
  EXPECT_EQ(r.Body(), std::string_view(LargeBody()).substr(0, 1000)) << "max_body bounds what is kept";
  EXPECT_EQ(r.body_bytes, static_cast<int64_t>(LargeBody().size()));
  HttpRequest empty = Get(server.Url("/echo"));
  empty.spool = true;
  EXPECT_EQ(FetchOne(empty).Body(), "echo");
}

TEST(RealHttpClientTest, SpoolInAMissingDirectoryIsAnError) {
  TestServer server;
  const char* old = std::getenv("TMPDIR");
  std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent/godiag", 1);
  HttpRequest req = Get(server.Url("/large"));
  req.spool = true;
  req.max_body = 4u << 20;
  HttpResponse r = FetchOne(req);
  if (old) setenv("TMPDIR", saved.c_str(), 1);
  else unsetenv("TMPDIR");
  EXPECT_EQ(r.error, NetError::kOther);
  EXPECT_NE(r.error_text.find("creating a temporary file in /nonexistent/godiag"), std::string::npos) << r.error_text;
  EXPECT_EQ(r.spooled, nullptr);
}

TEST(RealHttpClientTest, HeadSendsHeadAndGetsNoBody) {
  TestServer server;
  HttpRequest req = Get(server.Url("/ok"));
  req.head = true;
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.body_bytes, 0);
  EXPECT_EQ(r.headers["content-length"], "11");
  ASSERT_EQ(server.Seen().size(), 1u);
  EXPECT_EQ(server.Seen()[0].method, "HEAD");
}

TEST(RealHttpClientTest, SendsRangeHeader) {
  TestServer server;
  HttpRequest req = Get(server.Url("/echo"));
  req.range = std::make_pair(int64_t{5}, int64_t{9});
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  ASSERT_EQ(server.Seen().size(), 1u);
  EXPECT_EQ(server.Seen()[0].headers["range"], "bytes=5-9");
}

TEST(RealHttpClientTest, SendsBasicAuthExtraHeadersAndUserAgent) {
  TestServer server;
  HttpRequest req = Get(server.Url("/echo"));
  req.user = "gopher";
  req.password = "pa55word";
  req.headers = {"X-Extra: yes"};
  HttpTransport transport;
  transport.user_agent = "godiag-test/1";
  HttpResponse r = FetchOne(req, transport);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  ASSERT_EQ(server.Seen().size(), 1u);
  SeenRequest seen = server.Seen()[0];
  EXPECT_EQ(seen.headers["authorization"], "Basic Z29waGVyOnBhNTV3b3Jk");
  EXPECT_EQ(seen.headers["x-extra"], "yes");
  EXPECT_EQ(seen.headers["user-agent"], "godiag-test/1");
}

TEST(RealHttpClientTest, LowerCasesHeaderNamesLastValueWins) {
  TestServer server;
  HttpResponse r = FetchOne(Get(server.Url("/ok")));
  EXPECT_EQ(r.headers["x-mixed-case"], "Value");
  EXPECT_EQ(r.headers["x-dup"], "two");
  EXPECT_EQ(r.headers.count("X-Mixed-Case"), 0u);
}

TEST(RealHttpClientTest, FollowsRelativeAndAbsoluteRedirects) {
  TestServer server;
  HttpResponse r = FetchOne(Get(server.Url("/r/a")));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello world");
  EXPECT_EQ(r.redirects, (std::vector<std::string>{server.Url("/r/b"), server.Url("/r/c"), server.Url("/ok")}));
  EXPECT_EQ(r.final_url, server.Url("/ok"));
  EXPECT_EQ(r.headers.count("location"), 0u);  // headers of the final hop only
}

TEST(RealHttpClientTest, FollowsTenRedirects) {
  TestServer server;
  HttpResponse r = FetchOne(Get(server.Url("/count/10")));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.body, "landed");
  EXPECT_EQ(r.redirects.size(), 10u);
}

TEST(RealHttpClientTest, StopsAfterTenRedirects) {
  TestServer server;
  HttpResponse r = FetchOne(Get(server.Url("/loop/0")));
  EXPECT_EQ(r.error, NetError::kTooManyRedirects);
  EXPECT_EQ(r.error_text, "stopped after 10 redirects");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.redirects.size(), 10u);
  EXPECT_EQ(r.final_url, server.Url("/loop/10"));
  EXPECT_EQ(server.Seen().size(), 11u);
}

TEST(RealHttpClientTest, ReturnsRedirectWhenNotFollowing) {
  TestServer server;
  HttpRequest req = Get(server.Url("/r/a"));
  req.follow_redirects = false;
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.status, 302) << ErrorOf(r);
  EXPECT_EQ(r.headers["location"], "b");
  EXPECT_TRUE(r.redirects.empty());
}

TEST(RealHttpClientTest, DropsCredentialsOnRedirectToOtherHost) {
  TestServer server;
  std::string other = "http://localhost:" + std::to_string(server.port()) + "/echo";
  HttpRequest req = Get(server.Url("/redirect?to=" + other));
  req.user = "gopher";
  req.password = "pa55word";
  req.headers = {"X-Token: secret-token"};
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.final_url, other);
  std::vector<SeenRequest> seen = server.Seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].headers.count("authorization"), 1u);
  EXPECT_EQ(seen[0].headers.count("x-token"), 1u);
  EXPECT_EQ(seen[1].headers.count("authorization"), 0u);
  EXPECT_EQ(seen[1].headers.count("x-token"), 0u);
}

TEST(RealHttpClientTest, ClosedConnectionIsReset) {
  TestServer server;
  HttpResponse r = FetchOne(Get(server.Url("/close")));
  EXPECT_EQ(r.error, NetError::kReset) << ErrorOf(r);
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error_text.empty());
}

TEST(RealHttpClientTest, SilentServerTimesOutAtDeadline) {
  TestServer server;
  const auto start = SteadyClock::now();
  HttpResponse r = FetchOne(Get(server.Url("/hang")), {}, milliseconds(1000));
  const auto elapsed = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - start);
  EXPECT_EQ(r.error, NetError::kTimeout) << ErrorOf(r);
  EXPECT_EQ(r.status, 0);
  EXPECT_GE(elapsed.count(), 990);
  EXPECT_LT(elapsed.count(), 1500);
  std::cout << "[ timing   ] silent server: Fetch returned after " << elapsed.count() << " ms (deadline 1000)\n";
}

TEST(RealHttpClientTest, DeadlineDoesNotHoldBackFinishedRequests) {
  TestServer server;
  RealHttpClient client;
  std::vector<HttpResponse> out = client.Fetch({Get(server.Url("/hang")), Get(server.Url("/ok"))}, {}, milliseconds(500));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].error, NetError::kTimeout);
  EXPECT_EQ(out[1].error, NetError::kNone) << ErrorOf(out[1]);
  EXPECT_EQ(out[1].body, "hello world");
}

TEST(RealHttpClientTest, ClosedPortIsConnectError) {
  HttpResponse r = FetchOne(Get("http://127.0.0.1:" + std::to_string(UnusedPort()) + "/"));
  EXPECT_EQ(r.error, NetError::kConnect) << ErrorOf(r);
  EXPECT_EQ(r.status, 0);
}

TEST(RealHttpClientTest, UnresolvableHostIsDnsError) {
  HttpResponse r = FetchOne(Get("http://nonexistent.invalid/"), {}, milliseconds(10000));
  EXPECT_EQ(r.error, NetError::kDns) << ErrorOf(r);
  EXPECT_NE(r.error_text.find("nonexistent.invalid"), std::string::npos) << r.error_text;
}

TEST(RealHttpClientTest, FiftyConcurrentRequestsAnsweredInOrder) {
  TestServer server;
  std::vector<HttpRequest> requests;
  for (int i = 0; i < 50; ++i) requests.push_back(Get(server.Url("/n/" + std::to_string(i))));
  std::vector<std::pair<size_t, size_t>> progress;
  RealHttpClient client;
  std::vector<HttpResponse> out =
      client.Fetch(requests, {}, kTimeout, [&](size_t done, size_t total) { progress.emplace_back(done, total); });
  ASSERT_EQ(out.size(), 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(out[i].status, 200) << i << " " << ErrorOf(out[i]);
    EXPECT_EQ(out[i].body, std::to_string(i));
  }
  ASSERT_EQ(progress.size(), 50u);
  EXPECT_EQ(progress.back(), std::make_pair(size_t{50}, size_t{50}));
}

TEST(RealHttpClientTest, FetchFromSeveralThreadsAtOnce) {
  TestServer server;
  RealHttpClient client;
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<HttpRequest> requests;
      for (int i = 0; i < 10; ++i) requests.push_back(Get(server.Url("/n/" + std::to_string(t * 100 + i))));
      std::vector<HttpResponse> out = client.Fetch(requests, {}, kTimeout);
      for (int i = 0; i < 10; ++i) good += out[i].body == std::to_string(t * 100 + i) ? 1 : 0;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 40);
}

TEST(RealHttpClientTest, ReusesConnectionsWithinTheLimitPerHost) {
  TestServer server;
  std::vector<HttpRequest> requests;
  for (int i = 0; i < 20; ++i) requests.push_back(Get(server.Url("/n/" + std::to_string(i))));
  HttpTransport transport;
  transport.max_per_host = 2;
  std::vector<HttpResponse> out = RealHttpClient().Fetch(requests, transport, kTimeout);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(out[i].body, std::to_string(i)) << ErrorOf(out[i]);
  EXPECT_GE(server.Accepted(), 1);
  EXPECT_LE(server.Accepted(), 2);
}

TEST(RealHttpClientTest, ReportsTimingsAndRemoteIp) {
  TestServer server;
  HttpResponse r = FetchOne(Get(server.Url("/ok")));
  EXPECT_EQ(r.remote_ip, "127.0.0.1");
  EXPECT_GT(r.total_ms, 0);
  EXPECT_GE(r.first_byte_ms, r.connect_ms);
  EXPECT_EQ(r.tls_ms, 0);
}

TEST(RealHttpClientTest, SendsAbsoluteUrlToHttpProxy) {
  TestServer proxy;
  HttpTransport transport;
  transport.http_proxy = proxy.Base();
  transport.https_proxy = "http://127.0.0.1:1";  // not for http URLs
  HttpResponse r = FetchOne(Get("http://example.test/some/path"), transport);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.body, "proxied");
  EXPECT_EQ(r.used_proxy, proxy.Base());
  ASSERT_EQ(proxy.Seen().size(), 1u);
  EXPECT_EQ(proxy.Seen()[0].target, "http://example.test/some/path");
}

TEST(RealHttpClientTest, RedactsProxyPassword) {
  TestServer proxy;
  HttpTransport transport;
  transport.http_proxy = "http://alice:s3cret@127.0.0.1:" + std::to_string(proxy.port());
  HttpResponse r = FetchOne(Get("http://example.test/x"), transport);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.used_proxy, "http://alice:xxxxx@127.0.0.1:" + std::to_string(proxy.port()));
  ASSERT_EQ(proxy.Seen().size(), 1u);
  EXPECT_EQ(proxy.Seen()[0].headers["proxy-authorization"], "Basic YWxpY2U6czNjcmV0");
}

TEST(RealHttpClientTest, UnreachableProxyIsProxyErrorWithoutPassword) {
  HttpTransport transport;
  transport.http_proxy = "http://bob:hunter22@127.0.0.1:" + std::to_string(UnusedPort());
  HttpResponse r = FetchOne(Get("http://example.test/x"), transport);
  EXPECT_EQ(r.error, NetError::kProxy) << ErrorOf(r);
  EXPECT_EQ(r.error_text.find("hunter22"), std::string::npos) << r.error_text;
  EXPECT_EQ(r.used_proxy.find("hunter22"), std::string::npos) << r.used_proxy;
  EXPECT_NE(r.used_proxy.find("bob:xxxxx@"), std::string::npos) << r.used_proxy;
}

TEST(RealHttpClientTest, ProxyRefusingConnectIsProxyError) {
  TestServer proxy;
  HttpTransport transport;
  transport.https_proxy = proxy.Base();
  HttpResponse r = FetchOne(Get("https://example.test/x"), transport);
  EXPECT_EQ(r.error, NetError::kProxy) << ErrorOf(r);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.used_proxy, proxy.Base());
  ASSERT_EQ(proxy.Seen().size(), 1u);
  EXPECT_EQ(proxy.Seen()[0].method, "CONNECT");
  EXPECT_EQ(proxy.Seen()[0].target, "example.test:443");
}

TEST(RealHttpClientTest, IgnoresProxyEnvironmentVariables) {
  TestServer server;
  std::string dead = "http://127.0.0.1:" + std::to_string(UnusedPort());
  const char* names[] = {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"};
  std::vector<std::optional<std::string>> saved;
  for (const char* name : names) {
    const char* old = std::getenv(name);
    saved.push_back(old ? std::optional<std::string>(old) : std::nullopt);
    ::setenv(name, dead.c_str(), 1);
  }
  HttpResponse r = FetchOne(Get(server.Url("/ok")));
  for (size_t i = 0; i < saved.size(); ++i) {
    if (saved[i]) ::setenv(names[i], saved[i]->c_str(), 1);
    else ::unsetenv(names[i]);
  }
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.used_proxy, "");
}

TEST(RealHttpClientTest, NoProxyBypassesProxy) {
  TestServer server;
  HttpTransport transport;
  transport.http_proxy = "http://127.0.0.1:" + std::to_string(UnusedPort());
  transport.no_proxy = "example.test,127.0.0.1";
  HttpResponse r = FetchOne(Get(server.Url("/ok")), transport);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.used_proxy, "");
}

TEST(RealHttpClientTest, NamesErrors) {
  EXPECT_STREQ(NetErrorName(NetError::kDns), "dns");
  EXPECT_STREQ(NetErrorName(NetError::kTlsVerify), "tls-verify");
  EXPECT_STREQ(NetErrorName(NetError::kTooManyRedirects), "too-many-redirects");
  EXPECT_STREQ(NetErrorName(NetError::kInsecureRedirect), "insecure-redirect");
}

// ---------------------------------------------------------------------------------------------
// file://

}  // namespace
}  // namespace godiag::platform

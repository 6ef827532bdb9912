// RealHttpClient against servers started inside the test: a scripted HTTP/1.1 server on
// loopback (plain, or TLS for the redirect checks) and `openssl s_server` for certificates.
#include "platform/real_http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>
#include <thread>

extern char** environ;

namespace godiag::platform {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr milliseconds kTimeout{5000};

// ---------------------------------------------------------------------------------------------
// A scripted HTTP/1.1 server: one thread per connection, keep-alive, behaviour by path.

struct SeenRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  ///< lower-case names
};

struct Conn {
  int fd = -1;
  SSL* ssl = nullptr;
};

struct Reply {
  enum class Action { kAnswer, kClose, kHang } action = Action::kAnswer;
  std::string bytes;
};

std::string Answer(int code, std::string_view reason, std::string_view body, bool head,
                   const std::string& extra_headers = "") {
  std::string out = "HTTP/1.1 " + std::to_string(code) + " " + std::string(reason) + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n";
  if (!head) out += body;
  return out;
}

Reply AnswerReply(int code, std::string_view reason, std::string_view body, bool head,
                  const std::string& extra_headers = "") {
  return Reply{Reply::Action::kAnswer, Answer(code, reason, body, head, extra_headers)};
}

Reply RedirectReply(int code, const std::string& location) {
  return AnswerReply(code, "Moved", "", false, "Location: " + location + "\r\n");
}

bool HasPrefix(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

/// Numbered routes: /loop/N redirects forever, /count/N redirects N times then answers.
std::optional<Reply> CountingRoute(const std::string& path) {
  if (HasPrefix(path, "/loop/")) return RedirectReply(302, "/loop/" + std::to_string(std::stoi(path.substr(6)) + 1));
  if (HasPrefix(path, "/count/")) {
    int n = std::stoi(path.substr(7));
    if (n > 0) return RedirectReply(302, "/count/" + std::to_string(n - 1));
    return AnswerReply(200, "OK", "landed", false);
  }
  if (HasPrefix(path, "/n/")) return AnswerReply(200, "OK", path.substr(3), false);
  return std::nullopt;
}

Reply Route(const SeenRequest& req, const std::string& base) {
  const bool head = req.method == "HEAD";
  const std::string& path = req.target;
  if (HasPrefix(path, "http://")) return AnswerReply(200, "OK", "proxied", head);
  if (path == "/ok") {
    return AnswerReply(200, "OK", "hello world", head, "X-Mixed-Case: Value\r\nX-Dup: one\r\nX-Dup: two\r\n");
  }
  if (path == "/missing") return AnswerReply(404, "Not Found", "no such thing", head);
  if (path == "/big") return AnswerReply(200, "OK", std::string(10000, 'x'), head);
  if (path == "/echo") return AnswerReply(200, "OK", "echo", head);
  if (path == "/r/a") return RedirectReply(302, "b");
  if (path == "/r/b") return RedirectReply(307, "/r/c");
  if (path == "/r/c") return RedirectReply(308, base + "/ok");
  if (HasPrefix(path, "/redirect?to=")) return RedirectReply(302, path.substr(13));
  if (path == "/close") return Reply{Reply::Action::kClose, ""};
  if (path == "/hang") return Reply{Reply::Action::kHang, ""};
  if (auto counted = CountingRoute(path)) return *counted;
  return AnswerReply(404, "Not Found", "", head);
}

bool WaitReadable(const Conn& c, const std::atomic<bool>& stop) {
  while (!stop) {
    if (c.ssl != nullptr && SSL_pending(c.ssl) > 0) return true;
    pollfd p{c.fd, POLLIN, 0};
    int n = ::poll(&p, 1, 50);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
  return false;
}

ssize_t Recv(const Conn& c, char* buf, size_t n) {
  if (c.ssl != nullptr) return SSL_read(c.ssl, buf, static_cast<int>(n));
  return ::recv(c.fd, buf, n, 0);
}

bool SendAll(const Conn& c, std::string_view data) {
  while (!data.empty()) {
    ssize_t sent = c.ssl != nullptr ? SSL_write(c.ssl, data.data(), static_cast<int>(data.size()))
                                    : ::send(c.fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

SeenRequest ParseRequestHead(const std::string& head) {
  std::istringstream in(head);
  SeenRequest req;
  std::string line;
  std::getline(in, line);
  std::istringstream(line) >> req.method >> req.target;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    req.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
  }
  return req;
}

class TestServer {
 public:
  explicit TestServer(SSL_CTX* tls = nullptr) : tls_(tls) {
    ::signal(SIGPIPE, SIG_IGN);  // OpenSSL writes to sockets the client may have closed
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(listen_fd_, 128) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "test server: " << std::strerror(errno);
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }
  ~TestServer() {
    stop_ = true;
    acceptor_.join();
    std::vector<std::thread> workers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      workers.swap(workers_);
    }
    for (auto& w : workers) w.join();
    ::close(listen_fd_);
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  std::string Base() const { return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_); }
  std::string Url(const std::string& path) const { return Base() + path; }
  std::vector<SeenRequest> Seen() const {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }
  int Accepted() const { return accepted_; }

 private:
  void AcceptLoop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++accepted_;
      timeval limit{5, 0};  // a stalled TLS handshake must not hold the server forever
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
      std::lock_guard<std::mutex> lock(mu_);
      workers_.emplace_back([this, fd] { Serve(fd); });
    }
  }

  std::optional<SeenRequest> ReadRequest(const Conn& c, std::string& buffer) {
    size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!WaitReadable(c, stop_)) return std::nullopt;
      char chunk[4096];
      ssize_t n = Recv(c, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    SeenRequest req = ParseRequestHead(buffer.substr(0, end + 2));
    buffer.erase(0, end + 4);
    return req;
  }

  void Hang(const Conn& c) {  // until the client gives up or the server stops
    char chunk[256];
    while (WaitReadable(c, stop_) && Recv(c, chunk, sizeof chunk) > 0) {
    }
  }

  void Serve(int fd) {
    Conn c{fd, nullptr};
    if (tls_ != nullptr) {
      c.ssl = SSL_new(tls_);
      SSL_set_fd(c.ssl, fd);
    }
    std::string buffer;
    if (c.ssl == nullptr || SSL_accept(c.ssl) == 1) {
      while (std::optional<SeenRequest> req = ReadRequest(c, buffer)) {
        {
          std::lock_guard<std::mutex> lock(mu_);
          seen_.push_back(*req);
        }
        Reply reply = Route(*req, Base());
        if (reply.action == Reply::Action::kHang) Hang(c);
        if (reply.action != Reply::Action::kAnswer || !SendAll(c, reply.bytes)) break;
      }
    }
    if (c.ssl != nullptr) SSL_free(c.ssl);
    ::close(fd);
  }

  SSL_CTX* tls_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::vector<std::thread> workers_;
  std::vector<SeenRequest> seen_;
};

// ---------------------------------------------------------------------------------------------
// Helpers

HttpRequest Get(const std::string& url) {
  HttpRequest r;
  r.url = url;
  return r;
}

HttpResponse FetchOne(const HttpRequest& request, const HttpTransport& transport = {},
                      milliseconds timeout = kTimeout) {
  RealHttpClient client;
  std::vector<HttpResponse> out = client.Fetch({request}, transport, timeout);
  EXPECT_EQ(out.size(), 1u);
  return out.empty() ? HttpResponse{} : out[0];
}

/// A loopback port nobody listens on (bound, read, closed).
int UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string ErrorOf(const HttpResponse& r) { return std::string(NetErrorName(r.error)) + ": " + r.error_text; }

// ---------------------------------------------------------------------------------------------
// HTTP

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

class RealHttpClientFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "godiag-http-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::permissions(dir_ + "/secret.txt", std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << content;
    return "file://" + dir_ + "/" + name;
  }
  std::string dir_;
};

TEST_F(RealHttpClientFileTest, ReadsFile) {
  HttpResponse r = FetchOne(Get(Write("hello.txt", "file body")));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.body, "file body");
  EXPECT_EQ(r.body_bytes, 9);
}

TEST_F(RealHttpClientFileTest, PercentDecodesPath) {
  Write("a b.txt", "spaced");
  HttpResponse r = FetchOne(Get("file://" + dir_ + "/a%20b.txt"));
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.body, "spaced");
}

TEST_F(RealHttpClientFileTest, CapsBody) {
  HttpRequest req = Get(Write("big.txt", std::string(5000, 'y')));
  req.max_body = 10;
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.body, std::string(10, 'y'));
  EXPECT_EQ(r.body_bytes, 5000);
}

TEST_F(RealHttpClientFileTest, MissingFileIs404) {
  HttpResponse r = FetchOne(Get("file://" + dir_ + "/nope/list"));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.reason, "Not Found");
}

TEST_F(RealHttpClientFileTest, UnreadableFileIs403) {
  std::string url = Write("secret.txt", "hidden");
  ::chmod((dir_ + "/secret.txt").c_str(), 0);
  if (::geteuid() == 0) {
    // chmod 000 does not stop root; a write-only sysfs attribute refuses even root's read.
    const char* write_only = "/sys/bus/pci/rescan";
    int fd = ::open(write_only, O_RDONLY);
    if (fd >= 0) ::close(fd);
    if (fd >= 0 || errno != EACCES) GTEST_SKIP() << "running as root and " << write_only << " is readable or missing";
    url = std::string("file://") + write_only;
  }
  HttpResponse r = FetchOne(Get(url));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Forbidden");
}

TEST_F(RealHttpClientFileTest, DirectoryIsFileError) {
  HttpResponse r = FetchOne(Get("file://" + dir_));
  EXPECT_EQ(r.error, NetError::kFile);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error_text.find("Is a directory"), std::string::npos) << r.error_text;
}

TEST_F(RealHttpClientFileTest, MixesWithNetworkRequests) {
  TestServer server;
  RealHttpClient client;
  std::vector<HttpResponse> out = client.Fetch({Get(Write("one.txt", "1")), Get(server.Url("/ok"))}, {}, kTimeout);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].body, "1");
  EXPECT_EQ(out[1].body, "hello world");
}

// ---------------------------------------------------------------------------------------------
// TLS: `openssl s_server` with certificates made at test time

bool RunQuietly(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool MakeCert(const std::string& dir, const std::string& name, const std::string& cn, const std::string& san) {
  return RunQuietly("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=" + cn +
             " -addext subjectAltName=" + san + " -keyout " + dir + "/" + name + ".key -out " + dir + "/" + name +
             ".pem");
}

bool WaitAccepting(int port) {
  const auto until = SteadyClock::now() + std::chrono::seconds(10);
  while (SteadyClock::now() < until) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

/// `openssl s_server -www` on 127.0.0.1:port; -1 when it did not start.
pid_t StartSServer(int port, const std::string& cert, const std::string& key) {
  std::string accept = "127.0.0.1:" + std::to_string(port);
  std::vector<std::string> args = {"openssl", "s_server", "-accept", accept, "-cert", cert, "-key", key, "-www", "-quiet"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, "openssl", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  if (!WaitAccepting(port)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return -1;
  }
  return pid;
}

void StopProcess(pid_t& pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  pid = -1;
}

class RealHttpClientTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!RunQuietly("command -v openssl")) return;
    std::string tmpl = (std::filesystem::temp_directory_path() / "godiag-tls-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) return;
    dir_ = tmpl;
    if (!MakeCert(dir_, "local", "localhost", "IP:127.0.0.1,DNS:localhost") ||
        !MakeCert(dir_, "other", "other.test", "DNS:other.test")) {
      return;
    }
    local_port_ = UnusedPort();
    local_pid_ = StartSServer(local_port_, dir_ + "/local.pem", dir_ + "/local.key");
    other_port_ = UnusedPort();
    other_pid_ = StartSServer(other_port_, dir_ + "/other.pem", dir_ + "/other.key");
    tls_ctx_ = SSL_CTX_new(TLS_server_method());
    ready_ = local_pid_ > 0 && other_pid_ > 0 && tls_ctx_ != nullptr &&
             SSL_CTX_use_certificate_file(tls_ctx_, (dir_ + "/local.pem").c_str(), SSL_FILETYPE_PEM) == 1 &&
             SSL_CTX_use_PrivateKey_file(tls_ctx_, (dir_ + "/local.key").c_str(), SSL_FILETYPE_PEM) == 1;
  }
  static void TearDownTestSuite() {
    StopProcess(local_pid_);
    StopProcess(other_pid_);
    if (tls_ctx_ != nullptr) SSL_CTX_free(tls_ctx_);
    tls_ctx_ = nullptr;
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  void SetUp() override {
    if (ready_) return;
    if (std::getenv("CI") != nullptr) FAIL() << "openssl (command) is needed for the TLS tests in CI";
    GTEST_SKIP() << "openssl command missing or s_server did not start: TLS tests skipped";
  }
  static HttpTransport Trusting(const std::string& name) {
    HttpTransport transport;
    transport.ca_bundle = ReadAll(dir_ + "/" + name + ".pem");
    return transport;
  }
  static std::string LocalUrl() { return "https://127.0.0.1:" + std::to_string(local_port_) + "/"; }

  static inline std::string dir_;
  static inline int local_port_ = 0, other_port_ = 0;
  static inline pid_t local_pid_ = -1, other_pid_ = -1;
  static inline SSL_CTX* tls_ctx_ = nullptr;
  static inline bool ready_ = false;
};

TEST_F(RealHttpClientTlsTest, DefaultTrustRejectsSelfSigned) {
  HttpRequest req = Get(LocalUrl());
  req.capture_chain = true;
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.error, NetError::kTlsVerify) << ErrorOf(r);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.tls_verify_text.find("self-signed") != std::string::npos ||
              r.tls_verify_text.find("self signed") != std::string::npos)
      << r.tls_verify_text;
  ASSERT_FALSE(r.chain.empty());
  EXPECT_NE(r.chain[0].subject.find("localhost"), std::string::npos) << r.chain[0].subject;
  EXPECT_NE(r.chain[0].alt_names.find("127.0.0.1"), std::string::npos) << r.chain[0].alt_names;
  EXPECT_FALSE(r.chain[0].not_after.empty());
}

TEST_F(RealHttpClientTlsTest, CaBundleIsTrusted) {
  HttpRequest req = Get(LocalUrl());
  req.capture_chain = true;
  HttpResponse r = FetchOne(req, Trusting("local"));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 200);
  EXPECT_GT(r.tls_ms, 0);
  ASSERT_FALSE(r.chain.empty());
  EXPECT_NE(r.chain[0].subject.find("localhost"), std::string::npos) << r.chain[0].subject;
}

TEST_F(RealHttpClientTlsTest, CaBundleReplacesTheSystemRoots) {
  HttpResponse r = FetchOne(Get(LocalUrl()), Trusting("other"));
  EXPECT_EQ(r.error, NetError::kTlsVerify) << ErrorOf(r);
  EXPECT_FALSE(r.tls_verify_text.empty());
}

TEST_F(RealHttpClientTlsTest, InsecureSkipVerifyAccepts) {
  HttpTransport transport;
  transport.insecure_skip_verify = true;
  HttpResponse r = FetchOne(Get(LocalUrl()), transport);
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 200);
}

TEST_F(RealHttpClientTlsTest, HostNameMismatchIsVerifyError) {
  HttpRequest req = Get("https://localhost:" + std::to_string(other_port_) + "/");
  req.capture_chain = true;
  HttpResponse r = FetchOne(req, Trusting("other"));
  EXPECT_EQ(r.error, NetError::kTlsVerify) << ErrorOf(r);
  EXPECT_NE(r.error_text.find("localhost"), std::string::npos) << r.error_text;
  EXPECT_NE(r.tls_verify_text.find("localhost"), std::string::npos) << r.tls_verify_text;
  ASSERT_FALSE(r.chain.empty());
  EXPECT_NE(r.chain[0].alt_names.find("other.test"), std::string::npos) << r.chain[0].alt_names;
}

TEST_F(RealHttpClientTlsTest, RefusesRedirectFromHttpsToHttp) {
  TestServer plain;
  TestServer secure(tls_ctx_);
  std::string from = secure.Url("/redirect?to=" + plain.Url("/ok"));
  HttpResponse r = FetchOne(Get(from), Trusting("local"));
  EXPECT_EQ(r.error, NetError::kInsecureRedirect) << ErrorOf(r);
  EXPECT_EQ(r.error_text, "redirected from secure URL " + from + " to insecure URL " + plain.Url("/ok"));
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(plain.Seen().empty());
}

TEST_F(RealHttpClientTlsTest, CapturesChainAfterRedirectOnReusedConnection) {
  TestServer secure(tls_ctx_);
  HttpRequest req = Get(secure.Url("/redirect?to=" + secure.Url("/ok")));
  req.capture_chain = true;
  HttpResponse r = FetchOne(req, Trusting("local"));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.body, "hello world");
  EXPECT_EQ(r.redirects.size(), 1u);
  ASSERT_FALSE(r.chain.empty());
  EXPECT_NE(r.chain[0].subject.find("localhost"), std::string::npos) << r.chain[0].subject;
}

}  // namespace
}  // namespace godiag::platform

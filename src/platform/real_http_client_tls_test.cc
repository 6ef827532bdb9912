// RealHttpClient over TLS against `openssl s_server` with certificates made at test time.
#include "platform/real_http_client.h"

#include <gtest/gtest.h>

#include "testing/http_test_server.h"

namespace godiag::platform {
namespace {

using namespace test_http;  // NOLINT(google-build-using-namespace): test helpers

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

TEST_F(RealHttpClientTlsTest, PerRequestSkipVerifyAcceptsOnlyThatRequest) {
  HttpRequest unverified = Get(LocalUrl());
  unverified.skip_verify = true;
  RealHttpClient client;
  auto out = client.Fetch({unverified, Get(LocalUrl())}, {}, kTimeout);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].status, 200) << ErrorOf(out[0]);
  EXPECT_EQ(out[1].error, NetError::kTlsVerify) << "the other request is still verified";
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

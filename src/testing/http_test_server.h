// Test-only: a scripted HTTP/1.1 server on loopback (plain, or TLS), one thread per
// connection, keep-alive, behaviour by path; used by the RealHttpClient tests.
#pragma once

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


#include "platform/real_http_client.h"

namespace godiag::platform::test_http {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

inline constexpr milliseconds kTimeout{5000};

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

inline std::string Answer(int code, std::string_view reason, std::string_view body, bool head,
                   const std::string& extra_headers = "") {
  std::string out = "HTTP/1.1 " + std::to_string(code) + " " + std::string(reason) + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n";
  if (!head) out += body;
  return out;
}

inline Reply AnswerReply(int code, std::string_view reason, std::string_view body, bool head,
                  const std::string& extra_headers = "") {
  return Reply{Reply::Action::kAnswer, Answer(code, reason, body, head, extra_headers)};
}

inline Reply RedirectReply(int code, const std::string& location) {
  return AnswerReply(code, "Moved", "", false, "Location: " + location + "\r\n");
}

inline bool HasPrefix(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

/// 3 MiB of bytes that repeat only every 251: what /large serves.
inline const std::string& LargeBody() {
  static const std::string body = [] {
    std::string b(3u << 20, '\0');
    for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<char>(i % 251);
    return b;
  }();
  return body;
}

/// Numbered routes: /loop/N redirects forever, /count/N redirects N times then answers.
inline std::optional<Reply> CountingRoute(const std::string& path) {
  if (HasPrefix(path, "/loop/")) return RedirectReply(302, "/loop/" + std::to_string(std::stoi(path.substr(6)) + 1));
  if (HasPrefix(path, "/count/")) {
    int n = std::stoi(path.substr(7));
    if (n > 0) return RedirectReply(302, "/count/" + std::to_string(n - 1));
    return AnswerReply(200, "OK", "landed", false);
  }
  if (HasPrefix(path, "/n/")) return AnswerReply(200, "OK", path.substr(3), false);
  return std::nullopt;
}

inline Reply Route(const SeenRequest& req, const std::string& base) {
  const bool head = req.method == "HEAD";
  const std::string& path = req.target;
  if (HasPrefix(path, "http://")) return AnswerReply(200, "OK", "proxied", head);
  if (path == "/ok") {
    return AnswerReply(200, "OK", "hello world", head, "X-Mixed-Case: Value\r\nX-Dup: one\r\nX-Dup: two\r\n");
  }
  if (path == "/missing") return AnswerReply(404, "Not Found", "no such thing", head);
  if (path == "/big") return AnswerReply(200, "OK", std::string(10000, 'x'), head);
  if (path == "/large") return AnswerReply(200, "OK", LargeBody(), head);
  if (path == "/moved-with-body") {
    return AnswerReply(302, "Found", "<a href=\"/large\">moved</a>", false, "Location: /large\r\n");
  }
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

inline bool WaitReadable(const Conn& c, const std::atomic<bool>& stop) {
  while (!stop) {
    if (c.ssl != nullptr && SSL_pending(c.ssl) > 0) return true;
    pollfd p{c.fd, POLLIN, 0};
    int n = ::poll(&p, 1, 50);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
  return false;
}

inline ssize_t Recv(const Conn& c, char* buf, size_t n) {
  if (c.ssl != nullptr) return SSL_read(c.ssl, buf, static_cast<int>(n));
  return ::recv(c.fd, buf, n, 0);
}

inline bool SendAll(const Conn& c, std::string_view data) {
  while (!data.empty()) {
    ssize_t sent = c.ssl != nullptr ? SSL_write(c.ssl, data.data(), static_cast<int>(data.size()))
                                    : ::send(c.fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

inline SeenRequest ParseRequestHead(const std::string& head) {
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

inline HttpRequest Get(const std::string& url) {
  HttpRequest r;
  r.url = url;
  return r;
}

inline HttpResponse FetchOne(const HttpRequest& request, const HttpTransport& transport = {},
                      milliseconds timeout = kTimeout) {
  RealHttpClient client;
  std::vector<HttpResponse> out = client.Fetch({request}, transport, timeout);
  EXPECT_EQ(out.size(), 1u);
  return out.empty() ? HttpResponse{} : out[0];
}

/// A loopback port nobody listens on (bound, read, closed).
inline int UnusedPort() {
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

inline std::string ErrorOf(const HttpResponse& r) { return std::string(NetErrorName(r.error)) + ": " + r.error_text; }

// ---------------------------------------------------------------------------------------------
// HTTP

}  // namespace godiag::platform::test_http

// A scripted DAP server over stdio for the probe's tests (tests/e2e/dap_probe_test.py):
// `godiag_fake_dap_server MODE [--listen=…]`. Each mode breaks one thing, or none ("ok").
//   ok               a correct minimal session (initialize … disconnect, exit 0)
//   lf-only          frames with "\n" line ends instead of "\r\n"
//   header-case      "content-length:" in lower case
//   garbage-json     the initialize response body is not JSON
//   no-seq           responses without "seq"
//   never-initialize reads everything, answers nothing
//   die-mid-launch   on launch: half a frame, then exit 3
//   no-banner        (with --listen) never prints the listening line
//   bind-fail        (with --listen) Delve's bind failure text, exit 1
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

namespace {

std::string g_mode;
int g_seq = 0;

void Write(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(1, bytes.data() + off, bytes.size() - off);
    if (n <= 0) std::exit(0);
    off += static_cast<size_t>(n);
  }
}

void Send(const std::string& rest) {
  std::string body = "{\"seq\":" + std::to_string(++g_seq) + "," + rest + "}";
  if (g_mode == "no-seq") body = "{" + rest + "}";
  std::string sep = g_mode == "lf-only" ? "\n\n" : "\r\n\r\n";
  std::string name = g_mode == "header-case" ? "content-length: " : "Content-Length: ";
  Write(name + std::to_string(body.size()) + sep + body);
}

void Respond(long request_seq, const std::string& command, const std::string& body = "") {
  Send("\"type\":\"response\",\"request_seq\":" + std::to_string(request_seq) + ",\"success\":true,\"command\":\"" + command +
       "\"" + (body.empty() ? "" : ",\"body\":" + body));
}

void Event(const std::string& event, const std::string& body = "") {
  Send("\"type\":\"event\",\"event\":\"" + event + "\"" + (body.empty() ? "" : ",\"body\":" + body));
}

bool ReadFrame(std::string& body) {
  std::string header;
  char c;
  while (header.size() < 4 || header.compare(header.size() - 4, 4, "\r\n\r\n") != 0) {
    if (::read(0, &c, 1) != 1) return false;
    header += c;
  }
  size_t at = header.find("Content-Length: ");
  if (at == std::string::npos) return false;
  size_t n = std::strtoul(header.c_str() + at + 16, nullptr, 10);
  body.resize(n);
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(0, body.data() + got, n - got);
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

std::string Field(const std::string& body, const std::string& key) {
  size_t at = body.find("\"" + key + "\":");
  if (at == std::string::npos) return "";
  at += key.size() + 3;
  if (body[at] == '"') return body.substr(at + 1, body.find('"', at + 1) - at - 1);
  return body.substr(at, body.find_first_of(",}", at) - at);
}

void Serve() {
  std::string body;
  while (ReadFrame(body)) {
    if (g_mode == "never-initialize") continue;
    long seq = std::strtol(Field(body, "seq").c_str(), nullptr, 10);
    std::string command = Field(body, "command");
    if (command == "initialize") {
      if (g_mode == "garbage-json") {
        Write("Content-Length: 5\r\n\r\n{abc}");
        continue;
      }
      Respond(seq, command, "{\"supportsConfigurationDoneRequest\":true,\"supportsFunctionBreakpoints\":true}");
    } else if (command == "launch") {
      Event("output", "{\"category\":\"stdout\",\"output\":\"Building .\\n\"}");
      if (g_mode == "die-mid-launch") {
        Write("Content-Length: 80\r\n\r\n{\"seq\":9,\"type\":\"event\"");
        std::exit(3);
      }
      Event("initialized");
      Respond(seq, command);
    } else if (command == "configurationDone") {
      Event("stopped", "{\"reason\":\"entry\",\"threadId\":1}");
      Respond(seq, command);
    } else if (command == "disconnect") {
      Respond(seq, command);
      Event("terminated", "{}");
      std::exit(0);
    } else {
      Respond(seq, command, command == "setFunctionBreakpoints" ? "{\"breakpoints\":[{\"verified\":true}]}" : "");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  g_mode = argc > 1 ? argv[1] : "ok";
  if (g_mode == "bind-fail") {
    Write("couldn't start listener: listen tcp 127.0.0.1:47998: bind: address already in use\n");
    return 1;
  }
  if (g_mode == "no-banner") {
    std::this_thread::sleep_for(std::chrono::seconds(60));
    return 0;
  }
  Serve();
  return 0;
}

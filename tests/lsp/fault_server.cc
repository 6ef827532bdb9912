// fault_server: a tiny LSP server over stdio that misbehaves on command.
//
// The tests of `godiag lsp probe` run it as the "language server" so that
// every kind of wire or protocol fault the prober claims to detect can be
// produced on demand: broken Content-Length framing, malformed bodies, wrong
// ids, lifecycle violations, crashes, hangs, stdout noise, stderr floods.
//
//   fault_server MODE      serve LSP on stdin/stdout, misbehaving as MODE says
//   fault_server --list    print every mode name, one per line
//   fault_server --help    print every mode with a one-line description
//
// Without a fault the server is minimal but well behaved: it answers
// `initialize` and `shutdown`, publishes empty diagnostics on `didOpen`,
// rejects other requests with -32601 and exits on `exit` (0 after
// `shutdown`, else 1) or at end of input (0). Each mode changes only what its
// description says. Only the standard library and POSIX are used; all output
// goes through write(2), so nothing sits in a stdio buffer. Framing, JSON
// scanning and message building live in fault_wire.h.

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "fault_wire.h"

namespace {

using godiag_fault::CountCodePoints;
using godiag_fault::ErrorResponse;
using godiag_fault::FindMember;
using godiag_fault::FrameReader;
using godiag_fault::InitializeResult;
using godiag_fault::Message;
using godiag_fault::Notification;
using godiag_fault::ParseInteger;
using godiag_fault::ParseMessage;
using godiag_fault::QuoteNumericId;
using godiag_fault::Request;
using godiag_fault::ResultResponse;
using godiag_fault::WriteAll;
using godiag_fault::WriteStderr;
using godiag_fault::WriteStdout;
using godiag_fault::WrongId;

enum class Mode {
  kOk, kStdoutNoise, kLfOnly, kClShort, kClLong, kClLongThenFrame, kClMissing, kClInvalid, kClNocolon, kClDup, kClZero,
  kHeaderCase, kHeaderNospace, kCharset, kBom, kInvalidJson, kInvalidUtf8, kUnknownId, kStringId, kBatch, kNoJsonrpc,
  kCharsNotBytes, kOversize, kExitAtStart, kExitAfterInit, kDieMidHandshake, kPanic, kHangInitialize,
  kHangInitializeNosigquit, kHangShutdown, kHangExit, kBadExit, kTornAtExit, kTornBeforeExit, kStderrFlood, kSlowInit, kInitError, kRequestBeforeInit,
  kServerRequests, kShowMessageError, kStdoutNoiseLater, kWrongId
};

struct ModeInfo {
  Mode mode;
  std::string_view name;
  std::string_view description;
};

constexpr ModeInfo kModes[] = {
    {Mode::kOk, "ok", "well-behaved server"},
    {Mode::kStdoutNoise, "stdout-noise", "writes a plain-text banner to stdout before the first frame"},
    {Mode::kLfOnly, "lf-only", "every frame header uses \\n instead of \\r\\n"},
    {Mode::kClShort, "cl-short", "initialize response Content-Length is 10 bytes too small"},
    {Mode::kClLong, "cl-long", "initialize response Content-Length is 10 bytes too large, then silence until EOF"},
    {Mode::kClLongThenFrame, "cl-long-then-frame",
     "initialize response Content-Length 10 too large, then a correct logMessage frame"},
    {Mode::kClMissing, "cl-missing", "initialize response has Content-Type but no Content-Length"},
    {Mode::kClInvalid, "cl-invalid", "initialize response header is 'Content-Length: abc'"},
    {Mode::kClNocolon, "cl-nocolon", "initialize response header is 'Content-Length N' (no colon)"},
    {Mode::kClDup, "cl-dup", "initialize response has two Content-Length headers, the first wrong"},
    {Mode::kClZero, "cl-zero", "an empty 'Content-Length: 0' frame precedes the initialize response"},
    {Mode::kHeaderCase, "header-case", "every frame header is spelled 'content-length'"},
    {Mode::kHeaderNospace, "header-nospace", "every frame header is 'Content-Length:N' (no space)"},
    {Mode::kCharset, "charset", "initialize response declares charset=latin1 and has a non-ASCII server name"},
    {Mode::kBom, "bom", "initialize response body starts with a UTF-8 byte order mark"},
    {Mode::kInvalidJson, "invalid-json", "a frame with an unparsable JSON body precedes the initialize response"},
    {Mode::kInvalidUtf8, "invalid-utf8", "serverInfo.version contains the raw byte 0xFF"},
    {Mode::kUnknownId, "unknown-id", "a response to id 999 (never sent) precedes the initialize response"},
    {Mode::kStringId, "string-id", "initialize and shutdown responses carry the numeric id as a JSON string"},
    {Mode::kBatch, "batch", "initialize response is wrapped in a JSON array (a batch)"},
    {Mode::kNoJsonrpc, "no-jsonrpc", "initialize response lacks the \"jsonrpc\" member"},
    {Mode::kCharsNotBytes, "chars-not-bytes", "initialize response Content-Length counts characters, not bytes"},
    {Mode::kOversize, "oversize", "answers initialize with Content-Length: 3000000000 and a partial body"},
    {Mode::kExitAtStart, "exit-at-start", "prints a startup error to stderr and exits 3 before reading"},
    {Mode::kExitAfterInit, "exit-after-init", "exits 0 right after the initialize response"},
    {Mode::kDieMidHandshake, "die-mid-handshake", "writes half the initialize response, then exits 3"},
    {Mode::kPanic, "panic", "prints a Go runtime panic to stderr on initialize and exits 2"},
    {Mode::kHangInitialize, "hang-initialize", "never answers initialize; SIGQUIT dumps goroutines and exits 2"},
    {Mode::kHangInitializeNosigquit, "hang-initialize-nosigquit",
     "never answers initialize; ignores SIGQUIT and SIGTERM (only SIGKILL works)"},
    {Mode::kHangShutdown, "hang-shutdown", "never answers shutdown; ignores exit and EOF"},
    {Mode::kHangExit, "hang-exit", "answers shutdown but ignores exit and EOF"},
    {Mode::kBadExit, "bad-exit", "exits 1 on exit even after shutdown"},
    {Mode::kTornAtExit, "torn-at-exit", "on exit writes a header, then exits 0 before the body (gopls can)"},
    {Mode::kTornBeforeExit, "torn-before-exit",
     "after the shutdown answer writes a header, then on exit exits 0 before the body (gopls can)"},
    {Mode::kStderrFlood, "stderr-flood", "writes 64 MiB of log lines to stderr before reading stdin"},
    {Mode::kSlowInit, "slow-init", "waits 500 ms before answering initialize"},
    {Mode::kInitError, "init-error", "answers initialize with an error (code 0, failed to load view)"},
    {Mode::kRequestBeforeInit, "request-before-init",
     "sends workspace/configuration before answering initialize (lifecycle violation)"},
    {Mode::kServerRequests, "server-requests",
     "sends 3 server->client requests after initialized; fails shutdown if unanswered"},
    {Mode::kShowMessageError, "show-message-error", "answers didOpen with an error showMessage instead of diagnostics"},
    {Mode::kStdoutNoiseLater, "stdout-noise-later", "writes a plain-text debug line to stdout after initialize"},
    {Mode::kWrongId, "wrong-id", "answers initialize with the id plus one and never with the right id"},
};

constexpr int kExitUsage = 64;

[[noreturn]] void SleepForever() {
  for (;;) pause();
}

constexpr std::string_view kPanicText =
    "panic: runtime error: invalid memory address or nil pointer dereference\n"
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x8a1b2c]\n"
    "\n"
    "goroutine 42 [running]:\n"
    "golang.org/x/tools/gopls/internal/cache.(*Session).View(0x0, {0xc0001a2000, 0x5})\n"
    "\t/home/u/go/pkg/mod/golang.org/x/tools/gopls@v0.23.0/internal/cache/session.go:112 +0x2c\n"
    "golang.org/x/tools/gopls/internal/server.(*server).Initialize(0xc000150000, {0xb2c5e8, 0xc0001c4000}, "
    "0xc0001d8000)\n"
    "\t/home/u/go/pkg/mod/golang.org/x/tools/gopls@v0.23.0/internal/server/general.go:77 +0x1a5\n"
    "main.main()\n"
    "\t/home/u/go/pkg/mod/golang.org/x/tools/gopls@v0.23.0/main.go:31 +0x65\n";

constexpr char kGoroutineDump[] =
    "SIGQUIT: quit\n"
    "PC=0x46b8e1 m=0 sigcode=0\n"
    "\n"
    "goroutine 1 [select]:\n"
    "main.serve(...)\n"
    "\t/src/fault/main.go:88 +0x1f\n"
    "main.main()\n"
    "\t/src/fault/main.go:20 +0x2a\n"
    "\n"
    "goroutine 7 [IO wait]:\n"
    "internal/poll.(*FD).Read(...)\n"
    "\t/usr/lib/go/src/internal/poll/fd_unix.go:165 +0x27\n";

constexpr std::string_view kConfigurationParams = "{\"items\":[{\"section\":\"gopls\"}]}";

// ---------------------------------------------------------------------------
// Signals and the startup faults.

// Like the Go runtime: dump goroutines to stderr and exit 2. Async-signal-safe:
// WriteAll only calls write(2) and never allocates.
void HandleSigquit(int) {
  WriteAll(STDERR_FILENO, std::string_view(kGoroutineDump, sizeof kGoroutineDump - 1));
  _exit(2);
}

void InstallSignals(Mode mode) {
  struct sigaction action = {};
  sigemptyset(&action.sa_mask);
  action.sa_handler = SIG_DFL;
  sigaction(SIGQUIT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  if (mode == Mode::kHangInitialize) {
    action.sa_handler = HandleSigquit;
    action.sa_flags = SA_RESTART;
    sigaction(SIGQUIT, &action, nullptr);
  } else if (mode == Mode::kHangInitializeNosigquit) {
    action.sa_handler = SIG_IGN;
    sigaction(SIGQUIT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
  }
}

// 64 MiB of 64-byte lines, written in 64 KiB chunks.
void FloodStderr() {
  constexpr size_t kChunkSize = 64 << 10;
  constexpr size_t kTotalSize = 64 << 20;
  constexpr std::string_view kTail = ": the quick brown fox jumps over the lazy dog\n";
  constexpr size_t kLineSize = 18 + kTail.size();  // "flood line NNNNNNN" + tail.
  static_assert(kLineSize == 64 && kChunkSize % kLineSize == 0);
  std::string chunk;
  chunk.reserve(kChunkSize);
  size_t line_number = 0;
  for (size_t written = 0; written < kTotalSize; written += kChunkSize) {
    chunk.clear();
    while (chunk.size() < kChunkSize) {
      std::string digits = std::to_string(line_number++);
      chunk.append("flood line ").append(7 - digits.size(), '0').append(digits).append(kTail);
    }
    if (!WriteAll(STDERR_FILENO, chunk)) return;
  }
}

// ---------------------------------------------------------------------------
// The server.

class Server {
 public:
  explicit Server(Mode mode) : mode_(mode), reader_(STDIN_FILENO) {}

  int Run() {
    for (;;) {
      std::optional<std::string> body = reader_.Next();
      if (!body) return HandleEof();
      Dispatch(ParseMessage(std::move(*body)));
    }
  }

 private:
  bool Is(Mode mode) const { return mode_ == mode; }

  // The header every frame gets unless a mode breaks this one frame.
  std::string Header(size_t length) const {
    std::string n = std::to_string(length);
    if (Is(Mode::kLfOnly)) return "Content-Length: " + n + "\n\n";
    if (Is(Mode::kHeaderCase)) return "content-length: " + n + "\r\n\r\n";
    if (Is(Mode::kHeaderNospace)) return "Content-Length:" + n + "\r\n\r\n";
    return "Content-Length: " + n + "\r\n\r\n";
  }

  void WriteFrame(std::string_view body) {
    if (muted_) return;
    WriteStdout(Header(body.size()).append(body));
  }

  void Dispatch(const Message& message) {
    if (muted_) return;
    if (message.method.empty()) {
      if (!message.id.empty()) HandleResponse(message);
      return;
    }
    const std::string& method = message.method;
    if (method == "initialize") {
      HandleInitialize(message);
    } else if (method == "initialized") {
      HandleInitialized();
    } else if (method == "textDocument/didOpen") {
      HandleDidOpen(message);
    } else if (method == "shutdown") {
      HandleShutdown(message);
    } else if (method == "exit") {
      HandleExit();
    } else if (!message.id.empty()) {
      WriteFrame(ErrorResponse(message.id, -32601, "method not found: " + method));
    }
  }

  int HandleEof() {
    if (Is(Mode::kHangInitialize) || Is(Mode::kHangInitializeNosigquit) || Is(Mode::kHangShutdown) ||
        Is(Mode::kHangExit)) {
      SleepForever();
    }
    return 0;
  }

  void HandleInitialize(const Message& message) {
    std::string id = message.id.empty() ? "null" : message.id;
    switch (mode_) {
      case Mode::kPanic:
        WriteStderr(kPanicText);
        _exit(2);
      case Mode::kHangInitialize:
      case Mode::kHangInitializeNosigquit:
        muted_ = true;  // Stuck in initialize: even exit goes unheard.
        return;
      case Mode::kOversize:
        WriteStdout("Content-Length: 3000000000\r\n\r\n{\"jsonrpc\":\"2.0\"");
        muted_ = true;
        return;
      case Mode::kSlowInit:
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        break;
      case Mode::kClZero:
        WriteStdout("Content-Length: 0\r\n\r\n");
        break;
      case Mode::kInvalidJson:
        WriteFrame("{\"jsonrpc\":\"2.0\",\"method\":\"window/logMessage\",\"params\":{oops}}");
        break;
      case Mode::kUnknownId:
        WriteFrame(ResultResponse("999", "null"));
        break;
      case Mode::kRequestBeforeInit:
        WriteFrame(Request(1, "workspace/configuration", kConfigurationParams));
        break;
      default:
        break;
    }
    SendInitializeResponse(id);
    AfterInitializeResponse();
  }

  std::string InitializeBody(const std::string& request_id) const {
    if (Is(Mode::kInitError)) {
      return ErrorResponse(request_id, 0, "failed to load view: go: cannot find main module, but found .git/config");
    }
    std::string id = request_id;
    if (Is(Mode::kStringId)) id = QuoteNumericId(id);
    if (Is(Mode::kWrongId)) id = WrongId(id);
    std::string name = "fault-server";
    std::string version = "0.1";
    if (Is(Mode::kCharset)) name = "fak\xC3\xA9";
    if (Is(Mode::kCharsNotBytes)) name = "f\xC3\xA4k\xC3\xAB-s\xC3\xABrv\xC3\xABr";
    if (Is(Mode::kInvalidUtf8)) version = "0.\xFF";
    std::string result = InitializeResult(name, version);
    if (Is(Mode::kNoJsonrpc)) return "{\"id\":" + id + ",\"result\":" + result + "}";
    std::string body = ResultResponse(id, result);
    if (Is(Mode::kBatch)) body = "[" + body + "]";
    if (Is(Mode::kBom)) body = "\xEF\xBB\xBF" + body;
    return body;
  }

  // The header of the initialize response, where most framing faults live.
  std::string InitializeHeader(const std::string& body) const {
    size_t n = body.size();
    switch (mode_) {
      case Mode::kClShort:
        return Header(n - 10);
      case Mode::kClLong:
      case Mode::kClLongThenFrame:
        return Header(n + 10);
      case Mode::kClMissing:
        return "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n";
      case Mode::kClInvalid:
        return "Content-Length: abc\r\n\r\n";
      case Mode::kClNocolon:
        return "Content-Length " + std::to_string(n) + "\r\n\r\n";
      case Mode::kClDup:
        return "Content-Length: " + std::to_string(n + 5) + "\r\nContent-Length: " + std::to_string(n) + "\r\n\r\n";
      case Mode::kCharset:
        return "Content-Length: " + std::to_string(n) +
               "\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n";
      case Mode::kCharsNotBytes:
        return Header(CountCodePoints(body));
      default:
        return Header(n);
    }
  }

  void SendInitializeResponse(const std::string& id) {
    std::string body = InitializeBody(id);
    std::string header = InitializeHeader(body);
    if (Is(Mode::kDieMidHandshake)) {
      WriteStdout(header);
      WriteStdout(std::string_view(body).substr(0, body.size() / 2));
      _exit(3);
    }
    WriteStdout(header + body);
  }

  void AfterInitializeResponse() {
    switch (mode_) {
      case Mode::kClLong:
        muted_ = true;
        break;
      case Mode::kClLongThenFrame:
        WriteFrame(Notification("window/logMessage", "{\"type\":3,\"message\":\"hello\"}"));
        break;
      case Mode::kStdoutNoiseLater:
        WriteStdout("debug: handled initialize\n");
        break;
      case Mode::kExitAfterInit:
        _exit(0);
      default:
        break;
    }
  }

  void HandleInitialized() {
    if (!Is(Mode::kServerRequests)) return;
    WriteFrame(Request(1, "window/workDoneProgress/create", "{\"token\":\"t1\"}"));
    WriteFrame(Request(2, "workspace/configuration", kConfigurationParams));
    WriteFrame(Request(3, "client/registerCapability",
                       "{\"registrations\":[{\"id\":\"r1\",\"method\":\"workspace/didChangeWatchedFiles\","
                       "\"registerOptions\":{\"watchers\":[{\"globPattern\":\"**/*.go\"}]}}]}"));
  }

  // Responses from the client matter only to the server's own requests in
  // server-requests mode.
  void HandleResponse(const Message& message) {
    if (!Is(Mode::kServerRequests)) return;
    std::optional<long long> id = ParseInteger(message.id);
    if (!id || *id < 1 || *id > 3) return;
    answered_[*id - 1] = true;
    if (*id == 1 && !progress_sent_) {
      // The token may be used once the client has accepted it.
      progress_sent_ = true;
      WriteFrame(Notification(
          "$/progress", "{\"token\":\"t1\",\"value\":{\"kind\":\"begin\",\"title\":\"Loading packages\"}}"));
      WriteFrame(Notification("$/progress", "{\"token\":\"t1\",\"value\":{\"kind\":\"end\",\"message\":\"done\"}}"));
    }
    if (*id == 2) configuration_is_array_ = FindMember(message.body, "result").starts_with('[');
    // A shutdown that overtook the answers is answered once all three are in.
    if (!deferred_shutdown_id_.empty() && answered_[0] && answered_[1] && answered_[2]) {
      std::string shutdown_id = deferred_shutdown_id_;
      deferred_shutdown_id_.clear();
      FinishShutdown(shutdown_id);
    }
  }

  // Lists what server-requests mode is still missing, empty when all is well.
  std::string UnansweredServerRequests() const {
    constexpr std::string_view kNames[] = {"window/workDoneProgress/create (id 1)", "workspace/configuration (id 2)",
                                           "client/registerCapability (id 3)"};
    std::string missing;
    for (int i = 0; i < 3; ++i) {
      if (answered_[i]) continue;
      missing.append(missing.empty() ? "" : ", ").append(kNames[i]);
    }
    if (answered_[1] && !configuration_is_array_) {
      missing.append(missing.empty() ? "" : ", ").append("workspace/configuration (id 2) result is not an array");
    }
    return missing;
  }

  void HandleDidOpen(const Message& message) {
    if (Is(Mode::kShowMessageError)) {
      WriteFrame(Notification(
          "window/showMessage",
          "{\"type\":1,\"message\":\"Error loading workspace: packages.Load error: err: exit status 1: stderr: go: "
          "go.mod requires go >= 1.999 (running go 1.26.8; GOTOOLCHAIN=local)\"}"));
      return;
    }
    std::string_view uri = FindMember(FindMember(FindMember(message.body, "params"), "textDocument"), "uri");
    if (uri.empty()) uri = "\"\"";
    std::string params = std::string("{\"uri\":").append(uri).append(",\"diagnostics\":[]}");
    WriteFrame(Notification("textDocument/publishDiagnostics", params));
  }

  void HandleShutdown(const Message& message) {
    shutdown_received_ = true;
    if (Is(Mode::kHangShutdown)) return;
    std::string id = message.id.empty() ? "null" : message.id;
    if (Is(Mode::kStringId)) id = QuoteNumericId(id);
    if (Is(Mode::kServerRequests) && !(answered_[0] && answered_[1] && answered_[2])) {
      // The client may not have read our requests yet: wait for its answers.
      deferred_shutdown_id_ = id;
      return;
    }
    FinishShutdown(id);
  }

  void FinishShutdown(const std::string& id) {
    if (Is(Mode::kServerRequests)) {
      std::string missing = UnansweredServerRequests();
      if (!missing.empty()) {
        WriteStderr("fault-server: unanswered server requests: " + missing + "\n");
        WriteFrame(ErrorResponse(id, -32603, "unanswered server requests"));
        return;
      }
    }
    WriteFrame(ResultResponse(id, "null"));
    if (Is(Mode::kTornBeforeExit)) WriteStdout("Content-Length: 139\r\n\r\n");
  }

  void HandleExit() {
    if (Is(Mode::kHangShutdown) || Is(Mode::kHangExit)) return;
    if (Is(Mode::kBadExit)) _exit(1);
    if (Is(Mode::kTornAtExit)) WriteStdout("Content-Length: 139\r\n\r\n");
    _exit(shutdown_received_ ? 0 : 1);
  }

  Mode mode_;
  FrameReader reader_;
  bool muted_ = false;  // Set once a mode ignores all further input and writes nothing.
  bool shutdown_received_ = false;
  bool answered_[3] = {false, false, false};
  bool configuration_is_array_ = false;
  bool progress_sent_ = false;
  std::string deferred_shutdown_id_;
};

// ---------------------------------------------------------------------------
// Command line.

std::optional<Mode> FindMode(std::string_view name) {
  for (const ModeInfo& info : kModes) {
    if (info.name == name) return info.mode;
  }
  return std::nullopt;
}

void PrintModes(bool with_descriptions) {
  std::string out;
  for (const ModeInfo& info : kModes) {
    out.append(info.name);
    if (with_descriptions) out.append(26 - info.name.size(), ' ').append(info.description);
    out.append("\n");
  }
  WriteStdout(out);
}

// Startup behaviour that happens before any input is read.
void Start(Mode mode) {
  InstallSignals(mode);
  if (mode == Mode::kExitAtStart) {
    WriteStderr("fault-server: cannot start: config file /nonexistent: no such file\n");
    _exit(3);
  }
  if (mode == Mode::kStderrFlood) FloodStderr();
  if (mode == Mode::kStdoutNoise) WriteStdout("fault-server 0.1 starting...\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::string_view arg = argc == 2 ? argv[1] : "";
  if (arg == "--list" || arg == "--help") {
    if (arg == "--help") WriteStdout("usage: fault_server MODE | --list | --help\n\nmodes:\n");
    PrintModes(arg == "--help");
    return 0;
  }
  std::optional<Mode> mode = FindMode(arg);
  if (!mode) {
    WriteStderr(argc == 2 ? "fault-server: unknown mode '" + std::string(arg) + "' (see fault_server --list)\n"
                          : std::string("usage: fault_server MODE | --list | --help\n"));
    return kExitUsage;
  }
  Start(*mode);
  return Server(*mode).Run();
}

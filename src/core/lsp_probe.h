// Evidence from one LSP handshake probe (godiag lsp probe, and doctor's gopls probe).
// Plain data filled by probe/lsp_probe; read by rules/lsp and the writers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace godiag::core {

enum class PhaseStatus { kOk, kFailed, kTimeout, kSkipped };
const char* PhaseStatusName(PhaseStatus s);

/// One timed step of the handshake; times in ms since the spawn started.
struct LspPhase {
  std::string name;     ///< "spawn", "first byte", "initialize", "initialized", "didOpen", "shutdown", "exit"
  PhaseStatus status = PhaseStatus::kSkipped;
  double at_ms = 0;     ///< when the phase completed (or gave up)
  double took_ms = 0;   ///< its own duration
  std::string detail;
};

/// How one real peer reacts to a defect.
struct PeerReaction {
  std::string peer;       ///< "gopls", "clangd", "VS Code (vscode-jsonrpc)", "Neovim"
  std::string reaction;   ///< "accepts it", "hangs waiting", …
  bool breaks = false;
};

/// A protocol defect seen in the server's traffic.
struct LspDefect {
  std::string id;         ///< public finding id, e.g. "lsp.framing.lf-only"
  uint64_t offset = 0;    ///< byte offset in the server's output stream
  std::string detail;
  std::vector<PeerReaction> reactions;  ///< empty when not peer-specific
  int count = 1;          ///< occurrences folded into this one
  bool after_exit = false;  ///< seen only after the client sent exit (harmless to clients)
  std::string where;        ///< "server→client byte 1234", "line 57" ("" = byte offset in the server's output)
};

struct LspErrorResponse {
  std::string method;
  int64_t code = 0;
  std::string code_name;
  std::string message;
};

struct GoPanic {
  std::string message;               ///< "panic: runtime error: …"
  std::vector<std::string> frames;   ///< "func (file:line)", top first
};

/// Per-method traffic statistics (latencies from a bounded histogram).
struct LspMethodRow {
  std::string method;
  uint64_t requests = 0;       ///< requests (or notifications) seen
  uint64_t errors = 0;         ///< error responses
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0;
  bool notification = false;
};

struct LspSlowRequest {
  std::string method;
  std::string id;
  double latency_ms = 0;
  std::string where;
};

/// `godiag lsp check` of one input (and `lsp tap --check`).
struct LspTrafficReport {
  std::string file;
  std::string format;            ///< "godiag trace", "raw stream", "gopls -rpc.trace", "VS Code trace (client >= 10)", …
  std::optional<std::string> read_error;
  uint64_t bytes = 0;
  uint64_t messages = 0;
  std::vector<LspDefect> defects;
  std::vector<LspMethodRow> methods;         ///< by request count, descending
  std::vector<LspSlowRequest> slowest;       ///< slowest first
  std::vector<std::pair<std::string, uint64_t>> error_groups;  ///< error message -> count
  std::vector<std::string> unanswered;       ///< requests never answered (first ones)
  uint64_t unanswered_total = 0;
  std::string client_name, client_version, server_name, server_version;
  std::vector<std::string> capabilities;
  bool has_directions = true;                ///< false for one-direction streams
};

struct LspProbeResult {
  bool ran = false;
  std::string label;                 ///< "gopls (as the editor starts it)", the command, or the address
  bool editor = false;               ///< the gopls the editor starts: its findings are about the editor side
  std::vector<std::string> argv;     ///< empty for --connect
  std::string connect;               ///< "tcp:HOST:PORT" / "unix:PATH" ("" when spawned)
  std::string root_uri;
  std::string open_file;             ///< file sent with didOpen ("" = none)
  std::optional<std::string> start_error;
  std::vector<LspPhase> phases;
  std::string server_name;
  std::string server_version;
  std::vector<std::string> capabilities;  ///< top-level capability keys, sorted
  std::vector<LspDefect> defects;
  std::vector<LspErrorResponse> error_responses;
  std::vector<std::string> show_message_errors;  ///< window/showMessage(Request) of type Error
  int diagnostics = -1;              ///< diagnostics last published for open_file (-1 = none seen)
  std::vector<std::string> error_diagnostics;  ///< "file:line: message (source)" of severity Error, any file
  std::vector<std::string> log_errors;         ///< window/logMessage of type Error, timestamps cut
  std::optional<int> exit_code;      ///< process exit code, when it exited by itself or after exit
  std::optional<int> exit_signal;
  bool exited_early = false;         ///< the server ended before the handshake was done
  bool killed = false;               ///< godiag had to kill it
  bool read_past_defects = false;    ///< godiag read an answer that real clients drop (BOM, batch, id type)
  std::string hung_in;               ///< the phase that hit the deadline ("" = none)
  std::string pending_frame;         ///< what was held when it hung
  uint64_t stdout_bytes = 0;
  uint64_t stderr_bytes = 0;
  std::vector<std::string> stderr_head;   ///< first lines of stderr
  std::vector<std::string> stderr_tail;   ///< last lines of stderr
  std::optional<GoPanic> panic;
  std::vector<std::string> goroutine_dump;  ///< first lines of the SIGQUIT dump
  int goroutines = 0;
  double total_ms = 0;
};

}  // namespace godiag::core

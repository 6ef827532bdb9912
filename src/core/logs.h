// Evidence from the logs editors and gopls already wrote: where they are, the crashes and
// the known failure lines found in them (`godiag logs`, and the doctor). Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace godiag::core {

/// One log file read (or looked for).
struct LogSource {
  std::string path;
  std::string editor;    ///< "Code", "Code - Insiders", "VSCodium", "VS Code Server", "Neovim", "" = given file
  std::string session;   ///< VS Code session folder "20261201T211900" ("" for others)
  std::string window;    ///< "window1", "exthost2" ("" for others)
  std::string channel;   ///< "gopls (server)", "Go", "lsp.log", "" for given files
  std::string format;    ///< what the scanner saw: "VS Code channel", "Neovim lsp.log", "plain", …
  bool current = true;   ///< newest session of its editor, or a given file
  std::optional<int64_t> age_s;  ///< seconds since last written (nullopt = unknown)
  uint64_t bytes = 0;            ///< bytes scanned (decompressed)
  uint64_t skipped_bytes = 0;    ///< bytes before the part scanned (the doctor reads a large log's tail only)
  uint64_t lines = 0;
  bool gzip = false;
  bool truncated_lines = false;  ///< a line longer than the scanner's cap was cut
  std::optional<std::string> read_error;
  std::vector<int> extension_host_pids;  ///< "Extension host with pid N started" of its window
};

enum class LogEventKind { kPanic, kFatal, kSignal, kSignature };

/// One crash or known failure line, folded with its repeats.
struct LogEvent {
  LogEventKind kind = LogEventKind::kSignature;
  std::string id;               ///< the finding id it feeds, e.g. "logs.gopls.panic", "logs.load.goproxy-off"
  size_t source = 0;            ///< index into LogsScan::sources
  uint64_t line = 0;            ///< 1-based line of the first occurrence
  uint64_t last_line = 0;       ///< line of the last occurrence
  int count = 1;                ///< occurrences folded into this one
  std::string time;             ///< timestamp of the entry as the log wrote it ("" = none)
  std::string text;             ///< the line (or panic message), redacted, cut to a few hundred bytes
  std::vector<std::string> frames;  ///< crash: "func (file:line)", top first
  int goroutines = 0;               ///< crash: goroutine headers in the trace
  std::string gopls_version;        ///< "v0.23.0" when the log or the trace names it
  std::string go_version;           ///< "go1.23.9" when named alongside
  bool current = true;  ///< false: from an older session (history, not a current finding)
};

struct LogsScan {
  bool searched = false;              ///< default locations were searched (no FILE given)
  std::vector<std::string> searched_roots;  ///< log roots looked at (existing or not)
  std::vector<LogSource> sources;
  std::vector<LogEvent> events;       ///< in source order, then line order
  std::vector<std::string> notes;     ///< e.g. "no VS Code or Neovim logs found"
};

}  // namespace godiag::core

// The streaming log scanner behind `godiag logs`: one pass over a log of any size, in
// chunks of any size, with memory bounded by kMaxLine and the crash capture caps. Knows the
// clients' framing (VS Code output and log channels, Neovim's lsp.log old and new, plain
// stderr and gopls -logfile), joins the stderr pieces Neovim logs one pipe read per entry,
// captures Go panics, `fatal error:`s and signal dumps with their goroutine traces, and
// matches the known failure lines of gopls and the go command. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/logs.h"

namespace godiag::collect {

/// Longest line kept; the rest of a longer line is skipped (and counted).
inline constexpr size_t kMaxLogLine = 1u << 20;

class LogScanner {
 public:
  LogScanner();
  /// Any chunking: a line may be split anywhere, even inside "\r\n".
  void Feed(std::string_view bytes);
  /// Ends the last line and any open crash.
  void Finish();
  /// Numbers the lines fed from n + 1: the first n lines of the log were not fed. Call first.
  void StartAfterLines(uint64_t n) { line_no_ = n; }

  /// Events with `source` = 0, in the order found; repeats folded.
  const std::vector<core::LogEvent>& events() const { return events_; }
  uint64_t lines() const { return line_no_; }
  uint64_t bytes() const { return bytes_; }
  bool truncated_lines() const { return truncated_; }
  /// The client framing seen on most lines: "Neovim lsp.log", "VS Code output channel", …
  std::string format() const;
  /// Line of the last Neovim "[START]" entry (0 = none): earlier entries are older sessions.
  uint64_t last_start_line() const { return last_start_; }

 private:
  enum class Framing { kPlain, kVscodeClient, kLogChannel, kNeovim };
  struct Crash;
  void OnRawLine(std::string_view line);
  bool OnNeovimLine(std::string_view line);
  void OnEntryText(std::string_view text, std::string_view time, bool forced_end);
  void OnLogicalLine(std::string_view text, uint64_t line);
  void FlushStderr();
  void EndCrash();
  void AddEvent(core::LogEvent e, const std::string& key);
  void MatchSignatures(std::string_view text, uint64_t line);

  std::string pending_;        ///< the unfinished line of the last chunk
  bool skipping_ = false;      ///< inside the cut-off rest of an overlong line
  bool truncated_ = false;
  uint64_t line_no_ = 0;
  uint64_t bytes_ = 0;
  uint64_t last_start_ = 0;
  std::map<Framing, uint64_t> framing_lines_;
  std::string time_;           ///< timestamp of the current entry
  std::string stderr_;         ///< Neovim: the unfinished line of the joined stderr entries
  uint64_t stderr_line_ = 0;   ///< where stderr_ began
  std::string stderr_cmd_;
  std::string gopls_version_, go_version_;  ///< last seen in this log
  struct CrashState {
    bool open = false;
    core::LogEventKind kind = core::LogEventKind::kPanic;
    uint64_t line = 0;
    std::string time;
    std::string text;          ///< captured lines, capped
    size_t captured = 0;
    int goroutines = 0;
  } crash_;
  std::vector<core::LogEvent> events_;
  std::map<std::string, size_t> folded_;  ///< fold key -> index in events_
};

/// Lua string literal as vim.inspect writes it ("…" or '…', with \n \t \\ \" \ddd escapes)
/// to its text; a missing closing quote ends at the end of the input.
std::string UnquoteLua(std::string_view quoted);

/// Convenience for tests and the fuzzer: the whole text through one scanner.
struct LogScanResult {
  std::vector<core::LogEvent> events;
  uint64_t lines = 0;
  std::string format;
  uint64_t last_start_line = 0;
};
LogScanResult ScanLogText(std::string_view text, size_t chunk = 0);

}  // namespace godiag::collect

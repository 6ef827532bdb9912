// Checks LSP traffic of a whole session (both directions) or of one byte stream: framing,
// JSON-RPC, ids and lifecycle, with per-method latency statistics. Streaming: memory is
// bounded by the requests in flight, whatever the input size. Pure.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lsp_probe.h"
#include "lsp/framing.h"
#include "lsp/jsonrpc.h"
#include "lsp/session.h"

namespace godiag::lsp {

/// Log-scale latency histogram: 10 µs .. ~3 h in 5 % steps; bounded memory.
class LatencyHistogram {
 public:
  void Add(double ms);
  double Percentile(double p) const;  ///< upper edge of the bucket holding the p-th sample
  double max() const { return max_; }
  uint64_t count() const { return count_; }

 private:
  static constexpr int kBuckets = 420;
  std::array<uint32_t, kBuckets> buckets_{};
  uint64_t count_ = 0;
  double max_ = 0;
};

/// Where a message or defect is: a byte offset in one direction's stream, or a line of a
/// log. Formatted only when a defect or a slow request is recorded.
struct Location {
  enum class Kind : uint8_t { kByte, kLine };
  Kind kind = Kind::kLine;
  Direction dir = Direction::kToClient;
  bool directed = false;  ///< say the direction ("client→server byte 12")
  uint64_t n = 0;
  static Location Line(uint64_t line) { return Location{Kind::kLine, Direction::kToClient, false, line}; }
  static Location Byte(uint64_t offset, Direction dir, bool directed) { return Location{Kind::kByte, dir, directed, offset}; }
  std::string Text() const;
};

class TrafficChecker {
 public:
  /// `sessions`: both directions are present (ids and lifecycle are checked).
  /// `scan`: kWhenComplete for recorded input (same findings, fewer passes over the bytes).
  explicit TrafficChecker(bool sessions = true, BodyScan scan = BodyScan::kAsBytesArrive);
  TrafficChecker(const TrafficChecker&) = delete;
  TrafficChecker& operator=(const TrafficChecker&) = delete;

  /// Framed bytes in one direction (any chunking). `t_ms`: when they were seen.
  void Bytes(Direction dir, std::string_view data, double t_ms);
  /// An already unframed message (from a log), found at `at` (e.g. line 57).
  void Unframed(Direction dir, std::string_view json, double t_ms, const Location& at);
  /// A problem of the input format itself (e.g. a log line that cannot be read).
  void Note(const std::string& id, const std::string& where, const std::string& detail);
  /// End of input.
  void Finish();
  /// Filled in as messages go by; complete after Finish.
  core::LspTrafficReport& report() { return report_; }
  uint64_t defects_seen() const { return defects_seen_; }

 private:
  struct Lane : FrameSink {
    TrafficChecker* self = nullptr;
    Direction dir{};
    FrameDecoder decoder;
    double t_ms = 0;
    uint64_t fed = 0;  ///< bytes of this direction so far
    void OnFrame(const Frame& frame) override;
    void OnIssue(const FramingIssue& issue) override;
    bool IsWholeJson(std::string_view body, size_t readable_after) override;
  };
  struct Stats {
    uint64_t count = 0;
    uint64_t errors = 0;
    bool notification = false;
    LatencyHistogram latency;
  };
  void OnBody(Direction dir, std::string_view body, double t_ms, const Location& at, size_t readable_after = 0);
  void OnExchange(const Exchange& ex, const Location& at);
  void Identity(const lsp::Message& m, std::string_view body, Direction dir);
  core::LspDefect& AddDefect(const std::string& id, const std::string& where, const std::string& detail,
                             std::vector<core::PeerReaction> reactions = {});
  core::LspDefect& AddDefect(const std::string& id, const Location& at, const std::string& detail,
                             std::vector<core::PeerReaction> reactions = {});

  bool sessions_;
  Lane lanes_[2];
  MessageParser parser_;
  Session session_;
  core::LspTrafficReport report_;
  std::map<std::string, Stats> stats_;
  std::map<std::string, uint64_t> errors_;
  uint64_t defects_seen_ = 0;
  std::map<std::string, Location> cancelled_;  // loose id -> where the cancel was
  bool mid_session_ = false;  // the input does not start with initialize
  std::optional<uint64_t> exit_at_;  // server→client bytes seen when the client's exit went by
};

/// "client→server byte 1234".
std::string ByteLocation(Direction dir, uint64_t offset);

}  // namespace godiag::lsp

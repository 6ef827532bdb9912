// The DAP session model (facts/dap.md §1.2–1.4): matches responses to requests by
// request_seq, checks the numbering of each side and the start order, and keeps the
// latency of every command. Used by the probe (server side) and by `dap check` (both
// sides). Pure: times are given by the caller.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dap/message.h"

namespace godiag::dap {

enum class Side { kClient, kServer };

enum class SessionDefect {
  kInvalidMessage,      ///< not a DAP message (Message::problem)
  kSeqNotIncreasing,    ///< a side's seq did not grow by one
  kUnknownResponse,     ///< response to a request never sent (or already answered)
  kCommandMismatch,     ///< response's command differs from its request's
  kBeforeInitialize,    ///< the client sent something before initialize
  kSecondInitialize,
  kUnanswered,          ///< requests still pending at the end
};
/// Public finding id, e.g. "dap.traffic.seq".
const char* SessionDefectId(SessionDefect d);

struct SessionIssue {
  SessionDefect defect{};
  std::string detail;
  uint64_t offset = 0;  ///< the caller's position (byte offset or line)
};

/// A request answered: the response with its request.
struct Answered {
  std::string command;
  int64_t seq = 0;
  bool success = false;
  double latency_ms = 0;
};

class Session {
 public:
  /// Feeds one message from `side` at `t_ms`. Returns the request a response answers.
  std::optional<Answered> OnMessage(Side side, const Message& m, double t_ms, uint64_t offset);
  /// End of traffic: every request still pending becomes an issue.
  void Finish();
  std::vector<SessionIssue> TakeIssues();
  /// "launch (seq 2)" for each pending request, oldest first.
  std::vector<std::string> Pending() const;
  /// Server messages all carried seq 0 (Delve up to v1.26.1).
  bool server_seq_zero() const { return server_messages_ > 0 && server_zero_ == server_messages_; }

 private:
  struct Request {
    std::string command;
    double t_ms = 0;
  };
  void CheckSeq(Side side, const Message& m, uint64_t offset);
  void Issue(SessionDefect d, std::string detail, uint64_t offset);

  std::map<int64_t, Request> pending_;  // client requests by seq
  std::map<Side, int64_t> last_seq_;
  bool initialize_sent_ = false;
  bool before_initialize_reported_ = false;
  uint64_t server_messages_ = 0;
  uint64_t server_zero_ = 0;
  std::vector<SessionIssue> issues_;
};

}  // namespace godiag::dap

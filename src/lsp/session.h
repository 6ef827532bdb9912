// The LSP session model: lifecycle state machine and pending requests in both directions,
// fed with parsed messages in stream order. Detects id and lifecycle defects and measures
// each request's latency. Memory is bounded by the requests in flight. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsp/jsonrpc.h"

namespace godiag::lsp {

enum class Direction : uint8_t { kToServer, kToClient };
const char* DirectionName(Direction d);  ///< "client→server" / "server→client"

enum class Lifecycle : uint8_t {
  kStart,          ///< nothing sent yet
  kInitializing,   ///< initialize sent, no response yet
  kInitialized,    ///< initialize answered
  kShuttingDown,   ///< shutdown sent
  kShutDown,       ///< shutdown answered
  kExited,         ///< exit sent
};
const char* LifecycleName(Lifecycle s);

enum class SessionDefect : uint8_t {
  kUnknownId,           ///< a response to no request in flight
  kIdType,              ///< a response whose id matches a request's only as text ("0" for 0)
  kDuplicateId,         ///< a request id already in flight in that direction
  kBeforeInitResponse,  ///< a message the spec forbids before the initialize response
  kNotFirst,            ///< the client's first message is not initialize
  kSecondInitialize,
  kAfterShutdown,       ///< a request or notification after shutdown (other than exit)
  kExitWithoutShutdown,
};
const char* SessionDefectId(SessionDefect d);

struct SessionIssue {
  SessionDefect defect{};
  Direction dir{};       ///< direction of the offending message
  uint64_t offset = 0;   ///< its stream offset (or line) as given to OnMessage
  std::string detail;
};

/// A request and its answer.
struct Exchange {
  std::string method;
  Id id;
  Direction dir{};       ///< direction of the request
  double sent_ms = 0;
  double answered_ms = 0;
  bool error = false;
  int64_t error_code = 0;
  std::string error_message;
  double latency_ms() const { return answered_ms - sent_ms; }
};

class Session {
 public:
  /// Feeds one message. Returns the exchange it completes, if it is a matched response.
  std::optional<Exchange> OnMessage(Direction dir, const Message& m, double t_ms, uint64_t offset);
  Lifecycle state() const { return state_; }
  std::vector<SessionIssue> TakeIssues();
  /// Requests still unanswered in one direction.
  std::vector<Exchange> Pending(Direction dir) const;

 private:
  struct Key {
    Direction dir;
    Id id;
    bool operator<(const Key& o) const;
  };
  void OnRequest(Direction dir, const Message& m, double t_ms, uint64_t offset);
  std::optional<Exchange> OnResponse(Direction dir, const Message& m, double t_ms, uint64_t offset);
  void CheckLifecycle(Direction dir, const Message& m, uint64_t offset);
  void Issue(SessionDefect d, Direction dir, uint64_t offset, std::string detail);

  Lifecycle state_ = Lifecycle::kStart;
  bool client_spoke_ = false;
  std::map<Key, Exchange> pending_;
  std::vector<SessionIssue> issues_;
};

}  // namespace godiag::lsp

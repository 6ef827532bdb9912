#include "lsp/session.h"

#include <set>
#include <tuple>

namespace godiag::lsp {

const char* DirectionName(Direction d) {
  return d == Direction::kToServer ? "client→server" : "server→client";
}

const char* LifecycleName(Lifecycle s) {
  switch (s) {
    case Lifecycle::kStart: return "start";
    case Lifecycle::kInitializing: return "initializing";
    case Lifecycle::kInitialized: return "initialized";
    case Lifecycle::kShuttingDown: return "shutting down";
    case Lifecycle::kShutDown: return "shut down";
    case Lifecycle::kExited: return "exited";
  }
  return "?";
}

const char* SessionDefectId(SessionDefect d) {
  switch (d) {
    case SessionDefect::kUnknownId: return "lsp.jsonrpc.unknown-id";
    case SessionDefect::kIdType: return "lsp.jsonrpc.id-type";
    case SessionDefect::kDuplicateId: return "lsp.jsonrpc.duplicate-id";
    case SessionDefect::kBeforeInitResponse: return "lsp.lifecycle.before-initialize";
    case SessionDefect::kNotFirst: return "lsp.lifecycle.initialize-not-first";
    case SessionDefect::kSecondInitialize: return "lsp.lifecycle.second-initialize";
    case SessionDefect::kAfterShutdown: return "lsp.lifecycle.after-shutdown";
    case SessionDefect::kExitWithoutShutdown: return "lsp.lifecycle.exit-without-shutdown";
  }
  return "lsp.lifecycle.unknown";
}

bool Session::Key::operator<(const Key& o) const {
  return std::tie(dir, id.kind, id.integer, id.text) < std::tie(o.dir, o.id.kind, o.id.integer, o.id.text);
}

void Session::Issue(SessionDefect d, Direction dir, uint64_t offset, std::string detail) {
  issues_.push_back(SessionIssue{d, dir, offset, std::move(detail)});
}

std::vector<SessionIssue> Session::TakeIssues() {
  std::vector<SessionIssue> out;
  out.swap(issues_);
  return out;
}

std::vector<Exchange> Session::Pending(Direction dir) const {
  std::vector<Exchange> out;
  for (const auto& [key, ex] : pending_)
    if (key.dir == dir) out.push_back(ex);
  return out;
}

namespace {

// What a server may send before its initialize response (spec §initialize).
bool AllowedBeforeInitResponse(const Message& m) {
  static const std::set<std::string> kAllowed = {"window/showMessage", "window/logMessage",
                                                 "telemetry/event", "window/showMessageRequest",
                                                 "$/progress"};
  return kAllowed.count(m.method) > 0;
}

}  // namespace

void Session::CheckLifecycle(Direction dir, const Message& m, uint64_t offset) {
  if (dir == Direction::kToServer) {
    if (!client_spoke_ && m.method != "initialize" && m.method != "exit") {
      Issue(SessionDefect::kNotFirst, dir, offset, "the client's first message is \"" + m.method + "\", not initialize");
    }
    client_spoke_ = true;
    if (m.method == "initialize") {
      if (state_ != Lifecycle::kStart) Issue(SessionDefect::kSecondInitialize, dir, offset, "initialize sent a second time");
      else state_ = Lifecycle::kInitializing;
    } else if (m.method == "shutdown") {
      state_ = Lifecycle::kShuttingDown;
    } else if (m.method == "exit") {
      if (state_ != Lifecycle::kShutDown && state_ != Lifecycle::kShuttingDown)
        Issue(SessionDefect::kExitWithoutShutdown, dir, offset, "exit sent without a shutdown request before it");
      state_ = Lifecycle::kExited;
    } else if (state_ == Lifecycle::kShuttingDown || state_ == Lifecycle::kShutDown) {
      Issue(SessionDefect::kAfterShutdown, dir, offset, "\"" + m.method + "\" sent after shutdown");
    } else if (state_ == Lifecycle::kInitializing && m.kind == MessageKind::kRequest) {
      Issue(SessionDefect::kBeforeInitResponse, dir, offset,
            "request \"" + m.method + "\" sent before the initialize response");
    }
    return;
  }
  if ((state_ == Lifecycle::kInitializing || state_ == Lifecycle::kStart) && !AllowedBeforeInitResponse(m)) {
    Issue(SessionDefect::kBeforeInitResponse, dir, offset,
          std::string(MessageKindName(m.kind)) + " \"" + m.method +
              "\" sent before the initialize response (only showMessage, logMessage, "
              "telemetry/event, showMessageRequest and $/progress are allowed)");
  }
}

void Session::OnRequest(Direction dir, const Message& m, double t_ms, uint64_t offset) {
  Key key{dir, m.id};
  if (pending_.count(key)) {
    Issue(SessionDefect::kDuplicateId, dir, offset, "request id " + m.id.ToString() + " (" + m.method + ") is already in flight");
  }
  Exchange ex;
  ex.method = m.method;
  ex.id = m.id;
  ex.dir = dir;
  ex.sent_ms = t_ms;
  pending_[key] = ex;
}

std::optional<Exchange> Session::OnResponse(Direction dir, const Message& m, double t_ms, uint64_t offset) {
  Direction req_dir = dir == Direction::kToClient ? Direction::kToServer : Direction::kToClient;
  auto it = pending_.find(Key{req_dir, m.id});
  if (it == pending_.end()) {
    for (const auto& [key, ex] : pending_) {
      if (key.dir == req_dir && key.id.LooseKey() == m.id.LooseKey()) {
        Issue(SessionDefect::kIdType, dir, offset,
              "response id " + m.id.ToString() + " answers request " + ex.id.ToString() + " (" + ex.method +
                  ") with the wrong JSON type; VS Code drops it and the request hangs (Neovim accepts it)");
        it = pending_.find(key);  // count it as the answer, as lenient clients do
        break;
      }
    }
    if (it == pending_.end()) {
      Issue(SessionDefect::kUnknownId, dir, offset, "response id " + m.id.ToString() + " matches no request in flight");
      return std::nullopt;
    }
  }
  Exchange ex = it->second;
  pending_.erase(it);
  ex.answered_ms = t_ms;
  ex.error = m.has_error;
  ex.error_code = m.error_code;
  ex.error_message = m.error_message;
  if (req_dir == Direction::kToServer) {
    if (ex.method == "initialize" && state_ == Lifecycle::kInitializing && !m.has_error) state_ = Lifecycle::kInitialized;
    if (ex.method == "shutdown" && state_ == Lifecycle::kShuttingDown) state_ = Lifecycle::kShutDown;
  }
  return ex;
}

std::optional<Exchange> Session::OnMessage(Direction dir, const Message& m, double t_ms, uint64_t offset) {
  switch (m.kind) {
    case MessageKind::kRequest:
      CheckLifecycle(dir, m, offset);
      OnRequest(dir, m, t_ms, offset);
      return std::nullopt;
    case MessageKind::kNotification:
      CheckLifecycle(dir, m, offset);
      return std::nullopt;
    case MessageKind::kResponse:
      return OnResponse(dir, m, t_ms, offset);
    case MessageKind::kInvalid:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace godiag::lsp

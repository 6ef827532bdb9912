#include "dap/session.h"

#include <fmt/format.h>

namespace godiag::dap {

const char* SessionDefectId(SessionDefect d) {
  switch (d) {
    case SessionDefect::kInvalidMessage: return "dap.traffic.invalid-message";
    case SessionDefect::kSeqNotIncreasing: return "dap.traffic.seq";
    case SessionDefect::kUnknownResponse: return "dap.traffic.unknown-response";
    case SessionDefect::kCommandMismatch: return "dap.traffic.command-mismatch";
    case SessionDefect::kBeforeInitialize: return "dap.traffic.before-initialize";
    case SessionDefect::kSecondInitialize: return "dap.traffic.second-initialize";
    case SessionDefect::kUnanswered: return "dap.traffic.unanswered";
  }
  return "dap.traffic.invalid-message";
}

void Session::Issue(SessionDefect d, std::string detail, uint64_t offset) {
  issues_.push_back({d, std::move(detail), offset});
}

void Session::CheckSeq(Side side, const Message& m, uint64_t offset) {
  if (side == Side::kServer) {
    ++server_messages_;
    if (m.seq == 0) ++server_zero_;
    if (server_zero_ == server_messages_) return;  // all zero so far: Delve <= v1.26.1 numbering
  }
  auto last = last_seq_.find(side);
  if (last != last_seq_.end() && m.seq != last->second + 1) {
    Issue(SessionDefect::kSeqNotIncreasing,
          fmt::format("{} seq {} after {} (each side numbers its messages 1, 2, 3, …)",
                      side == Side::kClient ? "client" : "server", m.seq, last->second),
          offset);
  }
  last_seq_[side] = m.seq;
}

std::optional<Answered> Session::OnMessage(Side side, const Message& m, double t_ms, uint64_t offset) {
  if (m.kind == Kind::kInvalid || !m.problem.empty()) {
    Issue(SessionDefect::kInvalidMessage, m.problem, offset);
    if (m.kind == Kind::kInvalid) return std::nullopt;
  }
  CheckSeq(side, m, offset);
  if (side == Side::kClient && m.kind == Kind::kRequest) {
    if (m.command == "initialize") {
      if (initialize_sent_) Issue(SessionDefect::kSecondInitialize, "initialize sent again", offset);
      initialize_sent_ = true;
    } else if (!initialize_sent_ && !before_initialize_reported_) {
      before_initialize_reported_ = true;
      Issue(SessionDefect::kBeforeInitialize, "\"" + m.command + "\" before initialize", offset);
    }
    pending_[m.seq] = {m.command, t_ms};
    return std::nullopt;
  }
  if (m.kind != Kind::kResponse) return std::nullopt;
  auto it = pending_.find(m.request_seq);
  if (it == pending_.end()) {
    Issue(SessionDefect::kUnknownResponse,
          fmt::format("response to request_seq {} (\"{}\"), which is not a pending request", m.request_seq, m.command),
          offset);
    return std::nullopt;
  }
  if (it->second.command != m.command) {
    Issue(SessionDefect::kCommandMismatch,
          fmt::format("response to \"{}\" (seq {}) says command \"{}\"", it->second.command, m.request_seq, m.command),
          offset);
  }
  Answered a{it->second.command, m.request_seq, m.success, t_ms - it->second.t_ms};
  pending_.erase(it);
  return a;
}

void Session::Finish() {
  for (const auto& p : Pending()) Issue(SessionDefect::kUnanswered, p + " was never answered", 0);
}

std::vector<std::string> Session::Pending() const {
  std::vector<std::string> out;
  for (const auto& [seq, r] : pending_) out.push_back(fmt::format("{} (seq {})", r.command, seq));
  return out;
}

std::vector<SessionIssue> Session::TakeIssues() {
  std::vector<SessionIssue> out;
  out.swap(issues_);
  return out;
}

}  // namespace godiag::dap

#include "lsp/checker.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "lsp/client_messages.h"
#include "lsp/framing_text.h"

namespace godiag::lsp {

namespace {

constexpr double kBase = 0.01;    // ms, lower edge of bucket 0
constexpr double kStep = 1.05;
constexpr size_t kSlowest = 10;
constexpr size_t kErrorGroups = 50;
constexpr size_t kUnansweredShown = 10;

std::string Trimmed(std::string s, size_t max = 200) {
  if (s.size() > max) s = s.substr(0, max) + "…";
  return s;
}

}  // namespace

std::string ByteLocation(Direction dir, uint64_t offset) {
  return std::string(DirectionName(dir)) + " byte " + std::to_string(offset);
}

void LatencyHistogram::Add(double ms) {
  ++count_;
  max_ = std::max(max_, ms);
  int i = ms <= kBase ? 0 : static_cast<int>(std::log(ms / kBase) / std::log(kStep)) + 1;
  buckets_[static_cast<size_t>(std::clamp(i, 0, kBuckets - 1))]++;
}

double LatencyHistogram::Percentile(double p) const {
  if (count_ == 0) return 0;
  uint64_t rank = static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_)));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += buckets_[static_cast<size_t>(i)];
    if (seen >= std::max<uint64_t>(rank, 1)) return std::min(max_, kBase * std::pow(kStep, i));
  }
  return max_;
}

TrafficChecker::TrafficChecker(bool sessions, BodyScan scan) : sessions_(sessions) {
  DecoderOptions options;
  options.body_scan = scan;
  for (int i = 0; i < 2; ++i) {
    lanes_[i].decoder = FrameDecoder(options);
    lanes_[i].self = this;
    lanes_[i].dir = static_cast<Direction>(i);
  }
  report_.has_directions = sessions;
}

core::LspDefect& TrafficChecker::AddDefect(const std::string& id, const std::string& where, const std::string& detail,
                                           std::vector<core::PeerReaction> reactions) {
  ++defects_seen_;
  for (auto& d : report_.defects) {
    if (d.id == id) {
      ++d.count;
      return d;
    }
  }
  core::LspDefect d;
  d.id = id;
  d.where = where;
  d.detail = Trimmed(detail, 400);
  d.reactions = std::move(reactions);
  report_.defects.push_back(std::move(d));
  return report_.defects.back();
}

core::LspDefect& TrafficChecker::AddDefect(const std::string& id, const Location& at, const std::string& detail,
                                           std::vector<core::PeerReaction> reactions) {
  for (auto& d : report_.defects) {
    if (d.id == id) {
      ++defects_seen_;
      ++d.count;
      return d;
    }
  }
  return AddDefect(id, at.Text(), detail, std::move(reactions));
}

void TrafficChecker::Note(const std::string& id, const std::string& where, const std::string& detail) {
  AddDefect(id, where, detail);
}

std::string Location::Text() const {
  if (kind == Kind::kLine) return "line " + std::to_string(n);
  return directed ? ByteLocation(dir, n) : "byte " + std::to_string(n);
}

void TrafficChecker::Lane::OnFrame(const Frame& frame) {
  self->OnBody(dir, frame.body, t_ms, Location::Byte(frame.body_offset, dir, self->sessions_), frame.readable_after);
}

bool TrafficChecker::Lane::IsWholeJson(std::string_view body, size_t readable_after) {
  return self->parser_.Load(body, readable_after);  // parsed once: OnFrame's Parse reuses it
}

void TrafficChecker::Lane::OnIssue(const FramingIssue& issue) {
  // A server may be cut mid-write as it exits; the client has stopped reading by then.
  bool late = dir == Direction::kToClient && AfterExit(issue, self->exit_at_);
  core::LspDefect& d = self->AddDefect(DeviationId(issue.deviation), Location::Byte(issue.offset, dir, self->sessions_),
                                       late ? AfterExitDetail(issue) : issue.detail,
                                       late ? std::vector<core::PeerReaction>{} : ToPeerReactions(issue.reactions));
  if (late && d.count == 1) d.after_exit = true;
}

void TrafficChecker::Bytes(Direction dir, std::string_view data, double t_ms) {
  report_.bytes += data.size();
  Lane& lane = lanes_[static_cast<int>(dir)];
  lane.t_ms = t_ms;
  lane.decoder.Feed(data, lane);
  lane.fed += data.size();
  if (sessions_ && !exit_at_ && session_.state() == Lifecycle::kExited) exit_at_ = lanes_[static_cast<int>(Direction::kToClient)].fed;
}

void TrafficChecker::Unframed(Direction dir, std::string_view json, double t_ms, const Location& at) {
  report_.bytes += json.size();
  OnBody(dir, json, t_ms, at);
}

void TrafficChecker::Identity(const lsp::Message& m, std::string_view body, Direction dir) {
  // Only the initialize request and its response are read in full.
  auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (!j.is_object()) return;
  if (dir == Direction::kToServer && j.contains("params") && j["params"].is_object()) {
    const auto& info = j["params"].value("clientInfo", nlohmann::json::object());
    if (info.is_object()) {
      report_.client_name = info.value("name", "");
      report_.client_version = info.value("version", "");
    }
  } else if (m.kind == MessageKind::kResponse && j.contains("result") && j["result"].is_object()) {
    const auto& result = j["result"];
    if (result.contains("serverInfo") && result["serverInfo"].is_object()) {
      report_.server_name = result["serverInfo"].value("name", "");
      report_.server_version = ShortServerVersion(result["serverInfo"].value("version", ""));
    }
    if (result.contains("capabilities") && result["capabilities"].is_object()) {
      report_.capabilities.clear();
      for (const auto& [key, value] : result["capabilities"].items()) report_.capabilities.push_back(key);
    }
  }
}

void TrafficChecker::OnExchange(const Exchange& ex, const Location& at) {
  Stats& s = stats_[ex.method];
  s.latency.Add(ex.latency_ms());
  if (ex.error) {
    ++s.errors;
    std::string name = ErrorCodeName(ex.error_code);
    std::string key = Trimmed(ex.method + ": " + ex.error_message + " (" + std::to_string(ex.error_code) +
                              (name.empty() ? "" : " " + name) + ")");
    auto it = errors_.find(key);
    if (it != errors_.end()) ++it->second;
    else if (errors_.size() < kErrorGroups) errors_[key] = 1;
  }
  auto& slow = report_.slowest;
  if (slow.size() < kSlowest || ex.latency_ms() > slow.back().latency_ms) {
    slow.push_back({ex.method, ex.id.ToString(), ex.latency_ms(), at.Text()});
    std::sort(slow.begin(), slow.end(), [](const auto& a, const auto& b) { return a.latency_ms > b.latency_ms; });
    if (slow.size() > kSlowest) slow.pop_back();
  }
  cancelled_.erase(ex.id.LooseKey());
}

void TrafficChecker::OnBody(Direction dir, std::string_view body, double t_ms, const Location& where,
                            size_t readable_after) {
  ++report_.messages;
  lsp::Message m = parser_.Parse(body, {}, readable_after);
  for (const auto& issue : m.issues) AddDefect(RpcDefectId(issue.defect), where, issue.detail);
  if (m.kind == MessageKind::kRequest || m.kind == MessageKind::kNotification) {
    Stats& s = stats_[m.method];
    ++s.count;
    s.notification = m.kind == MessageKind::kNotification;
    if (m.method == "initialize") Identity(m, body, dir);
    if (!m.cancel_id.empty() && cancelled_.size() < 10000) cancelled_[m.cancel_id] = where;
  }
  if (!sessions_) return;
  if (report_.messages == 1 && m.method != "initialize") {
    mid_session_ = true;
    AddDefect("lsp.trace.partial", where,
              "the trace starts mid-session (first message: " + (m.method.empty() ? "a response" : m.method) +
                  "), so initialize order and responses to earlier requests are not checked");
  }
  auto ex = session_.OnMessage(dir, m, t_ms, 0);
  if (ex) {
    if (ex->method == "initialize") Identity(m, body, dir);
    OnExchange(*ex, where);
  }
  for (const auto& issue : session_.TakeIssues()) {
    bool before_trace = issue.defect == SessionDefect::kNotFirst || issue.defect == SessionDefect::kUnknownId ||
                        issue.defect == SessionDefect::kBeforeInitResponse;
    if (mid_session_ && before_trace) continue;
    AddDefect(SessionDefectId(issue.defect), where, issue.detail);
  }
}

void TrafficChecker::Finish() {
  for (auto& lane : lanes_) lane.decoder.Finish(lane);
  if (sessions_) {
    for (Direction dir : {Direction::kToServer, Direction::kToClient}) {
      for (const auto& ex : session_.Pending(dir)) {
        ++report_.unanswered_total;
        if (report_.unanswered.size() < kUnansweredShown) {
          bool cancelled = cancelled_.count(ex.id.LooseKey()) > 0;
          report_.unanswered.push_back(std::string(DirectionName(dir)) + " " + ex.method + " (id " + ex.id.ToString() +
                                       ")" + (cancelled ? ", cancelled, never answered" : ""));
        }
      }
    }
    if (report_.unanswered_total > 0 && session_.state() == Lifecycle::kExited) {
      AddDefect("lsp.jsonrpc.unanswered", "end of session",
                std::to_string(report_.unanswered_total) + " requests were never answered, e.g. " +
                    report_.unanswered.front());
    }
  }
  for (const auto& [method, s] : stats_) {
    core::LspMethodRow row;
    row.method = method;
    row.requests = s.count;
    row.errors = s.errors;
    row.notification = s.notification;
    row.p50_ms = s.latency.Percentile(50);
    row.p95_ms = s.latency.Percentile(95);
    row.p99_ms = s.latency.Percentile(99);
    row.max_ms = s.latency.max();
    report_.methods.push_back(row);
  }
  std::sort(report_.methods.begin(), report_.methods.end(),
            [](const auto& a, const auto& b) { return a.requests != b.requests ? a.requests > b.requests : a.method < b.method; });
  for (const auto& [message, count] : errors_) report_.error_groups.emplace_back(message, count);
  std::sort(report_.error_groups.begin(), report_.error_groups.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  std::sort(report_.capabilities.begin(), report_.capabilities.end());
}

}  // namespace godiag::lsp

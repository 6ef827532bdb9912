#include "dap/traffic.h"

#include <fmt/format.h>

#include <map>

#include <nlohmann/json.hpp>

#include "lsp/framing.h"
#include "lsp/trace_format.h"

namespace godiag::dap {

namespace {

constexpr size_t kMaxOutput = 100;
constexpr size_t kMaxErrors = 100;
constexpr size_t kMaxLine = 64u << 20;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// One direction's frames -> the checker.
class FrameFeed final : public lsp::FrameSink {
 public:
  FrameFeed(TrafficChecker& c, Side side, bool by_type = false) : c_(c), side_(side), by_type_(by_type) {}
  void OnFrame(const lsp::Frame& f) override {
    Side side = side_;
    if (by_type_) side = f.body.find("\"type\":\"request\"") != std::string_view::npos ? Side::kClient : Side::kServer;
    c_.OnMessage(side, f.body, t_ms, fmt::format("{} byte {}", by_type_ ? "stream" : Name(), f.offset), f.offset);
  }
  void OnIssue(const lsp::FramingIssue& i) override {
    c_.Defect("dap.traffic.framing", i.detail, fmt::format("{} byte {}", Name(), i.offset));
  }
  double t_ms = 0;

 private:
  const char* Name() const { return side_ == Side::kClient ? "client→server" : "server→client"; }
  TrafficChecker& c_;
  Side side_;
  bool by_type_;
};

class RawReader final : public TrafficReader {
 public:
  explicit RawReader(TrafficChecker& c) : feed_(c, Side::kServer, true) {}
  void Feed(std::string_view data) override { decoder_.Feed(data, feed_); }
  void Finish() override { decoder_.Finish(feed_); }

 private:
  FrameFeed feed_;
  lsp::FrameDecoder decoder_;
};

class TraceReader final : public TrafficReader, public lsp::TraceSink {
 public:
  explicit TraceReader(TrafficChecker& c) : c_(c), to_server_(c, Side::kClient), to_client_(c, Side::kServer) {}
  void Feed(std::string_view data) override { reader_.Feed(data, *this); }
  void Finish() override {
    reader_.Finish();
    if (!reader_.error().empty()) c_.Defect("dap.traffic.malformed", reader_.error(), "trace");
    up_.Finish(to_server_);
    down_.Finish(to_client_);
  }
  void OnTraceHeader(std::string_view) override {}
  void OnRecord(lsp::RecordKind kind, uint64_t t_ns, std::string_view payload, uint64_t) override {
    double t = static_cast<double>(t_ns) / 1e6;
    if (kind == lsp::RecordKind::kToServer) {
      to_server_.t_ms = t;
      up_.Feed(payload, to_server_);
    } else if (kind == lsp::RecordKind::kToClient) {
      to_client_.t_ms = t;
      down_.Feed(payload, to_client_);
    }
  }

 private:
  TrafficChecker& c_;
  lsp::TraceReader reader_;
  FrameFeed to_server_, to_client_;
  lsp::FrameDecoder up_, down_;
};

// Delve's log: one message per line after "[<- from client]" or "[-> to client]".
class DelveLogReader final : public TrafficReader {
 public:
  explicit DelveLogReader(TrafficChecker& c) : c_(c) {}
  void Feed(std::string_view data) override {
    partial_.append(data);
    size_t start = 0, nl;
    while ((nl = partial_.find('\n', start)) != std::string::npos) {
      Line(std::string_view(partial_).substr(start, nl - start));
      start = nl + 1;
    }
    partial_.erase(0, start);
    if (partial_.size() > kMaxLine) {
      c_.Defect("dap.traffic.malformed", "a log line longer than 64 MiB", fmt::format("line {}", line_ + 1));
      partial_.clear();
    }
  }
  void Finish() override {
    if (!partial_.empty()) Line(partial_);
    partial_.clear();
  }

 private:
  void Line(std::string_view line) {
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    static constexpr std::string_view kFrom = "[<- from client]", kTo = "[-> to client]";
    size_t from = line.find(kFrom), to = line.find(kTo);
    if (from == std::string_view::npos && to == std::string_view::npos) return;
    bool client = from != std::string_view::npos && (to == std::string_view::npos || from < to);
    size_t at = client ? from + kFrom.size() : to + kTo.size();
    double t = ParseLogTime(line.substr(0, line.find(' ')));
    if (t >= 0 && t0_ < 0) t0_ = t;
    double t_ms = t < 0 ? 0 : (t - t0_) * 1000;
    c_.OnMessage(client ? Side::kClient : Side::kServer, line.substr(at), t_ms, fmt::format("line {}", line_), line_);
  }
  TrafficChecker& c_;
  std::string partial_;
  uint64_t line_ = 0;
  double t0_ = -1;
};

}  // namespace

struct TrafficChecker::Stats {
  std::map<std::string, core::DapCommandRow> rows;
};

TrafficChecker::TrafficChecker(bool both_sides) : both_sides_(both_sides), stats_(std::make_unique<Stats>()) {}
TrafficChecker::~TrafficChecker() = default;

const char* TrafficFormatName(TrafficFormat f) {
  switch (f) {
    case TrafficFormat::kDelveLog: return "Delve dap log";
    case TrafficFormat::kGodiagTrace: return "godiag trace";
    case TrafficFormat::kRawStream: return "raw stream";
  }
  return "raw stream";
}

TrafficFormat DetectTrafficFormat(std::string_view head) {
  if (StartsWith(head, lsp::kTraceMagic)) return TrafficFormat::kGodiagTrace;
  if (head.find("layer=dap") != std::string_view::npos) return TrafficFormat::kDelveLog;
  return TrafficFormat::kRawStream;
}

bool LooksLikeDap(std::string_view head) {
  if (head.find("layer=dap") != std::string_view::npos) return true;
  if (head.find("\"jsonrpc\"") != std::string_view::npos) return false;
  for (std::string_view t : {"\"type\":\"request\"", "\"type\":\"response\"", "\"type\":\"event\""}) {
    if (head.find(t) != std::string_view::npos) return true;
  }
  return false;
}

std::unique_ptr<TrafficReader> MakeTrafficReader(TrafficFormat format, TrafficChecker& checker) {
  switch (format) {
    case TrafficFormat::kDelveLog: return std::make_unique<DelveLogReader>(checker);
    case TrafficFormat::kGodiagTrace: return std::make_unique<TraceReader>(checker);
    case TrafficFormat::kRawStream: return std::make_unique<RawReader>(checker);
  }
  return std::make_unique<RawReader>(checker);
}

double ParseLogTime(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|±hh:mm]
  if (s.size() < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return -1;
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int h = num(11, 2), m = num(14, 2), sec = num(17, 2);
  if (h < 0 || m < 0 || sec < 0) return -1;
  double frac = 0, scale = 0.1;
  for (size_t i = 20; s.size() > 19 && s[19] == '.' && i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10) {
    frac += (s[i] - '0') * scale;
  }
  return h * 3600.0 + m * 60.0 + sec + frac;
}

void TrafficChecker::Defect(const std::string& id, const std::string& detail, const std::string& where) {
  for (auto& d : report_.defects) {
    if (d.id == id) {
      ++d.count;
      return;
    }
  }
  report_.defects.push_back(core::LspDefect{id, 0, detail, {}, 1, false, where});
}

void TrafficChecker::OnMessage(Side side, std::string_view body, double t_ms, const std::string& where,
                               uint64_t offset) {
  ++report_.messages;
  report_.bytes += body.size();
  Message m = ParseMessage(body);
  auto answered = session_.OnMessage(side, m, t_ms, offset);
  for (const auto& issue : session_.TakeIssues()) {
    bool matching = issue.defect == SessionDefect::kUnknownResponse || issue.defect == SessionDefect::kCommandMismatch;
    if (both_sides_ || !matching) Defect(SessionDefectId(issue.defect), issue.detail, where);
  }
  if (m.kind == Kind::kRequest && side == Side::kClient) {
    auto& row = stats_->rows[m.command];
    row.command = m.command;
    ++row.requests;
  }
  if (answered) {
    auto& row = stats_->rows[answered->command];
    row.max_ms = std::max(row.max_ms, answered->latency_ms);
    if (!answered->success) {
      ++row.errors;
      auto e = ParseErrorDetail(m.body);
      if (report_.errors.size() < kMaxErrors) report_.errors.push_back({m.command, e.id, m.message, e.format, e.show_user});
    }
  }
  if (m.kind == Kind::kEvent && m.event == "output" && report_.output.size() < kMaxOutput) {
    auto b = nlohmann::json::parse(m.body.empty() ? "{}" : m.body, nullptr, false);
    std::string category = b.is_object() ? b.value("category", "console") : "console";
    if (b.is_object() && (category == "stderr" || category == "important")) {
      report_.output.push_back({category, b.value("output", ""), t_ms});
    }
  }
}

void TrafficChecker::Finish() {
  if (both_sides_) report_.unanswered = session_.Pending();
  session_.Finish();
  for (const auto& issue : session_.TakeIssues()) {
    if (issue.defect != SessionDefect::kUnanswered) Defect(SessionDefectId(issue.defect), issue.detail, "end");
  }
  if (!report_.unanswered.empty()) {
    Defect("dap.traffic.unanswered", fmt::format("{} request(s) never answered, the first: {}", report_.unanswered.size(),
                                                 report_.unanswered.front()),
           "end");
  }
  for (auto& [name, row] : stats_->rows) report_.commands.push_back(row);
  std::sort(report_.commands.begin(), report_.commands.end(),
            [](const auto& a, const auto& b) { return a.requests != b.requests ? a.requests > b.requests : a.command < b.command; });
}

}  // namespace godiag::dap

#include "lsp/trace_readers.h"

#include <nlohmann/json.hpp>

#include "lsp/trace_format.h"

namespace godiag::lsp {

namespace {

using nlohmann::json;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// A JSON string literal of log text, which may hold any bytes (invalid UTF-8 replaced).
std::string Quote(std::string_view s) {
  return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "2024-05-01 10:30:51.123 [" at the start of a line (VS Code >= 10 log entries).
bool IsLogEntry(std::string_view line) {
  if (line.size() < 25) return false;
  const char* shape = "dddd-dd-dd dd:dd:dd.ddd [";
  for (size_t i = 0; i < 25; ++i) {
    if (shape[i] == 'd' ? !IsDigit(line[i]) : line[i] != shape[i]) return false;
  }
  return true;
}

// "H:MM:SS[.mmm][ AM|PM]" -> ms since midnight; -1 when not a time.
double ParseClock(std::string_view t) {
  int h = 0, m = 0, s = 0, ms = 0;
  size_t i = 0;
  auto number = [&](int& out, size_t max_digits) {
    size_t start = i;
    while (i < t.size() && IsDigit(t[i]) && i - start < max_digits) out = out * 10 + (t[i++] - '0');
    return i > start;
  };
  if (!number(h, 2) || i >= t.size() || t[i++] != ':' || !number(m, 2) || i >= t.size() || t[i++] != ':' ||
      !number(s, 2))
    return -1;
  bool has_ms = i < t.size() && t[i] == '.';
  if (has_ms) {
    ++i;
    number(ms, 3);
  }
  std::string_view rest = t.substr(i);
  // gopls writes a 24-hour clock followed by AM/PM; VS Code <= 9 a 12-hour clock without ms.
  if (!has_ms && rest.find("PM") != std::string_view::npos && h < 12) h += 12;
  if (!has_ms && rest.find("AM") != std::string_view::npos && h == 12) h = 0;
  return ((h * 60.0 + m) * 60.0 + s) * 1000.0 + ms;
}

std::string IdJson(std::string_view id) {
  bool numeric = !id.empty() && id.size() < 16 &&
                 std::all_of(id.begin(), id.end(), [](char c) { return IsDigit(c) || c == '-'; });
  return numeric ? std::string(id) : Quote(id);
}

// One entry header of the VS Code / gopls text formats, e.g.
//   Sending request 'initialize - (0)'.
//   Received response 'textDocument/hover - (5)' in 3ms. Request failed: boom (-32603).
struct EntryHeader {
  bool ok = false;
  bool sending = false;  // the client's view: sending = client -> server
  std::string kind;      // request, notification, response
  std::string method;
  std::string id;
  bool failed = false;
  std::string error_message;
  std::string error_code = "0";
};

EntryHeader ParseEntry(std::string_view text) {
  EntryHeader e;
  if (StartsWith(text, "Sending ")) e.sending = true;
  else if (!StartsWith(text, "Received ")) return e;
  text.remove_prefix(e.sending ? 8 : 9);
  size_t sp = text.find(' ');
  if (sp == std::string_view::npos) return e;
  e.kind = std::string(text.substr(0, sp));
  if (e.kind != "request" && e.kind != "notification" && e.kind != "response") return e;
  size_t q1 = text.find('\'', sp);
  size_t q2 = text.find('\'', q1 + 1);
  if (q1 == std::string_view::npos || q2 == std::string_view::npos) return e;
  std::string_view name = text.substr(q1 + 1, q2 - q1 - 1);
  if (e.kind != "notification") {
    size_t open = name.rfind(" - (");
    if (open == std::string_view::npos || name.back() != ')') return e;
    e.method = std::string(name.substr(0, open));
    e.id = std::string(name.substr(open + 4, name.size() - open - 5));
  } else {
    e.method = std::string(name);
  }
  std::string_view tail = text.substr(q2 + 1);
  size_t failed = tail.find(" Request failed: ");
  if (failed != std::string_view::npos) {
    e.failed = true;
    std::string_view msg = tail.substr(failed + 17);
    size_t paren = msg.rfind(" (");
    if (paren != std::string_view::npos) {
      e.error_message = std::string(msg.substr(0, paren));
      std::string_view code = msg.substr(paren + 2);
      e.error_code = std::string(code.substr(0, code.find(')')));
    } else {
      e.error_message = std::string(msg);
    }
  }
  e.ok = true;
  return e;
}

std::string BuildMessage(const EntryHeader& e, std::string_view data_label, std::string_view data) {
  std::string m = "{\"jsonrpc\":\"2.0\"";
  if (e.kind != "notification") m += ",\"id\":" + IdJson(e.id);
  if (e.kind != "response") m += ",\"method\":" + Quote(e.method);
  bool has_data = !data.empty() && data.find_first_not_of(" \t\r\n") != std::string_view::npos;
  if (e.kind == "response") {
    if (e.failed) {
      bool numeric = !e.error_code.empty() && std::all_of(e.error_code.begin(), e.error_code.end(),
                                                          [](char c) { return IsDigit(c) || c == '-'; });
      m += ",\"error\":{\"code\":" + (numeric ? e.error_code : std::string("0")) +
           ",\"message\":" + Quote(e.error_message) + "}";
    } else {
      m += ",\"result\":" + (has_data && data_label == "Result" ? std::string(data) : std::string("null"));
    }
  } else if (has_data && data_label == "Params") {
    m += ",\"params\":" + std::string(data);
  }
  return m + "}";
}

// Splits input into lines (LF or CRLF) with 1-based numbers.
class LineReader : public FormatReader {
 public:
  explicit LineReader(TrafficChecker& c) : checker_(c) {}
  void Feed(std::string_view data) override {
    buf_.append(data);
    size_t start = 0;
    while (true) {
      size_t nl = buf_.find('\n', start);
      if (nl == std::string::npos) break;
      std::string_view line(buf_.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      OnLine(line, ++line_no_);
      start = nl + 1;
    }
    buf_.erase(0, start);
  }
  void Finish() override {
    if (!buf_.empty()) OnLine(buf_, ++line_no_);
    buf_.clear();
    OnEnd();
    checker_.Finish();
  }

 protected:
  virtual void OnLine(std::string_view line, uint64_t no) = 0;
  virtual void OnEnd() {}
  // Absolute ms, unwrapping midnight.
  double Clock(double ms_of_day) {
    if (ms_of_day < 0) return last_ms_;
    double t = ms_of_day + day_ms_;
    if (t + 12 * 3600e3 < last_ms_) {
      day_ms_ += 24 * 3600e3;
      t += 24 * 3600e3;
    }
    last_ms_ = t;
    return t;
  }
  TrafficChecker& checker_;

 private:
  std::string buf_;
  uint64_t line_no_ = 0;
  double day_ms_ = 0;
  double last_ms_ = 0;
};

// gopls -rpc.trace (stderr or -logfile), and the VS Code text formats: an entry line, then
// optionally "Params: " / "Result: " data running to the next entry.
class TextTraceReader final : public LineReader {
 public:
  using LineReader::LineReader;

 protected:
  void OnLine(std::string_view line, uint64_t no) override {
    std::string_view header;
    double t = -1;
    if (size_t at = line.find("[Trace - "); at != std::string_view::npos) {
      size_t close = line.find("] ", at);
      if (close == std::string_view::npos) return;
      t = ParseClock(line.substr(at + 9, close - at - 9));
      header = line.substr(close + 2);
    } else if (IsLogEntry(line)) {
      if (line.substr(24, 8) != "[trace] ") {
        Flush();
        return;
      }
      t = ParseClock(line.substr(11, 12));
      header = line.substr(32);
    } else if (size_t err = line.find("[Error - "); err != std::string_view::npos && line.find("] ", err) != std::string_view::npos &&
               line.find(" #", err) != std::string_view::npos) {
      GoplsError(line.substr(err), no);
      return;
    } else if (StartsWith(line, "[Info") || StartsWith(line, "[Warn") || StartsWith(line, "[Error") ||
               StartsWith(line, "[Debug") || StartsWith(line, "[LSP")) {
      Flush();
      return;
    } else {
      if (pending_.ok) Data(line);
      return;
    }
    Flush();
    pending_ = ParseEntry(header);
    pending_line_ = no;
    pending_t_ = Clock(t);
    label_.clear();
    data_.clear();
  }
  void OnEnd() override { Flush(); }

 private:
  void Data(std::string_view line) {
    if (label_.empty()) {
      for (std::string_view l : {"Params: ", "Result: ", "Error data: "}) {
        if (StartsWith(line, l)) {
          label_ = std::string(l.substr(0, l.find(':')));
          data_ = std::string(line.substr(l.size()));
          return;
        }
      }
      if (!line.empty()) label_ = "-";  // "No result returned." and the like
      return;
    }
    if (label_ == "-") return;
    if (line.empty() && !data_.empty() && Balanced()) return;
    data_ += '\n';
    data_.append(line);
  }
  bool Balanced() const {
    long depth = 0;
    bool in_string = false, escape = false;
    for (char c : data_) {
      if (escape) { escape = false; continue; }
      if (in_string) { if (c == '\\') escape = true; else if (c == '"') in_string = false; continue; }
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') --depth;
    }
    return depth <= 0;
  }
  void Flush() {
    if (!pending_.ok) return;
    std::string message = BuildMessage(pending_, label_, data_);
    checker_.Unframed(pending_.sending ? Direction::kToServer : Direction::kToClient, message, pending_t_,
                      Location::Line(pending_line_));
    pending_ = EntryHeader();
  }
  // gopls: "[Error - Received] 18:36:44.832 PM #8 no views in session"
  void GoplsError(std::string_view text, uint64_t no) {
    Flush();
    bool received = StartsWith(text, "[Error - Received]");
    size_t hash = text.find(" #");
    size_t close = text.find("] ");
    std::string_view rest = text.substr(hash + 2);
    size_t sp = rest.find(' ');
    std::string id(rest.substr(0, sp));
    std::string msg(sp == std::string_view::npos ? "" : rest.substr(sp + 1));
    double t = Clock(ParseClock(text.substr(close + 2, hash - close - 2)));
    std::string message = "{\"jsonrpc\":\"2.0\",\"id\":" + IdJson(id) + ",\"error\":{\"code\":0,\"message\":" +
                          Quote(msg) + "}}";
    checker_.Unframed(received ? Direction::kToClient : Direction::kToServer, message, t, Location::Line(no));
  }

  EntryHeader pending_;
  uint64_t pending_line_ = 0;
  double pending_t_ = 0;
  std::string label_;
  std::string data_;
};

// {"isLSPMessage":true,"type":"send-request","message":{…},"timestamp":…}, after any prefix.
class JsonTraceReader final : public LineReader {
 public:
  using LineReader::LineReader;

 protected:
  void OnLine(std::string_view line, uint64_t no) override {
    size_t brace = line.find('{');
    if (brace == std::string_view::npos) return;
    auto j = json::parse(line.begin() + static_cast<std::ptrdiff_t>(brace), line.end(), nullptr, false);
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string() || !j.contains("message")) return;
    std::string type = j["type"].get<std::string>();
    Direction dir = StartsWith(type, "send-") ? Direction::kToServer : Direction::kToClient;
    double t = j.contains("timestamp") && j["timestamp"].is_number() ? j["timestamp"].get<double>() : 0;
    checker_.Unframed(dir, j["message"].dump(-1, ' ', false, json::error_handler_t::replace), t, Location::Line(no));
  }
};

// One JSON-RPC message per line (lsp-devtools record --to-file), or lsptrace records.
class JsonLinesReader final : public LineReader {
 public:
  using LineReader::LineReader;

 protected:
  void OnLine(std::string_view line, uint64_t no) override {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    Location where = Location::Line(no);
    auto j = json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_object() && j.contains("msg") && j.contains("from")) {
      Direction dir = j["from"] == "client" ? Direction::kToServer : Direction::kToClient;
      checker_.Unframed(dir, j["msg"].dump(-1, ' ', false, json::error_handler_t::replace), 0, where);
      return;
    }
    checker_.Unframed(Direction::kToClient, line, 0, where);
  }
};

class GodiagTraceReader final : public FormatReader, public TraceSink {
 public:
  explicit GodiagTraceReader(TrafficChecker& c) : checker_(c) {}
  void Feed(std::string_view data) override { reader_.Feed(data, *this); }
  void Finish() override {
    reader_.Finish();
    if (!reader_.error().empty()) checker_.Note("lsp.trace.malformed", "trace", reader_.error());
    checker_.Finish();
  }
  void OnTraceHeader(std::string_view) override {}
  void OnRecord(RecordKind kind, uint64_t t_ns, std::string_view payload, uint64_t) override {
    if (kind == RecordKind::kToServer || kind == RecordKind::kToClient) {
      checker_.Bytes(kind == RecordKind::kToServer ? Direction::kToServer : Direction::kToClient, payload,
                     static_cast<double>(t_ns) / 1e6);
    }
  }

 private:
  TrafficChecker& checker_;
  TraceReader reader_;
};

// lsp-devtools agent -> recorder records (facts/lsp.md §6.1): each frame carries
// Message-Source: client|server and Message-Timestamp: <ISO 8601> headers.
class DevtoolsAgentReader final : public FormatReader {
 public:
  explicit DevtoolsAgentReader(TrafficChecker& c) : checker_(c) {}
  void Feed(std::string_view data) override {
    buf_.append(data);
    while (Step()) {
    }
  }
  void Finish() override {
    if (!buf_.empty()) checker_.Note("lsp.trace.malformed", "byte " + std::to_string(base_), "the recording ends inside a record");
    checker_.Finish();
  }

 private:
  bool Step() {
    size_t end = buf_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::string_view head(buf_.data(), end);
    long long length = -1;
    bool client = false;
    double t = 0;
    size_t start = 0;
    while (start <= head.size()) {
      size_t nl = head.find("\r\n", start);
      if (nl == std::string_view::npos) nl = head.size();
      std::string_view line = head.substr(start, nl - start);
      if (StartsWith(line, "Content-Length: ")) length = std::atoll(std::string(line.substr(16)).c_str());
      if (StartsWith(line, "Message-Source: ")) client = line.substr(16) == "client";
      if (StartsWith(line, "Message-Timestamp: ") && line.size() >= 31) t = ParseClock(line.substr(30));
      start = nl + 2;
    }
    if (length < 0) {
      checker_.Note("lsp.trace.malformed", "byte " + std::to_string(base_), "an agent record without Content-Length");
      buf_.clear();
      return false;
    }
    size_t total = end + 4 + static_cast<size_t>(length);
    if (buf_.size() < total) return false;
    checker_.Unframed(client ? Direction::kToServer : Direction::kToClient,
                      std::string_view(buf_.data() + end + 4, static_cast<size_t>(length)), t,
                      Location::Byte(base_ + end + 4, Direction::kToClient, false));
    buf_.erase(0, total);
    base_ += total;
    return true;
  }

  TrafficChecker& checker_;
  std::string buf_;
  uint64_t base_ = 0;
};

class RawReader final : public FormatReader {
 public:
  explicit RawReader(TrafficChecker& c) : checker_(c) {}
  void Feed(std::string_view data) override { checker_.Bytes(Direction::kToClient, data, 0); }
  void Finish() override { checker_.Finish(); }

 private:
  TrafficChecker& checker_;
};

}  // namespace

const char* InputFormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kGodiagTrace: return "godiag trace";
    case InputFormat::kRawStream: return "raw LSP byte stream";
    case InputFormat::kGoplsRpcTrace: return "gopls -rpc.trace log";
    case InputFormat::kVscodeText: return "VS Code client trace (client <= 9 text)";
    case InputFormat::kVscodeLog: return "VS Code client trace (client >= 10 log)";
    case InputFormat::kVscodeJson: return "VS Code client trace (JSON)";
    case InputFormat::kJsonLines: return "JSON lines (one message per line)";
    case InputFormat::kDevtoolsAgent: return "lsp-devtools agent records";
  }
  return "?";
}

bool HasDirections(InputFormat f) { return f != InputFormat::kRawStream && f != InputFormat::kJsonLines; }

InputFormat DetectFormat(std::string_view head) {
  if (StartsWith(head, kTraceMagic)) return InputFormat::kGodiagTrace;
  if (StartsWith(head, "Message-Source: ")) return InputFormat::kDevtoolsAgent;
  std::string_view start = head.substr(0, 64);
  std::string lower(start);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (StartsWith(lower, "content-length") || StartsWith(lower, "content-type")) return InputFormat::kRawStream;
  if (head.find("\"isLSPMessage\"") != std::string_view::npos ||
      (head.find("{\"type\":\"") != std::string_view::npos && head.find("\"timestamp\"") != std::string_view::npos))
    return InputFormat::kVscodeJson;
  size_t trace = head.find("[Trace - ");
  if (trace != std::string_view::npos) {
    size_t close = head.find(']', trace);
    std::string_view clock = head.substr(trace + 9, close == std::string_view::npos ? 0 : close - trace - 9);
    bool has_ms = clock.find('.') != std::string_view::npos;
    return has_ms ? InputFormat::kGoplsRpcTrace : InputFormat::kVscodeText;
  }
  if (IsLogEntry(head) && head.find("[trace] ") != std::string_view::npos) return InputFormat::kVscodeLog;
  size_t first = head.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && head[first] == '{') return InputFormat::kJsonLines;
  return InputFormat::kRawStream;
}

std::unique_ptr<FormatReader> MakeReader(InputFormat format, TrafficChecker& checker) {
  switch (format) {
    case InputFormat::kGodiagTrace: return std::make_unique<GodiagTraceReader>(checker);
    case InputFormat::kRawStream: return std::make_unique<RawReader>(checker);
    case InputFormat::kVscodeJson: return std::make_unique<JsonTraceReader>(checker);
    case InputFormat::kJsonLines: return std::make_unique<JsonLinesReader>(checker);
    case InputFormat::kDevtoolsAgent: return std::make_unique<DevtoolsAgentReader>(checker);
    default: return std::make_unique<TextTraceReader>(checker);
  }
}

}  // namespace godiag::lsp

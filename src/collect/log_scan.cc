#include "collect/log_scan.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "collect/log_signatures.h"
#include "core/report.h"
#include "lsp/go_traceback.h"

namespace godiag::collect {

namespace {

using core::LogEvent;
using core::LogEventKind;

constexpr size_t kMaxCrashBytes = 256u << 10;  // captured text of one crash
constexpr size_t kMaxCrashLines = 600;
constexpr size_t kMaxEventText = 400;
constexpr size_t kMaxEvents = 500;             // distinct events per log; repeats fold

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsSignalLine(std::string_view line) {
  if (!StartsWith(line, "SIG")) return false;
  size_t i = 3;
  while (i < line.size() && line[i] >= 'A' && line[i] <= 'Z') ++i;
  return i > 3 && line.substr(i, 2) == ": ";
}

// The first line of a Go runtime crash, and which kind it is.
bool CrashStart(std::string_view line, LogEventKind* kind) {
  if (StartsWith(line, "panic: ")) return *kind = LogEventKind::kPanic, true;
  if (StartsWith(line, "fatal error: ") || StartsWith(line, "runtime: out of memory") ||
      StartsWith(line, "runtime/cgo: pthread_create failed") || StartsWith(line, "runtime: goroutine stack exceeds"))
    return *kind = LogEventKind::kFatal, true;
  if (IsSignalLine(line)) return *kind = LogEventKind::kSignal, true;
  return false;
}

// A line that belongs to a traceback: frames, goroutine headers, the register dump, …
bool IsTraceLine(std::string_view line) {
  if (line.empty() || line[0] == '\t' || line[0] == ' ') return true;
  static constexpr std::string_view kStarts[] = {
      "goroutine ", "created by ", "[signal ", "runtime stack:", "PC=", "panic: ", "fatal error: ", "SIG",
      "runtime: ", "runtime/cgo: ", "...additional frames elided...", "exit status ", "[recovered]", "signal arrived"};
  for (auto s : kStarts)
    if (StartsWith(line, s)) return true;
  // "pkg.(*T).Method(0x1, ...)" / "main.main()" / "rax    0xca"
  size_t paren = line.find('(');
  if (paren != std::string_view::npos && paren > 0 && line.substr(0, paren).find(' ') == std::string_view::npos &&
      (line.back() == ')' || line.find(")\t") != std::string_view::npos))
    return true;
  size_t sp = line.find("  ");
  return sp != std::string_view::npos && sp <= 6 && line.find("0x", sp) != std::string_view::npos;
}

// gopls's own "2026/12/01 21:25:17 " line prefix.
bool HasGoLogTime(std::string_view s) {
  return s.size() >= 20 && IsDigit(s[0]) && IsDigit(s[3]) && s[4] == '/' && s[7] == '/' && s[10] == ' ' &&
         s[13] == ':' && s[16] == ':' && s[19] == ' ';
}

// "2024-08-07 14:58:55.291 [info] " (VS Code LogOutputChannel): length of the prefix, 0 if none.
size_t LogChannelPrefix(std::string_view s) {
  if (s.size() < 27 || !IsDigit(s[0]) || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[19] != '.' ||
      s[23] != ' ' || s[24] != '[')
    return 0;
  size_t close = s.find("] ", 25);
  return close == std::string_view::npos || close > 40 ? 0 : close + 2;
}

// "[Info  - 6:53:48 PM] " / "[Error - 18:53:48.772 PM] " (vscode-languageclient <= 9).
size_t ClientPrefix(std::string_view s, std::string_view* time) {
  if (s.size() < 10 || s[0] != '[') return 0;
  s = s.substr(0, 40);  // the prefix is short: never scan a long line for it
  size_t dash = s.find(" - ");
  size_t close = s.find("] ");
  if (dash == std::string_view::npos || close == std::string_view::npos || dash > 7 || close > 32 || close < dash)
    return 0;
  std::string_view level = s.substr(1, dash - 1);
  while (!level.empty() && level.back() == ' ') level.remove_suffix(1);
  if (level != "Info" && level != "Error" && level != "Warn" && level != "Trace" && level != "Debug" && level != "Log")
    return 0;
  *time = s.substr(dash + 3, close - dash - 3);
  return close + 2;
}

std::string Cut(std::string_view s) {
  std::string out(s.substr(0, kMaxEventText));
  if (s.size() > kMaxEventText) out += "…";
  return core::RedactSecrets(out);
}

// "v0.23.0" from "Running language server gopls(v0.18.1/go1.23.9)", ".../gopls@v0.23.0/...", …
std::string VersionAt(std::string_view text, size_t at, std::string_view needle, std::string* go) {
  size_t from = at + needle.size() - (needle.back() == 'v' ? 1 : 0);
  size_t end = from;
  while (end < text.size() && text[end] != '/' && text[end] != ')' && text[end] != ' ' && text[end] != '"' &&
         text[end] != '\\' && text[end] != '\t')
    ++end;
  if (needle.back() == '(' && end < text.size() && text[end] == '/') {
    size_t g = end + 1, ge = g;
    while (ge < text.size() && text[ge] != ')') ++ge;
    *go = std::string(text.substr(g, ge - g));
  }
  return std::string(text.substr(from, end - from));
}

std::string FrameVersion(const std::vector<std::string>& frames) {
  for (const auto& f : frames) {
    size_t at = f.find("/gopls@v");
    if (at == std::string::npos) continue;
    size_t end = f.find('/', at + 7);
    return f.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
  }
  return "";
}

}  // namespace

std::string UnquoteLua(std::string_view q) {
  if (q.empty() || (q[0] != '"' && q[0] != '\'')) return std::string(q);
  char quote = q[0];
  std::string out;
  out.reserve(q.size());
  for (size_t i = 1; i < q.size(); ++i) {
    char c = q[i];
    if (c == quote) break;
    if (c != '\\' || i + 1 == q.size()) {
      out += c;
      continue;
    }
    char e = q[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      default:
        if (IsDigit(e)) {  // \ddd: up to three decimal digits
          int v = e - '0';
          for (int k = 0; k < 2 && i + 1 < q.size() && IsDigit(q[i + 1]); ++k) v = v * 10 + (q[++i] - '0');
          out += static_cast<char>(v & 0xff);
        } else {
          out += e;  // \\ \" \' and anything else: the character itself
        }
    }
  }
  return out;
}

LogScanner::LogScanner() = default;

void LogScanner::Feed(std::string_view data) {
  bytes_ += data.size();
  while (!data.empty()) {
    const char* nl = static_cast<const char*>(std::memchr(data.data(), '\n', data.size()));
    size_t n = nl ? static_cast<size_t>(nl - data.data()) : data.size();
    std::string_view piece = data.substr(0, n);
    if (!skipping_) {
      if (pending_.empty() && nl && piece.size() <= kMaxLogLine) {
        OnRawLine(piece);  // the common case: a whole line inside the chunk, no copy
      } else {
        size_t room = kMaxLogLine - std::min(kMaxLogLine, pending_.size());
        if (piece.size() > room) truncated_ = true, skipping_ = true;
        pending_.append(piece.substr(0, room));
        if (nl) OnRawLine(pending_), pending_.clear();
      }
    } else if (nl) {
      OnRawLine(pending_);
      pending_.clear();
    }
    if (nl) skipping_ = false;
    data.remove_prefix(nl ? n + 1 : n);
  }
}

void LogScanner::Finish() {
  if (!pending_.empty() || skipping_) OnRawLine(pending_);
  pending_.clear();
  skipping_ = false;
  FlushStderr();
  EndCrash();
}

std::string LogScanner::format() const {
  if (framing_lines_.empty()) return "empty";
  // A client's framing wins over plain lines (its entries span several lines).
  auto best = std::max_element(framing_lines_.begin(), framing_lines_.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.first != Framing::kPlain, a.second) < std::make_pair(b.first != Framing::kPlain, b.second);
  });
  switch (best->first) {
    case Framing::kNeovim: return "Neovim lsp.log";
    case Framing::kVscodeClient: return "VS Code output channel";
    case Framing::kLogChannel: return "VS Code log channel";
    case Framing::kPlain: break;
  }
  return "plain text";
}

void LogScanner::OnRawLine(std::string_view line) {
  ++line_no_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!line.empty() && line[0] == '[' && OnNeovimLine(line)) return ++framing_lines_[Framing::kNeovim], void();
  std::string_view time;
  if (size_t n = ClientPrefix(line, &time)) {
    ++framing_lines_[Framing::kVscodeClient];
    FlushStderr();
    OnEntryText(line.substr(n), time, true);
    return;
  }
  if (size_t n = LogChannelPrefix(line)) {
    ++framing_lines_[Framing::kLogChannel];
    OnEntryText(line.substr(n), line.substr(0, 23), false);
    return;
  }
  ++framing_lines_[Framing::kPlain];
  OnLogicalLine(line, line_no_);
}

// "[ERROR][2026-12-01 21:29:00] src:420\t<args>" (0.6+) or "[ ERROR ] 2021-…+0800 ] src ]\t<args>" (0.5).
bool LogScanner::OnNeovimLine(std::string_view line) {
  size_t close = line.find(']');
  if (close == std::string_view::npos || close > 9) return false;
  std::string_view level = line.substr(1, close - 1);
  while (!level.empty() && level.front() == ' ') level.remove_prefix(1);
  while (!level.empty() && level.back() == ' ') level.remove_suffix(1);
  static constexpr std::string_view kLevels[] = {"START", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"};
  if (std::find(std::begin(kLevels), std::end(kLevels), level) == std::end(kLevels)) return false;
  std::string_view rest = line.substr(close + 1);
  std::string time;
  if (!rest.empty() && rest[0] == '[') {
    size_t e = rest.find(']');
    if (e == std::string_view::npos) return false;
    time = std::string(rest.substr(1, e - 1));
  } else {
    while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
    time = std::string(rest.substr(0, rest.find(' ')));
  }
  if (level == "START") {
    FlushStderr();
    EndCrash();
    last_start_ = line_no_;
    return true;
  }
  size_t tab = line.find('\t');
  std::vector<std::string_view> args;
  while (tab != std::string_view::npos) {
    size_t next = line.find('\t', tab + 1);
    args.push_back(line.substr(tab + 1, next == std::string_view::npos ? std::string_view::npos : next - tab - 1));
    tab = next;
  }
  if (args.size() >= 4 && args[0] == "\"rpc\"" && args[2] == "\"stderr\"") {
    std::string cmd(args[1]);
    if (cmd != stderr_cmd_) FlushStderr();
    stderr_cmd_ = cmd;
    time_ = time;
    std::string chunk = UnquoteLua(args[3]);
    for (size_t i = 0; i < chunk.size();) {
      if (stderr_.empty()) stderr_line_ = line_no_;
      size_t nl = chunk.find('\n', i);
      std::string_view part = std::string_view(chunk).substr(i, nl == std::string::npos ? std::string::npos : nl - i);
      stderr_.append(part.substr(0, kMaxLogLine - std::min(kMaxLogLine, stderr_.size())));
      if (nl == std::string::npos) break;
      OnLogicalLine(stderr_, stderr_line_);
      stderr_.clear();
      i = nl + 1;
    }
    return true;
  }
  FlushStderr();
  std::string text;
  for (auto a : args) text += (text.empty() ? "" : " ") + UnquoteLua(a);
  OnEntryText(text, time, true);
  return true;
}

void LogScanner::FlushStderr() {
  if (stderr_.empty()) return;
  std::string s = std::move(stderr_);
  stderr_.clear();
  OnLogicalLine(s, stderr_line_);
}

// One client entry: its lines are logical lines; a new client entry ends a crash unless the
// client writes each stderr line as its own entry (log channels) and this is one.
void LogScanner::OnEntryText(std::string_view text, std::string_view time, bool forced_end) {
  time_.assign(time);
  if (forced_end) EndCrash();
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!(line.empty() && nl == std::string_view::npos && start > 0)) OnLogicalLine(line, line_no_);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

void LogScanner::OnLogicalLine(std::string_view text, uint64_t line) {
  if (crash_.open) {
    if (IsTraceLine(text)) {
      if (StartsWith(text, "goroutine ")) ++crash_.goroutines;
      if (crash_.captured < kMaxCrashLines && crash_.text.size() + text.size() < kMaxCrashBytes) {
        crash_.text.append(text).push_back('\n');
        ++crash_.captured;
      }
      return;
    }
    EndCrash();
  }
  LogEventKind kind;
  if (CrashStart(text, &kind)) {
    crash_ = CrashState{true, kind, line, time_, std::string(text) + "\n", 1, 0};
    return;
  }
  MatchSignatures(text, line);
}

void LogScanner::MatchSignatures(std::string_view text, uint64_t line) {
  static thread_local std::vector<SignatureHit> hits;
  MatchLogSignatures(text, hits);
  for (const auto& h : hits) {
    std::string_view id = h.signature->id;
    if (id.starts_with("version.")) {
      std::string go;
      std::string v = VersionAt(text, h.at, h.signature->needle, &go);
      if (!v.empty() && v[0] == 'v') gopls_version_ = v;
      if (!go.empty()) go_version_ = go;
      continue;
    }
    LogEvent e;
    e.kind = LogEventKind::kSignature;
    e.id = std::string(id);
    e.line = e.last_line = line;
    e.time = HasGoLogTime(text) ? std::string(text.substr(0, 19)) : time_;
    e.text = Cut(text);
    std::string_view body = HasGoLogTime(text) ? text.substr(20) : text;
    AddEvent(std::move(e), std::string(id) + "\n" + std::string(body.substr(0, kMaxEventText)));
  }
}

void LogScanner::EndCrash() {
  if (!crash_.open) return;
  crash_.open = false;
  LogEvent e;
  e.kind = crash_.kind;
  e.id = crash_.kind == LogEventKind::kPanic ? "logs.gopls.panic" : "logs.gopls.crash";
  e.line = e.last_line = crash_.line;
  e.time = crash_.time;
  auto parsed = lsp::ParseGoPanic(crash_.text, 8);
  if (!parsed) parsed = lsp::ParseGoSignalDump(crash_.text, 8);
  if (parsed) {
    e.text = Cut(parsed->message);
    e.frames = parsed->frames;
    for (auto& f : e.frames) f = core::RedactSecrets(f);
  } else {
    e.text = Cut(crash_.text.substr(0, crash_.text.find('\n')));
  }
  // "runtime: out of memory" / "runtime/cgo: …" say why; keep the first line with the message.
  std::string first = crash_.text.substr(0, crash_.text.find('\n'));
  if (parsed && first != parsed->message && !StartsWith(first, "panic: ")) e.text = Cut(first + " / " + parsed->message);
  e.goroutines = crash_.goroutines + (StartsWith(crash_.text, "goroutine ") ? 1 : 0);
  e.gopls_version = FrameVersion(e.frames);
  std::string key = e.id + "\n" + e.text + "\n" + (e.frames.empty() ? "" : e.frames[0]);
  crash_.text.clear();
  crash_.text.shrink_to_fit();
  AddEvent(std::move(e), key);
}

void LogScanner::AddEvent(LogEvent e, const std::string& key) {
  if (e.gopls_version.empty()) e.gopls_version = gopls_version_;
  if (e.go_version.empty()) e.go_version = go_version_;
  if (auto it = folded_.find(key); it != folded_.end()) {
    LogEvent& old = events_[it->second];
    ++old.count;
    old.last_line = e.line;
    if (!e.time.empty()) old.time = e.time;  // the latest occurrence's time
    if (!e.gopls_version.empty()) old.gopls_version = e.gopls_version;
    return;
  }
  if (events_.size() >= kMaxEvents) return;
  folded_[key] = events_.size();
  events_.push_back(std::move(e));
}

LogScanResult ScanLogText(std::string_view text, size_t chunk) {
  LogScanner s;
  if (chunk == 0) chunk = text.size() + 1;
  for (size_t i = 0; i < text.size(); i += chunk) s.Feed(text.substr(i, chunk));
  s.Finish();
  return {s.events(), s.lines(), s.format(), s.last_start_line()};
}

}  // namespace godiag::collect

#include "lsp/go_traceback.h"

namespace godiag::lsp {

namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    start = nl + 1;
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsGoroutineHeader(std::string_view line) {
  return StartsWith(line, "goroutine ") && line.size() > 2 && line.back() == ':' &&
         line.find('[') != std::string_view::npos;
}

// "pkg.(*T).M(0x0, {0x1, 0x2})" -> "pkg.(*T).M"
std::string FunctionName(std::string_view line) {
  if (!line.empty() && line.back() == ')') {
    int depth = 0;
    for (size_t i = line.size(); i-- > 0;) {
      if (line[i] == ')') ++depth;
      if (line[i] == '(' && --depth == 0) return std::string(line.substr(0, i));
    }
  }
  return std::string(line);
}

// "\t/path/file.go:112 +0x2c" -> "/path/file.go:112"
std::string FileLine(std::string_view line) {
  while (!line.empty() && (line.front() == '\t' || line.front() == ' ')) line.remove_prefix(1);
  size_t sp = line.find(" +0x");
  return std::string(sp == std::string_view::npos ? line : line.substr(0, sp));
}

// Frames of the goroutine whose header is lines[i - 1]: function line, then file line.
void AddFrames(const std::vector<std::string_view>& lines, size_t i, size_t max_frames, core::GoPanic& panic) {
  for (; i + 1 < lines.size() && panic.frames.size() < max_frames; i += 2) {
    if (lines[i].empty() || IsGoroutineHeader(lines[i])) break;
    panic.frames.push_back(FunctionName(lines[i]) + " (" + FileLine(lines[i + 1]) + ")");
  }
}

// "SIGSEGV: segmentation violation": SIG, capitals, ": ".
bool IsSignalLine(std::string_view line) {
  if (!StartsWith(line, "SIG")) return false;
  size_t i = 3;
  while (i < line.size() && line[i] >= 'A' && line[i] <= 'Z') ++i;
  return i > 3 && line.substr(i, 2) == ": ";
}

}  // namespace

std::optional<core::GoPanic> ParseGoSignalDump(std::string_view text, size_t max_frames) {
  auto lines = Lines(text);
  size_t at = 0;
  while (at < lines.size() && !IsSignalLine(lines[at])) ++at;
  if (at == lines.size()) return std::nullopt;
  core::GoPanic panic;
  panic.message = std::string(lines[at]);
  size_t i = at + 1;
  while (i < lines.size() && !IsGoroutineHeader(lines[i])) ++i;
  AddFrames(lines, i + 1, max_frames, panic);
  return panic;
}

std::optional<core::GoPanic> ParseGoPanic(std::string_view text, size_t max_frames) {
  auto lines = Lines(text);
  size_t at = lines.size();
  for (size_t i = lines.size(); i-- > 0;) {
    if (StartsWith(lines[i], "panic: ") || StartsWith(lines[i], "fatal error: ")) {
      at = i;
      break;
    }
  }
  if (at == lines.size()) return std::nullopt;
  core::GoPanic panic;
  panic.message = std::string(lines[at]);
  size_t i = at + 1;
  while (i < lines.size() && !IsGoroutineHeader(lines[i])) {
    if (StartsWith(lines[i], "[signal ")) panic.message += " " + std::string(lines[i]);
    ++i;
  }
  AddFrames(lines, i + 1, max_frames, panic);
  return panic;
}

int CountGoroutines(std::string_view text) {
  int n = 0;
  for (auto line : Lines(text)) n += IsGoroutineHeader(line);
  return n;
}

bool IsGoroutineDump(std::string_view text) {
  return text.find("SIGQUIT: quit") != std::string_view::npos || CountGoroutines(text) > 0;
}

std::vector<std::string> LastLines(std::string_view text, size_t max) {
  auto lines = Lines(text);
  size_t from = lines.size() > max ? lines.size() - max : 0;
  std::vector<std::string> out;
  for (size_t i = from; i < lines.size(); ++i) out.emplace_back(lines[i]);
  return out;
}

}  // namespace godiag::lsp

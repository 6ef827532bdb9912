#include "probe/problem_match.h"

#include <algorithm>
#include <map>
#include <set>

namespace godiag::probe {

namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

const std::set<std::string_view>& Oses() {
  static const std::set<std::string_view> k = {"aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js",
                                               "linux", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows"};
  return k;
}

const std::set<std::string_view>& Archs() {
  static const std::set<std::string_view> k = {"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64",
                                               "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm"};
  return k;
}

// Ends the import path at a space, ';', ')' or a quote.
std::string PathUntil(std::string_view s) {
  size_t end = s.find_first_of(" ;)\"\n");
  return std::string(s.substr(0, end));
}

}  // namespace

int ByteColumn(std::string_view line_text, int utf16) {
  size_t i = 0;
  int units = 0;
  while (units < utf16 && i < line_text.size()) {
    unsigned char c = static_cast<unsigned char>(line_text[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + len > line_text.size()) len = 1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(line_text[i + k]) & 0xC0) != 0x80) { len = 1; break; }
    }
    units += len == 4 ? 2 : 1;
    i += len;
  }
  if (units < utf16) i += static_cast<size_t>(utf16 - units);
  return static_cast<int>(i) + 1;
}

std::string_view LineOf(std::string_view text, int line0) {
  size_t start = 0;
  for (int l = 0; l < line0; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

PortSuffix SplitPortSuffix(std::string_view message) {
  PortSuffix out{std::string(message), "", ""};
  if (!message.ends_with("]")) return out;
  size_t open = message.rfind(" [");
  if (open == std::string_view::npos) return out;
  std::string_view inside = message.substr(open + 2, message.size() - open - 3);
  size_t comma = inside.find(',');
  std::string_view a = inside.substr(0, comma);
  std::string_view b = comma == std::string_view::npos ? std::string_view() : inside.substr(comma + 1);
  // gopls prints " [GOOS]", " [GOARCH]" or " [GOOS,GOARCH]" (server/diagnostics.go).
  if (comma != std::string_view::npos) {
    if (!Oses().count(a) || !Archs().count(b)) return out;
    out.goos = std::string(a);
    out.goarch = std::string(b);
  } else if (Oses().count(a)) {
    out.goos = std::string(a);
  } else if (Archs().count(a)) {
    out.goarch = std::string(a);
  } else {
    return out;
  }
  out.message = std::string(message.substr(0, open));
  return out;
}

std::string NormalizeMessage(std::string_view message) {
  std::string m = SplitPortSuffix(message).message;
  if (m.starts_with("vet: ")) m.erase(0, 5);
  m = m.substr(0, m.find('\n'));
  for (std::string_view tail : {" (see details)"}) {
    if (m.ends_with(tail)) m.erase(m.size() - tail.size());
  }
  if (size_t p = m.find(" (this error: "); p != std::string::npos && m.ends_with(")")) m.erase(p);
  return Trim(m);
}

std::optional<std::string> UnresolvedImport(std::string_view m) {
  struct Prefix {
    std::string_view text;
    bool quoted;
  };
  static const Prefix kPrefixes[] = {
      {"could not import ", false},
      {"no required module provides package ", false},
      {"missing go.sum entry for module providing package ", false},
      {"cannot find package \"", true},
      {"package ", false},  // "package P is not in std (…)"
  };
  for (const auto& p : kPrefixes) {
    size_t at = m.find(p.text);
    if (at == std::string_view::npos) continue;
    std::string_view rest = m.substr(at + p.text.size());
    std::string path = PathUntil(rest);
    if (path.empty()) continue;
    if (p.text == "package " && rest.substr(path.size()).find(" is not in std") != 0) continue;
    return path;
  }
  return std::nullopt;
}

bool IsBuildSource(std::string_view s) { return s == "compiler" || s == "syntax" || s == "go list"; }

bool IsHygieneSource(std::string_view s) {
  return s == "go mod tidy" || s == "go.work file" || s == "upgrade available" || s == "vulncheck imports" ||
         s == "govulncheck";
}

std::string MatchKey(const core::Problem& p) {
  std::string text = p.message;
  auto import = UnresolvedImport(NormalizeMessage(text));
  std::string what = import ? "import " + *import : NormalizeMessage(text);
  return p.file + "\n" + std::to_string(p.line) + "\n" + what;
}

namespace {

bool ProblemLess(const core::Problem& a, const core::Problem& b) {
  if (a.file != b.file) return a.file < b.file;
  if (a.line != b.line) return a.line < b.line;
  if (a.column != b.column) return a.column < b.column;
  if (a.message != b.message) return a.message < b.message;
  return static_cast<int>(a.seen_by) < static_cast<int>(b.seen_by);
}

}  // namespace

std::vector<core::Problem> MergeProblems(std::vector<core::Problem> editor, std::vector<core::Problem> terminal) {
  std::vector<core::Problem> out;
  std::map<std::string, size_t> terminal_at;  // key -> index in `terminal` (first of equal ones)
  std::vector<bool> used(terminal.size(), false);
  for (size_t i = 0; i < terminal.size(); ++i) {
    auto [it, fresh] = terminal_at.emplace(MatchKey(terminal[i]), i);
    if (!fresh) used[i] = true;  // a duplicate (go build and go vet)
  }
  for (auto& e : editor) {
    e.seen_by = core::SeenBy::kEditor;
    auto t = terminal_at.find(MatchKey(e));
    if (t != terminal_at.end() && !used[t->second]) {
      used[t->second] = true;
      e.seen_by = core::SeenBy::kBoth;
      e.terminal_message = terminal[t->second].message;
      e.terminal_source = terminal[t->second].source;
    }
    out.push_back(std::move(e));
  }
  // gopls's "could not import P" and the go command's reason at the same import spec
  // ("module lookup disabled by GOPROXY=off", "missing go.sum entry …") are one problem.
  for (auto& e : out) {
    if (e.seen_by != core::SeenBy::kEditor || !UnresolvedImport(NormalizeMessage(e.message))) continue;
    for (size_t i = 0; i < terminal.size(); ++i) {
      const std::string m = NormalizeMessage(terminal[i].message);
      bool import_error = m.find("module") != std::string::npos || m.find("go.sum") != std::string::npos ||
                          m.find("package") != std::string::npos;
      if (used[i] || terminal[i].file != e.file || terminal[i].line != e.line || !import_error) continue;
      used[i] = true;
      e.seen_by = core::SeenBy::kBoth;
      e.terminal_message = terminal[i].message;
      e.terminal_source = terminal[i].source;
      break;
    }
  }
  for (size_t i = 0; i < terminal.size(); ++i) {
    if (used[i]) continue;
    terminal[i].seen_by = core::SeenBy::kTerminal;
    out.push_back(std::move(terminal[i]));
  }
  std::sort(out.begin(), out.end(), ProblemLess);
  return out;
}

}  // namespace godiag::probe

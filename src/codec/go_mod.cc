#include "codec/go_mod.h"

#include <algorithm>
#include <set>
#include <vector>

namespace godiag::codec {

namespace {

enum class FileKind { kMod, kWork };

struct Line {
  int number = 0;
  std::vector<std::string> tokens;
  std::string comment;  ///< text after "//", trimmed
};

// Splits one line into tokens (quoted "..." and `...` kept whole, unquoted) and its comment.
Line Tokenize(std::string_view text, int number) {
  Line line;
  line.number = number;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      std::string_view cm = text.substr(i + 2);
      while (!cm.empty() && (cm.front() == ' ' || cm.front() == '\t')) cm.remove_prefix(1);
      while (!cm.empty() && (cm.back() == ' ' || cm.back() == '\r')) cm.remove_suffix(1);
      line.comment = std::string(cm);
      break;
    } else if (c == '"' || c == '`') {
      size_t end = i + 1;
      while (end < text.size() && text[end] != c) end += (c == '"' && text[end] == '\\') ? 2 : 1;
      line.tokens.emplace_back(text.substr(i + 1, std::min(end, text.size()) - i - 1));
      i = end + 1;
    } else if (c == '(' || c == ')') {
      line.tokens.emplace_back(1, c);
      ++i;
    } else {
      size_t end = i;
      while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\r' && text[end] != '(' &&
             text[end] != ')' && !(text[end] == '/' && end + 1 < text.size() && text[end + 1] == '/'))
        ++end;
      line.tokens.emplace_back(text.substr(i, end - i));
      i = end;
    }
  }
  return line;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool IsNum(std::string_view s) { return AllDigits(s) && (s == "0" || s[0] != '0'); }

class Parser {
 public:
  Parser(std::string_view path, FileKind kind) : kind_(kind) { file_.path = std::string(path); }

  void Directive(const std::string& verb, const std::vector<std::string>& args, const Line& line) {
    auto error = [&](const std::string& msg) {
      file_.errors.push_back(file_.path + ":" + std::to_string(line.number) + ": " + msg);
    };
    static const std::set<std::string> kMod = {"module", "go", "toolchain", "require", "exclude", "replace",
                                               "retract", "godebug", "tool", "ignore"};
    static const std::set<std::string> kWork = {"go", "toolchain", "use", "replace", "godebug"};
    const auto& known = kind_ == FileKind::kMod ? kMod : kWork;
    if (!known.count(verb)) return error("unknown directive: " + verb);
    if (verb == "go") {
      if (file_.go) return error("repeated go statement");
      if (args.size() != 1) return error("go directive expects exactly one argument");
      if (!MatchesGoVersionRE(args[0])) return error("invalid go version '" + args[0] + "': must match format 1.23.0");
      file_.go = args[0];
      file_.go_line = line.number;
    } else if (verb == "toolchain") {
      if (file_.toolchain) return error("repeated toolchain statement");
      if (args.size() != 1) return error("toolchain directive expects exactly one argument");
      const std::string& a = args[0];
      if (!(a == "default" || a == "go1" || a.rfind("go1.", 0) == 0))
        return error("invalid toolchain version '" + a + "': must match format go1.23.0 or default");
      file_.toolchain = a;
      file_.toolchain_line = line.number;
    } else if (verb == "module") {
      if (!file_.module.empty()) return error("repeated module statement");
      if (args.size() != 1) return error("usage: module module/path");
      file_.module = args[0];
    } else if (verb == "require") {
      if (args.size() != 2) return error("usage: require module/path v1.2.3");
      bool indirect = line.comment == "indirect" || line.comment.rfind("indirect;", 0) == 0;
      file_.requires_.push_back({args[0], args[1], indirect, line.number});
    } else if (verb == "use") {
      if (args.size() != 1) return error("usage: use local/dir");
      file_.uses.push_back(args[0]);
    }
  }

  core::GoModFile Parse(std::string_view text) {
    int number = 0;
    std::string block;
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      std::string_view raw = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
      Line line = Tokenize(raw, ++number);
      if (!line.tokens.empty()) HandleLine(line, block);
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    if (!block.empty())
      file_.errors.push_back(file_.path + ":" + std::to_string(number) + ": unexpected EOF: missing ')'");
    return file_;
  }

 private:
  void HandleLine(Line& line, std::string& block) {
    auto& t = line.tokens;
    if (!block.empty()) {
      if (t.size() == 1 && t[0] == ")") {
        block.clear();
        return;
      }
      Directive(block, t, line);
      return;
    }
    std::string verb = t[0];
    std::vector<std::string> args(t.begin() + 1, t.end());
    if (args.size() == 1 && args[0] == "(") {
      block = verb;
      return;
    }
    Directive(verb, args, line);
  }

  FileKind kind_;
  core::GoModFile file_;
};

}  // namespace

bool MatchesGoVersionRE(std::string_view v) {
  // ^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$
  size_t dot = v.find('.');
  if (dot == std::string_view::npos || !AllDigits(v.substr(0, dot)) || v[0] == '0') return false;
  std::string_view rest = v.substr(dot + 1);
  size_t i = 0;
  while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
  if (!IsNum(rest.substr(0, i))) return false;
  rest.remove_prefix(i);
  if (!rest.empty() && rest[0] == '.') {
    rest.remove_prefix(1);
    i = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (!IsNum(rest.substr(0, i))) return false;
    rest.remove_prefix(i);
  }
  if (rest.empty()) return true;
  i = 0;
  while (i < rest.size() && rest[i] >= 'a' && rest[i] <= 'z') ++i;
  return i > 0 && AllDigits(rest.substr(i));
}

core::GoModFile ParseGoMod(std::string_view text, std::string_view path) {
  return Parser(path, FileKind::kMod).Parse(text);
}

core::GoModFile ParseGoWork(std::string_view text, std::string_view path) {
  return Parser(path, FileKind::kWork).Parse(text);
}

}  // namespace godiag::codec

#include "codec/go_patterns.h"

namespace godiag::codec {

namespace {

// Decodes one UTF-8 rune starting at s[i]; returns its length (1 for invalid bytes, as Go's
// utf8.DecodeRuneInString returns RuneError with width 1).
size_t RuneLen(std::string_view s, size_t i, uint32_t* rune) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
  if (c < 0x80) { *rune = c; return 1; }
  if (c >= 0xC2 && c < 0xE0 && cont(1)) { *rune = ((c & 0x1Fu) << 6) | b(1); return 2; }
  if (c >= 0xE0 && c < 0xF0 && cont(1) && cont(2)) {
    uint32_t r = ((c & 0x0Fu) << 12) | (b(1) << 6) | b(2);
    if (r >= 0x800 && (r < 0xD800 || r > 0xDFFF)) { *rune = r; return 3; }
  }
  if (c >= 0xF0 && c < 0xF5 && cont(1) && cont(2) && cont(3)) {
    uint32_t r = ((c & 0x07u) << 18) | (b(1) << 12) | (b(2) << 6) | b(3);
    if (r >= 0x10000 && r <= 0x10FFFF) { *rune = r; return 4; }
  }
  *rune = 0xFFFD;
  return 1;
}

// Go's scanChunk: skips leading stars, returns the chunk up to the next unbracketed star.
void ScanChunk(std::string_view& pattern, bool* star, std::string_view* chunk) {
  *star = false;
  while (!pattern.empty() && pattern[0] == '*') {
    pattern.remove_prefix(1);
    *star = true;
  }
  bool inrange = false;
  size_t i = 0;
  for (; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size()) ++i;
    } else if (c == '[') {
      inrange = true;
    } else if (c == ']') {
      inrange = false;
    } else if (c == '*' && !inrange) {
      break;
    }
  }
  *chunk = pattern.substr(0, i);
  pattern.remove_prefix(i);
}

// Go's getEsc: one (possibly escaped) rune of a class; false = ErrBadPattern.
bool GetEsc(std::string_view& chunk, uint32_t* r) {
  if (chunk.empty() || chunk[0] == '-' || chunk[0] == ']') return false;
  if (chunk[0] == '\\') {
    chunk.remove_prefix(1);
    if (chunk.empty()) return false;
  }
  size_t n = RuneLen(chunk, 0, r);
  if (*r == 0xFFFD && n == 1 && static_cast<unsigned char>(chunk[0]) >= 0x80) return false;
  chunk.remove_prefix(n);
  return !chunk.empty();
}

enum class ChunkResult { kMatch, kNoMatch, kBad };

// Go's matchChunk: on a match, *rest is what is left of s.
ChunkResult MatchChunk(std::string_view chunk, std::string_view s, std::string_view* rest) {
  bool failed = false;
  while (!chunk.empty()) {
    if (!failed && s.empty()) failed = true;
    char c = chunk[0];
    if (c == '[') {
      uint32_t r = 0;
      if (!failed) {
        size_t n = RuneLen(s, 0, &r);
        s.remove_prefix(n);
      }
      chunk.remove_prefix(1);
      bool negated = false;
      if (!chunk.empty() && chunk[0] == '^') {
        negated = true;
        chunk.remove_prefix(1);
      }
      bool match = false;
      int nrange = 0;
      while (true) {
        if (!chunk.empty() && chunk[0] == ']' && nrange > 0) {
          chunk.remove_prefix(1);
          break;
        }
        uint32_t lo = 0, hi = 0;
        if (!GetEsc(chunk, &lo)) return ChunkResult::kBad;
        hi = lo;
        if (chunk[0] == '-') {
          chunk.remove_prefix(1);
          if (!GetEsc(chunk, &hi)) return ChunkResult::kBad;
        }
        if (lo <= r && r <= hi) match = true;
        ++nrange;
      }
      if (match == negated) failed = true;
    } else if (c == '?') {
      if (!failed) {
        if (s[0] == '/') failed = true;
        uint32_t r = 0;
        s.remove_prefix(RuneLen(s, 0, &r));
      }
      chunk.remove_prefix(1);
    } else {
      if (c == '\\') {
        chunk.remove_prefix(1);
        if (chunk.empty()) return ChunkResult::kBad;
      }
      if (!failed) {
        if (chunk[0] != s[0]) failed = true;
        s.remove_prefix(1);
      }
      chunk.remove_prefix(1);
    }
  }
  if (failed) return ChunkResult::kNoMatch;
  *rest = s;
  return ChunkResult::kMatch;
}

}  // namespace

bool PathMatch(std::string_view pattern, std::string_view name, bool* bad_pattern) {
  *bad_pattern = false;
  while (!pattern.empty()) {
    bool star = false;
    std::string_view chunk;
    ScanChunk(pattern, &star, &chunk);
    if (star && chunk.empty()) return name.find('/') == std::string_view::npos;  // trailing *
    std::string_view rest;
    ChunkResult r = MatchChunk(chunk, name, &rest);
    if (r == ChunkResult::kMatch && (rest.empty() || !pattern.empty())) {
      name = rest;
      continue;
    }
    if (r == ChunkResult::kBad) {
      *bad_pattern = true;
      return false;
    }
    if (star) {
      bool matched = false;
      for (size_t i = 0; i < name.size() && name[i] != '/'; ++i) {
        r = MatchChunk(chunk, name.substr(i + 1), &rest);
        if (r == ChunkResult::kMatch) {
          if (pattern.empty() && !rest.empty()) continue;
          name = rest;
          matched = true;
          break;
        }
        if (r == ChunkResult::kBad) {
          *bad_pattern = true;
          return false;
        }
      }
      if (matched) continue;
    }
    // Before returning false, Go checks the rest of the pattern for syntax errors.
    while (!pattern.empty()) {
      ScanChunk(pattern, &star, &chunk);
      if (MatchChunk(chunk, "", &rest) == ChunkResult::kBad) {
        *bad_pattern = true;
        return false;
      }
    }
    return false;
  }
  return name.empty();
}

std::optional<std::string> MatchPrefixPatterns(std::string_view globs, std::string_view target) {
  while (!globs.empty()) {
    size_t comma = globs.find(',');
    std::string_view glob = globs.substr(0, comma);
    globs = comma == std::string_view::npos ? std::string_view() : globs.substr(comma + 1);
    std::string_view written = glob;
    if (!glob.empty() && glob.back() == '/') glob.remove_suffix(1);
    if (glob.empty()) continue;
    size_t n = 0;
    for (char c : glob) n += c == '/';
    std::string_view prefix = target;
    size_t pos = 0;
    for (; n > 0; --n) {
      size_t slash = prefix.find('/', pos);
      if (slash == std::string_view::npos) break;
      pos = slash + 1;
    }
    if (n > 0) continue;
    size_t cut = prefix.find('/', pos);
    if (cut != std::string_view::npos) prefix = prefix.substr(0, cut);
    bool bad = false;
    if (PathMatch(glob, prefix, &bad)) return std::string(written);
  }
  return std::nullopt;
}

namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// What real users write that is not a module path prefix (a module path never has a
// scheme, a user, a port, `...` or an upper-case host): the go command then silently
// matches nothing. Sets pat.why and pat.suggestion; false when the pattern is a path.
bool ExplainNotAPath(std::string_view glob, core::Pattern& pat) {
  std::string g(glob);
  std::vector<std::string> why;
  if (size_t scheme = g.find("://"); scheme != std::string::npos) {
    why.push_back("a URL scheme (\"" + g.substr(0, scheme + 3) + "\")");
    g.erase(0, scheme + 3);
  }
  size_t slash = g.find('/');
  std::string host = g.substr(0, slash), rest = slash == std::string::npos ? "" : g.substr(slash);
  if (size_t at = host.find('@'); at != std::string::npos) {
    why.push_back("a user name (\"" + host.substr(0, at + 1) + "\")");
    host.erase(0, at + 1);
  }
  if (size_t colon = host.find(':'); colon != std::string::npos) {
    std::string after = host.substr(colon + 1);
    bool port = !after.empty() && after.find_first_not_of("0123456789") == std::string::npos;
    why.push_back(port ? "a port (\":" + after + "\")" : "an scp-style git address (\"" + host.substr(colon) + "\")");
    if (!port && !after.empty()) rest = "/" + after + rest;
    host.erase(colon);
  }
  if (Lower(host) != host) {
    why.push_back("upper-case letters in the host name (module paths have a lower-case first element)");
    host = Lower(host);
  }
  if (rest.size() >= 4 && rest.compare(rest.size() - 4, 4, "/...") == 0) {
    why.push_back("Go's package-pattern wildcard \"/...\" (a prefix already matches everything below it)");
    rest.erase(rest.size() - 4);
  } else if (rest.size() >= 3 && rest.compare(rest.size() - 3, 3, "/**") == 0) {
    why.push_back("a \"/**\" wildcard (a prefix already matches everything below it)");
    rest.erase(rest.size() - 3);
  }
  if (why.empty()) return false;
  std::string joined;
  for (size_t i = 0; i < why.size(); ++i) joined += (i == 0 ? "" : i + 1 == why.size() ? " and " : ", ") + why[i];
  pat.problem = core::PatternProblem::kNotAModulePath;
  pat.why = joined;
  pat.suggestion = host.empty() ? "" : host + rest;
  return true;
}

}  // namespace

core::PatternList ParsePatternList(std::string_view value) {
  core::PatternList list;
  list.value = std::string(value);
  if (value.empty()) return list;
  size_t start = 0;
  while (true) {
    size_t comma = value.find(',', start);
    std::string_view p = value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    core::Pattern pat{std::string(p), core::PatternProblem::kNone};
    std::string_view glob = p;
    if (!glob.empty() && glob.back() == '/') glob.remove_suffix(1);
    bool bad = false;
    if (glob.empty()) {
      pat.problem = core::PatternProblem::kEmpty;
    } else if (glob.front() == ' ' || glob.front() == '\t' || glob.back() == ' ' || glob.back() == '\t') {
      pat.problem = core::PatternProblem::kLeadingOrTrailingSpace;
    } else {
      PathMatch(glob, "", &bad);
      if (bad) pat.problem = core::PatternProblem::kMalformedGlob;
      else ExplainNotAPath(glob, pat);
    }
    list.patterns.push_back(std::move(pat));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return list;
}

}  // namespace godiag::codec

#include "core/report.h"

#include <cctype>
#include <string_view>

namespace godiag::core {

Counts CountFindings(const std::vector<Finding>& findings) {
  Counts c;
  for (const auto& f : findings) {
    if (f.caused_by) continue;  // counted with its cause
    switch (f.severity) {
      case Severity::kError: ++c.errors; break;
      case Severity::kWarning: ++c.warnings; break;
      case Severity::kInfo: ++c.infos; break;
    }
  }
  return c;
}

namespace {

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '.' || c == '-';
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// End of the run of characters from `i` that are none of `stop`, '/', '@' and a space.
size_t RunEnd(std::string_view s, size_t i, bool stop_at_colon) {
  while (i < s.size() && s[i] != '/' && s[i] != '@' && !IsSpace(s[i]) && !(stop_at_colon && s[i] == ':')) ++i;
  return i;
}

// Replaces every leftmost `scheme://userinfo@` (scheme [A-Za-z][A-Za-z0-9+.-]*) where `match`
// accepts the userinfo starting at `u`: it returns the end of the match (after '@') and the
// replacement of the userinfo, or npos.
template <class Match>
std::string ReplaceUserinfo(std::string_view s, Match match) {
  std::string out;
  size_t copied = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (!std::isalpha(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && IsSchemeChar(s[j])) ++j;
    std::string replacement;
    size_t end = s.compare(j, 3, "://") == 0 ? match(s, j + 3, replacement) : std::string_view::npos;
    if (end == std::string_view::npos) {
      i = j;  // a later start inside this scheme run ends at the same place: it fails too
      continue;
    }
    out.append(s.substr(copied, j + 3 - copied)).append(replacement).push_back('@');
    copied = i = end;
  }
  return out.append(s.substr(copied));
}

}  // namespace

std::string RedactSecrets(const std::string& text) {
  // scheme://user:password@host -> scheme://user:xxxxx@host (go's url.Redacted form);
  // then scheme://token@host -> scheme://xxxxx@host. (Hand-written: std::regex took 7 % of a doctor run.)
  std::string out = ReplaceUserinfo(text, [](std::string_view s, size_t u, std::string& repl) {
    size_t colon = RunEnd(s, u, true);
    if (colon >= s.size() || s[colon] != ':') return std::string_view::npos;
    size_t at = RunEnd(s, colon + 1, false);
    if (at >= s.size() || s[at] != '@') return std::string_view::npos;
    repl = std::string(s.substr(u, colon - u)) + ":xxxxx";
    return at + 1;
  });
  return ReplaceUserinfo(out, [](std::string_view s, size_t u, std::string& repl) {
    size_t at = RunEnd(s, u, true);
    if (at == u || at >= s.size() || s[at] != '@') return std::string_view::npos;
    repl = "xxxxx";
    return at + 1;
  });
}

}  // namespace godiag::core

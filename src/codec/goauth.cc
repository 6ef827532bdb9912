#include "codec/goauth.h"

#include <algorithm>

#include "codec/go_strings.h"

namespace godiag::codec {

namespace {

std::vector<std::string_view> SplitSemicolons(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    size_t semi = s.find(';', start);
    out.push_back(s.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
    if (semi == std::string_view::npos) return out;
    start = semi + 1;
  }
}

GoAuthCommand MakeCommand(const std::vector<std::string_view>& words) {
  GoAuthCommand c;
  for (auto w : words) c.args.emplace_back(w);
  // strings.TrimSpace of the command is the span from its first word to its last.
  c.text = std::string(words.front().data(), words.back().data() + words.back().size());
  if (words[0] == "off") c.kind = GoAuthKind::kOff;
  else if (words[0] == "netrc") c.kind = GoAuthKind::kNetrc;
  else if (words[0] == "git") c.kind = GoAuthKind::kGit;
  else c.kind = GoAuthKind::kCustom;
  return c;
}

// runGoAuth's fatal checks of one command.
std::optional<std::string> CommandError(const GoAuthCommand& c, size_t count, const std::string& value) {
  if (c.kind == GoAuthKind::kOff && count != 1)
    return "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=" + value + ")";
  if (c.kind != GoAuthKind::kGit) return std::nullopt;
  const std::string base = "go: GOAUTH=git dir method requires an absolute path to the git working directory";
  if (c.args.size() != 2) return base;
  if (c.args[1].empty() || c.args[1][0] != '/') return base + ", dir is not absolute";
  return std::nullopt;
}

}  // namespace

GoAuthConfig ParseGoAuth(std::string_view goauth) {
  GoAuthConfig cfg;
  cfg.value = goauth.empty() ? "netrc" : std::string(goauth);
  auto parts = SplitSemicolons(cfg.value);
  // Go walks the list from the end; its first fatal error is the one printed.
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    auto words = GoFields(*it);
    if (words.empty()) {
      if (!cfg.error) cfg.error = "go: GOAUTH encountered an empty command (GOAUTH=" + cfg.value + ")";
      continue;
    }
    GoAuthCommand c = MakeCommand(words);
    if (auto err = CommandError(c, parts.size(), cfg.value)) {
      if (!cfg.error) cfg.error = err;
      continue;
    }
    cfg.commands.push_back(std::move(c));
  }
  std::reverse(cfg.commands.begin(), cfg.commands.end());
  return cfg;
}

}  // namespace godiag::codec

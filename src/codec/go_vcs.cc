#include "codec/go_vcs.h"

#include <map>

#include "codec/go_patterns.h"
#include "codec/go_text.h"

namespace godiag::codec {

namespace {

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool IsRelativePath(std::string_view p) {
  return p == "." || p == ".." || p.rfind("./", 0) == 0 || p.rfind("../", 0) == 0;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "|") + x;
  return s;
}

core::GovcsConfig Fail(core::GovcsConfig c, std::string err) {
  c.rules.clear();
  c.error = std::move(err);
  return c;
}

}  // namespace

core::GovcsConfig ParseGovcs(std::string_view value) {
  core::GovcsConfig c;
  c.value = std::string(value);
  std::string_view s = Trim(value);
  std::map<std::string, std::string> have;
  while (!s.empty()) {
    size_t comma = s.find(',');
    std::string_view item = Trim(s.substr(0, comma));
    s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    bool last = comma == std::string_view::npos;
    if (item.empty()) return Fail(c, "empty entry in GOVCS");
    size_t colon = item.find(':');
    if (colon == std::string_view::npos) return Fail(c, "malformed entry in GOVCS (missing colon): " + GoQuote(item));
    std::string pattern(Trim(item.substr(0, colon)));
    std::string_view list = Trim(item.substr(colon + 1));
    if (pattern.empty()) return Fail(c, "empty pattern in GOVCS: " + GoQuote(item));
    if (list.empty()) return Fail(c, "empty VCS list in GOVCS: " + GoQuote(item));
    if (IsRelativePath(pattern)) return Fail(c, "relative pattern not allowed in GOVCS: " + GoQuote(pattern));
    if (auto it = have.find(pattern); it != have.end())
      return Fail(c, "unreachable pattern in GOVCS: " + GoQuote(item) + " after " + GoQuote(it->second));
    have[pattern] = std::string(item);
    core::GovcsRule rule{pattern, {}, false};
    while (true) {
      size_t bar = list.find('|');
      std::string_view a = Trim(list.substr(0, bar));
      if (a.empty()) return Fail(c, "empty VCS name in GOVCS: " + GoQuote(item));
      rule.vcs.emplace_back(a);
      if (bar == std::string_view::npos) break;
      list = list.substr(bar + 1);
    }
    c.rules.push_back(std::move(rule));
    if (last) break;
    if (s.empty()) return Fail(c, "empty entry in GOVCS");  // trailing comma
  }
  c.rules.push_back({"private", {"all"}, true});
  c.rules.push_back({"public", {"git", "hg"}, true});
  return c;
}

GovcsDecision DecideGovcs(const core::GovcsConfig& cfg, std::string_view goprivate, std::string_view repo_root,
                          std::string_view vcs) {
  GovcsDecision d;
  bool priv = MatchPrefixPatterns(goprivate, repo_root).has_value();
  for (const auto& r : cfg.rules) {
    bool match = r.pattern == "private" ? priv
                 : r.pattern == "public" ? !priv
                                         : MatchPrefixPatterns(r.pattern, repo_root).has_value();
    if (!match) continue;
    d.rule = r.pattern + ":" + Join(r.vcs);
    for (const auto& v : r.vcs) d.allowed = d.allowed || v == vcs || v == "all";
    break;
  }
  if (!d.allowed)
    d.error = "GOVCS disallows using " + std::string(vcs) + " for " + (priv ? "private " : "public ") +
              std::string(repo_root) + "; see 'go help vcs'";
  return d;
}

}  // namespace godiag::codec

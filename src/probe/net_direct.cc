#include "probe/net_direct.h"

#include <algorithm>

#include "codec/go_proxy.h"
#include "codec/go_strings.h"
#include "probe/go_net_text.h"

namespace godiag::probe {

namespace {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

std::string Attr(std::string_view tag, std::string_view name) {
  std::string key = std::string(name) + "=";
  size_t p = tag.find(key);
  if (p == std::string_view::npos || p + key.size() >= tag.size()) return "";
  char q = tag[p + key.size()];
  if (q != '"' && q != '\'') return "";
  size_t end = tag.find(q, p + key.size() + 1);
  if (end == std::string_view::npos) return "";
  return std::string(tag.substr(p + key.size() + 1, end - p - key.size() - 1));
}

}  // namespace

std::pair<std::string, std::string> KnownRepo(const std::string& module) {
  auto parts = Split(module, '/');
  if (parts.size() < 3) return {"", ""};
  if (parts[0] == "github.com" || parts[0] == "bitbucket.org")
    return {"git", "https://" + parts[0] + "/" + parts[1] + "/" + parts[2]};
  return {"", ""};
}

std::optional<std::vector<std::string>> FindGoImport(std::string_view html, const std::string& module) {
  size_t pos = 0;
  while ((pos = html.find("<meta", pos)) != std::string_view::npos) {
    size_t end = html.find('>', pos);
    std::string_view tag = html.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? html.size() : end;
    if (Attr(tag, "name") != "go-import") continue;
    std::string content = Attr(tag, "content");
    auto fields = codec::GoFields(content);  // the go command splits it with strings.Fields
    if (fields.size() != 3) continue;
    std::vector<std::string> f(fields.begin(), fields.end());
    if (module == f[0] || module.starts_with(f[0] + "/")) return f;
  }
  return std::nullopt;
}

std::string DirectProbeUrl(const std::string& module) {
  auto [vcs, repo] = KnownRepo(module);
  if (vcs == "git") return repo + "/info/refs?service=git-upload-pack";
  return "https://" + module + "?go-get=1";
}

core::DirectCheck ReadDirect(const std::string& module, const std::string& url, const platform::HttpResponse& r,
                             const std::map<std::string, std::string>& tool_paths, bool insecure) {
  core::DirectCheck d;
  d.module = module;
  d.url = codec::RedactUrl(url);
  auto [vcs, repo] = KnownRepo(module);
  if (r.error != platform::NetError::kNone) {
    std::string err = GoTransportError(d.url, UrlHost(url), r);
    d.error = vcs.empty() ? "unrecognized import path \"" + module + "\": " + (insecure ? "http/" : "") + "https fetch: " + err
                          : err;
  } else if (!vcs.empty()) {
    d.vcs = vcs;
    d.repo = repo;
    d.reachable = r.status == 200;
    if (r.status == 401 || r.status == 403 || r.status == 404)
      d.error = "git ls-remote " + repo + ": " + GoStatus(r.status, r.reason) +
                " (the repository is private or missing; git then fails with \"terminal prompts disabled\")";
    else if (r.status != 200)
      d.error = "git ls-remote " + repo + ": " + GoStatus(r.status, r.reason);
  } else if (auto tag = FindGoImport(r.body, module)) {
    d.vcs = (*tag)[1];
    d.repo = (*tag)[2];
    d.reachable = true;
  } else {
    d.error = "unrecognized import path \"" + module + "\": " +
              (r.status == 200 ? "parse " + d.url + ": no go-import meta tags ()"
                               : "reading " + d.url + ": " + GoStatus(r.status, r.reason));
  }
  if (!d.vcs.empty() && d.vcs != "mod") {
    auto it = tool_paths.find(d.vcs);
    if (it != tool_paths.end()) d.tool_path = it->second;
  }
  return d;
}

SourceOutcome DirectOutcome(const core::DirectCheck& d, const core::Route& route) {
  if (d.error) return {SourceOutcome::Kind::kError, *d.error};
  const auto& allowed = route.govcs_allowed;
  if (!d.vcs.empty() && d.vcs != "mod" && !allowed.empty() &&
      std::find(allowed.begin(), allowed.end(), d.vcs) == allowed.end() &&
      std::find(allowed.begin(), allowed.end(), "all") == allowed.end())
    return {SourceOutcome::Kind::kError, "GOVCS disallows using " + d.vcs + " for " +
                                             std::string(route.govcs_rule && route.govcs_rule->starts_with("private")
                                                             ? "private "
                                                             : "public ") +
                                             route.module + "; see 'go help vcs'"};
  if (d.vcs == "git" && d.tool_path.empty())
    return {SourceOutcome::Kind::kError, "missing Git command. See https://golang.org/s/gogetcmd"};
  return {SourceOutcome::Kind::kOk, ""};
}

}  // namespace godiag::probe

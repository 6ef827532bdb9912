#include "probe/net_endpoints.h"

#include <cctype>

#include "codec/go_revinfo.h"
#include "codec/go_proxy.h"
#include "codec/gosum.h"
#include "probe/go_net_text.h"

namespace godiag::probe {

namespace {

std::string Header(const platform::HttpResponse& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

std::string Origin(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t end = url.find_first_of("/?#", scheme + 3);
  std::string origin = url.substr(0, end);
  if (size_t at = origin.find('@', scheme + 3); at != std::string::npos) origin = origin.substr(0, scheme + 3) + origin.substr(at + 1);
  return origin;
}

bool IsNumber(std::string_view s, bool leading_zero_ok) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
  return leading_zero_ok || s.size() == 1 || s[0] != '0';
}

// module.CanonicalVersion(v) == v: vMAJOR.MINOR.PATCH[-prerelease][+incompatible].
bool IsCanonicalVersion(std::string_view v) {
  if (!v.starts_with("v")) return false;
  v.remove_prefix(1);
  if (v.ends_with("+incompatible")) v.remove_suffix(13);
  size_t dash = v.find('-');
  std::string_view core = v.substr(0, dash);
  for (int i = 0; i < 3; ++i) {
    size_t dot = core.find('.');
    if ((i < 2) == (dot == std::string_view::npos) || !IsNumber(core.substr(0, dot), false)) return false;
    core = i < 2 ? core.substr(dot + 1) : std::string_view();
  }
  if (dash == std::string_view::npos) return true;
  std::string_view pre = v.substr(dash + 1);
  while (true) {
    size_t dot = pre.find('.');
    std::string_view id = pre.substr(0, dot);
    bool alnum = !id.empty() && id.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") ==
                                    std::string_view::npos;
    if (!alnum || (id.find_first_not_of("0123456789") == std::string_view::npos && !IsNumber(id, false))) return false;
    if (dot == std::string_view::npos) return true;
    pre = pre.substr(dot + 1);
  }
}

// Content checks the go command would trip over, or that betray a portal/login page.
// `json_error`: what the go command's json.Unmarshal says of an .info / @latest body.
std::optional<std::string> ContentProblem(const std::string& what, const platform::HttpResponse& r,
                                          const std::string& json_error) {
  std::string ct = Header(r, "content-type");
  if (r.status == 200 && LooksLikeHtml(ct, r.body))
    return "an HTML page with status 200 (a login portal or captive proxy?) where the GOPROXY protocol needs " +
           std::string(what == "zip" ? "a zip file" : what == "info" || what == "latest" ? "JSON" : "plain text");
  if (r.status == 200 && !json_error.empty()) return "not JSON: " + json_error;
  if ((r.status == 401 || r.status == 403 || r.status == 407) && what != "supported")
    return std::to_string(r.status) + " where the go command needs 404 or 410 to try the next GOPROXY entry";
  return std::nullopt;
}

// The whole resource's size: a 200's body, or a 206's Content-Range total ("bytes 0-1023/12345").
int64_t TotalBytes(const platform::HttpResponse& r) {
  if (r.status == 200) return r.body_bytes;
  std::string range = Header(r, "content-range");
  size_t slash = range.rfind('/');
  if (r.status != 206 || slash == std::string::npos) return -1;
  std::string total = range.substr(slash + 1);
  bool number = !total.empty() && total.size() < 19 && total.find_first_not_of("0123456789") == std::string::npos;
  return number ? std::stoll(total) : -1;
}

}  // namespace

core::EndpointCheck ClassifyEndpoint(const std::string& what, const std::string& module, const std::string& url,
                                     const std::string& base, const platform::HttpResponse& r) {
  core::EndpointCheck e;
  e.what = what;
  e.module = module;
  e.url = codec::RedactUrl(url);
  e.ms = r.total_ms;
  e.bytes = r.body_bytes;
  e.status = r.status;
  e.content_type = Header(r, "content-type");
  if (r.error != platform::NetError::kNone) {
    e.failure = platform::NetErrorName(r.error);
    e.go_error = GoTransportError(e.url, UrlHost(url), r);
    if (r.error == platform::NetError::kInsecureRedirect) e.problem = "redirects from https to http, which the go command refuses";
    return e;
  }
  e.status_text = GoStatus(r.status, r.reason);
  e.not_found = r.status == 404 || r.status == 410;
  bool ok = r.status == 200 || (r.status == 206 && what == "zip");
  std::string version;  // what the .info says
  std::string json_error = what == "info" || what == "latest" ? codec::GoRevInfoError(r.body, &version) : "";
  e.problem = ContentProblem(what, r, json_error);
  bool whole = r.body_bytes == static_cast<int64_t>(r.body.size());  // not cut at max_body
  if (what == "mod" && r.status == 200 && whole) e.go_mod_hash = codec::GoModHash(r.body);
  e.total_bytes = TotalBytes(r);
  if (!ok) {
    e.go_error = GoHttpError(e.url, r.status, r.reason, e.content_type, r.body);
  } else if (!json_error.empty()) {
    e.go_error = "invalid response from proxy \"" + codec::RedactUrl(base) + "\": " + json_error;
  } else if (std::string rev = module.substr(module.rfind('@') + 1);
             what == "info" && version != rev && IsCanonicalVersion(rev)) {
    // proxyRepo.Stat: asked for a canonical version, the proxy must answer exactly that one.
    e.go_error = "proxy returned info for version " + version + " instead of requested version";
    e.problem = "not JSON for the version asked: it names " + (version.empty() ? "no version" : version) +
                " for a request of " + rev;
  }
  return e;
}

core::HostCheck HostFromResponse(const std::string& url, const platform::HttpResponse& r) {
  core::HostCheck h;
  h.origin = Origin(url);
  h.ok = r.error == platform::NetError::kNone;
  h.remote_ip = r.remote_ip;
  h.dns_ms = r.dns_ms;
  h.connect_ms = r.connect_ms;
  h.tls_ms = r.tls_ms;
  h.via_proxy = r.used_proxy;
  if (!h.ok) {
    h.failure = platform::NetErrorName(r.error);
    h.go_error = GoTransportError(codec::RedactUrl(url), UrlHost(url), r);
    h.detail = r.error_text + (r.tls_verify_text.empty() ? "" : " (" + r.tls_verify_text + ")");
  }
  for (const auto& c : r.chain) h.chain.push_back({c.subject, c.issuer, c.not_before, c.not_after, c.alt_names});
  return h;
}

SourceOutcome OutcomeOf(const std::vector<const core::EndpointCheck*>& endpoints) {
  for (const auto* e : endpoints) {
    if (e->go_error.empty()) continue;
    if (e->not_found) return {SourceOutcome::Kind::kNotFound, e->go_error};
    return {SourceOutcome::Kind::kError, e->go_error};
  }
  return {SourceOutcome::Kind::kOk, ""};
}

}  // namespace godiag::probe

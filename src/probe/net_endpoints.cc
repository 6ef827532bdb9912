#include "probe/net_endpoints.h"

#include <cctype>

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

// Content checks the go command would trip over, or that betray a portal/login page.
std::optional<std::string> ContentProblem(const std::string& what, const platform::HttpResponse& r) {
  std::string ct = Header(r, "content-type");
  if (r.status == 200 && LooksLikeHtml(ct, r.body))
    return "an HTML page with status 200 (a login portal or captive proxy?) where the GOPROXY protocol needs " +
           std::string(what == "zip" ? "a zip file" : what == "info" || what == "latest" ? "JSON" : "plain text");
  if ((what == "info" || what == "latest") && r.status == 200) {
    std::string err = GoJsonStartError(r.body);
    if (!err.empty()) return "not JSON: " + err;
  }
  if ((r.status == 401 || r.status == 403 || r.status == 407) && what != "supported")
    return std::to_string(r.status) + " where the go command needs 404 or 410 to try the next GOPROXY entry";
  return std::nullopt;
}

}  // namespace

std::string GoJsonStartError(std::string_view body) {
  size_t i = 0;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) ++i;
  if (i == body.size()) return "unexpected end of JSON input";
  char c = body[i];
  if (c == '{' || c == '[' || c == '"' || c == '-' || std::isdigit(static_cast<unsigned char>(c)) || c == 't' ||
      c == 'f' || c == 'n')
    return "";
  std::string shown = c == '\'' ? "'\\''" : std::string("'") + c + "'";
  return "invalid character " + shown + " looking for beginning of value";
}

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
  e.problem = ContentProblem(what, r);
  bool ok = r.status == 200 || (r.status == 206 && what == "zip");
  std::string json_error = what == "info" || what == "latest" ? GoJsonStartError(r.body) : "";
  bool whole = r.body_bytes == static_cast<int64_t>(r.body.size());  // not cut at max_body
  if (what == "mod" && r.status == 200 && whole) e.go_mod_hash = codec::GoModHash(r.body);
  if (!ok) e.go_error = GoHttpError(e.url, r.status, r.reason, e.content_type, r.body);
  else if (!json_error.empty()) e.go_error = "invalid response from proxy \"" + codec::RedactUrl(base) + "\": " + json_error;
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

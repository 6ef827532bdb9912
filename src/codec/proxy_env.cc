#include "codec/proxy_env.h"

#include <vector>

#include "codec/go_idna.h"
#include "codec/go_netaddr.h"
#include "codec/go_proxy.h"
#include "codec/go_strings.h"
#include "codec/go_text.h"
#include "codec/go_url.h"

namespace godiag::codec {

namespace {

using Err = std::optional<std::string>;  // Go's error text; nullopt = success
constexpr auto npos = std::string_view::npos;

struct ProxyValue {
  std::optional<GoUrl> url;  ///< nullopt: no value, or one Go drops
  bool http_added = false;
  Err error;
};

// parseProxy: url.Parse, else "http://" + value; the first parse's error when both fail.
ProxyValue ParseProxyValue(std::string_view v) {
  ProxyValue out;
  if (v.empty()) return out;
  GoUrl u;
  Err err = ParseGoUrl(v, &u);
  if (err || u.scheme.empty() || u.host.empty()) {
    GoUrl with_http;
    if (!ParseGoUrl("http://" + std::string(v), &with_http)) {
      out.url = std::move(with_http);
      out.http_added = true;
      return out;
    }
  }
  if (err) {
    out.error = "invalid proxy address " + GoQuote(RedactUrl(v)) + ": " + *err;
    return out;
  }
  out.url = std::move(u);
  return out;
}

struct NoProxyRule {
  enum Kind { kAll, kCidr, kIp, kDomain } kind = kAll;
  std::string entry;  ///< trimmed and lowercased, as Go compares it
  Cidr cidr;
  Ip ip;
  std::string host, port;
  bool match_host = false;
};

// One non-"*" entry of NO_PROXY; nullopt when Go ignores it.
std::optional<NoProxyRule> ParseNoProxyEntry(const std::string& p) {
  NoProxyRule rule;
  rule.entry = p;
  if (ParseCidr(p, &rule.cidr)) {
    rule.kind = NoProxyRule::kCidr;
    return rule;
  }
  std::string phost, pport;
  if (SplitHostPort(p, &phost, &pport)) {
    if (phost.empty()) return std::nullopt;
    if (phost.size() >= 2 && phost.front() == '[' && phost.back() == ']') phost = phost.substr(1, phost.size() - 2);
  } else {
    phost = p;
    pport.clear();
  }
  rule.port = pport;
  NetAddr a;
  if (!ParseAddr(phost, &a) && a.zone.empty()) {
    rule.ip = As16(a);
    rule.kind = NoProxyRule::kIp;
    return rule;
  }
  if (phost.empty()) return std::nullopt;
  if (phost.starts_with("*.")) phost.erase(0, 1);
  rule.match_host = phost[0] != '.';
  if (rule.match_host) phost = "." + phost;
  rule.host = IdnaAscii(phost);
  rule.kind = NoProxyRule::kDomain;
  return rule;
}

// config.init's NO_PROXY part: IP rules and domain rules, each in list order.
std::vector<NoProxyRule> ParseNoProxy(std::string_view value) {
  std::vector<NoProxyRule> ip_rules, domain_rules;
  for (size_t start = 0; start <= value.size();) {
    size_t comma = value.find(',', start);
    std::string p = GoLower(GoTrimSpace(value.substr(start, comma == npos ? npos : comma - start)));
    start = comma == npos ? value.size() + 1 : comma + 1;
    if (p.empty()) continue;
    if (p == "*") return {NoProxyRule{}};
    if (auto rule = ParseNoProxyEntry(p))
      (rule->kind == NoProxyRule::kDomain ? domain_rules : ip_rules).push_back(std::move(*rule));
  }
  ip_rules.insert(ip_rules.end(), domain_rules.begin(), domain_rules.end());
  return ip_rules;
}

bool RuleMatches(const NoProxyRule& r, const std::string& host, const std::string& port, const Ip& ip) {
  switch (r.kind) {
    case NoProxyRule::kAll: return true;
    case NoProxyRule::kCidr: return !ip.empty() && CidrContains(r.cidr, ip);
    case NoProxyRule::kIp: return !ip.empty() && IpEqual(r.ip, ip) && (r.port.empty() || r.port == port);
    case NoProxyRule::kDomain:
      if (!ip.empty()) return false;
      if (!host.ends_with(r.host) && !(r.match_host && host == r.host.substr(1))) return false;
      return r.port.empty() || r.port == port;
  }
  return false;
}

// useProxy: why the address goes direct, or nullopt when the proxy is used.
std::optional<std::string> DirectReason(const std::string& addr, std::string_view no_proxy,
                                        const std::string& no_from) {
  std::string host, port;
  if (!SplitHostPort(addr, &host, &port)) return "request address " + addr + " does not split into host and port";
  if (host == "localhost") return "localhost is never proxied";
  NetAddr a;
  Ip ip;
  if (!ParseAddr(host, &a)) {
    ip = AsSlice(a);
    if (IsLoopback(ip)) return "loopback address " + host + " is never proxied";
  }
  std::string lower = GoLower(GoTrimSpace(host));
  for (const auto& rule : ParseNoProxy(no_proxy)) {
    if (!RuleMatches(rule, lower, port, ip)) continue;
    if (rule.kind == NoProxyRule::kAll) return no_from + " entry * matches every host";
    return no_from + " entry " + rule.entry + " matches";
  }
  return std::nullopt;
}

// canonicalAddr: IDNA host and the port, the scheme's default port when absent.
std::string CanonicalAddr(const GoUrl& u) {
  std::string host, port;
  UrlHostPort(u.host, &host, &port);
  if (port.empty()) port = u.scheme == "https" ? "443" : "80";  // only http and https requests get here
  return JoinHostPort(IdnaAscii(host), port);
}

std::string UseReason(const std::string& from, const ProxyValue& v) {
  std::string reason = from;
  if (v.http_added) reason += " (no scheme: http:// assumed)";
  const std::string& s = v.url->scheme;
  if (s != "http" && s != "https" && s != "socks5" && s != "socks5h")
    reason += "; net/http cannot use proxy scheme \"" + s + "\"";
  return reason;
}

}  // namespace

ProxyEnv ReadProxyEnv(const std::map<std::string, std::string>& env) {
  ProxyEnv e;
  auto pick = [&env](std::initializer_list<const char*> names, std::string* value, std::string* from) {
    for (const char* n : names) {
      auto it = env.find(n);
      if (it == env.end() || it->second.empty()) continue;
      *value = it->second;
      *from = n;
      return;
    }
  };
  pick({"HTTP_PROXY", "http_proxy"}, &e.http_proxy, &e.http_from);
  pick({"HTTPS_PROXY", "https_proxy"}, &e.https_proxy, &e.https_from);
  pick({"NO_PROXY", "no_proxy"}, &e.no_proxy, &e.no_from);
  auto rm = env.find("REQUEST_METHOD");
  e.cgi = rm != env.end() && !rm->second.empty();
  return e;
}

ProxyChoice ChooseProxy(const ProxyEnv& e, std::string_view request_url) {
  ProxyChoice c;
  GoUrl req;
  if (auto err = ParseGoUrl(request_url, &req)) {
    c.reason = "request URL does not parse: " + *err;
    return c;
  }
  bool https = req.scheme == "https";
  if (!https && req.scheme != "http") {
    c.reason = "no proxy variable applies to \"" + req.scheme + "\" requests";
    return c;
  }
  const std::string& value = https ? e.https_proxy : e.http_proxy;
  const std::string& from = https ? e.https_from : e.http_from;
  ProxyValue v = ParseProxyValue(value);
  if (!v.url) {
    c.unusable = v.error;
    c.reason = v.error ? from + " does not parse, so Go ignores it and connects directly"
                       : https ? "neither HTTPS_PROXY nor https_proxy is set" : "neither HTTP_PROXY nor http_proxy is set";
    return c;
  }
  if (!https && e.cgi) {
    c.error = "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy";
    c.reason = "REQUEST_METHOD is set (CGI), so " + from + " is refused";
    return c;
  }
  if (auto direct = DirectReason(CanonicalAddr(req), e.no_proxy, e.no_from.empty() ? "NO_PROXY" : e.no_from)) {
    c.reason = *direct;
    return c;
  }
  c.proxy_url = UrlString(*v.url);
  c.reason = UseReason(from, v);
  return c;
}

}  // namespace godiag::codec

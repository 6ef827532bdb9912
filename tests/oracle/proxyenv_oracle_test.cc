// codec::ChooseProxy against Go 1.26's net/http proxy choice (tests/oracle/go/proxyenv.go:
// golang.org/x/net/http/httpproxy filled from the environment as net/http does).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "codec/go_proxy.h"
#include "codec/go_text.h"
#include "codec/proxy_env.h"
#include "oracle_client.h"

namespace godiag::oracle {
namespace {

using nlohmann::json;
using Env = std::map<std::string, std::string>;

struct Case {
  Env env;
  std::string url;
};

// The oracle quotes values with their passwords; godiag redacts them.
std::string RedactQuoted(std::string text, const std::string& raw) {
  for (const std::string& x : {raw, raw.substr(0, raw.find('#'))}) {
    std::string from = codec::GoQuote(x), to = codec::GoQuote(codec::RedactUrl(x));
    for (size_t at = text.find(from); from != to && at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
}

json Questions(const std::vector<Case>& cases) {
  json questions = json::array();
  for (const auto& c : cases) questions.push_back({{"kind", "proxyenv"}, {"env", c.env}, {"url", c.url}});
  return questions;
}

// How many answers of each sort a run saw, so that generated runs cannot go degenerate.
struct Tally {
  size_t agreed = 0, proxied = 0, no_proxy = 0, unusable = 0, cgi = 0, bad_url = 0;
};

// Compares every case with the oracle's answer.
Tally CompareAll(const std::vector<Case>& cases, const std::vector<json>& answers) {
  Tally t;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const json& a = answers[i];
    auto e = codec::ReadProxyEnv(c.env);
    auto ours = codec::ChooseProxy(e, c.url);
    std::string where = json(c.env).dump() + " " + c.url + " -> " + ours.reason;
    std::string url_error = a["url_error"];
    std::string scheme = a["scheme"];
    std::string expect_unusable;
    if (scheme == "https") expect_unusable = RedactQuoted(a["https_invalid"], e.https_proxy);
    if (scheme == "http") expect_unusable = RedactQuoted(a["http_invalid"], e.http_proxy);
    bool ok = true;
    ok &= ours.proxy_url == a["proxy"].get<std::string>();
    ok &= ours.error.value_or("") == a["error"].get<std::string>();
    ok &= ours.unusable.value_or("") == expect_unusable;
    if (!url_error.empty()) ok &= ours.reason == "request URL does not parse: " + RedactQuoted(url_error, c.url);
    EXPECT_TRUE(ok) << where << "\n  oracle: " << a.dump() << "\n  ours: proxy=" << ours.proxy_url
                    << " error=" << ours.error.value_or("") << " unusable=" << ours.unusable.value_or("");
    t.agreed += ok ? 1 : 0;
    t.proxied += a["proxy"] != "" ? 1 : 0;
    t.no_proxy += ours.reason.find("_proxy entry") != std::string::npos ||
                  ours.reason.find("_PROXY entry") != std::string::npos;
    t.unusable += expect_unusable.empty() ? 0 : 1;
    t.cgi += a["error"] != "" ? 1 : 0;
    t.bad_url += url_error.empty() ? 0 : 1;
  }
  return t;
}

std::vector<Case> CuratedCases() {
  const Env p = {{"HTTP_PROXY", "http://p80:3128"}, {"HTTPS_PROXY", "http://p443:3128"}};
  auto with = [&p](Env extra) {
    Env env = p;
    for (auto& [k, v] : extra) env[k] = v;
    return env;
  };
  return {
      // Variable choice and precedence.
      {p, "https://mod.example/x"},
      {p, "http://mod.example/x"},
      {p, "ftp://mod.example/x"},
      {{{"HTTPS_PROXY", "http://upper"}, {"https_proxy", "http://lower"}}, "https://h/"},
      {{{"HTTPS_PROXY", ""}, {"https_proxy", "http://lower"}}, "https://h/"},
      {{{"http_proxy", "http://lower"}}, "http://h/"},
      {{{"HTTP_PROXY", "http://only-http"}}, "https://h/"},
      {{{"NO_PROXY", ""}, {"no_proxy", "h"}, {"HTTPS_PROXY", "http://p"}}, "https://h/"},
      {{{"NO_PROXY", "x"}, {"no_proxy", "h"}, {"HTTPS_PROXY", "http://p"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://p"}}, "HTTPS://H/"},
      // Proxy values.
      {{{"HTTPS_PROXY", "proxy.corp:3128"}}, "https://h/"},
      {{{"HTTPS_PROXY", "proxy.corp"}}, "https://h/"},
      {{{"HTTPS_PROXY", "10.1.2.3:8080"}}, "https://h/"},
      {{{"HTTPS_PROXY", "[2001:db8::1]:8080"}}, "https://h/"},
      {{{"HTTPS_PROXY", "socks5://s:1080"}}, "https://h/"},
      {{{"HTTPS_PROXY", "socks5h://s"}}, "https://h/"},
      {{{"HTTPS_PROXY", "https://secure.proxy"}}, "https://h/"},
      {{{"HTTPS_PROXY", "HTTP://Proxy.Corp:80/"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://user:pa ss@p"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://user:p@ss@p:1"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://u%41:x%2Fy@p"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://p/%41%2f?q#f%20"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://u:secret@h%zz"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://a:1:2"}}, "https://h/"},
      {{{"HTTPS_PROXY", "ftp://p"}}, "https://h/"},
      {{{"HTTPS_PROXY", "foo:bar"}}, "https://h/"},
      {{{"HTTPS_PROXY", "/just/a/path"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://[::1"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://[10.0.0.1]"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://[fe80::1%25eth0]:3128"}}, "https://h/"},
      {{{"HTTPS_PROXY", ":3128"}}, "https://h/"},
      {{{"HTTPS_PROXY", "http://p\t"}}, "https://h/"},
      {{{"HTTPS_PROXY", "bücher.example:1"}}, "https://h/"},
      {{{"HTTPS_PROXY", "*"}}, "https://h/"},
      // localhost and loopback.
      {p, "http://localhost:8080/"},
      {p, "https://LOCALHOST/"},
      {p, "https://127.3.4.5/"},
      {p, "https://[::1]:443/"},
      {p, "https://[::ffff:127.0.0.1]/"},
      {p, "https://localhost.corp/"},
      {p, "https://0.0.0.0/"},
      // NO_PROXY domain rules.
      {with({{"NO_PROXY", "corp.example"}}), "https://corp.example/"},
      {with({{"NO_PROXY", "corp.example"}}), "https://a.b.corp.example/"},
      {with({{"NO_PROXY", "corp.example"}}), "https://xcorp.example/"},
      {with({{"NO_PROXY", ".corp.example"}}), "https://corp.example/"},
      {with({{"NO_PROXY", ".corp.example"}}), "https://git.corp.example/"},
      {with({{"NO_PROXY", "*.corp.example"}}), "https://corp.example/"},
      {with({{"NO_PROXY", "*.corp.example"}}), "https://git.corp.example/"},
      {with({{"NO_PROXY", " a.example , Corp.Example "}}), "https://GIT.corp.EXAMPLE/"},
      {with({{"NO_PROXY", "corp.example:443"}}), "https://git.corp.example/"},
      {with({{"NO_PROXY", "corp.example:8443"}}), "https://git.corp.example/"},
      {with({{"NO_PROXY", "corp.example:8443"}}), "https://git.corp.example:8443/"},
      {with({{"NO_PROXY", "*corp.example"}}), "https://git.corp.example/"},
      {with({{"NO_PROXY", "x.example,*"}}), "https://anything/"},
      {with({{"NO_PROXY", "*"}}), "http://anything/"},
      {with({{"NO_PROXY", ",,  ,"}}), "https://anything/"},
      {with({{"NO_PROXY", ":443"}}), "https://anything/"},
      {with({{"NO_PROXY", "corp.example."}}), "https://corp.example/"},
      {with({{"no_proxy", "xn--bcher-kva.example"}}), "https://bücher.example/"},
      {with({{"no_proxy", ".例え.テスト"}}), "https://a.xn--r8jz45g.xn--zckzah/"},
      {with({{"no_proxy", "bücher.example"}}), "https://BÜCHER.example/"},
      {with({{"no_proxy", "BÜCHER.example"}}), "https://bücher.example/"},
      {with({{"no_proxy", "BÜCHER.example"}}), "https://BÜCHER.example/"},
      {with({{"no_proxy", "bücher.example"}}), "https://x.Bücher.example/"},
      {with({{"no_proxy", ".xn--bcher-kva.example"}}), "https://x.Bücher.example/"},
      {with({{"no_proxy", "é.corp"}}), "https://É.corp/"},
      {with({{"no_proxy", "a_b.bücher"}}), "https://a_b.bücher/"},
      // NO_PROXY address rules.
      {with({{"NO_PROXY", "10.0.0.0/8"}}), "https://10.20.30.40/"},
      {with({{"NO_PROXY", "10.0.0.0/8"}}), "https://11.0.0.1/"},
      {with({{"NO_PROXY", "10.1.2.3"}}), "https://10.1.2.3:8443/"},
      {with({{"NO_PROXY", "10.1.2.3:443"}}), "https://10.1.2.3/"},
      {with({{"NO_PROXY", "10.1.2.3:80"}}), "https://10.1.2.3/"},
      {with({{"NO_PROXY", "10.0.0.0/8"}}), "https://ten.example/"},
      {with({{"NO_PROXY", "2001:db8::/32"}}), "https://[2001:db8::7]/"},
      {with({{"NO_PROXY", "2001:DB8::7"}}), "https://[2001:db8::7]/"},
      {with({{"NO_PROXY", "[2001:db8::7]:443"}}), "https://[2001:db8::7]/"},
      {with({{"NO_PROXY", "[2001:db8::7]"}}), "https://[2001:db8::7]/"},
      {with({{"NO_PROXY", "::ffff:10.1.2.3"}}), "https://10.1.2.3/"},
      {with({{"NO_PROXY", "::ffff:10.0.0.0/104"}}), "https://10.9.9.9/"},
      {with({{"NO_PROXY", "::ffff:10.0.0.0/80"}}), "https://10.9.9.9/"},
      {with({{"NO_PROXY", "10.0.0.0/8"}}), "https://[::ffff:10.1.1.1]/"},
      {with({{"NO_PROXY", "010.1.2.3"}}), "https://10.1.2.3/"},
      {with({{"NO_PROXY", "10.1.2.3/33"}}), "https://10.1.2.3/"},
      {with({{"NO_PROXY", "fe80::/10"}}), "https://[fe80::1%25eth0]/"},
      {with({{"NO_PROXY", "0.0.0.0/0"}}), "https://[2001:db8::1]/"},
      {with({{"NO_PROXY", "::/0"}}), "https://192.0.2.1/"},
      // CGI.
      {with({{"REQUEST_METHOD", "GET"}}), "http://h/"},
      {with({{"REQUEST_METHOD", "GET"}}), "https://h/"},
      {with({{"REQUEST_METHOD", "GET"}, {"NO_PROXY", "*"}}), "http://localhost/"},
      {{{"REQUEST_METHOD", "GET"}}, "http://h/"},
      {{{"REQUEST_METHOD", "GET"}, {"HTTP_PROXY", "http://x%zz"}}, "http://h/"},
      // Odd request URLs.
      {p, "https://a]b/"},
      {p, "https:///path"},
      {p, "https://h:/"},
      {p, "https://h:x/"},
      {p, "https://u:pw@h/"},
      {p, "https://[::1/"},
      {p, "//h/no-scheme"},
      {p, "http:opaque"},
  };
}

TEST(ProxyEnvOracleTest, CuratedCasesAgreeWithNetHttp) {
  auto cases = CuratedCases();
  ASSERT_GE(cases.size(), 40u);
  ORACLE_ANSWERS(answers, Questions(cases));
  EXPECT_EQ(CompareAll(cases, answers).agreed, cases.size());
}

// Random picks from small pools of likely and unlikely pieces.
struct Gen {
  std::mt19937 rng;
  explicit Gen(unsigned seed) : rng(seed) {}
  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

  std::string ProxyValue() {
    static const std::vector<std::string> whole = {
        "http://proxy.corp:3128", "proxy.corp:3128", "https://p", "socks5://s:1080", "10.0.0.1:8080",
        "http://u:p@proxy:8080", "HTTP://P", "[::1]:3128", "localhost", "http://[fe80::1%25en0]:1", "ftp://f"};
    static const std::vector<std::string> parts = {
        "http://", "https://", "socks5://", "HTTP://", "proxy.corp", ":3128", ":", "u:p@", "@", "10.0.0.1",
        "[::1]", "[", "]", "/path", "?q", "#f", "%zz", "%41", "%25", " ", "a:b", "*", "~", "\t", "é", "//"};
    if (Below(3) == 0) return Pick(whole);
    std::string s;
    for (size_t k = 1 + Below(4); k > 0; --k) s += Pick(parts);
    return s;
  }

  static const std::vector<std::string>& KnownEntries() {
    static const std::vector<std::string> entries = {
        ".corp.example", "corp.example", "*.corp.example", "*", "10.0.0.0/8", "10.1.2.3", "10.1.2.3:443",
        "::1", "2001:db8::/32", "[2001:db8::1]:443", "[2001:db8::1]", "git.corp.example:8443", "CORP.Example",
        "", " ", ":80", "*corp.example", "192.168.0.0/16", "fe80::/10", "::ffff:10.0.0.0/104", "0.0.0.0/0",
        "::/0", "010.1.2.3", "10.1.2.3/33", "example.com", ".example.com:443", "localhost", "127.0.0.1",
        "[::1]:80", "h", "2001:db8::1", "1.2.3.4:x", "a:b:c", "[fe80::1%eth0]:443", "*.*.example",
        "10.1.2.0/24", "[2001:db8::1]:8443", "x.example", "\xC3\xA9.corp", ".\xC3\xA9.corp", "*.x\xC3\xA9x.example",
        "B\xC3\x9C" "CHER.example", "b\xC3\xBC" "cher.example", "\xD0\xBF\xD1\x80\xD0\xB8.corp"};
    return entries;
  }

  std::string NoProxy() {
    const auto& entries = KnownEntries();
    std::string s;
    for (size_t k = 1 + Below(3); k > 0; --k) {
      if (!s.empty()) s += Below(4) == 0 ? " , " : ",";
      s += Pick(entries);
    }
    return s;
  }

  std::string Url() {
    static const std::vector<std::string> schemes = {"https://", "https://", "http://", "HTTPS://", "ftp://"};
    static const std::vector<std::string> hosts = {
        "corp.example", "git.corp.example", "xcorp.example", "CORP.EXAMPLE", "example.com", "a.example.com",
        "localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "10.1.2.3", "11.0.0.1", "192.168.1.1", "[::1]",
        "[2001:db8::1]", "[2001:db8::1%25eth0]", "[::ffff:10.1.2.3]", "[fe80::1]", "h", "0.0.0.0", "[::]",
        "localhost.", "a]b", "host_name", "", "u:p@example.com", "corp.example.", "[::ffff:127.0.0.1]",
        "B\xC3\x9C" "CHER.example", "x.B\xC3\xBC" "cher.example", "\xD0\x9F\xD0\xA0\xD0\x98.corp"};
    static const std::vector<std::string> ports = {"", "", "", ":443", ":80", ":8443", ":", ":x"};
    return Pick(schemes) + Pick(hosts) + Pick(ports) + "/p";
  }

  // A NO_PROXY entry glued from pieces of names, addresses, ports and prefix lengths.
  std::string RandomEntry() {
    static const std::vector<std::string> pieces = {
        "*", ".", ".", "corp", "example", "git", "10", "1", "2", "127", "0", ":", ":443", ":8443", "/8", "/24",
        "/120", "[", "]", "::", "ffff:", "db8", "2001:", "fe80", "%eth0", "-", "_", "X", "\xC3\xA9", " "};
    if (Below(2) == 0) return Pick(KnownEntries());
    std::string s;
    for (size_t k = 1 + Below(4); k > 0; --k) s += Pick(pieces);
    return s;
  }

  // A host glued the same way, or one of the NO_PROXY entries' likely targets.
  std::string RandomHostUrl() {
    static const std::vector<std::string> hosts = {
        "git.corp.example", "corp.example", "10.1.2.3", "10.0.0.1", "127.0.0.2", "[2001:db8::1]", "[::ffff:10.1.2.3]",
        "[fe80::1%25eth0]", "\xC3\xA9.corp", "x\xC3\xA9x.example", "GIT.CORP.EXAMPLE"};
    static const std::vector<std::string> labels = {"corp", "example", "git", "x", "10", "1", "\xC3\xA9"};
    std::string host;
    if (Below(2) == 0) {
      host = Pick(hosts);
    } else {
      for (size_t k = 1 + Below(3); k > 0; --k) host += (host.empty() ? "" : ".") + Pick(labels);
    }
    static const std::vector<std::string> ports = {"", "", ":443", ":8443", ":80"};
    return (Below(4) == 0 ? "http://" : "https://") + host + Pick(ports) + "/";
  }

  // A URL whose host is taken from a NO_PROXY entry: wildcard, prefix length dropped, maybe a
  // label in front, maybe the entry's port.
  std::string UrlNear(std::string entry) {
    while (!entry.empty() && (entry[0] == '*' || entry[0] == '.' || entry[0] == ' ')) entry.erase(0, 1);
    entry = entry.substr(0, entry.find('/'));
    bool v6 = std::count(entry.begin(), entry.end(), ':') > 1 && entry[0] != '[';
    if (v6) entry = "[" + entry + "]";
    if (Below(3) == 0 && !entry.empty() && entry[0] != '[' && (entry[0] < '0' || entry[0] > '9')) entry = "git." + entry;
    return (Below(3) == 0 ? "http://" : "https://") + entry + "/";
  }

  Env Environment() {
    static const std::vector<std::string> proxy_vars = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"};
    Env env;
    for (const auto& name : proxy_vars) {
      size_t r = Below(4);
      if (r == 1) env[name] = "";
      if (r >= 2) env[name] = ProxyValue();
    }
    for (const char* name : {"NO_PROXY", "no_proxy"}) {
      size_t r = Below(4);
      if (r == 1) env[name] = "";
      if (r >= 2) env[name] = NoProxy();
    }
    if (Below(6) == 0) env["REQUEST_METHOD"] = Below(2) == 0 ? "GET" : "";
    return env;
  }
};

TEST(ProxyEnvOracleTest, GeneratedEnvironmentsAgreeWithNetHttp) {
  Gen g(20260801);
  std::vector<Case> cases;
  for (int i = 0; i < 500; ++i) {
    Env env = g.Environment();
    for (int k = 0; k < 6; ++k) cases.push_back({env, g.Url()});
  }
  ORACLE_ANSWERS(answers, Questions(cases));
  Tally t = CompareAll(cases, answers);
  EXPECT_EQ(t.agreed, cases.size());
  // The seed gives 911 proxied, 73 NO_PROXY matches, 346 unusable values, 34 CGI refusals, 375 bad URLs.
  EXPECT_GT(t.proxied, 500u);
  EXPECT_GT(t.no_proxy, 40u);
  EXPECT_GT(t.unusable, 200u);
  EXPECT_GT(t.cgi, 10u);
  EXPECT_GT(t.bad_url, 200u);
}

TEST(ProxyEnvOracleTest, GeneratedNoProxyListsAgreeWithNetHttp) {
  Gen g(4242);
  std::vector<Case> cases;
  for (int i = 0; i < 1500; ++i) {
    std::string no, entry;
    for (size_t k = 1 + g.Below(3); k > 0; --k) no += (no.empty() ? "" : ",") + (entry = g.RandomEntry());
    std::string url = g.Below(2) == 0 ? g.RandomHostUrl() : g.UrlNear(entry);
    cases.push_back({{{"HTTP_PROXY", "http://p:1"}, {"HTTPS_PROXY", "http://p:2"}, {"NO_PROXY", no}}, url});
  }
  ORACLE_ANSWERS(answers, Questions(cases));
  Tally t = CompareAll(cases, answers);
  EXPECT_EQ(t.agreed, cases.size());
  EXPECT_GT(t.no_proxy, 250u);  // 401 with this seed
  EXPECT_GT(t.proxied, 500u);   // 854
}

}  // namespace
}  // namespace godiag::oracle

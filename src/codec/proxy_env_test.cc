#include "codec/proxy_env.h"

#include <gtest/gtest.h>

namespace godiag::codec {
namespace {

ProxyChoice Choose(const std::map<std::string, std::string>& env, std::string_view url) {
  return ChooseProxy(ReadProxyEnv(env), url);
}

TEST(ProxyEnvTest, UppercaseWinsWhenNonEmptyElseLowercase) {
  auto e = ReadProxyEnv({{"HTTPS_PROXY", "http://upper"}, {"https_proxy", "http://lower"}, {"http_proxy", "http://h"},
                         {"HTTP_PROXY", ""}, {"no_proxy", ".corp"}});
  EXPECT_EQ(e.https_proxy, "http://upper");
  EXPECT_EQ(e.https_from, "HTTPS_PROXY");
  EXPECT_EQ(e.http_proxy, "http://h");
  EXPECT_EQ(e.http_from, "http_proxy");
  EXPECT_EQ(e.no_proxy, ".corp");
  EXPECT_EQ(e.no_from, "no_proxy");
  EXPECT_FALSE(e.cgi);
  EXPECT_TRUE(ReadProxyEnv({{"REQUEST_METHOD", "GET"}}).cgi);
  EXPECT_FALSE(ReadProxyEnv({{"REQUEST_METHOD", ""}}).cgi);
}

TEST(ProxyEnvTest, TheRequestSchemeSelectsTheVariable) {
  std::map<std::string, std::string> env = {{"HTTP_PROXY", "http://p80:3128"}, {"HTTPS_PROXY", "http://p443:3128"}};
  EXPECT_EQ(Choose(env, "https://mod.example/x").proxy_url, "http://p443:3128");
  EXPECT_EQ(Choose(env, "http://mod.example/x").proxy_url, "http://p80:3128");
  auto ftp = Choose(env, "ftp://mod.example/x");
  EXPECT_EQ(ftp.proxy_url, "");
  EXPECT_EQ(ftp.reason, "no proxy variable applies to \"ftp\" requests");
  auto unset = Choose({{"HTTP_PROXY", "http://p"}}, "https://mod.example/");
  EXPECT_EQ(unset.proxy_url, "");
  EXPECT_EQ(unset.reason, "neither HTTPS_PROXY nor https_proxy is set");
}

TEST(ProxyEnvTest, ValuesWithoutSchemeGetHttpAndOtherSchemesStay) {
  auto c = Choose({{"HTTPS_PROXY", "proxy.corp:3128"}}, "https://h/");
  EXPECT_EQ(c.proxy_url, "http://proxy.corp:3128");
  EXPECT_EQ(c.reason, "HTTPS_PROXY (no scheme: http:// assumed)");
  EXPECT_EQ(Choose({{"HTTPS_PROXY", "10.1.2.3:8080"}}, "https://h/").proxy_url, "http://10.1.2.3:8080");
  EXPECT_EQ(Choose({{"HTTPS_PROXY", "socks5://s:1080"}}, "https://h/").proxy_url, "socks5://s:1080");
  EXPECT_EQ(Choose({{"HTTPS_PROXY", "HTTPS://P.corp"}}, "https://h/").proxy_url, "https://P.corp");
  auto ftp = Choose({{"https_proxy", "ftp://p"}}, "https://h/");
  EXPECT_EQ(ftp.proxy_url, "ftp://p");
  EXPECT_EQ(ftp.reason, "https_proxy; net/http cannot use proxy scheme \"ftp\"");
}

TEST(ProxyEnvTest, LocalhostAndLoopbackAreNeverProxied) {
  std::map<std::string, std::string> env = {{"HTTP_PROXY", "http://p"}, {"HTTPS_PROXY", "http://p"}};
  EXPECT_EQ(Choose(env, "http://localhost:8080/").reason, "localhost is never proxied");
  EXPECT_EQ(Choose(env, "https://127.3.4.5/").reason, "loopback address 127.3.4.5 is never proxied");
  EXPECT_EQ(Choose(env, "https://[::1]:443/").reason, "loopback address ::1 is never proxied");
  EXPECT_EQ(Choose(env, "https://[::ffff:127.0.0.1]/").proxy_url, "");
  EXPECT_EQ(Choose(env, "https://LOCALHOST/").proxy_url, "http://p");  // compared before lowercasing
  EXPECT_EQ(Choose(env, "https://localhost.corp/").proxy_url, "http://p");
}

TEST(ProxyEnvTest, NoProxyDomainRules) {
  auto with = [](const std::string& no, const std::string& url) {
    return Choose({{"HTTPS_PROXY", "http://p"}, {"NO_PROXY", no}}, url).proxy_url.empty();
  };
  EXPECT_TRUE(with("corp.example", "https://corp.example/"));
  EXPECT_TRUE(with("corp.example", "https://a.b.corp.example/"));
  EXPECT_FALSE(with("corp.example", "https://xcorp.example/"));
  EXPECT_FALSE(with(".corp.example", "https://corp.example/"));
  EXPECT_TRUE(with(".corp.example", "https://git.corp.example/"));
  EXPECT_FALSE(with("*.corp.example", "https://corp.example/"));
  EXPECT_TRUE(with("*.corp.example", "https://git.corp.example/"));
  EXPECT_TRUE(with(" a.example , Corp.Example ", "https://GIT.corp.EXAMPLE/"));
  EXPECT_TRUE(with("corp.example:443", "https://git.corp.example/"));
  EXPECT_FALSE(with("corp.example:8443", "https://git.corp.example/"));
  EXPECT_TRUE(with("corp.example:8443", "https://git.corp.example:8443/"));
  EXPECT_FALSE(with("*corp.example", "https://git.corp.example/"));
  EXPECT_TRUE(with("x.example,*", "https://anything/"));
  EXPECT_EQ(Choose({{"HTTPS_PROXY", "http://p"}, {"no_proxy", ".corp.example"}}, "https://g.corp.example/").reason,
            "no_proxy entry .corp.example matches");
}

TEST(ProxyEnvTest, NoProxyAddressRules) {
  auto with = [](const std::string& no, const std::string& url) {
    return Choose({{"HTTPS_PROXY", "http://p"}, {"NO_PROXY", no}}, url).proxy_url.empty();
  };
  EXPECT_TRUE(with("10.0.0.0/8", "https://10.20.30.40/"));
  EXPECT_FALSE(with("10.0.0.0/8", "https://11.0.0.1/"));
  EXPECT_TRUE(with("10.1.2.3", "https://10.1.2.3:8443/"));
  EXPECT_TRUE(with("10.1.2.3:443", "https://10.1.2.3/"));
  EXPECT_FALSE(with("10.1.2.3:80", "https://10.1.2.3/"));
  EXPECT_FALSE(with("10.0.0.0/8", "https://ten.example/"));  // names are not resolved
  EXPECT_TRUE(with("2001:db8::/32", "https://[2001:db8::7]/"));
  EXPECT_TRUE(with("2001:DB8::7", "https://[2001:db8::7]/"));
  EXPECT_TRUE(with("[2001:db8::7]:443", "https://[2001:db8::7]/"));
  EXPECT_FALSE(with("[2001:db8::7]", "https://[2001:db8::7]/"));  // brackets without a port: a domain rule
  EXPECT_TRUE(with("::ffff:10.1.2.3", "https://10.1.2.3/"));
  EXPECT_FALSE(with("010.1.2.3", "https://10.1.2.3/"));  // leading zeros: not an address
}

TEST(ProxyEnvTest, CgiRefusesHttpProxyBeforeAnyOtherRule) {
  std::map<std::string, std::string> env = {{"HTTP_PROXY", "http://p"}, {"HTTPS_PROXY", "http://p"},
                                            {"REQUEST_METHOD", "POST"}, {"NO_PROXY", "*"}};
  auto c = Choose(env, "http://localhost/");
  ASSERT_TRUE(c.error.has_value());
  EXPECT_EQ(*c.error, "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy");
  EXPECT_EQ(c.proxy_url, "");
  EXPECT_FALSE(Choose(env, "https://h/").error.has_value());
}

TEST(ProxyEnvTest, UnusableValuesAreIgnoredSilentlyAndRedacted) {
  auto c = Choose({{"HTTPS_PROXY", "http://u:secret@h%zz"}}, "https://h/");
  EXPECT_EQ(c.proxy_url, "");
  ASSERT_TRUE(c.unusable.has_value());
  EXPECT_EQ(*c.unusable, "invalid proxy address \"http://u:xxxxx@h%zz\": parse \"http://u:xxxxx@h%zz\": "
                         "invalid URL escape \"%zz\"");
  EXPECT_EQ(c.reason, "HTTPS_PROXY does not parse, so Go ignores it and connects directly");
  EXPECT_FALSE(c.error.has_value());
}

TEST(ProxyEnvTest, ProxyUrlIsGoUrlString) {
  EXPECT_EQ(Choose({{"HTTPS_PROXY", "http://u:p@ss@h:1"}}, "https://x/").proxy_url, "http://u:p%40ss@h:1");
  EXPECT_EQ(Choose({{"HTTPS_PROXY", "http://h/a b"}}, "https://x/").proxy_url, "http://h/a%20b");
  // Strict colons: "http://a:1:2" fails, and "http://" + it parses with host "http:".
  EXPECT_EQ(Choose({{"HTTPS_PROXY", "http://a:1:2"}}, "https://x/").proxy_url, "http://http://a:1:2");
}

TEST(ProxyEnvTest, InternationalNamesArePunycoded) {
  std::map<std::string, std::string> env = {{"HTTPS_PROXY", "http://p"}, {"NO_PROXY", "xn--bcher-kva.example"}};
  EXPECT_EQ(Choose(env, "https://bücher.example/").proxy_url, "");
  env["NO_PROXY"] = ".例え.テスト";
  EXPECT_EQ(Choose(env, "https://a.xn--r8jz45g.xn--zckzah/").proxy_url, "");
}

}  // namespace
}  // namespace godiag::codec

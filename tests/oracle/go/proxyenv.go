// The go command is built as a Go 1.26 main module, so its url.Parse rejects extra colons in
// http(s) hosts; this module's older go line would otherwise default to the lenient parse.
//go:debug urlstrictcolons=1

package main

import (
	"encoding/json"
	"fmt"
	"net/url"

	"golang.org/x/net/http/httpproxy"
)

// firstNonEmpty is getEnvAny of the httpproxy copy vendored in Go 1.26's net/http: the first
// listed variable with a non-empty value wins (uppercase first; newer x/net reverses this).
func firstNonEmpty(env map[string]string, names ...string) string {
	for _, n := range names {
		if v := env[n]; v != "" {
			return v
		}
	}
	return ""
}

// proxyValueError is the error httpproxy's parseProxy gives a value (which init then
// drops, so the value is silently unused): url.Parse, retried with "http://" prepended.
func proxyValueError(v string) string {
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		if _, err2 := url.Parse("http://" + v); err2 == nil {
			return ""
		}
	}
	if err != nil {
		return fmt.Sprintf("invalid proxy address %q: %v", v, err)
	}
	return ""
}

// Answers what net/http.ProxyFromEnvironment of Go 1.26 decides for one request URL
// under the given environment.
func init() {
	register("proxyenv", func(raw json.RawMessage) (any, error) {
		var q struct {
			Env map[string]string
			URL string
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		cfg := httpproxy.Config{
			HTTPProxy:  firstNonEmpty(q.Env, "HTTP_PROXY", "http_proxy"),
			HTTPSProxy: firstNonEmpty(q.Env, "HTTPS_PROXY", "https_proxy"),
			NoProxy:    firstNonEmpty(q.Env, "NO_PROXY", "no_proxy"),
			CGI:        q.Env["REQUEST_METHOD"] != "",
		}
		a := map[string]any{"proxy": "", "error": "", "url_error": "", "scheme": "",
			"http_invalid": proxyValueError(cfg.HTTPProxy), "https_invalid": proxyValueError(cfg.HTTPSProxy)}
		req, err := url.Parse(q.URL)
		if err != nil {
			a["url_error"] = err.Error()
			return a, nil
		}
		a["scheme"] = req.Scheme
		proxy, err := cfg.ProxyFunc()(req)
		if err != nil {
			a["error"] = err.Error()
		}
		if proxy != nil {
			a["proxy"] = proxy.String()
		}
		return a, nil
	})
}

// How the go command words what came back from the network (cmd/go/internal/web, net/http,
// crypto/tls, crypto/x509), so findings can print the error the user will see. Pure.
#pragma once

#include <string>
#include <string_view>

#include "platform/http_client.h"

namespace godiag::probe {

/// resp.Status as Go prints it: "404 Not Found" (the server's reason phrase, else Go's text).
std::string GoStatus(int code, std::string_view reason);

/// The "server response" detail the go command shows for a text/plain (charset utf-8,
/// us-ascii or none) error body: first paragraph, at most 8 lines / 648 bytes, nothing when
/// the body has non-graphic characters or invalid UTF-8 (web.Response.formatErrorDetail).
std::string GoServerDetail(std::string_view content_type, std::string_view body);

/// web.HTTPError.Error: "reading URL: STATUS" [+ "\n\tserver response: DETAIL"].
std::string GoHttpError(std::string_view url, int code, std::string_view reason, std::string_view content_type,
                        std::string_view body);

/// The go command's text for a request that got no HTTP answer (Get "URL": …), derived
/// from net/http, net and crypto/tls wording; `host` is the URL's host name.
std::string GoTransportError(std::string_view url, std::string_view host, const platform::HttpResponse& r);

/// crypto/x509's wording of an OpenSSL verification failure ("x509: certificate signed by
/// unknown authority", "x509: certificate has expired or is not yet valid: …", "x509:
/// certificate is valid for A, not B").
std::string GoX509Error(std::string_view host, const platform::HttpResponse& r);

/// True when a body is an HTML page (what login portals and captive proxies answer).
bool LooksLikeHtml(std::string_view content_type, std::string_view body);

/// Host name of a URL ("" when none), without port, brackets or credentials.
std::string UrlHost(std::string_view url);

}  // namespace godiag::probe

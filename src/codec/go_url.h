// Go's net/url.Parse and URL.String (Go 1.26, urlstrictcolons on, as in the go command) and the
// host:port splitting of net and net/url, the subset net/http's proxy selection uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace godiag::codec {

/// url.URL: decoded fields, plus the raw path and fragment when they are not the default escaping.
struct GoUrl {
  std::string scheme, opaque, username, password, host, path, raw_path, raw_query, fragment, raw_fragment;
  bool has_user = false, password_set = false, force_query = false, omit_host = false;
};

/// url.Parse; the error as Go prints it ("parse \"…\": …") with the URL's password redacted,
/// nullopt on success.
std::optional<std::string> ParseGoUrl(std::string_view raw, GoUrl* u);

/// url.URL.String.
std::string UrlString(const GoUrl& u);

/// url.splitHostPort (URL.Hostname / URL.Port): a trailing ":digits" is the port; brackets removed.
void UrlHostPort(std::string_view host_port, std::string* host, std::string* port);

/// net.SplitHostPort; false where Go returns an error.
bool SplitHostPort(std::string_view hp, std::string* host, std::string* port);

/// net.JoinHostPort.
std::string JoinHostPort(std::string_view host, std::string_view port);

}  // namespace godiag::codec

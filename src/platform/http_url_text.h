// Text helpers of the real HttpClient (platform/real_*.cc only): ASCII case and trimming, URL
// schemes, percent-decoding, and the credentials kept out of every message it writes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/http_client.h"

namespace godiag::platform::detail {

/// ASCII letters lowercased, every other byte kept.
std::string Lower(std::string_view s);

/// Spaces, tabs, CRs and LFs removed at both ends.
std::string_view Trim(std::string_view s);

/// Lower-case scheme before "://", "" when there is none.
std::string Scheme(std::string_view url);

/// %XX sequences decoded; malformed ones kept as they are.
std::string PercentDecode(std::string_view s);

/// Like Go's url.Redacted: the password of user:pass@ replaced with "xxxxx".
std::string RedactUserinfo(const std::string& url);

/// Every credential a transfer could leak into a message: passwords (raw and decoded) and
/// the values of the extra headers; longest first.
std::vector<std::string> SecretsOf(const HttpRequest& request, const HttpTransport& transport);

/// `text` with every one of `secrets` replaced by "xxxxx".
std::string Scrubbed(std::string text, const std::vector<std::string>& secrets);

}  // namespace godiag::platform::detail

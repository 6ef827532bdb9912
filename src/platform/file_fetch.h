// The file:// side of the real HttpClient: a local file read as if it were an HTTP answer (200,
// or 404 / 403 as Go's file transport reports them), without libcurl.
#pragma once

#include <string>

#include "platform/http_client.h"

namespace godiag::platform::detail {

/// The scheme of `url` is file (any case).
bool IsFileUrl(const std::string& url);

/// Reads the file of a file:// request (host empty or "localhost") into `r`: body up to
/// max_body, nothing for HEAD; final_url is the request's URL.
void FetchFile(const HttpRequest& request, HttpResponse& r);

}  // namespace godiag::platform::detail

// Go's IDNA for host names: golang.org/x/net/idna's Lookup.ToASCII as net/http's proxy
// selection calls it, its UTS #46 mapping reduced to lowercasing Latin, Greek and Cyrillic
// letters (no NFKC, no other scripts' case mapping).
#pragma once

#include <string>
#include <string_view>

namespace godiag::codec {

/// httpproxy's idnaASCII (idna.Lookup.ToASCII): ASCII names unchanged, others punycoded label
/// by label; the name as it is when a label fails.
std::string IdnaAscii(std::string_view v);

}  // namespace godiag::codec

// The known failure lines of gopls, the go command, vscode-go and its language client
// (facts/logs-ps.md §2.5–§2.6), with a matcher fast enough for gigabyte logs. Pure.
#pragma once

#include <string_view>
#include <vector>

namespace godiag::collect {

struct LogSignature {
  const char* id;      ///< finding id, or "version.*" for lines that name a version
  const char* needle;  ///< exact text as gopls / the go command / the client writes it
  const char* also = nullptr;   ///< when set, the line must contain this too (or `also2`)
  const char* also2 = nullptr;
};

/// Every signature, in a stable order.
const std::vector<LogSignature>& LogSignatures();

struct SignatureHit {
  const LogSignature* signature;
  size_t at;  ///< byte offset of the needle in the text
};

/// Each signature found in `text` (the first hit of each id), in signature order.
/// A 4-byte prefilter keeps this near memory speed.
void MatchLogSignatures(std::string_view text, std::vector<SignatureHit>& out);

}  // namespace godiag::collect

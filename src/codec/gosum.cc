#include "codec/gosum.h"

#include "codec/tlog.h"
#include "crypto/sha256.h"

namespace godiag::codec {

namespace {

// The hash of an empty go.mod that old go commands wrote; modfetch drops such lines.
constexpr std::string_view kEmptyGoModHash = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

// strings.Fields for ASCII white space (go.sum is ASCII in practice; other bytes are kept).
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; };
  while (i < line.size()) {
    while (i < line.size() && space(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && !space(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

core::Expected<std::vector<GoSumLine>> ParseGoSum(std::string_view file_name, std::string_view data) {
  std::vector<GoSumLine> out;
  int line_no = 0;
  while (!data.empty()) {
    ++line_no;
    size_t nl = data.find('\n');
    std::string_view line = data.substr(0, nl);
    data = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);
    auto f = Fields(line);
    if (f.empty()) continue;
    if (f.size() != 3) {
      return core::MakeError(core::ErrorCode::kParse, "malformed go.sum:\n" + std::string(file_name) + ":" +
                                                          std::to_string(line_no) + ": wrong number of fields " +
                                                          std::to_string(f.size()));
    }
    if (f[2] == kEmptyGoModHash) continue;
    out.push_back(GoSumLine{std::string(f[0]), std::string(f[1]), std::string(f[2]), line_no});
  }
  return out;
}

std::string GoModHash(std::string_view go_mod) {
  std::string summary = crypto::HexDigest(crypto::Sha256(go_mod)) + "  go.mod\n";
  return "h1:" + HashBase64(crypto::Sha256(summary));
}

}  // namespace godiag::codec

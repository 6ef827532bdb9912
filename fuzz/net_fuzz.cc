// Fuzzes what the network probes read from servers and users: error bodies (the go command's
// "server response" detail), ?go-get=1 pages, .info JSON (encoding/json's syntax check), zips,
// .netrc files, GOAUTH, proxy variables against request URLs, and whole checksum database answers through the sumdb
// client (a fuzzed lookup answer and fuzzed tiles). No crash, no hang; invariants below.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "codec/go_json.h"
#include "codec/go_revinfo.h"
#include "codec/go_time.h"
#include "codec/go_sumdb.h"
#include "codec/go_zip.h"
#include "codec/goauth.h"
#include "codec/netrc.h"
#include "codec/proxy_env.h"
#include "probe/go_net_text.h"
#include "probe/net_direct.h"
#include "probe/net_endpoints.h"
#include "probe/sumdb_client.h"
#include "probe/tile_pack.h"
#include "testing/fakes.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

std::string_view Part(std::string_view data, int k) {
  size_t start = 0;
  for (int i = 0; i < k; ++i) {
    size_t sep = data.find('\x01', start);
    if (sep == std::string_view::npos) return {};
    start = sep + 1;
  }
  size_t end = data.find('\x01', start);
  return data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

void FuzzText(std::string_view data) {
  std::string detail = godiag::probe::GoServerDetail("text/plain", data);
  Check(detail.size() <= 8 * 81 + 64);
  Check(detail.find('\x1b') == std::string::npos);
  std::string version;
  std::string revinfo = godiag::codec::GoRevInfoError(data, &version);
  // A syntax error is also the RevInfo error (json.Unmarshal checks syntax first).
  std::string syntax = godiag::codec::GoJsonSyntaxError(data);
  Check(syntax.empty() || revinfo == syntax);
  std::string time_error = godiag::codec::GoParseRfc3339Error(data);
  Check(time_error.empty() || time_error.starts_with("parsing time \""));
  auto zipped = godiag::codec::GoModuleZipHash(data, "m@v1.0.0");
  Check(zipped.hash.empty() != zipped.error.empty());
  (void)godiag::probe::FindGoImport(data, "corp.example/lib");
  (void)godiag::probe::UrlHost(data);
  for (const auto& [path, tile] : godiag::probe::ParseTilePack(data)) Check(!path.empty() && tile.size() <= (1u << 20));
  for (const auto& e : godiag::codec::ParseNetrc(data)) Check(!e.machine.empty() && !e.login.empty() && !e.password.empty());
  auto auth = godiag::codec::ParseGoAuth(data);
  Check(auth.error.has_value() || !auth.commands.empty());
}

void FuzzProxy(std::string_view data) {
  std::map<std::string, std::string> env = {{"HTTPS_PROXY", std::string(Part(data, 0))},
                                            {"HTTP_PROXY", std::string(Part(data, 1))},
                                            {"NO_PROXY", std::string(Part(data, 2))}};
  auto pe = godiag::codec::ReadProxyEnv(env);
  (void)godiag::codec::ChooseProxy(pe, Part(data, 3));
}

void FuzzSumDb(std::string_view data) {
  static const godiag::core::VerifierKey key =
      *godiag::codec::ParseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  std::string lookup(Part(data, 0)), tile(Part(data, 1)), latest(Part(data, 2));
  godiag::testing::FakeFileSystem fs;
  fs.AddFile("/latest", latest);
  godiag::probe::SumDbCaches caches;
  caches.go_latest = "/latest";
  int calls = 0;
  auto fetch = [&](const std::vector<std::string>& paths) {
    Check(++calls < 64);
    std::vector<godiag::probe::DbAnswer> out;
    for (const auto& p : paths) out.push_back({true, false, p.starts_with("/lookup/") ? lookup : tile, ""});
    return out;
  };
  auto r = godiag::probe::VerifyLookups(key, fetch, fs, caches, {{"rsc.io/quote", "v1.5.2"}});
  Check(r.lookups.size() == 1);
  if (r.lookups[0].ok) Check(r.lookups[0].error.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  std::string_view data(reinterpret_cast<const char*>(bytes) + 1, size - 1);
  switch (bytes[0] % 3) {
    case 0: FuzzText(data); break;
    case 1: FuzzProxy(data); break;
    default: FuzzSumDb(data); break;
  }
  return 0;
}

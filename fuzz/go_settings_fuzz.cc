// Fuzz target: every Go-setting parser on the same input (first byte picks nothing; all run).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codec/go_flags.h"
#include "codec/go_mod.h"
#include "codec/go_patterns.h"
#include "codec/go_proxy.h"
#include "codec/go_sumdb.h"
#include "codec/go_toolchain.h"
#include "codec/go_vcs.h"
#include "codec/go_version.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view a = in.substr(0, nl);
  std::string_view b = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  using namespace godiag::codec;
  (void)ParseGoProxy(a, b);
  (void)ParseGoSumDb(in);
  (void)ParsePatternList(in);
  (void)MatchPrefixPatterns(a, b);
  bool bad = false;
  (void)PathMatch(a, b, &bad);
  (void)ParseGovcs(in);
  (void)DecideGovcs(ParseGovcs(a), b, b, "git");
  (void)ParseGoFlags(in);
  (void)StripJsonFromGoFlags(in);
  (void)ParseGo111Module(in);
  auto t = ParseGoToolchain(a);
  (void)SelectToolchain(t, "go1.22.1", b, a, "go.mod");
  (void)CompareGoVersions(a, b);
  (void)ParseGoMod(in, "go.mod");
  (void)ParseGoWork(in, "go.work");
  return 0;
}

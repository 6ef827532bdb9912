#include "codec/go_flags.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "codec/go_text.h"

namespace godiag::codec {

namespace {

// Every flag name of every go subcommand, go1.26.8. Derived from the go command's source
// ($GOROOT/src/cmd/go/internal: every Flag.*/flags.*/cf.* registration, plus the test.X
// aliases that cmd/go/internal/test registers for flags passed to the test binary).
const std::vector<std::string>& KnownFlags() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = {
      "C", "a", "artifacts", "asan", "asmflags", "bench", "benchmem", "benchtime",
      "blockprofile", "blockprofilerate", "broken", "buildmode", "buildvcs", "c", "cache", "changed",
      "compat", "compiled", "compiler", "count", "cover", "covermode", "coverpkg", "coverprofile",
      "cpu", "cpuprofile", "d", "debug-actiongraph", "debug-runtime-trace", "debug-trace", "deps", "diff",
      "dropexclude", "dropgodebug", "dropignore", "dropreplace", "droprequire", "dropretract", "droptool", "dropuse",
      "e", "exclude", "exec", "export", "f", "failfast", "find", "fix",
      "fmt", "fullpath", "fuzz", "fuzzcache", "fuzzminimizetime", "fuzztime", "gccgoflags", "gcflags",
      "go", "godebug", "i", "ignore", "insecure", "installsuffix", "json", "ldflags",
      "linkshared", "list", "m", "memprofile", "memprofilerate", "mod", "modcache", "modcacherw",
      "modfile", "module", "msan", "mutexprofile", "mutexprofilefraction", "n", "o", "outputdir",
      "overlay", "p", "parallel", "pgo", "pkgdir", "print", "r", "race",
      "replace", "require", "retract", "retracted", "reuse", "run", "short", "shuffle",
      "skip", "t", "tags", "test", "test.artifacts", "test.bench", "test.benchmem", "test.benchtime",
      "test.blockprofile", "test.blockprofilerate", "test.count", "test.coverprofile", "test.cpu", "test.cpuprofile", "test.failfast", "test.fullpath",
      "test.fuzz", "test.fuzzminimizetime", "test.fuzztime", "test.list", "test.memprofile", "test.memprofilerate", "test.mutexprofile", "test.mutexprofilefraction",
      "test.outputdir", "test.parallel", "test.run", "test.short", "test.shuffle", "test.skip", "test.timeout", "test.trace",
      "test.v", "testcache", "timeout", "tool", "toolchain", "toolexec", "trace", "trimpath",
      "u", "use", "v", "vendor", "versions", "vet", "w", "work",
      "x",
    };
    std::sort(names.begin(), names.end());
    return names;
  }();
  return kNames;
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool IsKnownGoFlag(std::string_view name) {
  const auto& names = KnownFlags();
  return std::binary_search(names.begin(), names.end(), std::string(name));
}

core::GoFlags ParseGoFlags(std::string_view value) {
  core::GoFlags g;
  g.value = std::string(value);
  std::vector<std::string> fields;
  std::string_view s = value;
  while (!s.empty()) {
    while (!s.empty() && IsSpaceByte(s[0])) s.remove_prefix(1);
    if (s.empty()) break;
    if (s[0] == '"' || s[0] == '\'') {
      char quote = s[0];
      s.remove_prefix(1);
      size_t end = s.find(quote);
      if (end == std::string_view::npos) {
        g.error = std::string("go: parsing $GOFLAGS: unterminated ") + quote + " string";
        return g;
      }
      fields.emplace_back(s.substr(0, end));
      s.remove_prefix(end + 1);
      continue;
    }
    size_t i = 0;
    while (i < s.size() && !IsSpaceByte(s[i])) ++i;
    fields.emplace_back(s.substr(0, i));
    s.remove_prefix(i);
  }
  for (const auto& f : fields) {
    if (f.empty() || f[0] != '-' || f == "-" || f == "--" || f.rfind("---", 0) == 0 || f.rfind("-=", 0) == 0 ||
        f.rfind("--=", 0) == 0) {
      if (!g.error) g.error = "go: parsing $GOFLAGS: non-flag " + GoQuote(f);
      continue;
    }
    std::string name = f.substr(1);
    if (name[0] == '-') name = name.substr(1);
    std::optional<std::string> v;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      v = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (!IsKnownGoFlag(name) && !g.error) g.error = "go: parsing $GOFLAGS: unknown flag -" + name;
    if (name == "mod") g.mod = v.value_or("");
    g.flags.push_back({f, name, v});
  }
  return g;
}

std::string StripJsonFromGoFlags(std::string_view value) {
  // vscode-go splits GOFLAGS on spaces and drops the -json / --json fields.
  std::string out;
  size_t i = 0;
  bool changed = false;
  std::vector<std::string> kept;
  while (i < value.size()) {
    while (i < value.size() && value[i] == ' ') ++i;
    size_t start = i;
    while (i < value.size() && value[i] != ' ') ++i;
    if (i == start) break;
    std::string field(value.substr(start, i - start));
    if (field == "-json" || field == "--json") {
      changed = true;
      continue;
    }
    kept.push_back(field);
  }
  if (!changed) return std::string(value);
  for (const auto& k : kept) out += (out.empty() ? "" : " ") + k;
  return out;
}

}  // namespace godiag::codec

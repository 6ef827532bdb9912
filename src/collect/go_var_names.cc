#include "collect/go_var_names.h"

#include <set>

#include "collect/vscode_go_keys.h"

namespace godiag::collect {

namespace {

// cmd/go's internal/cfg KnownEnv (Go 1.26), and names other Go tools and runtimes read.
const std::set<std::string, std::less<>>& KnownNames() {
  static const std::set<std::string, std::less<>> kNames = {
      "AR", "CC", "CGO_CFLAGS", "CGO_CFLAGS_ALLOW", "CGO_CFLAGS_DISALLOW", "CGO_CPPFLAGS", "CGO_CPPFLAGS_ALLOW",
      "CGO_CPPFLAGS_DISALLOW", "CGO_CXXFLAGS", "CGO_CXXFLAGS_ALLOW", "CGO_CXXFLAGS_DISALLOW", "CGO_ENABLED",
      "CGO_FFLAGS", "CGO_FFLAGS_ALLOW", "CGO_FFLAGS_DISALLOW", "CGO_LDFLAGS", "CGO_LDFLAGS_ALLOW",
      "CGO_LDFLAGS_DISALLOW", "CXX", "FC", "GCCGO", "GO111MODULE", "GO386", "GOAMD64", "GOARCH", "GOARM", "GOARM64",
      "GOAUTH", "GOBIN", "GOCACHE", "GOCACHEPROG", "GOENV", "GOEXE", "GOEXPERIMENT", "GOFIPS140", "GOFLAGS",
      "GOGCCFLAGS", "GOHOSTARCH", "GOHOSTOS", "GOINSECURE", "GOMIPS", "GOMIPS64", "GOMODCACHE", "GONOPROXY",
      "GONOSUMDB", "GOOS", "GOPATH", "GOPPC64", "GOPRIVATE", "GOPROXY", "GORISCV64", "GOROOT", "GOSUMDB",
      "GOTMPDIR", "GOTOOLCHAIN", "GOTOOLDIR", "GOVCS", "GOWASM", "GOWORK", "GO_EXTLINK_ENABLED", "PKG_CONFIG",
      // Read by the runtime, the toolchain's build, go test, gopls and common images.
      "GODEBUG", "GOGC", "GOMAXPROCS", "GOMEMLIMIT", "GOTRACEBACK", "GORACE", "GOCOVERDIR", "GOTELEMETRY",
      "GOTELEMETRYDIR", "GOVERSION", "GOROOT_BOOTSTRAP", "GOROOT_FINAL", "GOPACKAGESDRIVER", "GOLANG_VERSION",
      "GO_VERSION", "GO_ENV", "GOFUZZCACHE"};
  return kNames;
}

// The variables worth a "did you mean": each changes what is fetched, verified or built.
const std::vector<std::string>& Meaningful() {
  static const std::vector<std::string> kVars = {
      "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOPROXY", "GOSUMDB", "GOFLAGS", "GOTOOLCHAIN",
      "GOWORK", "GO111MODULE", "GOAUTH", "GOVCS", "GOMODCACHE", "CGO_ENABLED", "GOEXPERIMENT", "GOPATH", "GOROOT"};
  return kVars;
}

std::string Upper(std::string_view s) {
  std::string u(s);
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return u;
}

}  // namespace

std::optional<std::string> MeantGoVariable(std::string_view name) {
  if (KnownNames().count(name)) return std::nullopt;
  // A shell statement pasted as a name: cmd.exe's `set export GOPROXY=…` defines "export GOPROXY".
  std::string_view bare = name;
  for (std::string_view lead : {"export ", "set ", "setx ", "$env:", "$Env:", "env "})
    if (bare.substr(0, lead.size()) == lead) bare.remove_prefix(lead.size());
  while (!bare.empty() && (bare.front() == ' ' || bare.front() == '\t')) bare.remove_prefix(1);
  while (!bare.empty() && (bare.back() == ' ' || bare.back() == '\t')) bare.remove_suffix(1);
  if (bare != name && KnownNames().count(bare)) return std::string(bare);
  std::string upper = Upper(name);
  // Names from Go 1.13's betas and from blog posts, renamed or never real.
  if (upper == "GONOSUMCHECK" || upper == "GONOVERIFY" || upper == "GONOSUM") return "GONOSUMDB";
  if (KnownNames().count(upper)) {  // goprivate=…: environment names are case-sensitive on Linux and macOS
    for (const auto& m : Meaningful())
      if (m == upper) return m;
    return std::nullopt;
  }
  return NearestName(upper, Meaningful());
}

std::vector<core::MisspelledGoVar> FindMisspelledGoVars(const core::Snapshot& snap) {
  std::vector<core::MisspelledGoVar> out;
  std::set<std::pair<std::string, std::string>> seen;  // (name, where)
  auto add = [&](const std::string& name, const std::string& where, const std::string& side) {
    auto meant = MeantGoVariable(name);
    if (!meant || !seen.insert({name, where}).second) return;
    out.push_back({name, *meant, where, side});
  };
  for (const auto& [name, value] : snap.process_env) add(name, "the terminal's environment", "terminal");
  if (snap.login_shell.ran)
    for (const auto& [name, value] : snap.login_shell.env)
      if (!snap.process_env.count(name)) add(name, "the login shell's environment (" + snap.login_shell.shell + " -l)", "editor");
  for (const auto& e : snap.user_env_file.entries)
    add(e.key, "go env file " + snap.user_env_file.path + ":" + std::to_string(e.line), "terminal");
  auto at = [](const core::SettingLocation& w) { return w.file + (w.line ? ":" + std::to_string(w.line) : ""); };
  for (const auto& a : snap.editor.tools_env_vars) add(a.name, "go.toolsEnvVars, " + at(a.where), "editor");
  for (const auto& a : snap.editor.gopls_build_env) add(a.name, "gopls build.env, " + at(a.where), "editor");
  return out;
}

}  // namespace godiag::collect

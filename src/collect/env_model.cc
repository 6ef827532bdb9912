#include "collect/env_model.h"

#include <algorithm>
#include <set>

#include "codec/go_flags.h"
#include "collect/env_files.h"

namespace godiag::collect {

using core::EnvValue;
using core::SourceKind;
using core::ValueSource;

const std::vector<std::string>& TrackedVariables() {
  static const std::vector<std::string> kNames = {
      "GO111MODULE", "GOAUTH",     "GOBIN",      "GOCACHE",       "GOENV",       "GOEXPERIMENT",
      "GOFLAGS",     "GOINSECURE", "GOMODCACHE", "GONOPROXY",     "GONOSUMDB",   "GOOS",
      "GOARCH",      "GOPATH",     "GOPRIVATE",  "GOPROXY",       "GOROOT",      "GOSUMDB",
      "GOTOOLCHAIN", "GOVCS",      "GOWORK",     "CGO_ENABLED",   "GOTELEMETRY", "GOVERSION",
      "PATH",        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",     "http_proxy",  "https_proxy",
      "no_proxy",    "SSL_CERT_FILE", "SSL_CERT_DIR", "NETRC",    "GIT_TERMINAL_PROMPT",
      "GOPACKAGESDRIVER",
  };
  return kNames;
}

bool ReadFromEnvFiles(const std::string& name) {
  static const std::set<std::string> kProcessOnly = {
      "GOENV", "GOWORK", "GOVERSION", "PATH", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy",
      "https_proxy", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "NETRC", "GIT_TERMINAL_PROMPT",
      "GOPACKAGESDRIVER", "GOTELEMETRY"};
  return kProcessOnly.count(name) == 0;
}

namespace {

// Variables whose unset value `go env` fills in (a default, or from the env files).
bool ComputedByGo(const std::string& name) {
  static const std::set<std::string> kNever = {"PATH",        "HTTP_PROXY",    "HTTPS_PROXY",  "NO_PROXY",
                                               "http_proxy",  "https_proxy",   "no_proxy",     "SSL_CERT_FILE",
                                               "SSL_CERT_DIR", "NETRC",        "GIT_TERMINAL_PROMPT",
                                               "GOPACKAGESDRIVER"};
  return kNever.count(name) == 0;
}

}  // namespace

ProcessEnv TagEnvironment(const std::map<std::string, std::string>& env, SourceKind kind) {
  ProcessEnv out;
  for (const auto& [k, v] : env) out[k] = EnvValue{v, ValueSource{kind, "", 0, ""}, true, std::nullopt};
  return out;
}

std::map<std::string, std::string> Plain(const ProcessEnv& env) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : env) out[k] = v.value;
  return out;
}

namespace {

ValueSource FromSetting(SourceKind kind, const core::SettingLocation& where, std::string detail = "") {
  return ValueSource{kind, where.file, where.line, std::move(detail)};
}

}  // namespace

ProcessEnv ExtensionHostEnv(const std::map<std::string, std::string>& inherited, SourceKind inherited_kind,
                            const core::EditorSettings& settings, bool goroot_is_dir) {
  ProcessEnv env = TagEnvironment(inherited, inherited_kind);
  if (goroot_is_dir && settings.goroot && settings.goroot->value.is_string() &&
      !settings.goroot->value.get<std::string>().empty()) {
    env["GOROOT"] = EnvValue{settings.goroot->value.get<std::string>(),
                             FromSetting(SourceKind::kGorootSetting, settings.goroot->where), true, std::nullopt};
  }
  return env;
}

ProcessEnv ToolExecutionEnv(const ProcessEnv& host, const core::EditorSettings& settings) {
  ProcessEnv env = host;
  for (const auto& a : settings.tools_env_vars) {
    // vscode-go hands non-string values to the child too (Node stringifies them); the rule
    // editor.env.bad-value reports them.
    env[a.name] = EnvValue{a.value, FromSetting(SourceKind::kToolsEnvVars, a.where), true, std::nullopt};
  }
  if (settings.http_proxy && settings.http_proxy->value.is_string() &&
      !settings.http_proxy->value.get<std::string>().empty()) {
    std::string proxy = settings.http_proxy->value.get<std::string>();
    for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"})
      env[name] = EnvValue{proxy, FromSetting(SourceKind::kHttpProxySetting, settings.http_proxy->where), true, std::nullopt};
  }
  // getCurrentGoPath(): go.gopath, else the host's GOPATH; it replaces a toolsEnvVars GOPATH.
  if (settings.gopath && settings.gopath->value.is_string() && !settings.gopath->value.get<std::string>().empty()) {
    env["GOPATH"] = EnvValue{settings.gopath->value.get<std::string>(),
                             FromSetting(SourceKind::kToolsEnvVars, settings.gopath->where, "go.gopath"), true, std::nullopt};
  } else if (auto it = host.find("GOPATH"); it != host.end() && !it->second.value.empty()) {
    env["GOPATH"] = it->second;
  }
  if (auto it = env.find("GOFLAGS"); it != env.end()) {
    std::string stripped = codec::StripJsonFromGoFlags(it->second.value);
    if (stripped != it->second.value) {
      it->second.source = ValueSource{SourceKind::kEditorRewrite, "", 0,
                                      "-json removed from " + DescribeSource(it->second.source)};
      it->second.value = stripped;
    }
  }
  return env;
}

ProcessEnv WithGoplsBuildEnv(ProcessEnv env, const core::EditorSettings& settings) {
  for (const auto& a : settings.gopls_build_env) {
    if (a.problem) continue;
    env[a.name] = EnvValue{a.value, FromSetting(SourceKind::kGoplsBuildEnv, a.where), true, std::nullopt};
  }
  return env;
}

namespace {

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\n\r\v\f");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\n\r\v\f") - b + 1);
}

}  // namespace

void ApplyGoEnvFillIns(ProcessEnv& env, const std::map<std::string, std::string>& go_env_json) {
  for (const char* name : {"GOPATH", "GOPROXY", "GOBIN", "GOMODCACHE"}) {
    auto have = env.find(name);
    if (have != env.end() && !have->second.value.empty()) continue;
    auto it = go_env_json.find(name);
    if (it == go_env_json.end() || Trimmed(it->second).empty()) continue;
    env[name] = EnvValue{Trimmed(it->second), ValueSource{SourceKind::kGoEnvFillIn, "", 0, ""}, true, std::nullopt};
  }
}

core::EffectiveEnv ResolveEnvironment(const ProcessEnv& process, const core::EnvFile& user_file,
                                      const core::EnvFile& goroot_file,
                                      const std::map<std::string, std::string>& go_env_json,
                                      const std::optional<std::string>& unknown) {
  core::EffectiveEnv out;
  for (const auto& name : TrackedVariables()) {
    EnvValue v;
    auto p = process.find(name);
    if (p != process.end() && !p->second.value.empty()) {
      v = p->second;
    } else if (const core::EnvFileEntry* e = ReadFromEnvFiles(name) && !user_file.disabled
                                                 ? FindEnvEntry(user_file, name)
                                                 : nullptr) {
      v = EnvValue{e->value, ValueSource{SourceKind::kUserEnvFile, user_file.path, e->line, ""}, true, std::nullopt};
    } else if (unknown && ComputedByGo(name)) {
      v.unknown = unknown;
    } else if (const core::EnvFileEntry* g = ReadFromEnvFiles(name) ? FindEnvEntry(goroot_file, name) : nullptr) {
      v = EnvValue{g->value, ValueSource{SourceKind::kGorootEnvFile, goroot_file.path, g->line, ""}, true, std::nullopt};
    } else if (auto j = go_env_json.find(name);
               j != go_env_json.end() && !j->second.empty() && name != "GONOPROXY" && name != "GONOSUMDB") {
      // (go env shows GONOPROXY/GONOSUMDB filled from GOPRIVATE; that defaulting is modelled where
      // the settings are parsed, so an unset value stays unset here.)
      v = EnvValue{j->second, ValueSource{SourceKind::kGoDefault, "", 0, "computed by go env"}, true, std::nullopt};
    }
    // A variable the go command computes (GOROOT, GOPATH, …) may differ from what was set:
    // keep the set value and source, since that is what decides.
    out[name] = std::move(v);
  }
  return out;
}

std::map<std::string, std::string> Values(const core::EffectiveEnv& env) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : env) out[k] = v.value;
  return out;
}

}  // namespace godiag::collect

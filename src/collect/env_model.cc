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

ProcessEnv TagEnvironment(const std::map<std::string, std::string>& env, SourceKind kind) {
  ProcessEnv out;
  for (const auto& [k, v] : env) out[k] = EnvValue{v, ValueSource{kind, "", 0, ""}, true};
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

ProcessEnv BuildEditorProcessEnv(const std::map<std::string, std::string>& inherited,
                                 SourceKind inherited_kind, const core::EditorSettings& settings) {
  ProcessEnv env = TagEnvironment(inherited, inherited_kind);
  if (settings.goroot && settings.goroot->value.is_string()) {
    env["GOROOT"] = EnvValue{settings.goroot->value.get<std::string>(),
                             FromSetting(SourceKind::kGorootSetting, settings.goroot->where), true};
  }
  for (const auto& a : settings.tools_env_vars) {
    // vscode-go hands non-string values to the child too (Node stringifies them); the rule
    // editor.env.bad-value reports them.
    env[a.name] = EnvValue{a.value, FromSetting(SourceKind::kToolsEnvVars, a.where), true};
  }
  if (settings.http_proxy && settings.http_proxy->value.is_string() &&
      !settings.http_proxy->value.get<std::string>().empty()) {
    std::string proxy = settings.http_proxy->value.get<std::string>();
    for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"})
      env[name] = EnvValue{proxy, FromSetting(SourceKind::kHttpProxySetting, settings.http_proxy->where), true};
  }
  if (settings.gopath && settings.gopath->value.is_string() && !settings.gopath->value.get<std::string>().empty()) {
    env["GOPATH"] = EnvValue{settings.gopath->value.get<std::string>(),
                             FromSetting(SourceKind::kToolsEnvVars, settings.gopath->where, "go.gopath"), true};
  }
  if (auto it = env.find("GOFLAGS"); it != env.end()) {
    std::string stripped = codec::StripJsonFromGoFlags(it->second.value);
    if (stripped != it->second.value) {
      it->second.source = ValueSource{SourceKind::kEditorRewrite, "", 0,
                                      "-json removed from " + DescribeSource(it->second.source)};
      it->second.value = stripped;
    }
  }
  for (const auto& a : settings.gopls_build_env) {
    if (a.problem) continue;
    env[a.name] = EnvValue{a.value, FromSetting(SourceKind::kGoplsBuildEnv, a.where), true};
  }
  return env;
}

void ApplyGoEnvFillIns(ProcessEnv& env, const std::map<std::string, std::string>& go_env_json) {
  for (const char* name : {"GOPATH", "GOROOT", "GOPROXY", "GOBIN", "GOMODCACHE"}) {
    auto have = env.find(name);
    if (have != env.end() && !have->second.value.empty()) continue;
    auto it = go_env_json.find(name);
    if (it == go_env_json.end() || it->second.empty()) continue;
    env[name] = EnvValue{it->second, ValueSource{SourceKind::kGoEnvFillIn, "", 0, ""}, true};
  }
}

core::EffectiveEnv ResolveEnvironment(const ProcessEnv& process, const core::EnvFile& user_file,
                                      const core::EnvFile& goroot_file,
                                      const std::map<std::string, std::string>& go_env_json) {
  core::EffectiveEnv out;
  for (const auto& name : TrackedVariables()) {
    EnvValue v;
    auto p = process.find(name);
    if (p != process.end() && !p->second.value.empty()) {
      v = p->second;
    } else if (const core::EnvFileEntry* e = ReadFromEnvFiles(name) && !user_file.disabled
                                                 ? FindEnvEntry(user_file, name)
                                                 : nullptr) {
      v = EnvValue{e->value, ValueSource{SourceKind::kUserEnvFile, user_file.path, e->line, ""}, true};
    } else if (const core::EnvFileEntry* g = ReadFromEnvFiles(name) ? FindEnvEntry(goroot_file, name) : nullptr) {
      v = EnvValue{g->value, ValueSource{SourceKind::kGorootEnvFile, goroot_file.path, g->line, ""}, true};
    } else if (auto j = go_env_json.find(name);
               j != go_env_json.end() && !j->second.empty() && name != "GONOPROXY" && name != "GONOSUMDB") {
      // (go env shows GONOPROXY/GONOSUMDB filled from GOPRIVATE; that defaulting is modelled where
      // the settings are parsed, so an unset value stays unset here.)
      v = EnvValue{j->second, ValueSource{SourceKind::kGoDefault, "", 0, "computed by go env"}, true};
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

#include "collect/go_env.h"

#include <nlohmann/json.hpp>

namespace godiag::collect {

core::Expected<std::map<std::string, std::string>> ParseGoEnvJson(std::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return core::MakeError(core::ErrorCode::kParse, "go env -json printed something that is not a JSON object");
  std::map<std::string, std::string> values;
  for (const auto& [k, v] : doc.items()) {
    if (v.is_string()) values[k] = v.get<std::string>();
  }
  return values;
}

namespace {
std::string FirstLines(const std::string& s, size_t max_lines) {
  size_t pos = 0;
  for (size_t i = 0; i < max_lines && pos != std::string::npos; ++i) {
    pos = s.find('\n', pos == 0 ? 0 : pos + 1);
  }
  std::string out = pos == std::string::npos ? s : s.substr(0, pos);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}
}  // namespace

const std::vector<std::string>& ModelledGoEnvNames() {
  static const std::vector<std::string> kNames = {
      "GO111MODULE", "GOAUTH",  "GOBIN",     "GOCACHE",   "GOENV",       "GOEXPERIMENT", "GOFLAGS",
      "GOINSECURE",  "GOMOD",   "GOMODCACHE", "GONOPROXY", "GONOSUMDB",  "GOOS",         "GOARCH",
      "GOPATH",      "GOPRIVATE", "GOPROXY", "GOROOT",    "GOSUMDB",     "GOTOOLCHAIN",  "GOVCS",
      "GOWORK",      "CGO_ENABLED", "GOTELEMETRY", "GOVERSION"};
  return kNames;
}

core::GoEnvRun CollectGoEnv(const platform::Platform& p, const std::string& label,
                            const std::string& go_path, const std::map<std::string, std::string>& env,
                            const std::string& cwd, std::chrono::milliseconds timeout,
                            const std::vector<std::string>& names) {
  core::GoEnvRun run;
  run.label = label;
  run.go_path = go_path;
  if (go_path.empty()) {
    run.error = "no go binary found";
    return run;
  }
  platform::ProcessSpec spec;
  spec.argv = {go_path, "env", "-json"};
  spec.argv.insert(spec.argv.end(), names.begin(), names.end());
  spec.env = env;
  spec.cwd = cwd;
  spec.timeout = timeout;
  auto result = p.runner.Run(spec);
  if (!result) {
    run.error = result.error().message;
    return run;
  }
  run.exit_code = result->exit_code;
  run.timed_out = result->timed_out;
  if (result->timed_out) {
    run.error = "go env -json did not finish within " + std::to_string(timeout.count() / 1000) +
                " s (a toolchain download or a hung network?)";
    return run;
  }
  auto values = ParseGoEnvJson(result->out);
  if (result->exit_code != 0 || !values) {
    std::string err = FirstLines(result->err, 8);
    run.error = err.empty() ? (values ? "exit status " + std::to_string(result->exit_code)
                                      : values.error().message)
                            : err;
    return run;
  }
  run.ok = true;
  run.values = std::move(*values);
  if (!result->err.empty()) run.error = FirstLines(result->err, 8);  // warnings printed beside the JSON
  return run;
}

}  // namespace godiag::collect

#include "collect/login_shell.h"

namespace godiag::collect {

core::Expected<std::map<std::string, std::string>> ParseMarkedEnv(std::string_view out) {
  size_t begin = out.find(kShellEnvMarker);
  if (begin == std::string_view::npos)
    return core::MakeError(core::ErrorCode::kParse, "shell printed no environment");
  begin += kShellEnvMarker.size();
  size_t end = out.find(kShellEnvMarker, begin);
  if (end == std::string_view::npos)
    return core::MakeError(core::ErrorCode::kParse, "shell environment output is truncated");
  std::string_view body = out.substr(begin, end - begin);
  std::map<std::string, std::string> env;
  size_t start = 0;
  while (start < body.size()) {
    size_t nul = body.find('\0', start);
    if (nul == std::string_view::npos) nul = body.size();
    std::string_view item = body.substr(start, nul - start);
    size_t eq = item.find('=');
    if (eq != std::string_view::npos && eq > 0)
      env.emplace(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
    start = nul + 1;
  }
  return env;
}

std::vector<std::string> ShellEnvArgv(const std::string& shell) {
  std::string base = shell.substr(shell.rfind('/') + 1);
  std::string marker(kShellEnvMarker);
  std::string script = "printf '%s' '" + marker + "'; command env -0; printf '%s' '" + marker + "'";
  if (base == "tcsh" || base == "csh") {
    script = "printf '%s' '" + marker + "'; env -0; printf '%s' '" + marker + "'";
    return {shell, "-ic", script};
  }
  if (base == "fish" || base == "nu") script = "printf '%s' '" + marker + "'; env -0; printf '%s' '" + marker + "'";
  return {shell, "-i", "-l", "-c", script};
}

core::LoginShellEnv CollectLoginShellEnv(const platform::Platform& p,
                                         const std::map<std::string, std::string>& process_env,
                                         std::chrono::milliseconds timeout) {
  core::LoginShellEnv result;
  auto it = process_env.find("SHELL");
  result.shell = it == process_env.end() || it->second.empty() ? "/bin/sh" : it->second;
  platform::ProcessSpec spec;
  spec.argv = ShellEnvArgv(result.shell);
  auto env = process_env;
  env["VSCODE_RESOLVING_ENVIRONMENT"] = "1";  // what VS Code sets, so rc files behave alike
  spec.env = env;
  spec.timeout = timeout;
  auto run = p.runner.Run(spec);
  if (!run) {
    result.error = run.error().message;
    return result;
  }
  result.elapsed_ms = run->elapsed_ms;
  if (run->timed_out) {
    result.error = "login shell did not finish within " + std::to_string(timeout.count()) + " ms";
    return result;
  }
  auto parsed = ParseMarkedEnv(run->out);
  if (!parsed) {
    result.error = parsed.error().message + " (exit status " + std::to_string(run->exit_code) + ")";
    return result;
  }
  result.ran = true;
  result.env = std::move(*parsed);
  result.env.erase("VSCODE_RESOLVING_ENVIRONMENT");
  result.env.erase("SHLVL");
  result.env.erase("_");
  result.env.erase("PWD");
  result.env.erase("OLDPWD");
  return result;
}

}  // namespace godiag::collect

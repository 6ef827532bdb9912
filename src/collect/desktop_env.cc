#include "collect/desktop_env.h"

#include "codec/go_strings.h"

namespace godiag::collect {

namespace {

using codec::detail::HexValue;

// The body of a $'…' value: C escapes as bash reads them.
std::string UnescapeDollarQuoted(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'e': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'x': {
        int v = 0, n = 0;
        while (n < 2 && i + 1 < s.size() && HexValue(s[i + 1]) >= 0) v = v * 16 + HexValue(s[++i]), ++n;
        if (n == 0) out += "\\x";
        else out += static_cast<char>(v);
        break;
      }
      default:
        if (c >= '0' && c <= '7') {
          int v = c - '0', n = 1;
          while (n < 3 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7') v = v * 8 + (s[++i] - '0'), ++n;
          out += static_cast<char>(v & 0xff);
        } else {
          out += c;  // \\ \' \" and any other character stand for themselves
        }
    }
  }
  return out;
}

std::string UnquoteSystemdValue(std::string_view v) {
  if (v.size() >= 3 && v.starts_with("$'") && v.ends_with('\'')) return UnescapeDollarQuoted(v.substr(2, v.size() - 3));
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    std::string out;
    for (size_t i = 1; i + 1 < v.size(); ++i) {
      if (v[i] == '\\' && i + 2 < v.size()) ++i;
      out += v[i];
    }
    return out;
  }
  return std::string(v);
}

}  // namespace

std::map<std::string, std::string> ParseSystemdEnvironment(std::string_view out) {
  std::map<std::string, std::string> env;
  size_t start = 0;
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    if (nl == std::string_view::npos) nl = out.size();
    std::string_view line = out.substr(start, nl - start);
    start = nl + 1;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    env[std::string(line.substr(0, eq))] = UnquoteSystemdValue(line.substr(eq + 1));
  }
  return env;
}

std::string DefaultDesktopPath(const std::string& os) {
  if (os == "darwin") return "/usr/bin:/bin:/usr/sbin:/sbin";
  return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

std::map<std::string, std::string> MinimalDesktopEnv(const std::map<std::string, std::string>& terminal_env,
                                                     const std::string& os) {
  std::map<std::string, std::string> env;
  for (const auto& [k, v] : terminal_env) {
    if (k == "HOME" || k == "USER" || k == "LOGNAME" || k == "SHELL" || k == "LANG" || k == "LANGUAGE" ||
        k.starts_with("LC_"))
      env[k] = v;
  }
  env["PATH"] = DefaultDesktopPath(os);
  return env;
}

core::EditorLaunch CollectEditorLaunch(const platform::Platform& p, const std::map<std::string, std::string>& terminal_env,
                                       LaunchedFrom from, std::chrono::milliseconds timeout) {
  core::EditorLaunch launch;
  if (from == LaunchedFrom::kTerminal) {
    launch.kind = core::EditorLaunch::Kind::kTerminal;
    launch.origin = "this terminal's environment (VS Code started from it with `code`)";
    launch.env = terminal_env;
    return launch;
  }
  const std::string os = p.env.Os();
  // systemctl --user talks to the user manager over $XDG_RUNTIME_DIR/systemd/private; without
  // it (SSH sessions, containers, CI) it can only fail, after tens of milliseconds.
  auto runtime = terminal_env.find("XDG_RUNTIME_DIR");
  bool manager = runtime != terminal_env.end() && !runtime->second.empty() &&
                 p.fs.Stat(runtime->second + "/systemd/private").type != platform::FileType::kNone;
  if (os == "linux" && !manager) {
    launch.systemd_error = runtime == terminal_env.end() || runtime->second.empty()
                               ? "no systemd user manager (XDG_RUNTIME_DIR is unset)"
                               : "no systemd user manager (no " + runtime->second + "/systemd/private)";
  } else if (os == "linux") {
    platform::ProcessSpec spec;
    spec.argv = {"systemctl", "--user", "show-environment"};
    spec.env = terminal_env;  // its XDG_RUNTIME_DIR / DBUS_SESSION_BUS_ADDRESS reach the user manager
    spec.timeout = timeout;
    auto run = p.runner.Run(spec);
    if (run && !run->timed_out && run->exit_code == 0) {
      launch.env = ParseSystemdEnvironment(run->out);
      if (launch.env.count("HOME") != 0) {
        launch.kind = core::EditorLaunch::Kind::kSystemdUser;
        launch.origin = "the desktop session's environment (systemd user manager)";
        if (launch.env.count("PATH") == 0) launch.env["PATH"] = DefaultDesktopPath(os);
        return launch;
      }
      launch.systemd_error = "systemctl --user show-environment printed no HOME";
    } else if (!run) {
      launch.systemd_error = run.error().message;
    } else {
      std::string err = run->err.substr(0, run->err.find('\n'));
      launch.systemd_error = run->timed_out ? "systemctl --user show-environment did not answer in time"
                                            : "systemctl --user show-environment: " + (err.empty() ? "exit status " + std::to_string(run->exit_code) : err);
    }
  }
  launch.kind = core::EditorLaunch::Kind::kMinimalDesktop;
  launch.env = MinimalDesktopEnv(terminal_env, os);
  launch.origin = "a minimal desktop environment (HOME, USER, LOGNAME, SHELL, LANG/LC_* of this terminal, PATH=" +
                  launch.env["PATH"] + ")" + (launch.systemd_error ? ": " + *launch.systemd_error : "");
  return launch;
}

}  // namespace godiag::collect

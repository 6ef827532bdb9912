#include "probe/dap_target.h"

#include <nlohmann/json.hpp>

namespace godiag::probe {

using nlohmann::json;

namespace {

std::string Get(const std::map<std::string, std::string>& env, const std::string& key) {
  auto it = env.find(key);
  return it == env.end() ? "" : it->second;
}

std::string FindOnPath(const platform::FileSystem& fs, const std::string& name, const std::string& path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t colon = path.find(':', start);
    std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    auto st = fs.Stat(candidate);
    if (st.type == platform::FileType::kFile && st.executable) return candidate;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return "";
}

std::vector<std::string> DelveArgv(const std::string& dlv, const core::DapLaunchConfig& config) {
  std::vector<std::string> argv = {dlv, "dap"};
  argv.insert(argv.end(), config.dlv_flags.begin(), config.dlv_flags.end());
  if (config.show_log) {
    argv.push_back("--log=true");
    if (!config.log_output.empty()) argv.push_back("--log-output=" + config.log_output);
  }
  // vscode-go adds --log-dest=3 (the log and the banner then go to fd 3); godiag reads
  // the banner from stdout instead, the only difference.
  argv.push_back("--listen=127.0.0.1:0");
  return argv;
}

}  // namespace

std::string ReadDlvVersion(const platform::ProcessRunner& runner, const std::string& dlv,
                           const std::map<std::string, std::string>& env) {
  platform::ProcessSpec spec;
  spec.argv = {dlv, "version"};
  spec.env = env;
  spec.timeout = std::chrono::milliseconds(5000);
  auto r = runner.Run(spec);
  return r && r->exit_code == 0 ? ParseDlvVersion(r->out) : "";
}

std::string ParseDlvVersion(std::string_view out) {
  size_t at = out.find("Version: ");
  if (at == std::string_view::npos) return "";
  std::string_view rest = out.substr(at + 9);
  return std::string(rest.substr(0, rest.find_first_of("\r\n ")));
}

std::string LaunchArguments(const core::DapLaunchConfig& c) {
  json args = {{"type", "go"}, {"request", "launch"}, {"mode", c.mode}};
  if (!c.name.empty()) args["name"] = c.name;
  std::string program = c.program;
  if (c.mode != "exec" && program.rfind(c.build_dir, 0) == 0) {
    std::string rest = program.substr(c.build_dir.size());
    program = rest.empty() ? "." : "." + rest;
  }
  args["program"] = program;
  if (!c.cwd.empty()) args["cwd"] = c.cwd;
  if (!c.args.empty()) args["args"] = c.args;
  if (!c.env.empty()) args["env"] = c.env;
  if (!c.build_flags.empty()) {
    if (c.build_flags_string) {
      std::string joined;
      for (const auto& f : c.build_flags) joined += (joined.empty() ? "" : " ") + f;
      args["buildFlags"] = joined;
    } else {
      args["buildFlags"] = c.build_flags;
    }
  }
  return args.dump();
}

DapProbeOptions EditorDelveTarget(const core::Snapshot& snap, const core::DapLaunchConfig& config,
                                  const platform::FileSystem& fs, const platform::ProcessRunner& runner) {
  DapProbeOptions o;
  o.seed.config = config;
  const core::ToolInfo& dlv = snap.tools.dlv;
  auto& server = o.seed.server;
  server.searched = dlv.searched;
  server.found_by = dlv.found_by;
  server.built_with = dlv.built_with;
  const auto& editor_env = snap.editor_side.process_env.empty() ? snap.process_env : snap.editor_side.process_env;
  std::map<std::string, std::string> env = editor_env;
  for (const auto& [k, v] : config.env) env[k] = v;
  std::string terminal = FindOnPath(fs, "dlv", Get(snap.process_env, "PATH"));
  if (dlv.path.empty()) {
    o.seed.not_found = true;
    o.seed.start_error = "no dlv found the way the editor looks for it";
    o.seed.label = "dlv (not found)";
    server.terminal_path = terminal;
    return o;
  }
  server.path = dlv.path;
  server.version = ReadDlvVersion(runner, dlv.path, env);
  if (!terminal.empty() && fs.RealPath(terminal) != fs.RealPath(dlv.path)) {
    server.terminal_path = terminal;
    server.terminal_version = ReadDlvVersion(runner, terminal, snap.process_env);
  }
  o.label = "dlv dap as the editor starts it";
  o.seed.label = o.label;
  o.transport = DapTransport::kDelveListen;
  o.spec.argv = DelveArgv(dlv.path, config);
  o.spec.env = env;
  o.spec.cwd = config.build_dir;
  o.launch_arguments = LaunchArguments(config);
  return o;
}

DapProbeOptions ExplicitDapTarget(const std::vector<std::string>& argv, const std::string& connect,
                                  const std::string& dir, const core::DapLaunchConfig& config,
                                  const std::map<std::string, std::string>& env) {
  DapProbeOptions o;
  o.seed.config = config;
  o.launch_arguments = LaunchArguments(config);
  if (!connect.empty()) {
    o.transport = DapTransport::kConnect;
    o.connect = connect;
    o.label = connect;
    o.seed.server.kind = "tcp";
    return o;
  }
  o.spec.argv = argv;
  o.spec.env = env;
  o.spec.cwd = config.build_dir.empty() ? dir : config.build_dir;
  o.label = argv.empty() ? "" : argv[0];
  o.seed.server.path = o.label;
  o.seed.server.found_by = "command line";
  bool listens = false;
  for (const auto& a : argv) listens = listens || a.rfind("--listen", 0) == 0 || a == "-l";
  o.transport = listens ? DapTransport::kDelveListen : DapTransport::kStdio;
  o.seed.label = o.label;
  return o;
}

}  // namespace godiag::probe

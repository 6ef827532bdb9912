#include "collect/env_files.h"

namespace godiag::collect {

std::vector<core::EnvFileEntry> ParseEnvFile(std::string_view text) {
  std::vector<core::EnvFileEntry> entries;
  int line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++line_no;
    size_t eq = line.find('=');
    if (!line.empty() && line[0] >= 'A' && line[0] <= 'Z' && eq != std::string_view::npos) {
      entries.push_back({std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)), line_no});
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  return entries;
}

namespace {
std::string Get(const std::map<std::string, std::string>& env, const std::string& key) {
  auto it = env.find(key);
  return it == env.end() ? "" : it->second;
}
}  // namespace

core::EnvFile LocateUserEnvFile(const std::map<std::string, std::string>& env, const std::string& os) {
  core::EnvFile file;
  std::string goenv = Get(env, "GOENV");
  if (goenv == "off") {
    file.disabled = true;
    return file;
  }
  if (!goenv.empty()) {
    file.path = goenv;
    return file;
  }
  std::string dir;
  if (os == "windows") {
    dir = Get(env, "AppData");
    if (dir.empty()) dir = Get(env, "APPDATA");
    if (dir.empty()) file.error = "%AppData% is not defined";
  } else if (os == "darwin" || os == "ios") {
    std::string home = Get(env, "HOME");
    if (home.empty()) file.error = "$HOME is not defined";
    else dir = home + "/Library/Application Support";
  } else if (os == "plan9") {
    std::string home = Get(env, "home");
    if (home.empty()) file.error = "$home is not defined";
    else dir = home + "/lib";
  } else {
    std::string xdg = Get(env, "XDG_CONFIG_HOME");
    if (!xdg.empty()) {
      if (xdg[0] != '/') file.error = "path in $XDG_CONFIG_HOME is relative";
      else dir = xdg;
    } else {
      std::string home = Get(env, "HOME");
      if (home.empty()) file.error = "neither $XDG_CONFIG_HOME nor $HOME are defined";
      else dir = home + "/.config";
    }
  }
  if (!dir.empty()) file.path = dir + (os == "windows" ? "\\go\\env" : "/go/env");
  return file;
}

core::EnvFile CollectEnvFile(const platform::FileSystem& fs, core::EnvFile file) {
  if (file.disabled || file.path.empty()) return file;
  auto text = fs.ReadFile(file.path, 1u << 20);
  if (!text) {
    if (text.error().code != core::ErrorCode::kNotFound) file.error = text.error().message;
    return file;
  }
  file.exists = true;
  file.entries = ParseEnvFile(*text);
  return file;
}

const core::EnvFileEntry* FindEnvEntry(const core::EnvFile& file, const std::string& key) {
  const core::EnvFileEntry* found = nullptr;
  for (const auto& e : file.entries)
    if (e.key == key) found = &e;
  return found;
}

}  // namespace godiag::collect

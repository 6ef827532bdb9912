#include "codec/netrc.h"

#include <cstdint>

#include "codec/go_strings.h"

namespace godiag::codec {

namespace {

struct Parser {
  std::vector<NetrcEntry> entries;
  NetrcEntry current;
  bool in_macro = false;

  // One line's (keyword, value) pairs; false once "default" ends the file.
  bool Line(std::string_view line, int number) {
    if (in_macro) {
      in_macro = !line.empty();
      return true;
    }
    auto f = GoFields(line);
    size_t i = 0;
    for (; i + 1 < f.size(); i += 2) Pair(f[i], f[i + 1], number);
    return !(i < f.size() && f[i] == "default");
  }

  void Pair(std::string_view key, std::string_view value, int number) {
    if (key == "machine") current = NetrcEntry{std::string(value), "", "", number};
    else if (key == "login") current.login = std::string(value);
    else if (key == "password") current.password = std::string(value);
    else if (key == "macdef") in_macro = true;  // the rest of this line is still read
    if (!current.machine.empty() && !current.login.empty() && !current.password.empty()) {
      entries.push_back(current);
      current = NetrcEntry{};
    }
  }
};

// filepath.Clean for Unix paths.
std::string CleanPath(std::string_view p) {
  bool rooted = !p.empty() && p[0] == '/';
  std::vector<std::string_view> parts;
  for (size_t start = 0; start <= p.size();) {
    size_t slash = p.find('/', start);
    std::string_view part = p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    start = slash == std::string_view::npos ? p.size() + 1 : slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") parts.pop_back();
    else if (part != ".." || !rooted) parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : "/") + std::string(parts[i]);
  return out.empty() ? "." : out;
}

}  // namespace

std::vector<NetrcEntry> ParseNetrc(std::string_view data) {
  Parser p;
  int number = 1;
  for (size_t start = 0; start <= data.size(); ++number) {
    size_t nl = data.find('\n', start);
    std::string_view line = data.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? data.size() + 1 : nl + 1;
    if (!p.Line(line, number)) break;
  }
  return p.entries;
}

std::optional<std::string> NetrcPath(const std::map<std::string, std::string>& env) {
  auto get = [&env](const char* name) {
    auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
  };
  if (std::string netrc = get("NETRC"); !netrc.empty()) return netrc;
  std::string home = get("HOME");
  if (home.empty()) return std::nullopt;  // os.UserHomeDir: "$HOME is not defined"
  return CleanPath(home + "/.netrc");
}

}  // namespace godiag::codec

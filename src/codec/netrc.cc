#include "codec/netrc.h"

#include <cstdint>

#include "codec/go_text.h"

namespace godiag::codec {

namespace {

// Width of the white-space rune at s[i], 0 when s[i] starts no white space (invalid UTF-8
// never counts as space).
size_t SpaceWidth(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  if (b(i) < 0x80) return IsGoSpace(b(i)) ? 1 : 0;
  size_t n = b(i) >= 0xE0 && b(i) < 0xF0 ? 3 : b(i) >= 0xC2 && b(i) < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;  // the spaces above are 2 or 3 bytes long
  uint32_t r = b(i) & (n == 2 ? 0x1F : 0x0F);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    r = (r << 6) | (b(i + k) & 0x3F);
  }
  if (n == 3 && r < 0x800) return 0;  // overlong: not a rune
  return IsGoSpace(r) ? n : 0;
}

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

std::vector<std::string_view> GoFields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i < s.size();) {
    size_t w = SpaceWidth(s, i);
    if (w == 0) {
      if (start == std::string_view::npos) start = i;
      ++i;
      continue;
    }
    if (start != std::string_view::npos) out.push_back(s.substr(start, i - start));
    start = std::string_view::npos;
    i += w;
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
  return out;
}

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

#include "collect/vscode_go_lookup.h"

#include <cctype>

namespace godiag::collect {

namespace {

bool IsSep(HostOs os, char c) { return c == '/' || (os == HostOs::kWindows && c == '\\'); }

// The root a path starts with ("/", "C:\", "\\", "") and the rest.
std::pair<std::string, std::string> SplitRoot(HostOs os, const std::string& p) {
  if (os != HostOs::kWindows) return p.starts_with('/') ? std::pair{std::string("/"), p.substr(1)} : std::pair{std::string(), p};
  if (p.size() >= 2 && std::isalpha(static_cast<unsigned char>(p[0])) && p[1] == ':') {
    if (p.size() >= 3 && IsSep(os, p[2])) return {p.substr(0, 2) + "\\", p.substr(3)};
    return {p.substr(0, 2), p.substr(2)};
  }
  if (p.size() >= 2 && IsSep(os, p[0]) && IsSep(os, p[1])) return {"\\\\", p.substr(2)};
  if (!p.empty() && IsSep(os, p[0])) return {"\\", p.substr(1)};
  return {"", p};
}

// Node's executableFileExists: a regular file the user may execute (on Windows, X_OK is F_OK).
bool ExecutableFile(const platform::FileSystem& fs, HostOs os, const std::string& path) {
  platform::FileStat st = fs.Stat(path);
  return os == HostOs::kWindows ? st.type == platform::FileType::kFile : st.executable;
}

std::string BinName(HostOs os, const std::string& name) { return os == HostOs::kWindows ? name + ".exe" : name; }

// getBinPathFromEnvVar: the first `dir[/bin]/name` over the entries of a path list.
std::string FromPathList(const platform::FileSystem& fs, HostOs os, const std::string& name, const std::string& list,
                         bool append_bin) {
  if (list.empty()) return "";
  for (const auto& dir : SplitPathList(os, list)) {
    std::string candidate = append_bin ? JoinPath(os, {dir, "bin", BinName(os, name)})
                                       : JoinPath(os, {dir, BinName(os, name)});
    if (ExecutableFile(fs, os, candidate)) return candidate;
  }
  return "";
}

std::vector<std::string> DefaultGoPaths(HostOs os) {
  if (os == HostOs::kWindows) return {"C:\\Program Files\\Go\\bin\\go.exe", "C:\\Program Files (x86)\\Go\\bin\\go.exe"};
  return {"/usr/local/go/bin/go", "/usr/local/bin/go"};
}

}  // namespace

HostOs HostOsFromName(const std::string& os) {
  if (os == "windows") return HostOs::kWindows;
  if (os == "darwin") return HostOs::kDarwin;
  return HostOs::kLinux;
}

char PathListSeparator(HostOs os) { return os == HostOs::kWindows ? ';' : ':'; }

bool IsAbsolutePath(HostOs os, const std::string& path) {
  auto [root, rest] = SplitRoot(os, path);
  if (os != HostOs::kWindows) return !root.empty();
  return !root.empty() && (root.size() != 2 || root[1] != ':');  // "C:foo" is relative to C:'s cwd
}

std::string JoinPath(HostOs os, const std::vector<std::string>& segments) {
  std::string joined;
  for (const auto& s : segments) {
    if (s.empty()) continue;
    joined += joined.empty() ? s : std::string(1, os == HostOs::kWindows ? '\\' : '/') + s;
  }
  if (joined.empty()) return ".";
  auto [root, rest] = SplitRoot(os, joined);
  if (os == HostOs::kWindows)
    for (char& c : root) c = c == '/' ? '\\' : c;
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= rest.size()) {
    size_t j = i;
    while (j < rest.size() && !IsSep(os, rest[j])) ++j;
    std::string part = rest.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (root.empty()) parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out = root;
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? std::string(1, os == HostOs::kWindows ? '\\' : '/') : "") + parts[k];
  return out.empty() ? "." : out;
}

std::vector<std::string> SplitPathList(HostOs os, const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  const char sep = PathListSeparator(os);
  while (true) {
    size_t end = list.find(sep, start);
    out.push_back(list.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

ToolFound FindToolLikeVscodeGo(const platform::FileSystem& fs, const ToolLookup& in) {
  ToolFound r;
  const HostOs os = in.os;
  const std::string alt_label = in.alternate_source.empty() ? "go.alternateTools." + in.tool : in.alternate_source;
  if (!in.alternate.empty() && IsAbsolutePath(os, in.alternate)) {
    if (ExecutableFile(fs, os, in.alternate)) {
      r.path = in.alternate;
      r.why = "alternateTool";
      r.how = alt_label + " " + in.alternate;
      r.searched.push_back(r.how);
      return r;
    }
    r.searched.push_back(alt_label + " " + in.alternate + " (not an executable file: ignored)");
  }
  const bool renamed = !in.alternate.empty() && !IsAbsolutePath(os, in.alternate);
  const std::string name = renamed ? in.alternate : in.tool;
  auto found = [&](std::string path, std::string why, std::string how) {
    r.path = std::move(path);
    r.why = renamed ? "alternateTool" : std::move(why);
    r.how = renamed ? alt_label + " \"" + name + "\" found in " + how : std::move(how);
    return r;
  };
  r.searched.push_back("GOBIN " + (in.gobin.empty() ? std::string("(unset)") : in.gobin));
  if (std::string p = FromPathList(fs, os, name, in.gobin, false); !p.empty()) return found(p, "gobin", "GOBIN " + in.gobin);
  for (const auto& [label, list] : in.preferred_gopaths) {
    if (list.empty()) continue;
    std::string bins;
    for (const auto& dir : SplitPathList(os, list)) bins += (bins.empty() ? "" : ", ") + JoinPath(os, {dir, "bin"});
    r.searched.push_back(label + "/bin " + bins);
    if (std::string p = FromPathList(fs, os, name, list, true); !p.empty())
      return found(p, "gopath", label + "/bin " + p.substr(0, p.size() - BinName(os, name).size() - 1));
  }
  const std::string& goroot = in.preferred_goroot.empty() ? in.current_goroot : in.preferred_goroot;
  const std::string goroot_label = in.preferred_goroot.empty() ? "GOROOT" : "go.goroot";
  if (!goroot.empty()) {
    r.searched.push_back(goroot_label + "/bin " + JoinPath(os, {goroot, "bin"}));
    if (std::string p = FromPathList(fs, os, name, goroot, true); !p.empty())
      return found(p, "goroot", goroot_label + "/bin " + JoinPath(os, {goroot, "bin"}));
  }
  r.searched.push_back("PATH");
  if (std::string p = FromPathList(fs, os, name, in.path, false); !p.empty()) {
    if (in.tool == "go" && p == "/snap/bin/go")  // the extension's snapd work-around (golang/vscode-go#166)
      return found("/snap/go/current/bin/go", "path", "PATH (/snap/bin/go, used as /snap/go/current/bin/go)");
    return found(p, "path", "PATH");
  }
  if (in.tool != "go") return r;
  for (const auto& p : DefaultGoPaths(os)) {
    r.searched.push_back("the Go extension's default path " + p);
    if (ExecutableFile(fs, os, p)) {
      r.path = p;
      r.why = "default";
      r.how = "the Go extension's default path " + p;
      return r;
    }
  }
  return r;
}

}  // namespace godiag::collect

#include "collect/workspace.h"

#include <map>
#include <set>

#include "codec/go_mod.h"

namespace godiag::collect {

namespace {

constexpr int kMaxDepth = 6;
constexpr size_t kMaxNested = 200;

std::string Parent(const std::string& dir) {
  size_t slash = dir.rfind('/');
  if (slash == std::string::npos || dir == "/") return "";
  return slash == 0 ? "/" : dir.substr(0, slash);
}

std::string Join(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

// First `name` in dir or a parent, "" when none.
std::string FindUp(const platform::FileSystem& fs, std::string dir, const std::string& name) {
  for (; !dir.empty(); dir = Parent(dir)) {
    std::string candidate = Join(dir, name);
    if (fs.Stat(candidate).type == platform::FileType::kFile) return candidate;
    if (dir == "/") break;
  }
  return "";
}

void FindNested(const platform::FileSystem& fs, const std::string& root, const std::string& rel, int depth,
                std::vector<std::string>& out) {
  if (depth > kMaxDepth || out.size() >= kMaxNested) return;
  std::string dir = rel.empty() ? root : Join(root, rel);
  auto names = fs.ListDir(dir);
  if (!names) return;
  for (const auto& name : *names) {
    if (out.size() >= kMaxNested) return;
    if (name.empty() || name[0] == '.' || name[0] == '_' || name == "vendor" || name == "testdata" ||
        name == "node_modules")
      continue;
    std::string child_rel = rel.empty() ? name : rel + "/" + name;
    if (fs.Stat(Join(root, child_rel)).type != platform::FileType::kDirectory) continue;
    if (fs.Stat(Join(Join(root, child_rel), "go.mod")).type == platform::FileType::kFile)
      out.push_back(child_rel + "/go.mod");
    FindNested(fs, root, child_rel, depth + 1, out);
  }
}

}  // namespace

std::vector<std::string> CheckVendorConsistency(const core::GoModFile& gomod, std::string_view modules_txt) {
  // modules.txt: "# path version" starts a module; "## explicit[; go 1.x]" marks it required.
  std::map<std::string, std::string> explicit_in_vendor;  // path -> version
  std::string current_path, current_version;
  size_t start = 0;
  while (start < modules_txt.size()) {
    size_t nl = modules_txt.find('\n', start);
    std::string_view line = modules_txt.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? modules_txt.size() : nl + 1;
    if (line.rfind("# ", 0) == 0) {
      std::string_view rest = line.substr(2);
      size_t sp = rest.find(' ');
      current_path = std::string(rest.substr(0, sp));
      current_version = sp == std::string_view::npos ? "" : std::string(rest.substr(sp + 1));
      size_t arrow = current_version.find(' ');
      if (arrow != std::string::npos) current_version = current_version.substr(0, arrow);
    } else if (line.rfind("## ", 0) == 0 && !current_path.empty()) {
      if (line.find("explicit") != std::string_view::npos) explicit_in_vendor[current_path] = current_version;
    }
  }
  std::vector<std::string> problems;
  std::set<std::string> required;
  for (const auto& r : gomod.requires_) {
    required.insert(r.path);
    auto it = explicit_in_vendor.find(r.path);
    if (it == explicit_in_vendor.end())
      problems.push_back(r.path + "@" + r.version +
                         ": is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt");
    else if (it->second != r.version)
      problems.push_back(r.path + "@" + r.version + ": is explicitly required in go.mod, but vendor/modules.txt indicates " +
                         r.path + "@" + it->second);
  }
  for (const auto& [path, version] : explicit_in_vendor) {
    if (!required.count(path))
      problems.push_back(path + "@" + version +
                         ": is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod");
  }
  return problems;
}

core::Workspace CollectWorkspace(const platform::Platform& p, const std::string& dir, const std::string& gowork_env,
                                 bool scan_nested) {
  core::Workspace ws;
  ws.dir = dir;
  ws.gowork_env = gowork_env;
  if (std::string gomod = FindUp(p.fs, dir, "go.mod"); !gomod.empty()) {
    if (auto text = p.fs.ReadFile(gomod, 16u << 20)) ws.gomod = codec::ParseGoMod(*text, gomod);
  }
  std::string gowork;
  if (gowork_env == "off") gowork = "";
  else if (!gowork_env.empty()) gowork = gowork_env;
  else gowork = FindUp(p.fs, dir, "go.work");
  if (!gowork.empty()) {
    if (auto text = p.fs.ReadFile(gowork, 16u << 20)) ws.gowork = codec::ParseGoWork(*text, gowork);
  }
  if (scan_nested) FindNested(p.fs, dir, "", 0, ws.nested_modules);
  if (ws.gomod) {
    std::string vendor = Join(Parent(ws.gomod->path), "vendor");
    ws.vendor.dir_exists = p.fs.Stat(vendor).type == platform::FileType::kDirectory;
    if (auto txt = p.fs.ReadFile(Join(vendor, "modules.txt"), 64u << 20)) {
      ws.vendor.modules_txt_exists = true;
      ws.vendor.problems = CheckVendorConsistency(*ws.gomod, *txt);
    }
  }
  return ws;
}

}  // namespace godiag::collect

#include "collect/logs.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <deque>

#include "collect/log_scan.h"
#include "lsp/gunzip.h"

namespace godiag::collect {

namespace {

using StringMap = std::map<std::string, std::string>;

constexpr size_t kReadChunk = 1u << 20;

std::string Get(const StringMap& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? "" : it->second;
}

std::string Join(const std::string& os, std::string a, const std::string& b) {
  char sep = os == "windows" ? '\\' : '/';
  if (a.empty()) return b;
  if (a.back() != '/' && a.back() != sep) a += sep;
  return a + b;
}

std::string JoinAll(const std::string& os, std::string a, std::initializer_list<const char*> parts) {
  for (const char* p : parts) a = Join(os, a, p);
  return a;
}

// VS Code's user-data parent (getAppDataPath): VSCODE_APPDATA, else the OS's per-user folder.
std::string AppData(const std::string& os, const StringMap& env, const std::string& home) {
  std::string v = Get(env, "VSCODE_APPDATA");
  if (!v.empty()) return v;
  if (os == "windows") {
    v = Get(env, "APPDATA");
    return v.empty() ? JoinAll(os, home, {"AppData", "Roaming"}) : v;
  }
  if (os == "darwin") return JoinAll(os, home, {"Library", "Application Support"});
  v = Get(env, "XDG_CONFIG_HOME");
  return v.empty() ? Join(os, home, ".config") : v;
}

void AddNeovimRoots(const std::string& os, const StringMap& env, const std::string& home, std::vector<LogRoot>& out) {
  std::string app = Get(env, "NVIM_APPNAME");
  if (app.empty()) app = "nvim";
  auto add = [&](std::string path, const char* note) {
    out.push_back({LogRootKind::kNeovimFile, "Neovim", std::move(path), note});
  };
  if (os == "windows") {
    std::string local = Get(env, "LOCALAPPDATA");
    if (local.empty()) local = JoinAll(os, home, {"AppData", "Local"});
    add(JoinAll(os, local, {(app + "-data").c_str(), "lsp.log"}), "Neovim >= 0.8");
    add(JoinAll(os, local, {"Temp", "nvim", "lsp.log"}), "Neovim 0.5 - 0.7");
    return;
  }
  auto xdg = [&](const char* var, const char* fallback) {
    std::string v = Get(env, var);
    return v.empty() ? Join(os, home, fallback) : v;
  };
  add(JoinAll(os, xdg("XDG_STATE_HOME", ".local/state"), {app.c_str(), "lsp.log"}), "Neovim >= 0.8");
  add(JoinAll(os, xdg("XDG_CACHE_HOME", ".cache"), {app.c_str(), "lsp.log"}), "Neovim 0.5 - 0.7");
  add(JoinAll(os, xdg("XDG_DATA_HOME", ".local/share"), {"nvim", "lsp.log"}), "Neovim 0.5 development builds");
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "3-gopls (server).log" -> "gopls (server)"; "" when not a channel of the Go extension.
std::string GoChannel(const std::string& name) {
  if (!EndsWith(name, ".log")) return "";
  std::string base = name.substr(0, name.size() - 4);
  size_t dash = base.find('-');
  if (dash != std::string::npos && dash > 0 &&
      std::all_of(base.begin(), base.begin() + static_cast<long>(dash), [](char c) { return std::isdigit(c); }))
    base = base.substr(dash + 1);
  static const char* kChannels[] = {"gopls (server)", "gopls", "Go", "Go Debug"};
  for (const char* c : kChannels)
    if (base == c) return base;
  return "";
}

std::vector<std::string> ListSorted(const platform::FileSystem& fs, const std::string& dir, bool newest_first) {
  auto names = fs.ListDir(dir);
  if (!names) return {};
  std::vector<std::string> out = *names;
  std::sort(out.begin(), out.end());
  if (newest_first) std::reverse(out.begin(), out.end());
  return out;
}

struct WindowDir {
  std::string name;     ///< "window1", "exthost3"
  std::string exthost;  ///< the extension host's log folder
};

// New layout <session>/window<N>/exthost/, old layout and the server <session>/exthost<N>/.
std::vector<WindowDir> Windows(const platform::FileSystem& fs, const std::string& os, const std::string& session) {
  std::vector<WindowDir> out;
  for (const auto& name : ListSorted(fs, session, false)) {
    std::string path = Join(os, session, name);
    if (name.rfind("window", 0) == 0) out.push_back({name, Join(os, path, "exthost")});
    else if (name.rfind("exthost", 0) == 0 && fs.Stat(path).type == platform::FileType::kDirectory)
      out.push_back({name, path});
  }
  return out;
}

uint64_t CountNewlines(std::string_view s) {
  uint64_t n = 0;
  for (const char* p = s.data(); (p = static_cast<const char*>(std::memchr(p, '\n', s.data() + s.size() - p))); ++p) ++n;
  return n;
}

// The newest bytes of a log, in read chunks, and the number of lines before them: what
// the doctor scans of a large log (the current state is at its end).
class Tail {
 public:
  explicit Tail(uint64_t budget) : budget_(budget) {}
  void Add(std::string_view data) {
    if (data.empty()) return;
    chunks_.emplace_back(data);
    kept_ += data.size();
    while (kept_ - chunks_.front().size() >= budget_) {  // what stays is still at least the budget
      dropped_lines_ += CountNewlines(chunks_.front());
      dropped_bytes_ += chunks_.front().size();
      dropped_at_line_start_ = chunks_.front().back() == '\n';
      kept_ -= chunks_.front().size();
      chunks_.pop_front();
    }
  }
  /// Feeds the kept whole lines (the first, cut, one dropped); returns the bytes not fed.
  uint64_t FeedTo(LogScanner& scanner) {
    if (dropped_bytes_ > 0 && !dropped_at_line_start_) {
      while (!chunks_.empty()) {
        size_t nl = chunks_.front().find('\n');
        if (nl != std::string::npos) {
          dropped_lines_ += 1;
          dropped_bytes_ += nl + 1;
          chunks_.front().erase(0, nl + 1);
          break;
        }
        dropped_bytes_ += chunks_.front().size();
        chunks_.pop_front();
      }
    }
    scanner.StartAfterLines(dropped_lines_);
    for (const auto& c : chunks_) scanner.Feed(c);
    return dropped_bytes_;
  }

 private:
  uint64_t budget_;
  std::deque<std::string> chunks_;
  uint64_t kept_ = 0, dropped_lines_ = 0, dropped_bytes_ = 0;
  bool dropped_at_line_start_ = true;
};

int64_t WallSeconds(const platform::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.WallNow().time_since_epoch()).count();
}

struct Scanning {
  const platform::Platform& p;
  core::LogsScan& scan;
  uint64_t tail_bytes = 0;
  void Add(core::LogSource source) {
    auto st = p.fs.Stat(source.path);
    if (st.mtime > 0) source.age_s = std::max<int64_t>(0, WallSeconds(p.clock) - st.mtime);
    size_t index = scan.sources.size();
    auto events = ScanLogFile(p.fs, source, index, tail_bytes);
    scan.sources.push_back(std::move(source));
    for (auto& e : events) scan.events.push_back(std::move(e));
  }
};

void AddWindow(Scanning& s, const LogRoot& root, const std::string& os, const std::string& session,
               const WindowDir& w, bool current) {
  const auto& fs = s.p.fs;
  std::vector<int> pids;
  for (const char* main : {"exthost.log", "remoteexthost.log"}) {
    if (auto text = fs.ReadFile(Join(os, w.exthost, main), 4u << 20)) {
      auto more = ParseExtensionHostPids(*text);
      pids.insert(pids.end(), more.begin(), more.end());
    }
  }
  std::vector<std::string> files;
  for (const auto& dir : ListSorted(fs, w.exthost, true)) {  // output_logging_<ts>, newest host first
    if (dir.rfind("output_logging_", 0) != 0) continue;
    for (const auto& f : ListSorted(fs, Join(os, w.exthost, dir), false))
      if (!GoChannel(f).empty()) files.push_back(Join(os, Join(os, w.exthost, dir), f));
  }
  for (const auto& f : ListSorted(fs, Join(os, w.exthost, "golang.go"), false))
    if (!GoChannel(f).empty()) files.push_back(JoinAll(os, w.exthost, {"golang.go", f.c_str()}));
  for (const auto& f : files) {
    core::LogSource src;
    src.path = f;
    src.editor = root.editor;
    src.session = BaseName(session);
    src.window = w.name;
    src.channel = GoChannel(BaseName(f));
    src.current = current;
    src.extension_host_pids = pids;
    s.Add(std::move(src));
  }
}

void AddVscodeRoot(Scanning& s, const LogRoot& root, const std::string& os, const LogsOptions& o) {
  std::vector<std::string> sessions;
  for (const auto& name : ListSorted(s.p.fs, root.path, true))
    if (IsSessionName(name)) sessions.push_back(name);
  if (sessions.size() > o.max_sessions) {
    s.scan.notes.push_back(root.path + ": " + std::to_string(sessions.size() - o.max_sessions) +
                           " older session folders not read");
    sessions.resize(o.max_sessions);
  }
  for (size_t i = 0; i < sessions.size(); ++i) {
    std::string session = Join(os, root.path, sessions[i]);
    for (const auto& w : Windows(s.p.fs, os, session)) AddWindow(s, root, os, session, w, i == 0);
  }
}

// Current sources first, the window of a running gopls's extension host first among them.
void Order(core::LogsScan& scan, const std::vector<int>& editor_pids) {
  auto rank = [&](const core::LogSource& src) {
    bool runs = std::any_of(src.extension_host_pids.begin(), src.extension_host_pids.end(), [&](int pid) {
      return std::find(editor_pids.begin(), editor_pids.end(), pid) != editor_pids.end();
    });
    return (src.current ? 0 : 2) + (runs ? 0 : 1);
  };
  std::vector<size_t> order(scan.sources.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rank(scan.sources[a]) < rank(scan.sources[b]); });
  std::vector<size_t> new_index(order.size());
  std::vector<core::LogSource> sources;
  for (size_t i = 0; i < order.size(); ++i) new_index[order[i]] = i, sources.push_back(std::move(scan.sources[order[i]]));
  scan.sources = std::move(sources);
  for (auto& e : scan.events) e.source = new_index[e.source];
  std::stable_sort(scan.events.begin(), scan.events.end(),
                   [](const core::LogEvent& a, const core::LogEvent& b) { return a.source < b.source; });
}

}  // namespace

std::vector<LogRoot> LogRoots(const std::string& os, const StringMap& env) {
  const std::string home = os == "windows" ? Get(env, "USERPROFILE") : Get(env, "HOME");
  std::vector<LogRoot> out;
  if (std::string portable = Get(env, "VSCODE_PORTABLE"); !portable.empty())
    out.push_back({LogRootKind::kVscodeUserData, "Code (portable)", JoinAll(os, portable, {"user-data", "logs"}), ""});
  const std::string app_data = AppData(os, env, home);
  for (const char* product : {"Code", "Code - Insiders", "VSCodium", "VSCodium - Insiders", "Code - OSS"})
    out.push_back({LogRootKind::kVscodeUserData, product, JoinAll(os, app_data, {product, "logs"}), ""});
  if (std::string agent = Get(env, "VSCODE_AGENT_FOLDER"); !agent.empty())
    out.push_back({LogRootKind::kVscodeServer, "VS Code Server", JoinAll(os, agent, {"data", "logs"}), ""});
  for (const char* dir : {".vscode-server", ".vscode-server-insiders", ".vscodium-server", ".vscode-remote"})
    out.push_back({LogRootKind::kVscodeServer, "VS Code Server", JoinAll(os, home, {dir, "data", "logs"}), dir});
  if (os != "windows")
    out.push_back({LogRootKind::kVscodeServer, "code-server", JoinAll(os, home, {".local", "share", "code-server", "logs"}), ""});
  AddNeovimRoots(os, env, home, out);
  return out;
}

bool IsSessionName(const std::string& name) {
  if (name.size() != 15 || name[8] != 'T') return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  return true;
}

std::vector<int> ParseExtensionHostPids(std::string_view text) {
  std::vector<int> out;
  const std::string_view needle = "Extension host with pid ";
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    size_t i = at + needle.size();
    int pid = 0;
    size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 9)
      pid = pid * 10 + (text[i++] - '0'), ++digits;
    if (digits > 0 && text.substr(i, 8) == " started") out.push_back(pid);
  }
  return out;
}

std::vector<core::LogEvent> ScanLogFile(const platform::FileSystem& fs, core::LogSource& source, size_t source_index,
                                        uint64_t tail_bytes) {
  auto in = fs.OpenRead(source.path);
  if (!in) {
    source.read_error = in.error().message;
    return {};
  }
  LogScanner scanner;
  std::optional<Tail> tail;
  if (tail_bytes > 0) tail.emplace(tail_bytes);
  auto consume = [&](std::string_view data) { tail ? tail->Add(data) : scanner.Feed(data); };
  std::string chunk(kReadChunk, '\0');
  std::optional<lsp::Gunzip> gunzip;
  std::string out;
  for (bool first = true;; first = false) {
    auto got = (*in)->Read(chunk.data(), chunk.size());
    if (!got) {
      source.read_error = got.error().message;
      break;
    }
    if (*got == 0) break;
    std::string_view data(chunk.data(), *got);
    if (first && lsp::IsGzip(data)) gunzip.emplace();
    if (!gunzip) {
      consume(data);
      continue;
    }
    out.clear();
    bool ok = gunzip->Feed(data, out);
    consume(out);
    if (!ok) {
      source.read_error = gunzip->error();
      break;
    }
  }
  if (gunzip && !source.read_error && !gunzip->Complete()) source.read_error = "gzip: the compressed stream is cut short";
  if (tail) source.skipped_bytes = tail->FeedTo(scanner);
  scanner.Finish();
  source.gzip = gunzip.has_value();
  source.bytes = scanner.bytes();
  source.lines = scanner.lines();
  source.format = scanner.format();
  source.truncated_lines = scanner.truncated_lines();
  std::vector<core::LogEvent> events = scanner.events();
  for (auto& e : events) {
    e.source = source_index;
    e.current = source.current && e.line >= scanner.last_start_line();
  }
  return events;
}

core::LogsScan CollectLogs(const platform::Platform& p, const LogsOptions& options) {
  core::LogsScan scan;
  Scanning s{p, scan, options.tail_bytes};
  if (!options.files.empty()) {
    for (const auto& f : options.files) {
      core::LogSource src;
      src.path = f;
      s.Add(std::move(src));
    }
    return scan;
  }
  scan.searched = true;
  const std::string os = p.env.Os();
  for (const auto& root : LogRoots(os, p.env.Variables())) {
    scan.searched_roots.push_back(root.path);
    auto st = p.fs.Stat(root.path);
    if (root.kind == LogRootKind::kNeovimFile) {
      if (st.type != platform::FileType::kFile) continue;
      core::LogSource src;
      src.path = root.path;
      src.editor = root.editor;
      src.channel = "lsp.log";
      s.Add(std::move(src));
    } else if (st.type == platform::FileType::kDirectory) {
      AddVscodeRoot(s, root, os, options);
    }
  }
  if (scan.sources.empty()) scan.notes.push_back("no VS Code or Neovim log of the Go extension or gopls was found");
  Order(scan, options.editor_pids);
  return scan;
}

}  // namespace godiag::collect

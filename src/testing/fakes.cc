#include "testing/fakes.h"

#include <cstring>

namespace godiag::testing {

using core::ErrorCode;
using core::MakeError;

namespace {
std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return slash == 0 ? "/" : "";
  return path.substr(0, slash);
}
std::string Base(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
}  // namespace

void FakeFileSystem::AddDir(const std::string& path) {
  for (std::string p = path; !p.empty() && dirs_.insert(p).second && p != "/"; p = Parent(p)) {
  }
}

void FakeFileSystem::AddFile(const std::string& path, std::string content, bool executable) {
  files_[path] = Entry{std::move(content), executable};
  AddDir(Parent(path));
}

void FakeFileSystem::AddSymlink(const std::string& link, const std::string& target) {
  links_[link] = target;
  AddDir(Parent(link));
}

std::string FakeFileSystem::Resolve(const std::string& path) const {
  std::string p = path;
  for (int i = 0; i < 16; ++i) {
    auto it = links_.find(p);
    if (it == links_.end()) return p;
    p = it->second;
  }
  return p;
}

core::Expected<std::string> FakeFileSystem::ReadFile(const std::string& path, size_t max_bytes) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    reads_.push_back(path);
  }
  auto it = files_.find(Resolve(path));
  if (it == files_.end()) {
    if (dirs_.count(Resolve(path))) return MakeError(ErrorCode::kIo, path + ": is a directory");
    return MakeError(ErrorCode::kNotFound, path + ": no such file or directory");
  }
  if (it->second.content.size() > max_bytes) return MakeError(ErrorCode::kIo, path + ": file too large");
  return it->second.content;
}

namespace {

class StringInput final : public platform::InputStream {
 public:
  explicit StringInput(std::string data) : data_(std::move(data)) {}
  core::Expected<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, data_.size() - off_);
    std::memcpy(buf, data_.data() + off_, k);
    off_ += k;
    return k;
  }

 private:
  std::string data_;
  size_t off_ = 0;
};

}  // namespace

core::Expected<std::unique_ptr<platform::InputStream>> FakeFileSystem::OpenRead(const std::string& path) const {
  TRY_ASSIGN(std::string data, ReadFile(path, SIZE_MAX));
  return std::unique_ptr<platform::InputStream>(std::make_unique<StringInput>(std::move(data)));
}

namespace {
// Appends to a file of the fake (single-threaded tests).
class FakeOutput final : public platform::OutputStream {
 public:
  explicit FakeOutput(std::string& target) : target_(target) {}
  core::Expected<void> Write(std::string_view data) override {
    target_.append(data);
    return {};
  }

 private:
  std::string& target_;
};
}  // namespace

core::Expected<std::unique_ptr<platform::OutputStream>> FakeFileSystem::Create(const std::string& path,
                                                                               bool make_parents) const {
  if (!writable) return MakeError(ErrorCode::kIo, path + ": the fake file system is read-only");
  if (!make_parents && !dirs_.count(Parent(path))) return MakeError(ErrorCode::kNotFound, Parent(path) + ": no such directory");
  for (std::string p = Parent(path); !p.empty() && dirs_.insert(p).second && p != "/"; p = Parent(p)) {
  }
  files_[path] = Entry{};
  return std::unique_ptr<platform::OutputStream>(std::make_unique<FakeOutput>(files_[path].content));
}

core::Expected<std::unique_ptr<platform::OutputStream>> FakeFileSystem::Append(const std::string& path,
                                                                               bool make_parents) const {
  if (!files_.count(path)) return Create(path, make_parents);
  if (!writable) return MakeError(ErrorCode::kIo, path + ": the fake file system is read-only");
  return std::unique_ptr<platform::OutputStream>(std::make_unique<FakeOutput>(files_[path].content));
}

platform::FileStat FakeFileSystem::Stat(const std::string& path) const {
  std::string p = Resolve(path);
  platform::FileStat st;
  if (auto it = files_.find(p); it != files_.end()) {
    st.type = platform::FileType::kFile;
    st.executable = it->second.executable;
  } else if (dirs_.count(p)) {
    st.type = platform::FileType::kDirectory;
  }
  if (auto it = mtimes_.find(p); it != mtimes_.end() && st.type != platform::FileType::kNone) st.mtime = it->second;
  return st;
}

core::Expected<std::vector<std::string>> FakeFileSystem::ListDir(const std::string& path) const {
  std::string p = Resolve(path);
  if (!dirs_.count(p)) return MakeError(ErrorCode::kNotFound, path + ": no such directory");
  std::set<std::string> names;
  auto add_children = [&](const std::string& child) {
    if (child != p && Parent(child) == p) names.insert(Base(child));
  };
  for (const auto& [f, _] : files_) add_children(f);
  for (const auto& d : dirs_) add_children(d);
  for (const auto& [l, _] : links_) add_children(l);
  return std::vector<std::string>(names.begin(), names.end());
}

std::string FakeFileSystem::RealPath(const std::string& path) const { return Resolve(path); }

std::vector<std::string> FakeFileSystem::reads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reads_;
}

void FakeProcessRunner::On(const std::string& program, Handler h) { handlers_[program] = std::move(h); }

core::Expected<platform::ProcessResult> FakeProcessRunner::Run(const platform::ProcessSpec& spec) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(spec);
  }
  if (spec.argv.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty command");
  auto it = handlers_.find(spec.argv[0]);
  if (it == handlers_.end()) it = handlers_.find(Base(spec.argv[0]));
  if (it == handlers_.end()) return MakeError(ErrorCode::kNotFound, spec.argv[0] + ": executable file not found");
  return it->second(spec);
}

std::vector<platform::ProcessSpec> FakeProcessRunner::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

platform::ProcessResult FakeProcessRunner::Ok(std::string out, std::string err, int code) {
  platform::ProcessResult r;
  r.out = std::move(out);
  r.err = std::move(err);
  r.exit_code = code;
  return r;
}

}  // namespace godiag::testing

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "platform/real_platform.h"

namespace godiag::platform {

using core::ErrorCode;
using core::MakeError;

core::Expected<std::string> RealFileSystem::ReadFile(const std::string& path,
                                                     size_t max_bytes) const {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int e = errno;
    return MakeError(e == ENOENT || e == ENOTDIR ? ErrorCode::kNotFound : ErrorCode::kIo,
                     path + ": " + std::strerror(e));
  }
  if (S_ISDIR(st.st_mode)) return MakeError(ErrorCode::kIo, path + ": is a directory");
  if (static_cast<size_t>(st.st_size) > max_bytes)
    return MakeError(ErrorCode::kIo, path + ": file larger than " + std::to_string(max_bytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, path + ": " + std::strerror(errno));
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<size_t>(in.gcount()));
  return data;
}

FileStat RealFileSystem::Stat(const std::string& path) const {
  struct stat st {};
  FileStat out;
  if (::stat(path.c_str(), &st) != 0) return out;
  if (S_ISREG(st.st_mode)) out.type = FileType::kFile;
  else if (S_ISDIR(st.st_mode)) out.type = FileType::kDirectory;
  else out.type = FileType::kOther;
  out.executable = out.type == FileType::kFile && ::access(path.c_str(), X_OK) == 0;
  out.mtime = static_cast<int64_t>(st.st_mtime);
  return out;
}

core::Expected<std::vector<std::string>> RealFileSystem::ListDir(const std::string& path) const {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    int e = errno;
    return MakeError(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     path + ": " + std::strerror(e));
  }
  std::vector<std::string> names;
  while (dirent* ent = ::readdir(dir)) {
    std::string name = ent->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

std::string RealFileSystem::RealPath(const std::string& path) const {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) return path;
  return buf;
}

namespace {

class FdInput final : public InputStream {
 public:
  FdInput(int fd, bool owned, std::string name) : fd_(fd), owned_(owned), name_(std::move(name)) {}
  ~FdInput() override {
    if (owned_) ::close(fd_);
  }
  core::Expected<size_t> Read(char* buf, size_t n) override {
    while (true) {
      ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return MakeError(ErrorCode::kIo, name_ + ": " + std::strerror(errno));
    }
  }

 private:
  int fd_;
  bool owned_;
  std::string name_;
};

class FdOutput final : public OutputStream {
 public:
  FdOutput(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  ~FdOutput() override { ::close(fd_); }
  core::Expected<void> Write(std::string_view data) override {
    while (!data.empty()) {
      ssize_t w = ::write(fd_, data.data(), data.size());
      if (w > 0) {
        data.remove_prefix(static_cast<size_t>(w));
      } else if (!(w < 0 && errno == EINTR)) {
        return MakeError(ErrorCode::kIo, name_ + ": " + (w < 0 ? std::strerror(errno) : "short write"));
      }
    }
    return {};
  }

 private:
  int fd_;
  std::string name_;
};

void MakeParents(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    ::mkdir(path.substr(0, slash).c_str(), 0700);
  }
}

}  // namespace

core::Expected<std::unique_ptr<InputStream>> RealFileSystem::OpenRead(const std::string& path) const {
  if (path == "-") return std::unique_ptr<InputStream>(std::make_unique<FdInput>(0, false, "stdin"));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return MakeError(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, path + ": " + std::strerror(e));
  }
  return std::unique_ptr<InputStream>(std::make_unique<FdInput>(fd, true, path));
}

namespace {

core::Expected<std::unique_ptr<OutputStream>> OpenForWrite(const std::string& path, bool make_parents, int mode_flag) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | mode_flag;
  int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0 && errno == ENOENT && make_parents) {  // parents only when missing: a cache writes many files
    MakeParents(path);
    fd = ::open(path.c_str(), flags, 0600);
  }
  if (fd < 0) return MakeError(ErrorCode::kIo, path + ": " + std::strerror(errno));
  return std::unique_ptr<OutputStream>(std::make_unique<FdOutput>(fd, path));
}

}  // namespace

core::Expected<std::unique_ptr<OutputStream>> RealFileSystem::Create(const std::string& path, bool make_parents) const {
  return OpenForWrite(path, make_parents, O_TRUNC);
}

core::Expected<std::unique_ptr<OutputStream>> RealFileSystem::Append(const std::string& path, bool make_parents) const {
  return OpenForWrite(path, make_parents, O_APPEND);
}

}  // namespace godiag::platform

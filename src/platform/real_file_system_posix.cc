#include <dirent.h>
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

}  // namespace godiag::platform

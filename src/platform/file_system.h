// Every disk access of godiag goes through FileSystem (ninja's DiskInterface).
#pragma once

#include <string>
#include <vector>

#include "core/expected.h"

namespace godiag::platform {

enum class FileType { kNone, kFile, kDirectory, kOther };

struct FileStat {
  FileType type = FileType::kNone;
  bool executable = false;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// Whole file; kNotFound when it does not exist. Files above `max_bytes` are an error.
  virtual core::Expected<std::string> ReadFile(const std::string& path,
                                               size_t max_bytes = 16u << 20) const = 0;
  /// Type of `path` following symlinks; kNone when it does not exist.
  virtual FileStat Stat(const std::string& path) const = 0;
  /// Names (not paths) of the entries of a directory, sorted.
  virtual core::Expected<std::vector<std::string>> ListDir(const std::string& path) const = 0;
  /// Symlinks resolved; the input when it cannot be resolved.
  virtual std::string RealPath(const std::string& path) const = 0;
};

}  // namespace godiag::platform

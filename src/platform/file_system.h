// Every disk access of godiag goes through FileSystem (ninja's DiskInterface).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"

namespace godiag::platform {

enum class FileType { kNone, kFile, kDirectory, kOther };

struct FileStat {
  FileType type = FileType::kNone;
  bool executable = false;
  int64_t mtime = 0;  ///< last modification, seconds since the Unix epoch; 0 = unknown
};

/// A file (or stdin) read in pieces, for inputs of any size.
class InputStream {
 public:
  virtual ~InputStream() = default;
  /// Up to `n` bytes into `buf`; 0 at the end.
  virtual core::Expected<size_t> Read(char* buf, size_t n) = 0;
};

/// A file written in pieces; a failed write is reported, never thrown.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual core::Expected<void> Write(std::string_view data) = 0;
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
  /// Opens a file to read in pieces; "-" is standard input.
  virtual core::Expected<std::unique_ptr<InputStream>> OpenRead(const std::string& path) const = 0;
  /// Creates (truncates) a file; with `make_parents`, missing parent directories too (mode 0700).
  virtual core::Expected<std::unique_ptr<OutputStream>> Create(const std::string& path, bool make_parents) const = 0;
  /// Opens for appending (created when missing, parents too with `make_parents`). One
  /// Write is one append, so concurrent writers of whole records do not interleave.
  virtual core::Expected<std::unique_ptr<OutputStream>> Append(const std::string& path, bool make_parents) const = 0;
};

}  // namespace godiag::platform

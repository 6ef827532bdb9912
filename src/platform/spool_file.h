// A response body kept on disk instead of in memory (HttpRequest::spool): an unlinked
// temporary file, written as the body arrives and mapped read-only when it is complete, so
// a module zip of hundreds of MiB costs page cache, not heap. POSIX; private to platform/real_*.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "platform/http_client.h"

namespace godiag::platform::detail {

class SpoolFile {
 public:
  SpoolFile() = default;
  ~SpoolFile();
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  /// Empties the file (created on first use in $TMPDIR, else /tmp): a new hop starts.
  bool Reset(std::string* error);
  bool Write(std::string_view data, std::string* error);
  /// The bytes written, mapped; the file is closed (the mapping stays valid on its own).
  std::shared_ptr<const SpooledBody> Map(std::string* error);

 private:
  int fd_ = -1;
};

/// The first `size` bytes of the open file `fd`, mapped read-only (the fd may be closed after).
std::shared_ptr<const SpooledBody> MapReadOnly(int fd, size_t size, std::string* error);

}  // namespace godiag::platform::detail

// file:// for RealHttpClient: POSIX open, fstat and read.
#include "platform/file_fetch.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>

#include "platform/http_url_text.h"
#include "platform/posix_spawn.h"
#include "platform/spool_file.h"

namespace godiag::platform::detail {

namespace {

constexpr size_t kFileChunk = 64 * 1024;

/// The local path of a file:// URL (host empty or "localhost"), percent-decoded.
std::optional<std::string> FileUrlPath(std::string_view url) {
  std::string_view rest = url.substr(std::strlen("file://"));
  rest = rest.substr(0, rest.find_first_of("?#"));
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view host = rest.substr(0, slash);
  if (!host.empty() && Lower(host) != "localhost") return std::nullopt;
  std::string path = PercentDecode(rest.substr(slash));
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return path;
}

void SetFileError(HttpResponse& r, const std::string& op, const std::string& path, int err) {
  std::string text = op + " " + path + ": " + std::strerror(err);
  if (op == "open" && (err == ENOENT || err == ENOTDIR)) {
    r.status = 404;
    r.reason = "Not Found";
  } else if (op == "open" && (err == EACCES || err == EPERM)) {
    r.status = 403;
    r.reason = "Forbidden";
  } else {
    r.error = NetError::kFile;
  }
  r.error_text = std::move(text);  // for 404 / 403 the detail, as Go keeps the file error
}

/// Reads up to max_body bytes; counts the whole file in body_bytes. False on a read error.
bool ReadFileBody(int fd, const HttpRequest& request, off_t size, HttpResponse& r) {
  char buf[kFileChunk];
  while (r.body.size() < request.max_body) {
    size_t want = std::min(sizeof buf, request.max_body - r.body.size());
    ssize_t got = ::read(fd, buf, want);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) break;
    r.body.append(buf, static_cast<size_t>(got));
  }
  r.body_bytes = std::max(static_cast<int64_t>(r.body.size()), static_cast<int64_t>(size));
  return true;
}

}  // namespace

bool IsFileUrl(const std::string& url) { return Scheme(url) == "file"; }

void FetchFile(const HttpRequest& request, HttpResponse& r) {
  r.final_url = request.url;
  std::optional<std::string> path = FileUrlPath(request.url);
  if (!path) {
    r.error = NetError::kFile;
    r.error_text = "unsupported file URL (the host must be empty or localhost)";
    return;
  }
  Fd fd(::open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return SetFileError(r, "open", *path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return SetFileError(r, "stat", *path, errno);
  if (S_ISDIR(st.st_mode)) return SetFileError(r, "read", *path, EISDIR);
  if (!S_ISREG(st.st_mode)) {
    r.error = NetError::kFile;
    r.error_text = "read " + *path + ": not a regular file";
    return;
  }
  if (!request.head && request.spool) {  // a large file is mapped, not read into memory
    std::string why;
    r.spooled = MapReadOnly(fd.get(), std::min(static_cast<size_t>(st.st_size), request.max_body), &why);
    if (!r.spooled) {
      r.error = NetError::kFile;
      r.error_text = "read " + *path + ": " + why;
      return;
    }
    r.body_bytes = st.st_size;
  } else if (!request.head && !ReadFileBody(fd.get(), request, st.st_size, r)) {
    int err = errno;
    r.body.clear();
    r.body_bytes = 0;
    return SetFileError(r, "read", *path, err);
  }
  r.status = 200;
  r.reason = "OK";
  r.headers["content-length"] = std::to_string(st.st_size);
}

}  // namespace godiag::platform::detail

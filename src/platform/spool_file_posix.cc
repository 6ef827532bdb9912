#include "platform/spool_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace godiag::platform::detail {

namespace {

class MappedBody final : public SpooledBody {
 public:
  MappedBody(void* addr, size_t size) : addr_(addr), size_(size) {}
  ~MappedBody() override {
    if (addr_ != nullptr) munmap(addr_, size_);
  }
  std::string_view data() const override { return {static_cast<const char*>(addr_), size_}; }

 private:
  void* addr_;
  size_t size_;
};

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// An unlinked file in `dir`: O_TMPFILE where the file system has it, else mkstemp + unlink.
int OpenUnlinked(const std::string& dir) {
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string path = dir + "/godiag-body-XXXXXX";
  fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) unlink(path.c_str());
  return fd;
}

}  // namespace

SpoolFile::~SpoolFile() {
  if (fd_ >= 0) close(fd_);
}

bool SpoolFile::Reset(std::string* error) {
  if (fd_ < 0) {
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
    fd_ = OpenUnlinked(dir);
    if (fd_ < 0) return *error = Errno("creating a temporary file in " + dir + " for the body"), false;
    return true;
  }
  if (ftruncate(fd_, 0) != 0 || lseek(fd_, 0, SEEK_SET) != 0) return *error = Errno("emptying the body's file"), false;
  return true;
}

bool SpoolFile::Write(std::string_view data, std::string* error) {
  while (!data.empty()) {
    ssize_t n = write(fd_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return *error = Errno("writing the body to a temporary file"), false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::shared_ptr<const SpooledBody> SpoolFile::Map(std::string* error) {
  struct stat st {};
  if (fd_ < 0) return std::make_shared<MappedBody>(nullptr, 0);
  if (fstat(fd_, &st) != 0) return *error = Errno("reading the body's file"), nullptr;
  auto mapped = MapReadOnly(fd_, static_cast<size_t>(st.st_size), error);
  close(fd_);
  fd_ = -1;
  return mapped;
}

std::shared_ptr<const SpooledBody> MapReadOnly(int fd, size_t size, std::string* error) {
  void* addr = nullptr;
  if (size > 0) {
    addr = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (addr == MAP_FAILED) return *error = Errno("mapping the body's file"), nullptr;
  }
  return std::make_shared<MappedBody>(addr, size);
}

}  // namespace godiag::platform::detail

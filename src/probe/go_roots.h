// The certificate roots the go command trusts on Linux (crypto/x509 loadSystemRoots):
// SSL_CERT_FILE or the first readable of Go's bundle files, plus every file of
// SSL_CERT_DIR (':'-separated) or Go's default directories.
#pragma once

#include <map>
#include <string>

#include "platform/file_system.h"

namespace godiag::probe {

struct GoRoots {
  std::string pem;          ///< all files concatenated (what to hand to libcurl)
  std::string description;  ///< "SSL_CERT_FILE=/x.pem + /etc/ssl/certs (142 files)"
  std::string file;         ///< the bundle file used ("" = none)
  int dir_files = 0;
};

GoRoots LoadGoRoots(const std::map<std::string, std::string>& env, const platform::FileSystem& fs);

}  // namespace godiag::probe

#include "probe/go_roots.h"

#include <vector>

namespace godiag::probe {

namespace {

const char* const kGoCertFiles[] = {
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
};
const char* const kGoCertDirs[] = {"/etc/ssl/certs", "/etc/pki/tls/certs"};

std::string Get(const std::map<std::string, std::string>& env, const char* key) {
  auto it = env.find(key);
  return it == env.end() ? "" : it->second;
}

std::vector<std::string> SplitColon(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t c = s.find(':', start);
    out.push_back(s.substr(start, c == std::string::npos ? std::string::npos : c - start));
    if (c == std::string::npos) return out;
    start = c + 1;
  }
}

std::string Parent(const std::string& p) {
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? "" : p.substr(0, slash);
}

// readUniqueDirectoryEntries: symlinks to files in the same directory are skipped.
int AppendDir(const std::string& dir, const platform::FileSystem& fs, std::string& pem) {
  auto names = fs.ListDir(dir);
  if (!names) return 0;
  std::string real_dir = fs.RealPath(dir);
  int n = 0;
  for (const auto& name : *names) {
    std::string path = dir + "/" + name;
    std::string real = fs.RealPath(path);
    if (real != path && Parent(real) == real_dir) continue;
    if (fs.Stat(path).type != platform::FileType::kFile) continue;
    auto data = fs.ReadFile(path, 4u << 20);
    if (!data) continue;
    pem += *data;
    pem += '\n';
    ++n;
  }
  return n;
}

}  // namespace

GoRoots LoadGoRoots(const std::map<std::string, std::string>& env, const platform::FileSystem& fs) {
  GoRoots roots;
  std::vector<std::string> files;
  std::string cert_file = Get(env, "SSL_CERT_FILE");
  if (!cert_file.empty()) files.push_back(cert_file);
  else files.assign(std::begin(kGoCertFiles), std::end(kGoCertFiles));
  for (const auto& f : files) {
    auto data = fs.ReadFile(f, 16u << 20);
    if (!data) continue;
    roots.pem = *data + "\n";
    roots.file = f;
    break;
  }
  std::string cert_dir = Get(env, "SSL_CERT_DIR");
  std::vector<std::string> dirs =
      cert_dir.empty() ? std::vector<std::string>(std::begin(kGoCertDirs), std::end(kGoCertDirs)) : SplitColon(cert_dir);
  std::string dir_text;
  for (const auto& d : dirs) {
    int n = AppendDir(d, fs, roots.pem);
    roots.dir_files += n;
    if (n > 0) dir_text += (dir_text.empty() ? "" : ", ") + d;
  }
  std::string file_text = roots.file.empty() ? "no bundle file"
                          : cert_file.empty() ? roots.file
                                              : "SSL_CERT_FILE=" + roots.file;
  roots.description = file_text + (cert_dir.empty() ? "" : " + SSL_CERT_DIR=" + cert_dir) +
                      (dir_text.empty() ? "" : " (" + std::to_string(roots.dir_files) + " files in " + dir_text + ")");
  return roots;
}

}  // namespace godiag::probe

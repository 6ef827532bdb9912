// The log scanner alone, in-process, on a file read in 1 MiB pieces (what `godiag logs FILE`
// does for a plain file): MB/s and the events found. Build: see bench/README.md.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "collect/log_scan.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: logs_scan_bench FILE\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::string buf(1 << 20, '\0');
  auto t0 = std::chrono::steady_clock::now();
  godiag::collect::LogScanner scanner;
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
    scanner.Feed(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
  scanner.Finish();
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%.0f MB in %.2f s = %.0f MB/s; %zu events, %llu lines\n", static_cast<double>(scanner.bytes()) / 1e6, s,
              static_cast<double>(scanner.bytes()) / 1e6 / s, scanner.events().size(),
              static_cast<unsigned long long>(scanner.lines()));
  return 0;
}

#include "testing/golden.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace godiag::testing {

std::string CheckGolden(const std::string& name, const std::string& actual) {
  const char* src = std::getenv("GODIAG_SOURCE_DIR");
#ifdef GODIAG_SOURCE_DIR
  if (src == nullptr) src = GODIAG_SOURCE_DIR;
#endif
  std::string path = std::string(src ? src : ".") + "/tests/golden/" + name;
  const char* update = std::getenv("GODIAG_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return "";
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + " is missing (GODIAG_UPDATE_GOLDEN=1 creates it)";
  std::stringstream want;
  want << in.rdbuf();
  if (want.str() == actual) return "";
  return path + " differs from the output (GODIAG_UPDATE_GOLDEN=1 rewrites it; read the diff):\n" + actual;
}

}  // namespace godiag::testing

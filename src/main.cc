// godiag entry point: build the real platform, run the CLI, return its exit code.
#include <exception>
#include <iostream>

#include "cli/run.h"
#include "platform/real_platform.h"

int main(int argc, char** argv) {
  try {
    godiag::platform::RealPlatform platform;
    return godiag::cli::Run(argc, argv, platform.View(), std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "godiag: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "godiag: internal error\n";
  }
  return 3;  // cli::ExitCode::kToolError
}

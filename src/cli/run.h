// The CLI entry: argv -> command -> exit code. All output goes to the given streams.
#pragma once

#include <ostream>

#include "platform/platform.h"

namespace godiag::cli {

int Run(int argc, char** argv, const platform::Platform& platform, std::ostream& out, std::ostream& err);

}  // namespace godiag::cli

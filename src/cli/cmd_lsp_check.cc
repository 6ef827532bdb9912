// `godiag lsp check FILE...` (placeholder until the readers land in this change).
#include "cli/commands.h"

namespace godiag::cli {

ExitCode RunCheck(const Context& ctx) {
  ctx.err << "godiag lsp check: not built yet\n";
  return ExitCode::kToolError;
}

}  // namespace godiag::cli

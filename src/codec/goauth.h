// GOAUTH (Go 1.24+) parsed as cmd/go/internal/auth.runGoAuth reads it (facts §15).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godiag::codec {

enum class GoAuthKind { kOff, kNetrc, kGit, kCustom };

struct GoAuthCommand {
  GoAuthKind kind = GoAuthKind::kNetrc;
  std::vector<std::string> args;  ///< the command's white-space separated words, args[0] = "netrc", "git", …
  std::string text;               ///< the command, trimmed
};

struct GoAuthConfig {
  std::string value;  ///< the effective GOAUTH ("netrc" when unset or empty)
  /// In priority order (first = highest). With an error: the commands that parse.
  std::vector<GoAuthCommand> commands;
  /// The go command's fatal error at its first https fetch, exactly as it prints it
  /// ("go: GOAUTH …"). Go checks the commands from last to first, so the last bad one wins.
  /// Not covered: "git DIR" where DIR is missing or not a directory (needs the file system).
  std::optional<std::string> error;
};

/// Splits on ';', trims, splits each command on white space: "off" (its first word; only
/// alone), "netrc", "git ABSDIR" (exactly two words), anything else a custom command.
GoAuthConfig ParseGoAuth(std::string_view goauth);

}  // namespace godiag::codec

// Pure matching of the editor's diagnostics with the terminal's errors: LSP positions to
// the terminal's (0-based line and UTF-16 column → 1-based line and byte column), gopls's
// message decorations removed, import errors mapped to one key, and the two lists merged
// into problems seen by the editor, the terminal, or both.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/problems.h"

namespace godiag::probe {

/// 1-based byte column of the UTF-16 offset `utf16` (0-based) in one line of UTF-8 text.
/// Offsets past the line's end count one byte per unit past it; invalid UTF-8 counts a byte per unit.
int ByteColumn(std::string_view line_text, int utf16);

/// Line `line0` (0-based) of `text`, without its line ending ("" past the end).
std::string_view LineOf(std::string_view text, int line0);

/// gopls marks diagnostics of a view for another port: "msg [windows]", "msg [darwin,arm64]".
struct PortSuffix {
  std::string message;  ///< without the suffix
  std::string goos;     ///< "" when there is no suffix
  std::string goarch;
};
PortSuffix SplitPortSuffix(std::string_view message);

/// The text both sides print for the same error: the first line, without gopls's port
/// suffix, " (see details)", " (this error: …)", and vet's "vet: ".
std::string NormalizeMessage(std::string_view message);

/// The import path of an unresolved-import error, on either side: gopls's
/// `could not import P (…)`, the go command's `no required module provides package P; …`,
/// `missing go.sum entry for module providing package P …`, `package P is not in std`,
/// `cannot find package "P"`. nullopt for other messages.
std::optional<std::string> UnresolvedImport(std::string_view message);

/// gopls sources whose diagnostics are build errors: "compiler", "syntax", "go list".
bool IsBuildSource(std::string_view source);
/// Module hygiene, never a build error: "go mod tidy", "go.work file", "upgrade available", vulncheck.
bool IsHygieneSource(std::string_view source);

/// Merges the editor's and the terminal's problems: a terminal problem at the same file and
/// line with the same normalised message (or unresolved import) is the same problem (seen by
/// both); terminal duplicates (go build and go vet print the same error) are folded.
/// The result is sorted by file, line, column, message.
std::vector<core::Problem> MergeProblems(std::vector<core::Problem> editor, std::vector<core::Problem> terminal);

/// The key two problems match on: file, line and normalised message (or "import P").
std::string MatchKey(const core::Problem& p);

}  // namespace godiag::probe

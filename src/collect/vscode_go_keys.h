// The setting names VS Code's Go extension and gopls know, as data, and the check that
// flags unknown keys with the nearest real name ("go.toolEnvVars" -> "go.toolsEnvVars").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godiag::collect {

/// Whether a key is known and, when not, the name the user most likely meant.
struct KeyVerdict {
  bool known = true;
  std::optional<std::string> suggestion;
};

/// Every setting of vscode-go's extension/package.json (go.* and "gopls"), sorted.
const std::vector<std::string>& VscodeGoSettingNames();

/// The gopls setting names as documented (e.g. "build.env", "ui.semanticTokens"), sorted.
const std::vector<std::string>& GoplsDocumentedSettingNames();

/// Checks a top-level settings key. Only "go.*" and "gopls.*" keys can be unknown; other
/// keys (editor.*, "[go]" blocks, other extensions) are not ours to judge.
KeyVerdict CheckTopLevelKey(std::string_view key);

/// Checks a member name of the "gopls" object the way gopls does: only the last dotted
/// segment counts ("build.env", "env" and "x.env" are the same setting).
KeyVerdict CheckGoplsKey(std::string_view name);

/// Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits),
/// ASCII case-insensitive.
int EditDistance(std::string_view a, std::string_view b);

/// The candidate nearest to `name` if it is close enough to be a likely typo.
std::optional<std::string> NearestName(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace godiag::collect

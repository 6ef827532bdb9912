// The gopls the editor would start, as a probe target: its path (found the way vscode-go
// finds it), go.languageServerFlags, the editor's environment, the gopls settings as
// initializationOptions and workspace/configuration answers, and a Go file to open.
#pragma once

#include <optional>
#include <string>

#include "core/snapshot.h"
#include "platform/file_system.h"
#include "probe/lsp_probe.h"

namespace godiag::probe {

/// Options to probe the editor's gopls; nullopt when no gopls was found (the Snapshot's
/// tools say where it was searched).
std::optional<LspProbeOptions> EditorGoplsProbe(const core::Snapshot& snap, const platform::FileSystem& fs,
                                                int64_t client_pid, const std::string& godiag_version);

/// A Go file of the workspace to open: main.go, else the first non-test .go file in `dir`,
/// else in its immediate subfolders (sorted). "" when there is none.
std::string PickGoFile(const platform::FileSystem& fs, const std::string& dir);

}  // namespace godiag::probe

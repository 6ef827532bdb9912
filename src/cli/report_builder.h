// Turns a Snapshot and its findings into the Report the writers render.
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"
#include "core/report.h"
#include "platform/platform.h"
#include "report/writer.h"

namespace godiag::cli {

/// Environment rows: every tracked variable set on either side (all with `all`), or `only`.
std::vector<core::EnvRow> BuildEnvRows(const core::Snapshot& snap, bool all,
                                       const std::vector<std::string>& only = {});

/// Tools rows for go, gopls, dlv, git.
std::vector<core::ToolRow> BuildToolRows(const core::Snapshot& snap);

/// One note per side whose go-computed values are unknown: which, and why.
std::vector<std::string> UnknownNotes(const core::Snapshot& snap);

/// One note per settings file that exists but could not be parsed or read.
std::vector<std::string> UnreadSettingsNotes(const core::Snapshot& snap);

/// Which go the Go extension runs, how it found it, the PATH change, and gopls's go.
std::string EditorGoNote(const core::Snapshot& snap);

/// How the editor's environment was modelled (desktop session or terminal), in one line.
std::string EditorLaunchNote(const core::Snapshot& snap);

core::Report BuildReport(const core::Snapshot& snap, std::vector<core::Finding> findings, bool verbose);

/// Writer options from the command line and the terminal (colour only on a terminal, never with NO_COLOR).
report::WriterOptions MakeWriterOptions(const Options& o, const platform::Environment& env);

/// Exit code for findings under --fail-on.
int ExitCodeFor(const std::vector<core::Finding>& findings, FailOn fail_on);

/// Absolute workspace folder from a DIR argument ("" = current directory), or an error message.
core::Expected<std::string> ResolveDir(const platform::FileSystem& fs, const std::vector<std::string>& args);

}  // namespace godiag::cli

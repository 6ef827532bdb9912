// Finds the running gopls (stdio servers, -remote forwarders, daemons, the telemetry
// sidecar), dlv and debuggees through platform::ProcessTable, and compares each with what
// the editor would start now (facts/logs-ps.md §3-§4): stale, duplicate, orphan.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/processes.h"
#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

/// The role of a process from its argv and executable; nullopt when it is not one we track
/// (including short-lived gopls subcommands such as `gopls version`). Pure.
std::optional<core::ProcessRole> ClassifyProcess(const std::vector<std::string>& argv, const std::string& exe);

struct ParentKind {
  std::string name;           ///< "VS Code extension host", "Neovim", "init (systemd)", "bash", …
  bool editor = false;        ///< an editor (or its extension host)
  bool terminal_editor = false;  ///< Neovim, Vim, Emacs: they pass on the terminal's environment
  bool reaper = false;        ///< PID 1 or a known subreaper: the real parent is gone
  std::string user_data_dir;  ///< VS Code's --user-data-dir
};

/// What a parent process is, from its pid, argv and kernel name. Pure.
ParentKind ClassifyParent(int pid, const std::vector<std::string>& argv, const std::string& comm);

/// macOS KERN_PROCARGS2 buffer: int argc, exec path, NUL padding, argc argv strings, then
/// the environment (facts §4.2). Pure; kParse on a short or inconsistent buffer.
struct ProcArgs {
  std::string exec_path;
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;
};
core::Expected<ProcArgs> ParseProcArgs2(std::string_view buf);

/// The variables compared for staleness (Go settings, proxies, certificates).
const std::vector<std::string>& ComparedVariables();

/// Reads the table and decides every verdict with the Snapshot of now: the editor's (or,
/// under a terminal editor, the terminal's) environment, the gopls the editor would start,
/// the settings and go env files' modification times. Versions by `go version -m`.
/// `workspace` ("" = all): the doctor's view, only the processes RelatedToWorkspace; the
/// others are counted in a note.
core::ProcessScan CollectProcesses(const platform::Platform& p, const core::Snapshot& snap,
                                   const std::string& workspace = "");

/// Whether a process works on `dir`: its working directory is `dir`, above it (a server whose
/// view contains it; not /) or below it. Unreadable ones (other users') and the telemetry
/// sidecar are not. Pure.
bool RelatedToWorkspace(const core::GoProcess& g, const std::string& dir);

}  // namespace godiag::collect

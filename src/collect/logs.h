// Finds the logs editors wrote about gopls (VS Code desktop, Insiders, VSCodium, the remote
// server; Neovim's lsp.log by version) and scans them, or the files given (`godiag logs`).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/logs.h"
#include "platform/platform.h"

namespace godiag::collect {

enum class LogRootKind { kVscodeUserData, kVscodeServer, kNeovimFile };

/// A place logs may be: a VS Code "logs" folder holding session folders, or a Neovim lsp.log.
struct LogRoot {
  LogRootKind kind = LogRootKind::kVscodeUserData;
  std::string editor;  ///< "Code", "Code - Insiders", "VSCodium", "VS Code Server", "Neovim"
  std::string path;
  std::string note;    ///< which versions write there, e.g. "Neovim >= 0.8"
};

/// Every candidate for `os` ("linux", "darwin", "windows") and the environment, in the
/// order they are reported (facts/logs-ps.md §1.1, §1.5, §1.6). Pure.
std::vector<LogRoot> LogRoots(const std::string& os, const std::map<std::string, std::string>& env);

/// True for a VS Code session folder name: local time YYYYMMDDTHHMMSS.
bool IsSessionName(const std::string& name);

/// "Extension host with pid N started" lines of an exthost.log / remoteexthost.log. Pure.
std::vector<int> ParseExtensionHostPids(std::string_view text);

struct LogsOptions {
  std::vector<std::string> files;  ///< given files; empty = search the default locations
  size_t max_sessions = 10;        ///< newest session folders read per VS Code root
  std::vector<int> editor_pids;    ///< extension hosts that run a gopls now (their window is listed first)
  uint64_t tail_bytes = 0;         ///< 0 = whole files; else only about the last this many bytes of each
};

/// Scans one file (gzip or not) through `fs` into `source`; events get `source_index`. With
/// `tail_bytes`, the whole file is read but only its last whole lines within about that many
/// bytes are scanned (memory stays bounded by it); the lines keep their numbers.
std::vector<core::LogEvent> ScanLogFile(const platform::FileSystem& fs, core::LogSource& source, size_t source_index,
                                        uint64_t tail_bytes = 0);

/// Finds and scans. Ages come from the files' modification times and `p.clock.WallNow()`.
core::LogsScan CollectLogs(const platform::Platform& p, const LogsOptions& options);

}  // namespace godiag::collect

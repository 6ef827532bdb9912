// The editor's view of a workspace: its gopls started as the editor starts it, the folders
// opened, the Go files opened in batches (files a `//go:build ignore` marks one at a time,
// as gopls loses their diagnostics otherwise), every textDocument/publishDiagnostics kept
// (the latest set per file) until gopls is done: no work-done progress running and a quiet
// period. Error-level showMessage/logMessage and "Error loading workspace" progress are kept;
// gopls.views tells which builds gopls made. Every wait has a deadline.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsp/client_messages.h"
#include "platform/clock.h"
#include "platform/server_channel.h"

namespace godiag::probe {

struct EditorDiagnostic {
  int line0 = 0;          ///< LSP: 0-based line, UTF-16 character
  int character = 0;
  int severity = 1;       ///< 1 error … 4 hint (0 when the server left it out)
  std::string source;
  std::string code;
  std::string message;
  struct Related {
    std::string path;
    int line0 = 0;
    std::string message;
  };
  std::vector<Related> related;
};

struct FileToOpen {
  std::string path;
  std::string text;
};

struct WorkspaceDiagnosticsOptions {
  platform::ProcessSpec spec;
  lsp::ClientIdentity client;
  std::vector<FileToOpen> files;       ///< opened in batches
  std::vector<FileToOpen> standalone;  ///< opened one at a time once the rest is quiet
  size_t batch = 64;
  std::chrono::milliseconds quiet{1500};
  std::chrono::milliseconds timeout{180000};
  std::chrono::milliseconds shutdown_wait{3000};
  /// Called now and then while gopls works: files opened, diagnostics so far, busy.
  std::function<void(size_t opened, size_t total, size_t diagnostics, bool busy)> progress;
};

struct WorkspaceDiagnosticsResult {
  std::optional<std::string> error;    ///< could not start, or ended early (with how)
  bool done = false;                   ///< quiet before the deadline
  double took_ms = 0;
  size_t opened = 0;
  std::string server_version;          ///< serverInfo.version, shortened
  std::map<std::string, std::vector<EditorDiagnostic>> by_file;  ///< absolute path → latest set
  std::vector<std::string> load_errors;  ///< "Error loading workspace: …", error showMessage/logMessage
  std::vector<std::string> views;        ///< "GoMod /dir", "GoMod /dir [GOARCH=amd64 GOOS=windows]"
  std::vector<std::string> stderr_tail;
};

WorkspaceDiagnosticsResult CollectWorkspaceDiagnostics(const platform::ServerLauncher& launcher,
                                                       const platform::Clock& clock,
                                                       const WorkspaceDiagnosticsOptions& options);

}  // namespace godiag::probe

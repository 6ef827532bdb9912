// The report: pure data rendered by the writers at the end (bloaty's RollupOutput).
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "core/snapshot.h"

namespace godiag::core {

/// One row of the environment table.
struct EnvRow {
  std::string name;
  EnvValue terminal;
  EnvValue editor;
  bool differs = false;
};

/// One row of the tools table.
struct ToolRow {
  std::string name;
  std::string path;     ///< "" = not found
  std::string version;
  std::string detail;   ///< e.g. "found by PATH; built with go1.24.1"
};

struct Report {
  std::string schema = "godiag.report/1";
  std::string godiag_version;
  std::string workspace;
  std::vector<Finding> findings;  ///< sorted with FindingLess
  std::vector<EnvRow> env;
  std::vector<ToolRow> tools;
  std::vector<Route> routes;      ///< terminal routes of the workspace's modules
  std::optional<LspProbeResult> lsp;  ///< the handshake probe: phases, server, capabilities
  std::vector<LspTrafficReport> lsp_traffic;  ///< `lsp check`: per input
  std::vector<NetCheck> net;                  ///< network probes per environment
  std::optional<SumDbVerify> sumdb_verify;    ///< `sumdb verify`
  std::optional<EditorModel> editor_model;    ///< how VS Code's Go extension found go and set up PATH (doctor)
  std::optional<EditorLaunch> editor_launch;  ///< what VS Code itself started with (env omitted from output)
  std::optional<LogsScan> logs;               ///< `godiag logs` and the doctor's log scan
  std::optional<ProcessScan> processes;       ///< `godiag ps` and the doctor's process scan
  std::optional<ProblemsScan> problems;       ///< `godiag problems` and the doctor's editor-vs-terminal run
  std::vector<std::string> notes; ///< what was skipped (e.g. "network probes skipped (--offline)")
  std::optional<DapProbeResult> dap;          ///< the debugger probe: phases, server, output
  std::vector<DapTrafficReport> dap_traffic;  ///< `dap check`: per input
};

/// Count of findings per severity; a consequence (caused_by set) counts with its cause.
struct Counts {
  int errors = 0;
  int warnings = 0;
  int infos = 0;
};
Counts CountFindings(const std::vector<Finding>& findings);

/// Redacts credentials: user:password@ in URLs, Authorization-like values.
std::string RedactSecrets(const std::string& text);

}  // namespace godiag::core

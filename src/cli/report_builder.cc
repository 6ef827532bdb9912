#include "cli/report_builder.h"

#include <algorithm>

#include "cli/exit_code.h"
#include "collect/env_model.h"

namespace godiag::cli {

std::vector<core::EnvRow> BuildEnvRows(const core::Snapshot& snap, bool all, const std::vector<std::string>& only) {
  std::vector<core::EnvRow> rows;
  const auto& names = only.empty() ? collect::TrackedVariables() : only;
  for (const auto& name : names) {
    core::EnvRow row;
    row.name = name;
    if (auto it = snap.terminal.env.find(name); it != snap.terminal.env.end()) row.terminal = it->second;
    if (auto it = snap.editor_side.env.find(name); it != snap.editor_side.env.end()) row.editor = it->second;
    row.differs = row.terminal.value != row.editor.value;
    if (all || !only.empty() || row.terminal.set || row.editor.set) rows.push_back(std::move(row));
  }
  return rows;
}

namespace {
core::ToolRow ToolRowFor(const core::ToolInfo& t, const std::string& name) {
  core::ToolRow row;
  row.name = name;
  row.path = t.path;
  row.version = t.version;
  std::string detail;
  if (!t.found_by.empty()) detail = "found by " + t.found_by;
  if (!t.built_with.empty()) detail += (detail.empty() ? "" : "; ") + std::string("built with ") + t.built_with;
  if (t.error) detail += (detail.empty() ? "" : "; ") + *t.error;
  if (t.path.empty()) detail = "not found";
  row.detail = detail;
  return row;
}
}  // namespace

std::vector<core::ToolRow> BuildToolRows(const core::Snapshot& snap) {
  std::vector<core::ToolRow> rows;
  for (const auto& g : snap.tools.go_on_path) {
    core::ToolRow row;
    row.name = "go";
    row.path = g.path;
    row.version = g.version;
    row.detail = g.error ? *g.error : (g.real_path != g.path ? "-> " + g.real_path : "");
    rows.push_back(row);
  }
  if (snap.tools.go_on_path.empty()) rows.push_back(core::ToolRow{"go", "", "", "not found on PATH"});
  rows.push_back(ToolRowFor(snap.tools.gopls, "gopls"));
  rows.push_back(ToolRowFor(snap.tools.dlv, "dlv"));
  rows.push_back(ToolRowFor(snap.tools.git, "git"));
  return rows;
}

core::Report BuildReport(const core::Snapshot& snap, std::vector<core::Finding> findings, bool verbose) {
  core::Report r;
  r.godiag_version = GODIAG_VERSION;
  r.workspace = snap.workspace_dir;
  r.findings = std::move(findings);
  r.env = BuildEnvRows(snap, verbose);
  r.tools = BuildToolRows(snap);
  r.routes = snap.terminal.routes;
  if (snap.offline) r.notes.push_back("network probes skipped (--offline)");
  r.net = snap.net;
  r.sumdb_verify = snap.sumdb_verify;
  r.lsp = snap.lsp;
  if (snap.no_lsp) r.notes.push_back("gopls handshake skipped (--no-lsp)");
  else if (!snap.lsp) r.notes.push_back("gopls handshake skipped: no gopls found the way the editor looks for it");
  return r;
}

report::WriterOptions MakeWriterOptions(const Options& o, const platform::Environment& env) {
  report::WriterOptions w;
  w.verbose = o.verbose;
  auto vars = env.Variables();
  bool no_color = vars.count("NO_COLOR") && !vars["NO_COLOR"].empty();
  bool dumb = vars.count("TERM") && vars["TERM"] == "dumb";
  switch (o.color) {
    case ColorMode::kAlways: w.color = true; break;
    case ColorMode::kNever: w.color = false; break;
    case ColorMode::kAuto: w.color = env.StdoutIsTerminal() && !no_color && !dumb; break;
  }
  if (auto it = vars.find("COLUMNS"); it != vars.end()) {
    try {
      int cols = std::stoi(it->second);
      if (cols >= 40 && cols <= 1000) w.width = cols;
    } catch (...) {
      // COLUMNS is advisory; keep the default width.
    }
  }
  return w;
}

int ExitCodeFor(const std::vector<core::Finding>& findings, FailOn fail_on) {
  if (fail_on == FailOn::kNever) return ToInt(ExitCode::kOk);
  core::Severity threshold = fail_on == FailOn::kWarning ? core::Severity::kWarning : core::Severity::kError;
  bool hit = std::any_of(findings.begin(), findings.end(),
                         [&](const core::Finding& f) { return f.severity >= threshold; });
  return ToInt(hit ? ExitCode::kFindings : ExitCode::kOk);
}

core::Expected<std::string> ResolveDir(const platform::FileSystem& fs, const std::vector<std::string>& args) {
  std::string dir = args.empty() ? "." : args[0];
  if (fs.Stat(dir).type != platform::FileType::kDirectory) {
    std::string msg = dir + " is not a directory";
    if (auto s = Suggest(dir, CommandNames())) msg += "; did you mean the command \"" + *s + "\"?";
    return core::MakeError(core::ErrorCode::kInvalidArgument, msg);
  }
  return fs.RealPath(dir);
}

}  // namespace godiag::cli

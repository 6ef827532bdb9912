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
    // An unknown value is not a difference: nothing says the two disagree.
    row.differs = !row.terminal.unknown && !row.editor.unknown && row.terminal.value != row.editor.value;
    if (all || !only.empty() || row.terminal.set || row.editor.set || row.terminal.unknown || row.editor.unknown)
      rows.push_back(std::move(row));
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
  if (t.path.empty()) detail = t.unknown ? *t.unknown : "not found";
  row.detail = detail;
  return row;
}
}  // namespace

std::vector<std::string> UnknownNotes(const core::Snapshot& snap) {
  std::vector<std::string> notes;
  for (const core::EnvSide* side : {&snap.terminal, &snap.editor_side}) {
    if (!side->unknown || side->label.empty()) continue;
    std::string names;
    for (const auto& [name, v] : side->env)
      if (v.unknown) names += (names.empty() ? "" : ", ") + name;
    notes.push_back(side->label + ": " + (names.empty() ? std::string("the go command's values") : names) +
                    " unknown (" + *side->unknown + "); the checks that need them were not made for the " +
                    side->label);
  }
  return notes;
}

std::vector<std::string> UnreadSettingsNotes(const core::Snapshot& snap) {
  std::vector<std::string> notes;
  for (const auto& f : snap.editor.files)
    if (f.exists && f.parse_error)
      notes.push_back("editor: the settings in " + f.path + " could not be read (" + *f.parse_error +
                      "); what they set is not in the editor's environment above");
  return notes;
}

std::string EditorGoNote(const core::Snapshot& snap) {
  const core::EditorModel& m = snap.editor_model;
  if (m.go.path.empty()) return "editor: VS Code's Go extension finds no go";
  std::string s = "editor: VS Code's Go extension runs " + m.go.path + " (found by " + m.go.found_by + ")";
  if (m.path_prepended) s += " and puts " + *m.path_prepended + " first on PATH";
  else if (m.go.why != "path" && !m.activate_environment) s += "; go.terminal.activateEnvironment is false, so PATH is left as it is";
  if (m.go_env_ok) s += m.gopls_go.empty() ? "; gopls finds no go on its PATH" : "; gopls runs " + m.gopls_go;
  return s;
}

std::string EditorLaunchNote(const core::Snapshot& snap) {
  if (snap.editor_launch.kind == core::EditorLaunch::Kind::kTerminal)
    return "editor: modelled as VS Code started from this terminal (--from-terminal): it inherits this terminal's "
           "environment";
  std::string how = snap.login_shell.ran ? "the login shell (" + snap.login_shell.shell + " -i -l) run from "
                                         : "VS Code's own environment (the login shell could not be read), ";
  return "editor: modelled as VS Code started from the desktop: " + how + snap.editor_launch.origin +
         "; use --from-terminal if you start it with `code` from a terminal";
}

std::vector<core::ToolRow> BuildToolRows(const core::Snapshot& snap) {
  std::vector<core::ToolRow> rows;
  for (const auto& g : snap.tools.go_on_path) {
    core::ToolRow row;
    row.name = "go";
    row.path = g.path;
    row.version = g.version;
    row.detail = "terminal: PATH" + (g.error ? "; " + *g.error : (g.real_path != g.path ? "; -> " + g.real_path : ""));
    rows.push_back(row);
  }
  if (snap.tools.go_on_path.empty()) rows.push_back(core::ToolRow{"go", "", "", "terminal: not found on PATH"});
  const core::ToolInfo& editor_go = snap.editor_model.go;
  core::ToolRow row{"go", editor_go.path, "", ""};
  if (auto v = snap.editor_side.go_env.values.find("GOVERSION"); v != snap.editor_side.go_env.values.end())
    row.version = v->second;
  row.detail = editor_go.path.empty() ? "editor: not found (" + std::to_string(editor_go.searched.size()) + " places)"
                                      : "editor: found by " + editor_go.found_by;
  if (snap.editor_model.path_prepended) row.detail += "; PATH: GOROOT/bin put first by the Go extension";
  if (snap.editor_model.go_env_ok && snap.editor_model.gopls_go.empty())
    row.detail += "; gopls finds no go on its PATH";
  rows.push_back(row);
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
  else if (!snap.lsp && snap.editor_model.stopped) r.notes.push_back("gopls handshake skipped: the editor would not start gopls");
  else if (!snap.lsp && !snap.editor.use_language_server) r.notes.push_back("gopls handshake skipped: go.useLanguageServer is off");
  else if (!snap.lsp) r.notes.push_back("gopls handshake skipped: no gopls found the way the editor looks for it");
  for (auto& n : UnknownNotes(snap)) r.notes.push_back(std::move(n));
  for (auto& n : UnreadSettingsNotes(snap)) r.notes.push_back(std::move(n));
  r.notes.push_back(EditorLaunchNote(snap));
  r.editor_model = snap.editor_model;
  r.editor_launch = snap.editor_launch;
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
  bool hit = std::any_of(findings.begin(), findings.end(),  // a consequence counts with its cause
                         [&](const core::Finding& f) { return !f.caused_by && f.severity >= threshold; });
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

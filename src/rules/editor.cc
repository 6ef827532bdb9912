// Rules on the editor's settings: unknown keys, unreadable files, go.goroot and
// go.alternateTools pointing nowhere, non-string environment values.
#include "rules/all.h"
#include "rules/evidence.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

std::string Where(const core::SettingLocation& w) {
  return w.line > 0 ? w.file + ":" + std::to_string(w.line) : w.file;
}

void CheckUnknownKeys(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& u : s.editor.unknown_keys) {
    std::string msg = "\"" + u.key + "\" in " + Where(u.where) + " is not a setting of VS Code's Go extension or gopls; "
                      "it is ignored.";
    if (u.suggestion) msg += " Did you mean \"" + *u.suggestion + "\"?";
    Finding f = core::MakeFinding(rule, u.key, msg);
    f.evidence.push_back({core::SettingsScopeName(u.where.scope), u.key, "", Where(u.where)});
    f.fixes.push_back({u.suggestion ? "Rename it to \"" + *u.suggestion + "\"" : "Remove it", std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckParseErrors(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& file : s.editor.files) {
    if (!file.parse_error) continue;
    Finding f = core::MakeFinding(rule, file.path,
                                  "VS Code cannot read " + file.path + ": " + *file.parse_error +
                                      ". VS Code reads what it can up to the error and may drop the rest, so settings in that file may not apply "
                                      "(VS Code shows a problem in that file); godiag ignores the whole file.");
    f.evidence.push_back({core::SettingsScopeName(file.scope), "file", file.path, *file.parse_error});
    f.fixes.push_back({"Fix the syntax (comments and trailing commas are allowed; everything else is JSON)", std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckGorootSetting(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.editor.goroot || s.derived.goroot_setting_is_dir) return;
  std::string value = s.editor.goroot->value.is_string() ? s.editor.goroot->value.get<std::string>()
                                                         : s.editor.goroot->value.dump();
  Finding f = core::MakeFinding(rule, "go.goroot",
                                "go.goroot is \"" + value + "\" (" + Where(s.editor.goroot->where) +
                                    "), which is not a directory: VS Code's Go extension ignores the setting "
                                    "(\"go.goroot setting is ignored\") and falls back to PATH." +
                                    (value.ends_with("/bin/go") || value.ends_with("\\bin\\go.exe")
                                         ? " It names the go binary; go.goroot is the installation directory above "
                                           "bin/, as `go env GOROOT` prints it."
                                         : ""));
  f.evidence.push_back({core::SettingsScopeName(s.editor.goroot->where.scope), "go.goroot", value,
                        Where(s.editor.goroot->where)});
  f.fixes.push_back({"Set it to the output of `go env GOROOT`, or remove it", std::nullopt});
  out.push_back(std::move(f));
}

void CheckAlternateTools(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& [tool, setting] : s.editor.alternate_tools) {
    auto it = s.derived.alternate_tool_paths.find(tool);
    if (it == s.derived.alternate_tool_paths.end() || !it->second.empty()) continue;
    std::string value = setting.value.is_string() ? setting.value.get<std::string>() : setting.value.dump();
    Finding f = core::MakeFinding(rule, "go.alternateTools." + tool,
                                  "go.alternateTools maps \"" + tool + "\" to \"" + value + "\" (" + Where(setting.where) +
                                      "), which is not an executable file (nor a command on the editor's PATH): the "
                                      "extension cannot run " + tool + "." +
                                      (value.find('$') != std::string::npos || value.find('%') != std::string::npos
                                           ? " The extension expands ~ and ${workspaceFolder} in this setting, not "
                                             "environment variables such as $HOME or %USERPROFILE%: it looks for a "
                                             "file literally named \"" + value + "\"."
                                           : ""));
    f.evidence.push_back({core::SettingsScopeName(setting.where.scope), "go.alternateTools." + tool, value,
                          Where(setting.where)});
    f.fixes.push_back({"Point it at an existing executable (an absolute path), or remove the entry", std::nullopt});
    out.push_back(std::move(f));
  }
}

// "$HOME/gotools" -> "HOME"; "%USERPROFILE%\\go" -> "USERPROFILE"; "" when the value has no
// shell-style variable ("${workspaceFolder}" and "~" are VS Code's own and are expanded).
std::string ShellVariableIn(const std::string& v) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '$' && i + 1 < v.size() && v[i + 1] != '{') {
      size_t end = v.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_", i + 1);
      if (end != i + 1) return v.substr(i + 1, (end == std::string::npos ? v.size() : end) - i - 1);
    }
    if (v[i] == '%') {
      size_t close = v.find('%', i + 1);
      if (close != std::string::npos && close > i + 1 &&
          v.find_first_of(" /\\", i + 1) > close)
        return v.substr(i + 1, close - i - 1);
    }
  }
  return "";
}

void CheckUnexpandedVariables(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const char* key : {"go.gopath", "go.toolsGopath"}) {
    auto it = s.editor.merged.find(key);
    if (it == s.editor.merged.end() || !it->second.value.is_string()) continue;
    std::string value = it->second.value.get<std::string>();
    std::string var = ShellVariableIn(value);
    if (var.empty()) continue;
    Finding f = core::MakeFinding(rule, key,
                                  std::string(key) + " is \"" + value + "\" (" + Where(it->second.where) + "): VS Code's "
                                  "Go extension expands ~ and ${workspaceFolder} in it, not $" + var + ", so the go "
                                  "command gets the text as it is and rejects it (\"go: GOPATH entry is relative; must "
                                  "be absolute path: \"" + value + "\"\"), and tools are looked for under it.");
    f.evidence.push_back({core::SettingsScopeName(it->second.where.scope), key, value, Where(it->second.where)});
    f.fixes.push_back({"Write the absolute path (or start it with ~/)", std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckBadEnvValues(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  auto report = [&](const std::vector<core::EnvAssignment>& list, const std::string& setting) {
    for (const auto& a : list) {
      if (!a.problem) continue;
      Finding f = core::MakeFinding(rule, setting + "." + a.name,
                                    setting + " entry \"" + a.name + "\" (" + Where(a.where) + "): " + *a.problem + ".");
      f.evidence.push_back({core::SettingsScopeName(a.where.scope), a.name, a.raw, Where(a.where)});
      f.fixes.push_back({"Environment values must be strings, e.g. \"" + a.name + "\": \"value\"", std::nullopt});
      out.push_back(std::move(f));
    }
  };
  report(s.editor.tools_env_vars, "go.toolsEnvVars");
  report(s.editor.gopls_build_env, "gopls.build.env");
}

// gopls runs `go` from its own PATH (exec.LookPath), not the go the extension found.
void CheckGoplsWithoutGo(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  const core::EditorModel& m = s.editor_model;
  if (m.stopped || !m.go_env_ok || !m.gopls_go.empty() || !s.editor.use_language_server || s.tools.gopls.path.empty())
    return;
  std::string bin = m.goroot.empty() ? "Go's bin directory" : m.goroot + "/bin";
  std::string msg = "gopls finds no go on its PATH, so it loads no package: it reports \"go command required, not "
                    "found: exec: \"go\": executable file not found in $PATH\" for the workspace. VS Code's Go "
                    "extension found go by " + m.go.found_by;
  msg += m.activate_environment ? ", but the PATH it gives gopls has no go."
                                : ", but with \"go.terminal.activateEnvironment\": false it does not put " + bin +
                                      " on the PATH it gives gopls.";
  Finding f = core::MakeFinding(rule, "gopls", msg);
  f.side = "editor";
  f.evidence.push_back(VarEvidence(s.editor_side, "PATH"));
  f.evidence.push_back({"VS Code's Go extension", "go", m.go.path, std::nullopt});
  f.fixes.push_back({"Put " + bin + " on your login shell's PATH (export PATH=\"$PATH:" + bin +
                         "\" in ~/.profile for bash, ~/.zprofile for zsh), then restart VS Code",
                     std::nullopt});
  if (auto it = s.editor.merged.find("go.terminal.activateEnvironment"); !m.activate_environment && it != s.editor.merged.end()) {
    f.evidence.push_back({core::SettingsScopeName(it->second.where.scope), "go.terminal.activateEnvironment",
                          it->second.value.dump(), Where(it->second.where)});
    f.fixes.push_back({"Or remove \"go.terminal.activateEnvironment\": false (" + Where(it->second.where) +
                           "), so that the extension puts " + bin + " first on PATH",
                       std::nullopt});
  }
  out.push_back(std::move(f));
}

void CheckGoplsNotStarted(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  const core::EditorModel& m = s.editor_model;
  if (!m.stopped || !s.editor.use_language_server) return;
  Finding f = core::MakeFinding(rule, "gopls", "VS Code's Go extension does not start gopls: " + *m.stopped +
                                                   ". The editor has no completion, diagnostics or navigation for Go.");
  f.side = "editor";
  f.fixes.push_back({"Fix the cause above, then run \"Developer: Reload Window\"", std::nullopt});
  out.push_back(std::move(f));
}

}  // namespace

void AddEditorRules(std::vector<core::Rule>& out) {
  out.push_back({{"editor.settings.unknown-key", Severity::kWarning, "Unknown Go setting in VS Code settings",
                  "A go.* key that VS Code's Go extension does not define, or an unknown gopls setting (typos, and "
                  "settings invented by blog posts such as go.goplsInitializeTimeout).",
                  "VS Code silently ignores unknown settings, so the intended change never happens.",
                  "Use the real key named in the finding, or remove the setting."},
                 CheckUnknownKeys});
  out.push_back({{"editor.settings.unexpanded-variable", Severity::kError,
                  "A Go path setting holds an environment variable VS Code does not expand",
                  "go.gopath or go.toolsGopath contains $NAME or %NAME% (e.g. \"$HOME/gotools\").",
                  "The extension expands only ~ and ${workspaceFolder} there, so GOPATH becomes the literal text: the go "
                  "command rejects it (\"GOPATH entry is relative; must be absolute path\"), tool installs fail and "
                  "tools are not found.",
                  "Write the absolute path, or ~/… ."},
                 CheckUnexpandedVariables});
  out.push_back({{"editor.settings.parse-error", Severity::kError, "A VS Code settings file cannot be parsed",
                  "A settings.json or .code-workspace file is not valid JSON with comments.",
                  "VS Code's tolerant parser keeps what it can read and may drop the rest, so Go settings in the file "
                  "may silently not apply; godiag cannot tell which, so it ignores the file.",
                  "Fix the syntax at the position shown."},
                 CheckParseErrors});
  out.push_back({{"editor.goroot.missing", Severity::kError, "go.goroot points nowhere",
                  "The go.goroot setting is not an existing directory.",
                  "VS Code's Go extension ignores it and uses PATH, which is usually why it was set.",
                  "Set go.goroot to `go env GOROOT`, or remove it."},
                 CheckGorootSetting});
  out.push_back({{"editor.alternate-tools.missing", Severity::kError, "A go.alternateTools entry points nowhere",
                  "go.alternateTools names a path or command that does not exist.",
                  "The extension cannot start that tool (for gopls: no language server).",
                  "Fix the path or remove the entry."},
                 CheckAlternateTools});
  out.push_back({{"editor.env.bad-value", Severity::kWarning, "An environment setting has a non-string value",
                  "A value in go.toolsEnvVars or gopls build.env is not a string.",
                  "It is not passed to tools as intended.",
                  "Write every value as a JSON string."},
                 CheckBadEnvValues});
  out.push_back({{"editor.gopls.no-go", Severity::kError, "gopls finds no go on the PATH the editor gives it",
                  "VS Code's Go extension found go somewhere other than PATH (go.goroot, its default /usr/local/go, "
                  "an alternate tool) but the PATH it starts gopls with has no go: with "
                  "\"go.terminal.activateEnvironment\": false it does not put GOROOT/bin first.",
                  "gopls runs the go command it finds on its own PATH for every package load; without one, no file "
                  "of the workspace is understood (\"go command required, not found\").",
                  "Put Go's bin directory on the login shell's PATH, or let the extension put it there."},
                 CheckGoplsWithoutGo});
  out.push_back({{"editor.gopls.not-started", Severity::kError, "The editor does not start gopls",
                  "VS Code's Go extension stops activating before it starts gopls: it finds no go, or its `go env` "
                  "fails.",
                  "Without gopls the editor has no Go support at all.",
                  "Fix what stops the extension (the finding it follows from).",
                  {"env.go.missing", "env.go-env.failed"}},
                 CheckGoplsNotStarted});
}

}  // namespace godiag::rules

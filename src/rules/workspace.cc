// Rules on the workspace layout: no module, several modules without go.work, go.mod
// syntax errors, and vendoring.
#include "rules/all.h"
#include "rules/evidence.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

void CheckNoModule(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (s.workspace.gomod || s.workspace.gowork || !s.workspace.nested_modules.empty()) return;
  if (s.terminal.settings.go111module.mode == core::ModuleMode::kOff) return;
  Finding f = core::MakeFinding(rule, s.workspace_dir,
                                "No go.mod in " + s.workspace_dir + " or any parent, and no go.work: the go command "
                                "fails with \"go.mod file not found in current directory or any parent directory\".");
  f.fixes.push_back({"Create a module", "go mod init example.com/yourmodule"});
  out.push_back(std::move(f));
}

void CheckMultiModule(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  const auto& ws = s.workspace;
  if (ws.gowork || ws.nested_modules.size() < 2) return;
  if (ws.gomod && ws.gomod->path == ws.dir + "/go.mod" && ws.nested_modules.empty()) return;
  std::string list;
  for (size_t i = 0; i < ws.nested_modules.size() && i < 8; ++i)
    list += (list.empty() ? "" : ", ") + ws.nested_modules[i];
  if (ws.nested_modules.size() > 8) list += ", …";
  Finding f = core::MakeFinding(rule, ws.dir,
                                "The opened folder holds " + std::to_string(ws.nested_modules.size()) +
                                    " modules (" + list + ") and no go.work: gopls loads each module separately, and "
                                    "cross-module references between them resolve to the required versions, not to "
                                    "your local code.");
  f.fixes.push_back({"Create a workspace that uses all of them (run in " + ws.dir + ")",
                     "go work init && go work use -r ."});
  out.push_back(std::move(f));
}

void CheckModErrors(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const core::GoModFile* file : {s.workspace.gomod ? &*s.workspace.gomod : nullptr,
                                      s.workspace.gowork ? &*s.workspace.gowork : nullptr}) {
    if (file == nullptr) continue;
    for (const auto& e : file->errors) {
      Finding f = core::MakeFinding(rule, file->path, e);
      f.evidence.push_back({"workspace", "file", file->path, std::nullopt});
      f.fixes.push_back({"Fix the line; `go mod edit -fmt` shows whether the file parses", std::nullopt});
      out.push_back(std::move(f));
    }
  }
}

void CheckVendor(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.derived.vendor_mode) return;
  const auto& v = s.workspace.vendor;
  std::string where = s.workspace.gomod ? s.workspace.gomod->path : s.workspace_dir;
  if (!v.dir_exists || !v.modules_txt_exists || !v.problems.empty()) {
    std::string msg = "-mod=vendor is in effect (" + s.derived.vendor_mode_reason + ") but ";
    if (!v.dir_exists) msg += "there is no vendor/ directory";
    else if (!v.modules_txt_exists) msg += "vendor/modules.txt is missing";
    else msg += "vendor/ is inconsistent with go.mod";
    msg += ": the go command fails with \"inconsistent vendoring\" and gopls reports errors everywhere.";
    Finding f = core::MakeFinding(rule, where, msg);
    for (const auto& p : v.problems) f.evidence.push_back({"vendor/modules.txt", "problem", p, std::nullopt});
    f.fixes.push_back({"Re-vendor (or drop -mod=vendor)", "go mod vendor"});
    out.push_back(std::move(f));
  }
}

}  // namespace

void AddWorkspaceRules(std::vector<core::Rule>& out) {
  out.push_back({{"workspace.module.none", Severity::kWarning, "No Go module in the workspace",
                  "Neither the folder nor a parent holds go.mod, and there is no go.work.",
                  "In module mode (the default) the go command and gopls cannot load packages outside a module.",
                  "Run `go mod init` or open the module's folder."},
                 CheckNoModule});
  out.push_back({{"workspace.multi-module.no-gowork", Severity::kWarning, "Several modules without a go.work",
                  "The opened folder contains several go.mod files and no go.work.",
                  "Without a workspace, edits in one module are invisible to the others until they are published, "
                  "and some editor setups show errors for modules other than the first.",
                  "`go work init && go work use -r .` in the folder (and add go.work to .gitignore if it is local)."},
                 CheckMultiModule});
  out.push_back({{"workspace.gomod.invalid", Severity::kError, "go.mod or go.work does not parse",
                  "The go command cannot parse go.mod or go.work (a bad go or toolchain line, a malformed require).",
                  "Every go command in the module fails, and gopls with it.",
                  "Fix the line named in the finding."},
                 CheckModErrors});
  out.push_back({{"vendor.inconsistent", Severity::kError, "-mod=vendor with a missing or inconsistent vendor/",
                  "Vendoring is in effect (GOFLAGS=-mod=vendor, or a go 1.14+ module with a vendor/ directory) but "
                  "vendor/ is missing or does not match go.mod.",
                  "The go command refuses to build (\"inconsistent vendoring\"), and gopls shows errors everywhere.",
                  "Run `go mod vendor`, or remove vendor/ and -mod=vendor."},
                 CheckVendor});
}

}  // namespace godiag::rules

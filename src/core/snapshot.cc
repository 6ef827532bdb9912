#include "core/snapshot.h"

namespace godiag::core {

const char* SourceKindName(SourceKind k) {
  switch (k) {
    case SourceKind::kUnset: return "unset";
    case SourceKind::kProcessEnv: return "process env";
    case SourceKind::kLoginShell: return "login shell";
    case SourceKind::kUserEnvFile: return "user env file";
    case SourceKind::kGorootEnvFile: return "$GOROOT/go.env";
    case SourceKind::kGoDefault: return "go default";
    case SourceKind::kToolsEnvVars: return "go.toolsEnvVars";
    case SourceKind::kHttpProxySetting: return "http.proxy";
    case SourceKind::kGorootSetting: return "go.goroot";
    case SourceKind::kGoEnvFillIn: return "vscode-go fill-in from go env";
    case SourceKind::kGoplsBuildEnv: return "gopls build.env";
    case SourceKind::kEditorRewrite: return "vscode-go rewrite";
    case SourceKind::kDesktopEnv: return "desktop session";
    case SourceKind::kExtensionPath: return "Go extension";
  }
  return "unset";
}

std::string DescribeSource(const ValueSource& s) {
  std::string out = SourceKindName(s.kind);
  if (!s.path.empty()) {
    out += " ";
    out += s.path;
    if (s.line > 0) out += ":" + std::to_string(s.line);
  }
  if (!s.detail.empty()) out += " (" + s.detail + ")";
  return out;
}

}  // namespace godiag::core

#include "rules/evidence.h"

namespace godiag::rules {

std::string Location(const core::ValueSource& s) {
  if (s.path.empty()) return "";
  return s.line > 0 ? s.path + ":" + std::to_string(s.line) : s.path;
}

core::Evidence VarEvidence(const core::EnvSide& side, const std::string& name) {
  core::Evidence e;
  e.key = name;
  auto it = side.env.find(name);
  if (it != side.env.end() && it->second.unknown) {
    e.source = side.label + ": unknown (" + *it->second.unknown + ")";
    return e;
  }
  if (it == side.env.end() || !it->second.set) {
    e.source = side.label + ": unset";
    return e;
  }
  e.source = side.label + ": " + core::SourceKindName(it->second.source.kind);
  if (!it->second.source.detail.empty()) e.source += " (" + it->second.source.detail + ")";
  e.value = it->second.value;
  std::string loc = Location(it->second.source);
  if (!loc.empty()) e.location = loc;
  return e;
}

std::string Value(const core::EnvSide& side, const std::string& name) {
  auto it = side.env.find(name);
  return it == side.env.end() ? "" : it->second.value;
}

bool IsUnknown(const core::EnvSide& side, const std::string& name) {
  auto it = side.env.find(name);
  return it != side.env.end() && it->second.unknown.has_value();
}

bool IsSet(const core::EnvSide& side, const std::string& name) {
  auto it = side.env.find(name);
  return it != side.env.end() && it->second.set;
}

std::string ShellQuote(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '-' || c == '_' ||
          c == ':' || c == ',' || c == '@' || c == '=' || c == '+')) {
      plain = false;
    }
  }
  if (plain) return s;
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

core::Fix SetVarFix(const core::EnvSide& side, const std::string& name, const std::string& value,
                    const std::string& why) {
  core::Fix fix;
  auto it = side.env.find(name);
  core::SourceKind kind = it == side.env.end() ? core::SourceKind::kUnset : it->second.source.kind;
  switch (kind) {
    case core::SourceKind::kToolsEnvVars:
    case core::SourceKind::kGoplsBuildEnv:
    case core::SourceKind::kGorootSetting:
    case core::SourceKind::kHttpProxySetting:
      fix.description = why + ": edit " + Location(it->second.source) + " (" + core::SourceKindName(kind) +
                        ") to " + name + "=" + value;
      break;
    case core::SourceKind::kProcessEnv:
    case core::SourceKind::kLoginShell:
      fix.description = why + ": " + name + " is set in your shell environment (" +
                        core::SourceKindName(kind) + "); change it where it is exported (e.g. ~/.profile)";
      fix.command = "export " + name + "=" + ShellQuote(value);
      break;
    default:
      fix.description = why;
      fix.command = value.empty() ? "go env -u " + name : "go env -w " + name + "=" + ShellQuote(value);
      break;
  }
  return fix;
}

}  // namespace godiag::rules

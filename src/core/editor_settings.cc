#include "core/editor_settings.h"

namespace godiag::core {

const char* SettingsScopeName(SettingsScope s) {
  switch (s) {
    case SettingsScope::kUser: return "user settings";
    case SettingsScope::kRemote: return "remote machine settings";
    case SettingsScope::kWorkspaceFile: return "workspace file";
    case SettingsScope::kWorkspaceFolder: return "workspace folder settings";
  }
  return "settings";
}

}  // namespace godiag::core

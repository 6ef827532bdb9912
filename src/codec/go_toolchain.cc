#include "codec/go_toolchain.h"

#include "codec/go_text.h"
#include "codec/go_version.h"

namespace godiag::codec {

core::Go111Module ParseGo111Module(std::string_view value) {
  core::Go111Module m;
  m.value = std::string(value);
  if (value.empty() || value == "on") m.mode = core::ModuleMode::kOn;
  else if (value == "auto") m.mode = core::ModuleMode::kAuto;
  else if (value == "off") m.mode = core::ModuleMode::kOff;
  else {
    m.mode = core::ModuleMode::kInvalid;
    m.error = "go: unknown environment setting GO111MODULE=" + std::string(value);
  }
  return m;
}

core::GoToolchain ParseGoToolchain(std::string_view value) {
  core::GoToolchain t;
  t.value = std::string(value);
  if (value.empty()) {
    t.mode = core::ToolchainMode::kEmpty;
    return t;
  }
  if (value == "auto" || value == "path") {
    t.mode = value == "auto" ? core::ToolchainMode::kAuto : core::ToolchainMode::kPath;
    return t;
  }
  size_t plus = value.find('+');
  std::string_view min = value.substr(0, plus);
  std::string_view suffix = plus == std::string_view::npos ? std::string_view() : value.substr(plus + 1);
  auto invalid = [&](std::string msg) {
    t.mode = core::ToolchainMode::kInvalid;
    t.error = std::move(msg);
    return t;
  };
  if (min != "local") {
    if (GoVersionFromToolchain(min).empty()) {
      if (plus != std::string_view::npos)
        return invalid("invalid GOTOOLCHAIN " + GoQuote(value) + ": invalid minimum toolchain " + GoQuote(min));
      return invalid("invalid GOTOOLCHAIN " + GoQuote(value));
    }
    t.minimum = std::string(min);
  }
  if (plus != std::string_view::npos && suffix != "auto" && suffix != "path")
    return invalid("invalid GOTOOLCHAIN " + GoQuote(value) + ": only version suffixes are +auto and +path");
  if (suffix == "auto") t.mode = core::ToolchainMode::kAuto;
  else if (suffix == "path") t.mode = core::ToolchainMode::kPath;
  else t.mode = min == "local" ? core::ToolchainMode::kLocal : core::ToolchainMode::kFixed;
  return t;
}

ToolchainChoice SelectToolchain(const core::GoToolchain& gotoolchain, std::string_view local_toolchain,
                                std::string_view go_line, std::string_view toolchain_line, std::string_view file) {
  ToolchainChoice c;
  std::string local(local_toolchain);
  c.target = local;
  if (gotoolchain.mode == core::ToolchainMode::kInvalid) return c;
  std::string local_vers = GoVersionFromToolchain(local);
  std::string min_toolchain = gotoolchain.minimum.value_or(local);
  std::string min_vers = GoVersionFromToolchain(min_toolchain);
  std::string target = min_toolchain;
  bool may_switch = gotoolchain.mode == core::ToolchainMode::kAuto || gotoolchain.mode == core::ToolchainMode::kPath;
  if (may_switch && toolchain_line != "default") {
    if (!toolchain_line.empty()) {
      std::string tv = GoVersionFromToolchain(toolchain_line);
      if (!tv.empty() && CompareGoVersions(tv, min_vers) > 0) {
        target = std::string(toolchain_line);
        min_vers = tv;
      }
    }
    if (!go_line.empty() && CompareGoVersions(go_line, min_vers) > 0) {
      target = "go" + std::string(go_line);
      if (IsLangVersion(go_line) && CompareGoVersions(go_line, "1.21") >= 0) target += ".0";
    }
  }
  c.target = target;
  c.switches = target != local;
  if (gotoolchain.mode == core::ToolchainMode::kEmpty) {
    c.target = local;
    c.switches = false;
  }
  // Running the selected toolchain: its go line check (modload's TooNewError).
  std::string running_vers = c.switches ? GoVersionFromToolchain(c.target) : local_vers;
  if (!go_line.empty() && CompareGoVersions(go_line, running_vers) > 0 && !c.switches) {
    std::string tail;
    if (!gotoolchain.value.empty() && gotoolchain.value != "auto") tail += "; GOTOOLCHAIN=" + gotoolchain.value;
    if (may_switch && toolchain_line == "default") tail += "; " + std::string(file) + " sets toolchain default";
    c.error = "go: " + std::string(file) + " requires go >= " + std::string(go_line) + " (running go " + running_vers +
              tail + ")";
  }
  return c;
}

}  // namespace godiag::codec

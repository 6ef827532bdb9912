// Go version strings exactly as internal/gover parses and orders them (1.21 < 1.21rc1 < 1.21.0).
#pragma once

#include <string>
#include <string_view>

namespace godiag::codec {

struct GoVersion {
  std::string major, minor, patch, kind, pre;  ///< all "" = invalid
  bool operator==(const GoVersion&) const = default;
};

GoVersion ParseGoVersion(std::string_view x);
bool IsValidGoVersion(std::string_view x);
/// gover.Compare: -1, 0, +1 (invalid versions compare as the zero version).
int CompareGoVersions(std::string_view a, std::string_view b);
/// gover.IsLang: "1.21" yes, "1.21.0" no.
bool IsLangVersion(std::string_view x);
/// gover.FromToolchain: "go1.22.3-bigcorp" -> "1.22.3"; "" when not a toolchain name.
std::string GoVersionFromToolchain(std::string_view name);

}  // namespace godiag::codec

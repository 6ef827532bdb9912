#include "codec/go_version.h"

namespace godiag::codec {

namespace {

bool CutInt(std::string_view& x, std::string* n) {
  size_t i = 0;
  while (i < x.size() && x[i] >= '0' && x[i] <= '9') ++i;
  if (i == 0 || (x[0] == '0' && i != 1)) return false;
  *n = std::string(x.substr(0, i));
  x.remove_prefix(i);
  return true;
}

int CmpInt(const std::string& x, const std::string& y) {
  if (x == y) return 0;
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  return x < y ? -1 : 1;
}

}  // namespace

GoVersion ParseGoVersion(std::string_view x) {
  GoVersion v;
  if (!CutInt(x, &v.major)) return {};
  if (x.empty()) {
    v.minor = "0";
    v.patch = "0";
    return v;
  }
  if (x[0] != '.') return {};
  x.remove_prefix(1);
  if (!CutInt(x, &v.minor)) return {};
  if (x.empty()) {
    if (CmpInt(v.minor, "21") < 0) v.patch = "0";
    return v;
  }
  if (x[0] == '.') {
    x.remove_prefix(1);
    if (!CutInt(x, &v.patch) || !x.empty()) return {};
    return v;
  }
  size_t i = 0;
  while (i < x.size() && (x[i] < '0' || x[i] > '9')) {
    if (x[i] < 'a' || x[i] > 'z') return {};
    ++i;
  }
  if (i == 0) return {};
  v.kind = std::string(x.substr(0, i));
  x.remove_prefix(i);
  if (x.empty()) return v;
  if (!CutInt(x, &v.pre) || !x.empty()) return {};
  return v;
}

bool IsValidGoVersion(std::string_view x) { return !(ParseGoVersion(x) == GoVersion{}); }

int CompareGoVersions(std::string_view a, std::string_view b) {
  GoVersion x = ParseGoVersion(a), y = ParseGoVersion(b);
  if (int c = CmpInt(x.major, y.major)) return c;
  if (int c = CmpInt(x.minor, y.minor)) return c;
  if (int c = CmpInt(x.patch, y.patch)) return c;
  if (x.kind != y.kind) return x.kind < y.kind ? -1 : 1;
  return CmpInt(x.pre, y.pre);
}

bool IsLangVersion(std::string_view x) {
  GoVersion v = ParseGoVersion(x);
  return !(v == GoVersion{}) && v.patch.empty() && v.kind.empty() && v.pre.empty();
}

std::string GoVersionFromToolchain(std::string_view name) {
  if (name.find_first_of("\\/") != std::string_view::npos || name.rfind("go", 0) != 0) return "";
  std::string_view v = name.substr(2);
  size_t cut = v.find_first_of(" \t-");
  if (cut != std::string_view::npos) v = v.substr(0, cut);
  return IsValidGoVersion(v) ? std::string(v) : "";
}

}  // namespace godiag::codec

// Fuzzes the JSONC parser and the settings merge: no crash, no unbounded recursion, every
// parsed value dumps as valid UTF-8 JSON that parses back the same, and every recorded
// key line points into the value.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collect/editor_settings.h"
#include "collect/jsonc.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckDocument(const godiag::collect::JsoncDocument& doc) {
  std::string dumped = doc.value.dump();  // throws (and so fails) on invalid UTF-8
  auto again = godiag::collect::ParseJsonc(dumped);
  Check(again.has_value());
  Check(again->value.dump() == dumped);
  for (const auto& [pointer, line] : doc.key_lines) {
    Check(line >= 1);
    Check(doc.value.contains(nlohmann::json::json_pointer(pointer)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto doc = godiag::collect::ParseJsonc(text)) {
    CheckDocument(*doc);
  } else {
    Check(doc.error().code == godiag::core::ErrorCode::kParse);
    Check(!doc.error().message.empty());
  }
  if (auto doc = godiag::collect::ParseJsoncObject(text)) {
    Check(doc->value.is_object());
    CheckDocument(*doc);
  }
  using godiag::core::SettingsScope;
  auto user = godiag::collect::ParseSettingsFile({"/u.json", SettingsScope::kUser, "Code", false, std::nullopt}, text);
  auto ws = godiag::collect::ParseSettingsFile(
      {"/w/x.code-workspace", SettingsScope::kWorkspaceFile, "", false, std::nullopt}, text);
  godiag::collect::SubstitutionContext ctx{"linux", {{"HOME", "/home/u"}}, "/w"};
  auto merged = godiag::collect::MergeEditorSettings({user, ws}, ctx);
  Check(merged.files.size() == 2);
  return 0;
}

// Fuzzes the checksum-database parsers: signed notes, tree notes, lookup records, tile
// paths and go.sum files. No crash; a parsed tile path formats back to itself; a parsed
// tree note round-trips; a parsed record formats back.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "codec/go_sumdb.h"
#include "codec/gosum.h"
#include "codec/sumdb_note.h"
#include "codec/tlog.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace godiag::codec;
  std::string_view data(reinterpret_cast<const char*>(bytes), size);
  static const std::vector<godiag::core::VerifierKey> keys = {
      *ParseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
      *ParseVerifierKey(kSumGolangOrgKey)};
  auto note = OpenNote(data, keys);
  if (note) Check(data.starts_with(note->text) && !note->verified.empty());
  if (auto tree = ParseTreeNote(data)) {
    // Go's base64 is not strict (non-zero trailing bits pass), so compare values, not text.
    auto again = ParseTreeNote(FormatTreeNote(*tree));
    Check(again.has_value() && again->n == tree->n && again->hash == tree->hash);
  }
  if (auto rec = ParseRecord(data)) {
    auto again = FormatRecord(rec->id, rec->text);
    Check(again.has_value() && data.ends_with(rec->rest));
  }
  if (auto tile = ParseTilePath(data)) Check(TilePath(*tile) == data);
  if (auto sums = ParseGoSum("go.sum", data)) {
    for (const auto& l : *sums) Check(!l.path.empty() && !l.version.empty() && !l.hash.empty() && l.line >= 1);
  }
  return 0;
}

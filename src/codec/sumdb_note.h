// Signed notes, tree heads and lookup records of the checksum database, exactly as
// golang.org/x/mod/sumdb/note and sumdb/tlog parse them, with their error texts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "codec/tlog.h"
#include "core/expected.h"
#include "core/go_settings.h"

namespace godiag::codec {

struct NoteSignature {
  std::string name;
  uint32_t hash = 0;
  std::string signature;  ///< the bytes after the 4-byte key hash
};

struct OpenedNote {
  std::string text;                        ///< the signed text, its final newline included
  std::vector<NoteSignature> verified;
  std::vector<NoteSignature> unverified;   ///< by keys not in the list (e.g. witnesses)
};

/// note.Open: errors "malformed note", "note has no verifiable signatures", "invalid
/// signature for key NAME+HASH", "ambiguous key NAME+HASH", "verifier name or hash doesn't
/// match signature" (kCrypto for signature problems, kParse for format problems).
core::Expected<OpenedNote> OpenNote(std::string_view msg, const std::vector<core::VerifierKey>& known);

/// note.Sign with a signer key "PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>".
core::Expected<std::string> SignNote(std::string_view text, std::string_view signer_key);

struct TreeHead {
  int64_t n = 0;
  TlogHash hash{};
};

/// tlog.ParseTree: "go.sum database tree\n<N>\n<hash>\n[more lines]"; "malformed tree note".
core::Expected<TreeHead> ParseTreeNote(std::string_view text);
std::string FormatTreeNote(const TreeHead& tree);

/// tlog.FormatRecord: "<id>\n<text>\n"; "malformed record data" for a bad text.
core::Expected<std::string> FormatRecord(int64_t id, std::string_view text);

struct ParsedRecord {
  int64_t id = 0;
  std::string text;
  std::string rest;  ///< what follows the blank line (the signed tree note in a lookup)
};
core::Expected<ParsedRecord> ParseRecord(std::string_view msg);

}  // namespace godiag::codec

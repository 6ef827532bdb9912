#include "codec/sumdb_note.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <set>

#include "codec/go_sumdb.h"
#include "codec/go_text.h"
#include "crypto/ed25519.h"

namespace godiag::codec {

using core::ErrorCode;
using core::MakeError;

namespace {

constexpr std::string_view kEmDashSpace = "\xE2\x80\x94 ";
constexpr std::string_view kTreePrefix = "go.sum database tree\n";
constexpr int kMaxSignatures = 100;

tl::unexpected<core::Error> Malformed() { return MakeError(ErrorCode::kParse, "malformed note"); }

std::string KeyText(const std::string& name, uint32_t hash) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", hash);
  return name + "+" + buf;
}

// Decodes one UTF-8 rune at s[i]; returns its size (0 when invalid).
size_t DecodeRune(std::string_view s, size_t i, uint32_t& r) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  r = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    r = (r << 6) | (b & 0x3F);
  }
  static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (r < kMin[n] || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0;
  return n;
}

// Valid UTF-8 with no control characters but '\n' (and, for `forbid_newline`, not even that).
bool CleanText(std::string_view s, bool forbid_space = false) {
  for (size_t i = 0; i < s.size();) {
    uint32_t r = 0;
    size_t n = DecodeRune(s, i, r);
    if (n == 0 || (r < 0x20 && r != '\n') || (forbid_space && IsGoSpace(r))) return false;
    i += n;
  }
  return true;
}

bool ValidName(std::string_view name) {
  return !name.empty() && CleanText(name, true) && name.find('+') == std::string_view::npos;
}

// Go's strconv.ParseInt(s, 10, 64).
bool ParseInt64(std::string_view s, int64_t& out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size() && !(s[0] == '+' || s[0] == ' ');
}

// x/mod isValidRecordText: UTF-8, no control characters but '\n', no blank line, ends in '\n'.
bool ValidRecordText(std::string_view text) {
  uint32_t last = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t r = 0;
    size_t n = DecodeRune(text, i, r);
    if (n == 0 || (r < 0x20 && r != '\n') || (last == '\n' && r == '\n')) return false;
    i += n;
    last = r;
  }
  return last == '\n';
}

}  // namespace

core::Expected<OpenedNote> OpenNote(std::string_view msg, const std::vector<core::VerifierKey>& known) {
  if (!CleanText(msg)) return Malformed();
  size_t split = msg.rfind("\n\n");
  if (split == std::string_view::npos) return Malformed();
  OpenedNote note;
  note.text = std::string(msg.substr(0, split + 1));
  std::string_view sigs = msg.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return Malformed();
  std::set<std::pair<std::string, uint32_t>> seen;
  int lines = 0;
  while (!sigs.empty()) {
    size_t nl = sigs.find('\n');
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    if (++lines > kMaxSignatures || !line.starts_with(kEmDashSpace)) return Malformed();
    line.remove_prefix(kEmDashSpace.size());
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return Malformed();
    std::string name(line.substr(0, sp));
    std::string_view b64 = line.substr(sp + 1);
    if (!ValidName(name) || b64.empty()) return Malformed();
    auto raw = DecodeBase64Std(b64);
    if (!raw || raw->size() < 5) return Malformed();
    NoteSignature sig;
    sig.name = name;
    sig.hash = (static_cast<uint32_t>(static_cast<uint8_t>((*raw)[0])) << 24) |
               (static_cast<uint32_t>(static_cast<uint8_t>((*raw)[1])) << 16) |
               (static_cast<uint32_t>(static_cast<uint8_t>((*raw)[2])) << 8) | static_cast<uint8_t>((*raw)[3]);
    sig.signature = raw->substr(4);
    const core::VerifierKey* verifier = nullptr;
    int matches = 0;
    for (const auto& k : known) {
      if (k.name == name && k.hash == sig.hash) {
        verifier = &k;
        ++matches;
      }
    }
    auto key = std::make_pair(name, sig.hash);
    if (matches == 0) {
      if (seen.insert(key).second) note.unverified.push_back(sig);
      continue;
    }
    if (matches > 1) return MakeError(ErrorCode::kCrypto, "ambiguous key " + KeyText(name, sig.hash));
    if (!seen.insert(key).second) continue;
    if (!crypto::Ed25519Verify(verifier->public_key, note.text, sig.signature))
      return MakeError(ErrorCode::kCrypto, "invalid signature for key " + KeyText(name, sig.hash));
    note.verified.push_back(sig);
  }
  if (note.verified.empty()) return MakeError(ErrorCode::kCrypto, "note has no verifiable signatures");
  return note;
}

core::Expected<std::string> SignNote(std::string_view text, std::string_view signer_key) {
  auto bad = [] { return MakeError(ErrorCode::kParse, "malformed verifier id"); };
  constexpr std::string_view kPrivate = "PRIVATE+KEY+";
  if (!signer_key.starts_with(kPrivate)) return bad();
  std::string_view rest = signer_key.substr(kPrivate.size());
  size_t p1 = rest.find('+'), p2 = p1 == std::string_view::npos ? p1 : rest.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return bad();
  std::string name(rest.substr(0, p1));
  std::string hash_hex(rest.substr(p1 + 1, p2 - p1 - 1));
  auto key = DecodeBase64Std(rest.substr(p2 + 1));
  uint32_t hash = 0;
  auto r = std::from_chars(hash_hex.data(), hash_hex.data() + hash_hex.size(), hash, 16);
  if (!ValidName(name) || hash_hex.size() != 8 || r.ec != std::errc() || !key || key->size() != 33 || (*key)[0] != 1)
    return bad();
  if (text.empty() || text.back() != '\n' || !CleanText(text)) return Malformed();
  auto sig = crypto::Ed25519Sign(key->substr(1), text);
  if (!sig) return MakeError(ErrorCode::kCrypto, "ed25519 signing failed");
  std::string raw;
  for (int s = 24; s >= 0; s -= 8) raw += static_cast<char>((hash >> s) & 0xFF);
  raw += *sig;
  return std::string(text) + "\n" + std::string(kEmDashSpace) + name + " " + EncodeBase64Std(raw) + "\n";
}

core::Expected<TreeHead> ParseTreeNote(std::string_view text) {
  auto bad = [] { return MakeError(ErrorCode::kParse, "malformed tree note"); };
  if (!text.starts_with(kTreePrefix) || std::count(text.begin(), text.end(), '\n') < 3 || text.size() > 1000000)
    return bad();
  std::string_view rest = text.substr(kTreePrefix.size());
  size_t nl1 = rest.find('\n');
  std::string_view n_text = rest.substr(0, nl1);
  std::string_view hash_text = rest.substr(nl1 + 1, rest.find('\n', nl1 + 1) - nl1 - 1);
  TreeHead tree;
  if (!ParseInt64(n_text, tree.n) || tree.n < 0 || std::to_string(tree.n) != n_text) return bad();
  auto hash = DecodeBase64Std(hash_text);
  if (!hash || hash->size() != 32) return bad();
  std::copy(hash->begin(), hash->end(), tree.hash.begin());
  return tree;
}

std::string FormatTreeNote(const TreeHead& tree) {
  return std::string(kTreePrefix) + std::to_string(tree.n) + "\n" + HashBase64(tree.hash) + "\n";
}

core::Expected<std::string> FormatRecord(int64_t id, std::string_view text) {
  if (!ValidRecordText(text)) return MakeError(ErrorCode::kParse, "malformed record data");
  return std::to_string(id) + "\n" + std::string(text) + "\n";
}

core::Expected<ParsedRecord> ParseRecord(std::string_view msg) {
  auto bad = [] { return MakeError(ErrorCode::kParse, "malformed record data"); };
  size_t nl = msg.find('\n');
  if (nl == std::string_view::npos) return bad();
  ParsedRecord rec;
  if (!ParseInt64(msg.substr(0, nl), rec.id)) return bad();
  msg.remove_prefix(nl + 1);
  size_t blank = msg.find("\n\n");
  if (blank == std::string_view::npos) return bad();
  std::string_view text = msg.substr(0, blank + 1);
  if (!ValidRecordText(text)) return bad();
  rec.text = std::string(text);
  rec.rest = std::string(msg.substr(blank + 2));
  return rec;
}

}  // namespace godiag::codec

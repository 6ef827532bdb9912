#include "codec/go_sumdb.h"

#include <vector>

#include "crypto/sha256.h"

namespace godiag::codec {

namespace {

int B64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Valid UTF-8 without Unicode white space and without '+' (note.isValidName).
bool IsValidName(std::string_view name) {
  if (name.empty() || name.find('+') != std::string_view::npos) return false;
  for (size_t i = 0; i < name.size();) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    uint32_t r = 0;
    size_t n = 0;
    if (c < 0x80) { r = c; n = 1; }
    else if (c >= 0xC2 && c < 0xE0) { r = c & 0x1Fu; n = 2; }
    else if (c >= 0xE0 && c < 0xF0) { r = c & 0x0Fu; n = 3; }
    else if (c >= 0xF0 && c < 0xF5) { r = c & 0x07u; n = 4; }
    else return false;
    if (i + n > name.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(name[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      r = (r << 6) | (cc & 0x3Fu);
    }
    if ((n == 3 && (r < 0x800 || (r >= 0xD800 && r <= 0xDFFF))) || (n == 4 && (r < 0x10000 || r > 0x10FFFF)))
      return false;
    // unicode.IsSpace
    if (r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0 || r == 0x1680 ||
        (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000)
      return false;
    i += n;
  }
  return true;
}

bool ParseHex32(std::string_view s, uint32_t* out) {
  if (s.size() != 8) return false;
  uint32_t v = 0;
  for (char c : s) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (d < 0) return false;
    v = (v << 4) | static_cast<uint32_t>(d);
  }
  *out = v;
  return true;
}

std::vector<std::string> Fields(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (i < s.size()) {
    while (i < s.size() && space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !space(s[i])) ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

// The checks of dbDial on the database name: it must form a clean https://host[/path] URL.
bool IsCleanSumDbName(std::string_view name) {
  if (name.empty() || name.back() == '/') return false;
  size_t slash = name.find('/');
  std::string_view host = name.substr(0, slash);
  if (host.empty()) return false;
  for (char c : name) {
    if (c == '@' || c == '?' || c == '#' || c == '%' || c == '\\' || static_cast<unsigned char>(c) < 0x21) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> DecodeBase64Std(std::string_view in) {
  std::string clean;
  for (char c : in)
    if (c != '\r' && c != '\n') clean.push_back(c);
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < clean.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = clean[i + k];
      if (c == '=') {
        if (i + 4 != clean.size() || k < 2) return std::nullopt;
        ++pad;
        v[k] = 0;
      } else {
        if (pad > 0) return std::nullopt;
        v[k] = B64Value(c);
        if (v[k] < 0) return std::nullopt;
      }
    }
    uint32_t n = (static_cast<uint32_t>(v[0]) << 18) | (static_cast<uint32_t>(v[1]) << 12) |
                 (static_cast<uint32_t>(v[2]) << 6) | static_cast<uint32_t>(v[3]);
    out.push_back(static_cast<char>((n >> 16) & 0xFF));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xFF));
  }
  return out;
}

core::Expected<core::VerifierKey> ParseVerifierKey(std::string_view vkey) {
  auto malformed = [] { return core::MakeError(core::ErrorCode::kParse, "malformed verifier id"); };
  size_t p1 = vkey.find('+');
  std::string_view name = vkey.substr(0, p1);
  std::string_view rest = p1 == std::string_view::npos ? std::string_view() : vkey.substr(p1 + 1);
  size_t p2 = rest.find('+');
  std::string_view hash16 = rest.substr(0, p2);
  std::string_view key64 = p2 == std::string_view::npos ? std::string_view() : rest.substr(p2 + 1);
  uint32_t hash = 0;
  auto key = DecodeBase64Std(key64);
  if (!ParseHex32(hash16, &hash) || !key || !IsValidName(name) || key->empty()) return malformed();
  std::string material(name);
  material.push_back('\n');
  material += *key;
  auto digest = crypto::Sha256(material);
  uint32_t want = (static_cast<uint32_t>(digest[0]) << 24) | (static_cast<uint32_t>(digest[1]) << 16) |
                  (static_cast<uint32_t>(digest[2]) << 8) | digest[3];
  if (want != hash) return core::MakeError(core::ErrorCode::kParse, "invalid verifier hash");
  if (static_cast<unsigned char>((*key)[0]) != 1) return core::MakeError(core::ErrorCode::kParse, "unknown verifier algorithm");
  if (key->size() != 33) return malformed();
  return core::VerifierKey{std::string(name), hash, key->substr(1)};
}

core::SumDbConfig ParseGoSumDb(std::string_view gosumdb) {
  core::SumDbConfig c;
  c.value = std::string(gosumdb);
  std::string value(gosumdb);
  if (value == "sum.golang.google.cn") {
    value = "sum.golang.org https://sum.golang.google.cn";
    c.alias = true;
  }
  if (value == "off") {
    c.kind = core::SumDbKind::kOff;
    return c;
  }
  auto fields = Fields(value);
  if (!fields.empty() && fields[0] == "sum.golang.org") {
    fields[0] = std::string(kSumGolangOrgKey);
    c.known_name = true;
  }
  c.kind = core::SumDbKind::kInvalid;
  if (fields.empty()) {
    c.error = "missing GOSUMDB";
    return c;
  }
  if (fields.size() > 2) {
    c.error = "invalid GOSUMDB: too many fields";
    return c;
  }
  auto key = ParseVerifierKey(fields[0]);
  if (!key) {
    c.error = "invalid GOSUMDB: " + key.error().message;
    return c;
  }
  if (!IsCleanSumDbName(key->name)) {
    c.error = "invalid sumdb name (must be host[/path]): " + key->name;
    return c;
  }
  c.name = key->name;
  c.key = fields[0];
  if (fields.size() == 2) c.url = fields[1];
  c.kind = core::SumDbKind::kDatabase;
  return c;
}

std::string EncodeBase64Std(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string EscapeModuleText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 4);
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') {
      out += '!';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace godiag::codec

#include "codec/go_zip.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "codec/tlog.h"
#include "crypto/sha256.h"

namespace godiag::codec {

namespace {

constexpr uint32_t kEndSig = 0x06054b50, kDirSig = 0x02014b50, kLocalSig = 0x04034b50;
constexpr size_t kEndLen = 22, kDirLen = 46, kLocalLen = 30;
constexpr const char* kFormat = "zip: not a valid zip file";
constexpr uint64_t kMaxUncompressed = 500u << 20;

uint32_t U16(std::string_view s, size_t at) {
  return uint32_t(uint8_t(s[at])) | uint32_t(uint8_t(s[at + 1])) << 8;
}
uint32_t U32(std::string_view s, size_t at) { return U16(s, at) | U16(s, at + 2) << 16; }

struct Entry {
  std::string name;
  uint32_t method = 0, crc = 0;
  uint64_t compressed = 0, size = 0, local = 0;
};

// archive/zip's findDirectoryEnd: the last end record within the file's last 64 KiB + 22.
bool FindEnd(std::string_view z, size_t& at) {
  if (z.size() < kEndLen) return false;
  size_t lowest = z.size() > 65535 + kEndLen ? z.size() - 65535 - kEndLen : 0;
  for (size_t i = z.size() - kEndLen + 1; i-- > lowest;) {
    if (U32(z, i) == kEndSig && i + kEndLen + U16(z, i + 20) <= z.size()) {
      at = i;
      return true;
    }
  }
  return false;
}

// The central directory, as zip.NewReader reads it.
bool ReadDirectory(std::string_view z, std::vector<Entry>& out, std::string& error) {
  size_t end = 0;
  if (!FindEnd(z, end)) return error = kFormat, false;
  uint64_t records = U16(z, end + 10), dir_size = U32(z, end + 12), offset = U32(z, end + 16);
  if (records == 0xFFFF || dir_size == 0xFFFFFFFF || offset == 0xFFFFFFFF)
    return error = "zip64 archive (not read by godiag)", false;
  if (records > z.size() / kDirLen || offset > z.size()) return error = kFormat, false;
  size_t at = offset;
  while (at + kDirLen <= z.size() && U32(z, at) == kDirSig) {
    Entry e;
    e.method = U16(z, at + 10);
    e.crc = U32(z, at + 16);
    e.compressed = U32(z, at + 20);
    e.size = U32(z, at + 24);
    size_t name_len = U16(z, at + 28), extra_len = U16(z, at + 30), comment_len = U16(z, at + 32);
    e.local = U32(z, at + 42);
    if (at + kDirLen + name_len + extra_len + comment_len > z.size()) return error = "unexpected EOF", false;
    if (e.compressed == 0xFFFFFFFF || e.size == 0xFFFFFFFF || e.local == 0xFFFFFFFF)
      return error = "zip64 archive (not read by godiag)", false;
    e.name = std::string(z.substr(at + kDirLen, name_len));
    out.push_back(std::move(e));
    at += kDirLen + name_len + extra_len + comment_len;
  }
  if (static_cast<uint16_t>(out.size()) != static_cast<uint16_t>(records)) return error = kFormat, false;
  return true;
}

// flate.NewReader's output in 64 KiB pieces to `take`; false with `error` set when the data is
// corrupt ("flate: corrupt input"; Go adds the offset), ends early ("unexpected EOF"), or
// `take` refuses a piece.
template <class Take>
bool InflateInto(std::string_view in, Take take, std::string& error) {
  z_stream s{};
  if (inflateInit2(&s, -MAX_WBITS) != Z_OK) return error = "zlib: cannot initialise", false;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  std::string buf(1 << 16, '\0');
  bool ok = true;
  while (ok) {
    s.next_out = reinterpret_cast<Bytef*>(buf.data());
    s.avail_out = static_cast<uInt>(buf.size());
    int rc = inflate(&s, Z_NO_FLUSH);
    size_t got = buf.size() - s.avail_out;
    if (got > 0 && !take(std::string_view(buf.data(), got))) ok = false;
    else if (rc == Z_STREAM_END) break;
    else if (rc == Z_BUF_ERROR && s.avail_in == 0) ok = (error = "unexpected EOF", false);
    else if (rc != Z_OK && rc != Z_BUF_ERROR) ok = (error = "flate: corrupt input", false);
  }
  inflateEnd(&s);
  return ok;
}

// zip.File.Open + io.Copy into the hash, as archive/zip's checksumReader reads: the data
// decompressed in pieces (an entry is never held whole), its size and CRC-32 checked.
bool HashEntry(std::string_view z, const Entry& e, crypto::Sha256Digest& digest, std::string& error) {
  if (e.method != 0 && e.method != 8) return error = "zip: unsupported compression algorithm", false;
  if (e.local + kLocalLen > z.size() || U32(z, e.local) != kLocalSig) return error = kFormat, false;
  size_t start = e.local + kLocalLen + U16(z, e.local + 26) + U16(z, e.local + 28);
  if (start + e.compressed > z.size()) return error = "unexpected EOF", false;
  std::string_view raw = z.substr(start, e.compressed);
  crypto::Sha256Stream sha;
  uLong crc = crc32(0, nullptr, 0);
  uint64_t read = 0;
  auto take = [&](std::string_view piece) {
    read += piece.size();
    if (read > e.size) return error = kFormat, false;  // more than the directory declares
    crc = crc32(crc, reinterpret_cast<const Bytef*>(piece.data()), static_cast<uInt>(piece.size()));
    sha.Update(piece);
    return true;
  };
  if (e.method == 0 ? !take(raw) : !InflateInto(raw, take, error)) return false;
  if (read < e.size) return error = "unexpected EOF", false;
  if (e.crc != 0 && static_cast<uint32_t>(crc) != e.crc) return error = "zip: checksum error", false;  // archive/zip skips a zero CRC
  digest = sha.Final();
  return true;
}

}  // namespace

ZipHash GoModuleZipHash(std::string_view zip, std::string_view module_at_version) {
  ZipHash r;
  std::vector<Entry> entries;
  if (!ReadDirectory(zip, entries, r.error)) return r;
  std::string prefix = std::string(module_at_version) + "/";
  for (const auto& e : entries) {
    if (!e.name.starts_with(prefix)) {
      r.error = "zip for " + std::string(module_at_version) + " has unexpected file " + e.name;
      return r;
    }
  }
  // dirhash.HashZip: every name, sorted; a repeated name reads the last entry of that name.
  std::map<std::string, const Entry*> by_name;
  std::vector<std::string> names;
  for (const auto& e : entries) {
    by_name[e.name] = &e;
    names.push_back(e.name);
  }
  std::sort(names.begin(), names.end());
  std::string summary;
  uint64_t total = 0;
  for (const auto& name : names) {
    if (name.find('\n') != std::string::npos) {
      r.error = "dirhash: filenames with newlines are not supported";
      return r;
    }
    total += by_name[name]->size;
    if (total > kMaxUncompressed) {  // a zip bomb would otherwise take minutes
      r.error = "not hashed: more than 500 MiB uncompressed (modzip's limit for a module)";
      return r;
    }
    crypto::Sha256Digest digest;
    if (!HashEntry(zip, *by_name[name], digest, r.error)) return r;
    summary += crypto::HexDigest(digest) + "  " + name + "\n";
  }
  r.hash = "h1:" + HashBase64(crypto::Sha256(summary));
  return r;
}

}  // namespace godiag::codec

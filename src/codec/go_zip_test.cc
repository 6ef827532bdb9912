// GoModuleZipHash on zips built here (stored and deflated entries, broken ones). Real module
// zips made by the go command are hashed in tests/e2e/net_test.py and must equal go.sum.
#include "codec/go_zip.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <vector>

#include "codec/tlog.h"
#include "crypto/sha256.h"

namespace godiag::codec {
namespace {

struct File {
  std::string name, content;
  bool deflate = false;
  uint32_t claimed = 0;  ///< uncompressed size written in the headers when not 0
};

void Put16(std::string& s, uint32_t v) { s += {char(v & 255), char((v >> 8) & 255)}; }
void Put32(std::string& s, uint32_t v) {
  Put16(s, v & 0xFFFF);
  Put16(s, v >> 16);
}

std::string Deflate(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A minimal zip (local headers, central directory, end record); `method` overrides.
std::string Zip(const std::vector<File>& files, int method = -1, bool bad_crc = false) {
  std::string body, dir;
  for (const auto& f : files) {
    std::string data = f.deflate ? Deflate(f.content) : f.content;
    uint32_t crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(f.content.data()),
                                               static_cast<uInt>(f.content.size())));
    if (bad_crc) crc ^= 1;
    uint32_t m = method >= 0 ? static_cast<uint32_t>(method) : f.deflate ? 8 : 0;
    uint32_t offset = static_cast<uint32_t>(body.size());
    Put32(body, 0x04034b50);
    Put16(body, 20), Put16(body, 0), Put16(body, m), Put32(body, 0), Put32(body, crc);
    uint32_t size = f.claimed ? f.claimed : static_cast<uint32_t>(f.content.size());
    Put32(body, static_cast<uint32_t>(data.size())), Put32(body, size);
    Put16(body, static_cast<uint32_t>(f.name.size())), Put16(body, 0);
    body += f.name + data;
    Put32(dir, 0x02014b50);
    Put16(dir, 20), Put16(dir, 20), Put16(dir, 0), Put16(dir, m), Put32(dir, 0), Put32(dir, crc);
    Put32(dir, static_cast<uint32_t>(data.size())), Put32(dir, size);
    Put16(dir, static_cast<uint32_t>(f.name.size())), Put16(dir, 0), Put16(dir, 0), Put16(dir, 0), Put16(dir, 0);
    Put32(dir, 0), Put32(dir, offset);
    dir += f.name;
  }
  std::string end;
  Put32(end, 0x06054b50);
  Put16(end, 0), Put16(end, 0), Put16(end, static_cast<uint32_t>(files.size())), Put16(end, static_cast<uint32_t>(files.size()));
  Put32(end, static_cast<uint32_t>(dir.size())), Put32(end, static_cast<uint32_t>(body.size())), Put16(end, 0);
  return body + dir + end;
}

// dirhash.Hash1 spelled out for two files, names sorted.
TEST(GoZipTest, HashesLikeDirhashWhateverTheCompression) {
  std::vector<File> files = {{"m@v1.0.0/z.go", "package z\n"}, {"m@v1.0.0/go.mod", "module m\n"}};
  std::string summary = crypto::HexDigest(crypto::Sha256("module m\n")) + "  m@v1.0.0/go.mod\n" +
                        crypto::HexDigest(crypto::Sha256("package z\n")) + "  m@v1.0.0/z.go\n";
  std::string want = "h1:" + HashBase64(crypto::Sha256(summary));
  auto stored = GoModuleZipHash(Zip(files), "m@v1.0.0");
  EXPECT_EQ(stored.error, "");
  EXPECT_EQ(stored.hash, want);
  for (auto& f : files) f.deflate = true;
  EXPECT_EQ(GoModuleZipHash(Zip(files), "m@v1.0.0").hash, want);
}

TEST(GoZipTest, ErrorsInGosWords) {
  EXPECT_EQ(GoModuleZipHash("this is not a zip file\n", "m@v1").error, "zip: not a valid zip file");
  EXPECT_EQ(GoModuleZipHash("", "m@v1").error, "zip: not a valid zip file");
  EXPECT_EQ(GoModuleZipHash(Zip({{"other@v1/a.go", "x"}}), "m@v1").error, "zip for m@v1 has unexpected file other@v1/a.go");
  EXPECT_EQ(GoModuleZipHash(Zip({{"m@v1/a.go", "x"}}, 12), "m@v1").error, "zip: unsupported compression algorithm");
  EXPECT_EQ(GoModuleZipHash(Zip({{"m@v1/a.go", "x"}}, -1, true), "m@v1").error, "zip: checksum error");
  EXPECT_EQ(GoModuleZipHash(Zip({{"m@v1/a\nb.go", "x"}}), "m@v1").error,
            "dirhash: filenames with newlines are not supported");
  std::string cut = Zip({{"m@v1/a.go", std::string(100, 'x')}});
  EXPECT_FALSE(GoModuleZipHash(cut.substr(0, cut.size() - 30), "m@v1").error.empty());
  EXPECT_EQ(GoModuleZipHash(Zip({}), "m@v1").hash, "h1:" + HashBase64(crypto::Sha256(""))) << "an empty zip hashes";
  // A bomb (3.75 GiB claimed) is refused before anything is inflated.
  File bomb{"m@v1/zeros", "x", true, 0xF0000000u};
  EXPECT_EQ(GoModuleZipHash(Zip({bomb}), "m@v1").error,
            "not hashed: more than 500 MiB uncompressed (modzip's limit for a module)");
  bomb.claimed = 2;
  EXPECT_EQ(GoModuleZipHash(Zip({bomb}), "m@v1").error, "unexpected EOF") << "less data than the size says";
}

// An entry larger than any buffer: 100 MiB of zeros deflates to ~100 KB and is hashed in pieces.
TEST(GoZipTest, LargeEntriesAreHashedInPieces) {
  std::string zeros(100u << 20, '\0');
  std::string summary = crypto::HexDigest(crypto::Sha256(zeros)) + "  m@v1/zeros\n";
  auto r = GoModuleZipHash(Zip({{"m@v1/zeros", zeros, true}}), "m@v1");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.hash, "h1:" + HashBase64(crypto::Sha256(summary)));
  File more{"m@v1/zeros", std::string(1u << 20, '\0'), true, 1000};
  EXPECT_EQ(GoModuleZipHash(Zip({more}), "m@v1").error, "zip: not a valid zip file") << "more data than the size says";
}

// Deflated data cut short is io.ErrUnexpectedEOF to Go; data that is not deflate is corrupt.
TEST(GoZipTest, BrokenDeflateData) {
  std::string text(5000, 'a');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + (i * 7919) % 26);
  std::string deflated = Deflate(text);
  // The entry's data is the first half of the deflate stream (method 8 given, stored as is).
  File cut{"m@v1/a.go", deflated.substr(0, deflated.size() / 2), false, static_cast<uint32_t>(text.size())};
  EXPECT_EQ(GoModuleZipHash(Zip({cut}, 8), "m@v1").error, "unexpected EOF");
  std::string zip = Zip({{"m@v1/a.go", text, true}});
  size_t at = zip.find(deflated);
  ASSERT_NE(at, std::string::npos);
  std::string garbage = zip;
  garbage.replace(at, 1, 1, '\xff');  // a reserved block type (11)
  EXPECT_EQ(GoModuleZipHash(garbage, "m@v1").error, "flate: corrupt input");
}

}  // namespace
}  // namespace godiag::codec

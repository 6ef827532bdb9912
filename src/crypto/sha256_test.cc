#include "crypto/sha256.h"

#include <gtest/gtest.h>

namespace godiag::crypto {
namespace {

TEST(Sha256Test, MatchesNistVectors) {
  EXPECT_EQ(HexDigest(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexDigest(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexDigest(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, StreamEqualsOneShot) {
  std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256Stream s;
  for (size_t i = 0; i < text.size(); i += 7) s.Update(std::string_view(text).substr(i, 7));
  EXPECT_EQ(HexDigest(s.Final()), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256Stream empty;
  EXPECT_EQ(empty.Final(), Sha256(""));
}

}  // namespace
}  // namespace godiag::crypto

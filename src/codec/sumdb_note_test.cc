#include "codec/sumdb_note.h"

#include <gtest/gtest.h>

#include "codec/go_sumdb.h"

namespace godiag::codec {
namespace {

core::VerifierKey Key(std::string_view vkey) {
  auto k = ParseVerifierKey(vkey);
  EXPECT_TRUE(k.has_value()) << vkey;
  return k.value_or(core::VerifierKey{});
}

constexpr std::string_view kPeter = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kPeterSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kEnoch = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const std::string kText =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const std::string kPeterSig =
    "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const std::string kEnochSig =
    "\xE2\x80\x94 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

// facts/go-modules.md §17.4 (x/mod note_test.go).
TEST(SumDbNoteTest, XModVectors) {
  std::string msg = kText + "\n" + kPeterSig + kEnochSig;
  auto one = OpenNote(msg, {Key(kPeter)});
  ASSERT_TRUE(one.has_value()) << one.error().message;
  EXPECT_EQ(one->text, kText);
  ASSERT_EQ(one->verified.size(), 1u);
  EXPECT_EQ(one->verified[0].hash, 0xc74f20a3u);
  ASSERT_EQ(one->unverified.size(), 1u);
  EXPECT_EQ(one->unverified[0].name, "EnochRoot");
  auto both = OpenNote(msg, {Key(kPeter), Key(kEnoch)});
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->verified.size(), 2u);
  EXPECT_EQ(OpenNote(msg, {}).error().message, "note has no verifiable signatures");
  EXPECT_EQ(OpenNote(msg, {Key(kPeter), Key(kEnoch), Key(kEnoch)}).error().message, "ambiguous key EnochRoot+af0cfe78");
  std::string many = kText + "\n";
  for (int i = 0; i < 101; ++i) many += kPeterSig;
  EXPECT_EQ(OpenNote(many, {Key(kPeter)}).error().message, "malformed note");
  std::string tampered = msg;
  tampered[3] = 'X';
  EXPECT_EQ(OpenNote(tampered, {Key(kPeter)}).error().message, "invalid signature for key PeterNeumann+c74f20a3");
  // Signing reproduces the published signature (Ed25519 is deterministic).
  auto signed_note = SignNote(kText, kPeterSigner);
  ASSERT_TRUE(signed_note.has_value()) << signed_note.error().message;
  EXPECT_EQ(*signed_note, kText + "\n" + kPeterSig);
  EXPECT_EQ(SignNote("abc", kPeterSigner).error().message, "malformed note");
}

TEST(SumDbNoteTest, MalformedNotes) {
  for (std::string bad : std::vector<std::string>{kText, kText + "\n", kText + "\n" + kPeterSig.substr(0, kPeterSig.size() - 1),
                          kText + "\nPeterNeumann x08go\n", kText + "\n\xE2\x80\x94 PeterNeumann\n",
                          kText + "\n\xE2\x80\x94 Peter+Neumann AAAAAAAA\n", kText + "\n\xE2\x80\x94 PeterNeumann AAAA\n",
                          "bad\x01text\n\n" + kPeterSig, std::string("bad\xff\n\n") + kPeterSig}) {
    auto r = OpenNote(bad, {Key(kPeter)});
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().message, "malformed note") << bad;
  }
}

// facts/go-modules.md §17.2: real signed tree heads of sum.golang.org.
TEST(SumDbNoteTest, RealSumGolangOrgTreeHeads) {
  const std::vector<std::tuple<int64_t, std::string, std::string>> heads = {
      {6476701, "mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=",
       "Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw="},
      {15067302, "gJyioq6dwR9n+NjEWORfYmH+ubeYm3kH42BBQ0bTpYI=",
       "Az3grp1rvWOs5NKlr/xR4GLN/CDyzzakmt1o61uSxYKpK1SerqOP2ClbX/peKUZjYnyomH5Xz7GZG3TpB7OeKn4E2ww="},
      {15081221, "BoMMe1wd25Tco0mYGROkyqxHZWx+hcSCtMV315Lu6Lg=",
       "Az3grilD7vQqTrv66jRgKM84Y80KTprrSt4bKmiOPxgmS5ZVBTeCl6dUvjYnN13R+C8j0jGY1WnUADGMkok3U0m2Zgo="},
      {8464300, "lvscesvQc+mvSZKHMwRvNHl1bpHvuS09Y4pH2/cMdo4=",
       "Az3grqVNIddz2eBWjiAtU7WMr9mctapjal6VNVmE21EAVkdG7vkZICH+ccq7AF4q4VVDTYm2Arx+HqzCb8EOjh9XwAg="}};
  core::VerifierKey key = Key(kSumGolangOrgKey);
  for (const auto& [n, hash, sig] : heads) {
    std::string text = "go.sum database tree\n" + std::to_string(n) + "\n" + hash + "\n";
    auto note = OpenNote(text + "\n\xE2\x80\x94 sum.golang.org " + sig + "\n", {key});
    ASSERT_TRUE(note.has_value()) << n << ": " << note.error().message;
    auto tree = ParseTreeNote(note->text);
    ASSERT_TRUE(tree.has_value());
    EXPECT_EQ(tree->n, n);
    EXPECT_EQ(HashBase64(tree->hash), hash);
    std::string other = "go.sum database tree\n" + std::to_string(n + 1) + "\n" + hash + "\n";
    EXPECT_EQ(OpenNote(other + "\n\xE2\x80\x94 sum.golang.org " + sig + "\n", {key}).error().message,
              "invalid signature for key sum.golang.org+033de0ae");
  }
}

// facts/go-modules.md §17.6.
TEST(SumDbNoteTest, TreeNotesAndRecords) {
  std::string hello = "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=";
  std::string good = "go.sum database tree\n123456789012\n" + hello + "\n";
  auto tree = ParseTreeNote(good);
  ASSERT_TRUE(tree.has_value());
  EXPECT_EQ(tree->n, 123456789012);
  EXPECT_EQ(FormatTreeNote(*tree), good);
  for (std::string extra : std::vector<std::string>{"JOE", "JOE\n", std::string(4000, 'J') + "\n"}) EXPECT_TRUE(ParseTreeNote(good + extra).has_value());
  for (std::string bad : std::vector<std::string>{"not-" + good, "go.sum database tree\n0xabcdef\n" + hello + "\n",
                          "go.sum database tree\n0123\n" + hello + "\n", "go.sum database tree\n-1\n" + hello + "\n",
                          "go.sum database tree\n123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n",
                          "go.sum database tree\n123\n" + hello}) {
    auto r = ParseTreeNote(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().message, "malformed tree note");
  }
  EXPECT_EQ(*FormatRecord(123456789012, "hello, world\n"), "123456789012\nhello, world\n\n");
  for (std::string bad : std::vector<std::string>{"", "hello\nworld", "hello\n\nworld\n", "hello\x01world\n"})
    EXPECT_EQ(FormatRecord(1, bad).error().message, "malformed record data") << bad;
  auto rec = ParseRecord("123456789012\nhello, world\n\njunk on end\x01\xff");
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->id, 123456789012);
  EXPECT_EQ(rec->text, "hello, world\n");
  EXPECT_EQ(rec->rest, "junk on end\x01\xff");
  EXPECT_FALSE(ParseRecord("123\nhello world\n").has_value());
  EXPECT_FALSE(ParseRecord("0x123\nhello world\n\n").has_value());
}

// facts/go-modules.md §17.3: the record hash of a real lookup record.
TEST(SumDbNoteTest, RealRecordHash) {
  std::string text =
      "golang.org/x/tools v0.44.0 h1:UP4ajHPIcuMjT1GqzDWRlalUEoY+uzoZKnhOjbIPD2c=\n"
      "golang.org/x/tools v0.44.0/go.mod h1:KA0AfVErSdxRZIsOVipbv3rQhVXTnlU6UhKxHd1seDI=\n";
  EXPECT_EQ(HashBase64(RecordHash(text)), "2eBg2wJm5a4idn2gTTd2K08Wuhxb6Q3xupVmf9ukakc=");
}

}  // namespace
}  // namespace godiag::codec

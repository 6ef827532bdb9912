#include "codec/netrc.h"

#include <gtest/gtest.h>

#include "codec/go_strings.h"

namespace godiag::codec {
namespace {

std::vector<std::string> Machines(std::string_view data) {
  std::vector<std::string> out;
  for (const auto& e : ParseNetrc(data)) out.push_back(e.machine + " " + e.login + " " + e.password);
  return out;
}

using V = std::vector<std::string>;

TEST(NetrcTest, OneLineEntry) {
  auto e = ParseNetrc("machine git.corp login alice password s3cret\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].machine, "git.corp");
  EXPECT_EQ(e[0].login, "alice");
  EXPECT_EQ(e[0].password, "s3cret");
  EXPECT_EQ(e[0].line, 1);
}

TEST(NetrcTest, EntrySpreadOverLinesInPairs) {
  auto e = ParseNetrc("\n# creds\nmachine a.example\n  login bob\n  password pw\nmachine b.example login c password d");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].machine + e[0].login + e[0].password, "a.examplebobpw");
  EXPECT_EQ(e[0].line, 3);
  EXPECT_EQ(e[1].line, 6);
}

TEST(NetrcTest, PairsNeverSpanLines) {
  // "machine" alone on a line is an odd last token and is dropped; so is "x".
  EXPECT_EQ(Machines("machine\na.example login u password p\n"), V{});
  EXPECT_EQ(Machines("machine a login u password\np\n"), V{});
  EXPECT_EQ(Machines("machine a login u password p x\n"), V{"a u p"});
}

TEST(NetrcTest, AllThreeFieldsAreNeeded) {
  EXPECT_EQ(Machines("machine a login u\n"), V{});
  EXPECT_EQ(Machines("machine a password p\n"), V{});
  EXPECT_EQ(Machines("login u password p\n"), V{});
  EXPECT_EQ(Machines("machine a login u password p\n"), V{"a u p"});
}

TEST(NetrcTest, OrderWithinAnEntryIsFree) {
  EXPECT_EQ(Machines("password p login u machine a\n"), V{});  // machine resets the entry
  EXPECT_EQ(Machines("machine a password p login u\n"), V{"a u p"});
}

TEST(NetrcTest, LaterValuesOverwriteUntilTheEntryIsComplete) {
  EXPECT_EQ(Machines("machine a login u1 login u2 password p\n"), V{"a u2 p"});
  // Complete after the first password: the second one starts an empty entry.
  EXPECT_EQ(Machines("machine a login u password p1 password p2\n"), V{"a u p1"});
  EXPECT_EQ(Machines("machine a login u\nmachine b password p\n"), V{});
}

TEST(NetrcTest, EmptyEntryAfterCompletionNeedsAMachine) {
  EXPECT_EQ(Machines("machine a login u password p login v password q\n"), V{"a u p"});
}

TEST(NetrcTest, DefaultAloneEndsParsing) {
  EXPECT_EQ(Machines("machine a login u password p\ndefault\nmachine b login v password q\n"), V{"a u p"});
  EXPECT_EQ(Machines("machine a login u password p default\nmachine b login v password q\n"), V{"a u p"});
}

TEST(NetrcTest, DefaultInAPairPositionDoesNotEndParsing) {
  // "default login" is a pair with an unknown keyword; "anon" is then an odd last token.
  EXPECT_EQ(Machines("default login anon\nmachine b login v password q\n"), V{"b v q"});
  EXPECT_EQ(Machines("default login anon password x\nmachine b login v password q\n"), V{"b v q"});
}

TEST(NetrcTest, MacdefSkipsUntilAnEmptyLine) {
  EXPECT_EQ(Machines("macdef init\nmachine x login y password z\n\nmachine a login u password p\n"), V{"a u p"});
  // The rest of the macdef line is still read.
  EXPECT_EQ(Machines("machine a login u macdef m password p\nmachine b login v password q\n"), V{"a u p"});
  // A line of blanks is not empty: the macro goes on.
  EXPECT_EQ(Machines("macdef m\n \nmachine a login u password p\n"), V{});
  // CRLF files: "\r" lines are not empty either.
  EXPECT_EQ(Machines("macdef m\r\n\r\nmachine a login u password p\r\n"), V{});
  // "macdef" without a name is an odd last token and starts nothing.
  EXPECT_EQ(Machines("macdef\nmachine a login u password p\n"), V{"a u p"});
}

TEST(NetrcTest, UnknownKeywordsTakeAValue) {
  EXPECT_EQ(Machines("machine a account acct login u password p\n"), V{"a u p"});
  EXPECT_EQ(Machines("machine a port 443 login u password p\n"), V{"a u p"});
}

TEST(NetrcTest, WhiteSpaceIsUnicodeWhiteSpace) {
  EXPECT_EQ(Machines("machine\ta\vlogin\fu\rpassword p\r\n"), V{"a u p"});
  EXPECT_EQ(Machines("machine\xC2\xA0" "a login\xE3\x80\x80u password p"), V{"a u p"});
  // Invalid UTF-8 is part of a word.
  EXPECT_EQ(Machines("machine a\xC2 login u password p"), V{"a\xC2 u p"});
}

TEST(NetrcTest, KeywordsAreCaseSensitiveAndTokensAreNotUnquoted) {
  EXPECT_EQ(Machines("Machine a login u password p\n"), V{});
  // Quotes are kept and do not group: the password is "\"p"; "q\"" is an odd last token.
  EXPECT_EQ(Machines("machine a login \"u\" password \"p q\"\n"), V{"a \"u\" \"p"});
  EXPECT_EQ(Machines("machine a login \"u\" password \"p\"\n"), V{"a \"u\" \"p\""});
}

TEST(NetrcTest, HashIsNotAComment) {
  EXPECT_EQ(Machines("# machine a login u password p\n"), V{});  // pairs (#, machine) (a, login) ...
  EXPECT_EQ(Machines("#x machine a login u password p\n"), V{});
  EXPECT_EQ(Machines("machine a login u password p # c\n"), V{"a u p"});
}

TEST(NetrcTest, EmptyAndBlankInput) {
  EXPECT_TRUE(ParseNetrc("").empty());
  EXPECT_TRUE(ParseNetrc("\n\n  \n").empty());
}

TEST(NetrcTest, DuplicateMachinesAreAllKept) {
  auto e = ParseNetrc("machine a login u1 password p1\nmachine a login u2 password p2\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].login, "u1");  // the go command uses the first one
}

TEST(NetrcTest, PathFromNetrcElseHome) {
  EXPECT_EQ(NetrcPath({{"NETRC", "/etc/n"}, {"HOME", "/home/u"}}), "/etc/n");
  EXPECT_EQ(NetrcPath({{"NETRC", "rel//n"}}), "rel//n");  // used as given
  EXPECT_EQ(NetrcPath({{"NETRC", ""}, {"HOME", "/home/u"}}), "/home/u/.netrc");
  EXPECT_EQ(NetrcPath({{"HOME", "/home/u/"}}), "/home/u/.netrc");
  EXPECT_EQ(NetrcPath({{"HOME", "/home//u/./x/.."}}), "/home/u/.netrc");
  EXPECT_EQ(NetrcPath({{"HOME", "/"}}), "/.netrc");
  EXPECT_EQ(NetrcPath({{"HOME", "../h"}}), "../h/.netrc");
  EXPECT_EQ(NetrcPath({{"HOME", ""}}), std::nullopt);
  EXPECT_EQ(NetrcPath({}), std::nullopt);
}

TEST(NetrcTest, GoFieldsSplitsOnRunsOfSpace) {
  EXPECT_EQ(GoFields("  a \t b\n"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_TRUE(GoFields(" \xE2\x80\x83 ").empty());  // U+2003 EM SPACE
}

}  // namespace
}  // namespace godiag::codec

#include "lsp/framing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lsp/jsonrpc.h"

namespace godiag::lsp {
namespace {

struct Collector : FrameSink {
  std::vector<std::string> bodies;
  std::vector<uint64_t> offsets;
  std::vector<bool> clean;
  std::vector<FramingIssue> issues;
  void OnFrame(const Frame& f) override {
    bodies.emplace_back(f.body);
    offsets.push_back(f.offset);
    clean.push_back(f.clean);
  }
  void OnIssue(const FramingIssue& i) override { issues.push_back(i); }
  std::vector<Deviation> Kinds() const {
    std::vector<Deviation> k;
    for (const auto& i : issues) k.push_back(i.deviation);
    return k;
  }
};

std::string Framed(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

Collector DecodeAll(const std::string& stream, size_t chunk = 0) {
  Collector c;
  FrameDecoder d;
  if (chunk == 0) {
    d.Feed(stream, c);
  } else {
    for (size_t i = 0; i < stream.size(); i += chunk) d.Feed(stream.substr(i, chunk), c);
  }
  d.Finish(c);
  return c;
}

const std::string kA = R"({"jsonrpc":"2.0","id":0,"result":{"capabilities":{}}})";
const std::string kB = R"({"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":"h\"}é"}})";

TEST(FramingTest, CleanStreamSplitAtEveryBytePosition) {
  std::string stream = Framed(kA) + Framed(kB) + Framed(kA);
  for (size_t split = 0; split <= stream.size(); ++split) {
    Collector c;
    FrameDecoder d;
    d.Feed(stream.substr(0, split), c);
    d.Feed(stream.substr(split), c);
    d.Finish(c);
    ASSERT_EQ(c.bodies, (std::vector<std::string>{kA, kB, kA})) << "split at " << split;
    ASSERT_TRUE(c.issues.empty()) << "split at " << split << ": " << c.issues[0].detail;
  }
}

TEST(FramingTest, ByteAtATimeAndOffsets) {
  std::string stream = Framed(kA) + Framed(kB);
  Collector c = DecodeAll(stream, 1);
  ASSERT_EQ(c.bodies.size(), 2u);
  EXPECT_EQ(c.offsets[0], 0u);
  EXPECT_EQ(c.offsets[1], Framed(kA).size());
}

TEST(FramingTest, NoiseBeforeFirstHeaderIsReportedWithItsBytes) {
  Collector c = DecodeAll("fault-server 0.1 starting...\n" + Framed(kA));
  ASSERT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kStdoutNoise});
  EXPECT_EQ(c.issues[0].offset, 0u);
  EXPECT_NE(c.issues[0].detail.find("fault-server 0.1 starting...\\n"), std::string::npos);
  EXPECT_EQ(c.issues[0].reactions[static_cast<int>(Peer::kGopls)], Reaction::kFatal);
  EXPECT_EQ(c.issues[0].reactions[static_cast<int>(Peer::kClangd)], Reaction::kIgnores);
  ASSERT_EQ(c.bodies.size(), 1u);
}

TEST(FramingTest, NoiseBetweenFramesHasItsOffset) {
  std::string first = Framed(kA);
  Collector c = DecodeAll(first + "debug: handled initialize\n" + Framed(kB));
  ASSERT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kStdoutNoise});
  EXPECT_EQ(c.issues[0].offset, first.size());
  EXPECT_EQ(c.bodies.size(), 2u);
}

TEST(FramingTest, LfOnlyHeadersAreDecodedAndFlagged) {
  std::string s = "Content-Length: " + std::to_string(kA.size()) + "\n\n" + kA;
  Collector c = DecodeAll(s, 3);
  ASSERT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kLfOnly});
  EXPECT_EQ(c.issues[0].reactions[static_cast<int>(Peer::kVscode)], Reaction::kHangs);
  EXPECT_EQ(c.issues[0].reactions[static_cast<int>(Peer::kGopls)], Reaction::kAccepts);
  EXPECT_EQ(c.bodies, std::vector<std::string>{kA});
  EXPECT_FALSE(c.clean[0]);
}

TEST(FramingTest, MixedLineEndings) {
  std::string s = "Content-Length: " + std::to_string(kA.size()) + "\r\n\n" + kA;
  Collector c = DecodeAll(s);
  EXPECT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kMixedLineEndings});
}

TEST(FramingTest, ContentLengthTooSmallIsMeasuredAndResynchronised) {
  std::string bad = "Content-Length: " + std::to_string(kA.size() - 10) + "\r\n\r\n" + kA;
  Collector c = DecodeAll(bad + Framed(kB));
  ASSERT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kContentLengthMismatch});
  EXPECT_NE(c.issues[0].detail.find("10 too small"), std::string::npos) << c.issues[0].detail;
  EXPECT_NE(c.issues[0].detail.find("as the start of the next header"), std::string::npos);
  EXPECT_EQ(c.bodies, (std::vector<std::string>{kA, kB}));
  EXPECT_FALSE(c.clean[0]);
  EXPECT_TRUE(c.clean[1]);
}

TEST(FramingTest, LengthCountingCharactersIsNamed) {
  std::string body = R"({"jsonrpc":"2.0","id":1,"result":"fäkë-sërvër"})";
  size_t chars = 0;
  for (unsigned char ch : body) chars += (ch & 0xC0) != 0x80;
  std::string bad = "Content-Length: " + std::to_string(chars) + "\r\n\r\n" + body;
  Collector c = DecodeAll(bad + Framed(kA));
  ASSERT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kContentLengthMismatch});
  EXPECT_NE(c.issues[0].detail.find("counts characters"), std::string::npos);
}

TEST(FramingTest, ContentLengthTooLargeThenFrame) {
  std::string bad = "Content-Length: " + std::to_string(kA.size() + 10) + "\r\n\r\n" + kA;
  Collector c = DecodeAll(bad + Framed(kB), 7);
  ASSERT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kContentLengthMismatch});
  EXPECT_NE(c.issues[0].detail.find("10 too large"), std::string::npos) << c.issues[0].detail;
  EXPECT_NE(c.issues[0].detail.find("Content-Le"), std::string::npos);
  EXPECT_EQ(c.issues[0].offset, bad.size() - 0);
  EXPECT_EQ(c.bodies, (std::vector<std::string>{kA, kB}));
}

TEST(FramingTest, ContentLengthTooLargeAtEofIsTruncatedAndExplained) {
  std::string bad = "Content-Length: " + std::to_string(kA.size() + 10) + "\r\n\r\n" + kA;
  Collector c;
  FrameDecoder d;
  d.Feed(bad, c);
  auto pending = d.Pending();
  ASSERT_TRUE(pending.has_value());
  EXPECT_EQ(pending->declared, kA.size() + 10);
  ASSERT_TRUE(pending->json_end.has_value());
  EXPECT_EQ(*pending->json_end, kA.size());
  d.Finish(c);
  EXPECT_EQ(c.Kinds(), (std::vector<Deviation>{Deviation::kTruncated, Deviation::kContentLengthMismatch}));
  EXPECT_EQ(c.bodies, std::vector<std::string>{kA});
}

TEST(FramingTest, TrailingNewlineCountedInBodyIsFine) {
  Collector c = DecodeAll(Framed(kA + "\n") + Framed(kB));
  EXPECT_TRUE(c.issues.empty());
  EXPECT_EQ(c.bodies.size(), 2u);
}

TEST(FramingTest, MissingContentLengthRecoversTheJsonValue) {
  std::string s = "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + kA + Framed(kB);
  Collector c = DecodeAll(s);
  ASSERT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kContentLengthMissing});
  EXPECT_EQ(c.bodies, (std::vector<std::string>{kA, kB}));
  EXPECT_FALSE(c.clean[0]);
}

TEST(FramingTest, InvalidLengths) {
  for (std::string v : {"abc", "0", "-5", "12abc", "99999999999"}) {
    Collector c = DecodeAll("Content-Length: " + v + "\r\n\r\n" + kA);
    ASSERT_FALSE(c.issues.empty()) << v;
    EXPECT_EQ(c.issues[0].deviation, Deviation::kContentLengthInvalid) << v;
    EXPECT_EQ(c.issues[0].reactions[static_cast<int>(Peer::kGopls)], Reaction::kFatal) << v;
  }
}

TEST(FramingTest, HeaderWithoutColon) {
  std::string s = "Content-Length " + std::to_string(kA.size()) + "\r\n\r\n" + kA;
  Collector c = DecodeAll(s);
  ASSERT_FALSE(c.issues.empty());
  EXPECT_EQ(c.issues[0].deviation, Deviation::kHeaderMalformed);
  EXPECT_EQ(c.bodies, std::vector<std::string>{kA});
}

TEST(FramingTest, HeaderCaseNoSpaceDuplicateCharsetUnknown) {
  auto n = std::to_string(kA.size());
  EXPECT_EQ(DecodeAll("content-length: " + n + "\r\n\r\n" + kA).Kinds(),
            std::vector<Deviation>{Deviation::kHeaderCase});
  EXPECT_EQ(DecodeAll("Content-Length:" + n + "\r\n\r\n" + kA).Kinds(),
            std::vector<Deviation>{Deviation::kHeaderNoSpace});
  EXPECT_EQ(DecodeAll("Content-Length: 3\r\nContent-Length: " + n + "\r\n\r\n" + kA).Kinds(),
            std::vector<Deviation>{Deviation::kContentLengthDuplicate});
  EXPECT_EQ(DecodeAll("Content-Length: " + n + "\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n" + kA).Kinds(),
            std::vector<Deviation>{Deviation::kCharset});
  EXPECT_TRUE(DecodeAll("Content-Length: " + n + "\r\nContent-Type: application/vscode-jsonrpc; charset=utf8\r\n\r\n" + kA).issues.empty());
  EXPECT_EQ(DecodeAll("Content-Length: " + n + "\r\nX-Trace: 1\r\n\r\n" + kA).Kinds(),
            std::vector<Deviation>{Deviation::kHeaderUnknown});
  EXPECT_EQ(DecodeAll("Content-Length : " + n + "\r\n\r\n" + kA).Kinds()[0], Deviation::kHeaderMalformed);
}

TEST(FramingTest, BomAndInvalidUtf8) {
  Collector bom = DecodeAll(Framed("\xEF\xBB\xBF" + kA));
  EXPECT_EQ(bom.Kinds(), std::vector<Deviation>{Deviation::kBom});
  std::string bad = R"({"jsonrpc":"2.0","id":0,"result":"0.)" "\xff" R"("})";
  Collector u = DecodeAll(Framed(bad));
  ASSERT_EQ(u.Kinds(), std::vector<Deviation>{Deviation::kInvalidUtf8});
  EXPECT_EQ(u.issues[0].offset, Framed(bad).size() - 3);
}

TEST(FramingTest, TruncatedHeaderAndBody) {
  EXPECT_EQ(DecodeAll("Content-Length: 12\r\n").Kinds(), std::vector<Deviation>{Deviation::kTruncated});
  Collector c = DecodeAll("Content-Length: 100\r\n\r\n{\"jsonrpc\":");
  EXPECT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kTruncated});
  EXPECT_NE(c.issues[0].detail.find("11 of 100"), std::string::npos) << c.issues[0].detail;
}

TEST(FramingTest, OversizeIsSkippedWithoutBuffering) {
  Collector c;
  FrameDecoder d(DecoderOptions{.max_body = 1000});
  d.Feed("Content-Length: 5000\r\n\r\n", c);
  d.Feed(std::string(5000, 'x'), c);
  d.Feed(Framed(kA), c);
  d.Finish(c);
  EXPECT_EQ(c.Kinds(), std::vector<Deviation>{Deviation::kOversize});
  EXPECT_EQ(c.bodies, std::vector<std::string>{kA});
}

TEST(FramingTest, EndlessLineIsNoiseNotUnboundedMemory) {
  Collector c;
  FrameDecoder d;
  std::string junk(1 << 20, 'y');
  for (int i = 0; i < 8; ++i) d.Feed(junk, c);
  d.Feed("\n" + Framed(kA), c);
  d.Finish(c);
  ASSERT_FALSE(c.issues.empty());
  EXPECT_EQ(c.issues[0].deviation, Deviation::kStdoutNoise);
  EXPECT_EQ(c.bodies, std::vector<std::string>{kA});
}

TEST(FramingTest, PendingDescribesAStalledHeader) {
  Collector c;
  FrameDecoder d;
  EXPECT_FALSE(d.Pending().has_value());
  d.Feed("Content-Length: 10\n\n{\"a\"", c);
  auto p = d.Pending();
  ASSERT_TRUE(p.has_value());
  EXPECT_FALSE(p->in_header);
  EXPECT_TRUE(p->lf_only);
  EXPECT_EQ(p->declared, 10u);
}

// A sink that vouches for bodies with simdjson, as TrafficChecker does.
struct VouchingCollector : Collector {
  MessageParser parser;
  size_t vouched = 0;
  bool IsWholeJson(std::string_view body, size_t readable_after) override {
    bool ok = parser.Load(body, readable_after);
    vouched += ok;
    return ok;
  }
};

std::string Describe(const Collector& c) {
  std::string out;
  for (size_t i = 0; i < c.bodies.size(); ++i) {
    out += "frame@" + std::to_string(c.offsets[i]) + (c.clean[i] ? " clean " : " broken ") + c.bodies[i] + "\n";
  }
  for (const auto& i : c.issues) {
    out += std::string(DeviationId(i.deviation)) + "@" + std::to_string(i.offset) + " " + i.detail + " [";
    for (auto r : i.reactions) out += ReactionText(r) + std::string(",");
    out += "]\n";
  }
  return out;
}

// Frames and issues interleave in one order; record it too.
struct OrderedCollector : VouchingCollector {
  std::string order;
  void OnFrame(const Frame& f) override {
    Collector::OnFrame(f);
    order += "F";
  }
  void OnIssue(const FramingIssue& i) override {
    Collector::OnIssue(i);
    order += "I";
  }
};

struct PlainOrdered : Collector {
  std::string order;
  void OnFrame(const Frame& f) override {
    Collector::OnFrame(f);
    order += "F";
  }
  void OnIssue(const FramingIssue& i) override {
    Collector::OnIssue(i);
    order += "I";
  }
};

TEST(FramingTest, VouchedAndLazyDecodingFindsTheSameAsTheByteScan) {
  std::string bom_body = "\xEF\xBB\xBF" + kA;
  std::string bad_utf8 = R"({"jsonrpc":"2.0","method":"x","params":{"s":"a\xff\xfeb"}})";
  std::string big(200000, 'x');
  std::string big_body = R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":")" + big + R"("}})";
  std::vector<std::string> streams = {
      Framed(kA) + Framed(kB) + Framed(kA),
      "Content-Length: " + std::to_string(kA.size() - 10) + "\r\n\r\n" + kA + Framed(kB),
      "Content-Length: " + std::to_string(kA.size() + 10) + "\r\n\r\n" + kA + Framed(kB) + Framed(kA),
      "Content-Length: " + std::to_string(kA.size() + 10) + "\r\n\r\n" + kA,
      "Content-Length: " + std::to_string(kA.size() + 3) + "\r\n\r\n" + kA + "\r\n ",
      Framed(kA + "\n") + Framed(kB),
      Framed(bom_body) + Framed(kA),
      Framed(bad_utf8) + Framed(kA),
      Framed("123") + Framed(kA),
      Framed("\"str\"") + Framed(kA),
      Framed("[1,2,3]") + Framed("{\"a\":[}") + Framed(kA),
      Framed("{\"a\":1} x") + Framed(kA),
      Framed("{\"a\":1}{\"b\":2}") + Framed(kA),
      Framed("not json at all") + Framed(kA),
      Framed(big_body) + Framed(kB) + Framed(big_body),
      "Content-Length: " + std::to_string(big_body.size() + 40) + "\r\n\r\n" + big_body + Framed(kA) + Framed(kB),
      "Content-Length: " + std::to_string(big_body.size() - 5) + "\r\n\r\n" + big_body + Framed(kA),
      "Content-Length: 5\r\n\r\n" + kA.substr(0, 3),
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + kA + Framed(kB),
      "log line\n" + Framed(kA) + "Content-Length: 12\n\n" + kA,
  };
  for (size_t s = 0; s < streams.size(); ++s) {
    const std::string& stream = streams[s];
    PlainOrdered want;
    {
      FrameDecoder d;
      d.Feed(stream, want);
      d.Finish(want);
    }
    for (size_t chunk : {size_t{0}, size_t{1}, size_t{7}, size_t{64}, size_t{4096}, size_t{65536}}) {
      if (chunk == 1 && stream.size() > 20000) continue;
      OrderedCollector got;
      DecoderOptions options;
      options.body_scan = BodyScan::kWhenComplete;
      FrameDecoder d(options);
      if (chunk == 0) {
        d.Feed(stream, got);
      } else {
        for (size_t i = 0; i < stream.size(); i += chunk) d.Feed(stream.substr(i, chunk), got);
      }
      d.Finish(got);
      ASSERT_EQ(Describe(got), Describe(want)) << "stream " << s << ", chunk " << chunk;
      ASSERT_EQ(got.order, want.order) << "stream " << s << ", chunk " << chunk;
      if (s == 0 && chunk == 0) {
        EXPECT_EQ(got.vouched, 3u);
      }
    }
  }
}

}  // namespace
}  // namespace godiag::lsp

// The LSP base-protocol framing codec: bytes in (any chunking) -> frames out, with every
// deviation from the spec recorded at its byte offset, together with how the real peers
// react to it (facts/lsp.md §2, facts/real-servers.md §3). Pure: no I/O, no clocks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lsp_probe.h"
#include "lsp/json_scan.h"

namespace godiag::lsp {

/// Kinds of framing deviations. Each maps to a public finding id (DeviationId).
enum class Deviation : uint8_t {
  kStdoutNoise,           ///< bytes that belong to no frame (a log line on stdout)
  kLfOnly,                ///< header lines end in LF, not CRLF
  kMixedLineEndings,      ///< some header lines end in CRLF, some in LF
  kHeaderMalformed,       ///< header line without ':' or with space before ':'
  kHeaderNoSpace,         ///< "Content-Length:12": no space after the colon
  kHeaderCase,            ///< "content-length": right name, wrong case
  kHeaderUnknown,         ///< a header other than Content-Length/Content-Type
  kContentLengthMissing,  ///< headers ended without a Content-Length
  kContentLengthInvalid,  ///< not a positive base-10 integer below 2^31
  kContentLengthDuplicate,
  kContentLengthMismatch, ///< the JSON value ends before or after the declared length
  kCharset,               ///< Content-Type charset other than utf-8 / utf8
  kTruncated,             ///< the stream ended inside a frame
  kBom,                   ///< the body starts with a UTF-8 byte order mark
  kInvalidUtf8,           ///< the body is not valid UTF-8
  kOversize,              ///< Content-Length above the decoder's cap; body skipped
};
inline constexpr int kDeviationCount = 16;

/// Public finding id of a deviation, e.g. "lsp.framing.lf-only".
const char* DeviationId(Deviation d);

/// The real peers whose tolerance is known (facts/lsp.md §2.9, facts/real-servers.md §3).
enum class Peer : uint8_t { kGopls, kClangd, kVscode, kNeovim };
inline constexpr int kPeerCount = 4;
const char* PeerName(Peer p);

/// How a peer reacts when it reads the deviation.
enum class Reaction : uint8_t {
  kUnknown,
  kAccepts,   ///< works as intended
  kIgnores,   ///< skips the header or line, message still read
  kDrops,     ///< reports or logs an error, drops the message, stays in sync
  kDesyncs,   ///< loses this and the next message: stream misaligned
  kHangs,     ///< waits forever for bytes that never come
  kFatal,     ///< closes the connection (gopls exits 2)
};
const char* ReactionText(Reaction r);
/// True when the reaction breaks the session with that peer.
bool ReactionBreaks(Reaction r);

using Reactions = std::array<Reaction, kPeerCount>;

/// The reactions as evidence: one entry per peer, named.
std::vector<core::PeerReaction> ToPeerReactions(const Reactions& r);

struct FramingIssue {
  Deviation deviation{};
  uint64_t offset = 0;   ///< stream offset of the first byte concerned
  std::string detail;    ///< human text with the exact bytes (escaped, cut)
  Reactions reactions{}; ///< per Peer, how that real peer reacts to this very instance
};

/// One decoded frame. `body` is valid only during the callback.
struct Frame {
  uint64_t offset = 0;       ///< first header byte
  uint64_t body_offset = 0;  ///< first body byte
  uint64_t declared = 0;     ///< Content-Length as declared (0 when missing/invalid)
  std::string_view body;     ///< the JSON value as found (may differ from declared)
  size_t readable_after = 0; ///< bytes that may be read past body's end (a parser's padding)
  bool clean = true;         ///< false when a deviation broke this frame for some peer
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void OnFrame(const Frame& frame) = 0;
  virtual void OnIssue(const FramingIssue& issue) = 0;
  /// Asked when a frame's whole declared body has arrived, before anything else is done with
  /// it: true when `body` is known to be one valid JSON object or array (whitespace around it,
  /// valid UTF-8). The decoder then skips its own end-of-value scan and UTF-8 pass, which
  /// could find nothing. `readable_after`: as in Frame. A sink that parses every body anyway
  /// answers from that parse and keeps it for the OnFrame that follows.
  virtual bool IsWholeJson(std::string_view /*body*/, size_t /*readable_after*/) { return false; }
};

/// When a body's JSON value is scanned for its end.
enum class BodyScan : uint8_t {
  kAsBytesArrive,  ///< at once: a wrong length is reported before the declared bytes arrive (live)
  kWhenComplete,   ///< once the declared bytes are all here, or at Finish (recorded input):
                   ///< the same findings, and a sink's IsWholeJson can spare the scan
};

struct DecoderOptions {
  uint64_t max_body = 256ull << 20;  ///< larger declared bodies are skipped, not buffered
  size_t max_header_line = 64 << 10; ///< longer "header lines" are reported as noise
  bool check_utf8 = true;
  BodyScan body_scan = BodyScan::kAsBytesArrive;
};

/// What the decoder holds when the stream stalls (for a hang explanation).
struct PendingFrame {
  uint64_t offset = 0;
  uint64_t declared = 0;   ///< 0 when still in the header
  uint64_t have = 0;       ///< body bytes (or header bytes) received so far
  bool in_header = false;
  bool lf_only = false;    ///< header ended with LF only (a strict peer still waits)
  std::optional<uint64_t> json_end;  ///< the body's JSON value is complete at this size
  std::string head;        ///< the first bytes held, escaped
};

/// Incremental decoder. Feed any chunking; frames and issues are reported in stream order.
class FrameDecoder {
 public:
  explicit FrameDecoder(DecoderOptions options = {});
  void Feed(std::string_view data, FrameSink& sink);
  /// End of stream: reports a truncated frame or trailing noise.
  void Finish(FrameSink& sink);
  /// The frame in progress, if any bytes are held.
  std::optional<PendingFrame> Pending() const;
  uint64_t offset() const { return base_ + buf_.size(); }  ///< bytes fed so far

 private:
  enum class State { kHeader, kBody, kResync, kSkip };
  enum class Utf8 { kCheck, kKnownValid };
  /// With kWhenComplete, a body this large is scanned as it arrives all the same.
  static constexpr size_t kLazyScanLimit = 16u << 20;
  struct HeaderState;
  bool Step(FrameSink& sink);
  bool StepHeader(FrameSink& sink);
  bool StepBody(FrameSink& sink);
  bool StepResync(FrameSink& sink);
  bool StepSkip();
  void HandleLine(std::string_view line, bool crlf, uint64_t line_offset, FrameSink& sink);
  void HandleHeader(std::string_view line, uint64_t at, FrameSink& sink);
  void EndHeaders(uint64_t at, FrameSink& sink);
  void FlushNoise(FrameSink& sink);
  void EmitBody(size_t len, FrameSink& sink, Utf8 utf8 = Utf8::kCheck);
  void Issue(FrameSink& sink, Deviation d, uint64_t at, std::string detail, Reactions r);
  void ResetFrame();
  void Compact();

  DecoderOptions options_;
  std::string buf_;      ///< bytes held between Feed calls
  const char* data_ = nullptr;  ///< bytes being decoded: buf_, or the caller's while Feed runs
  size_t size_ = 0;
  size_t pos_ = 0;       ///< first unconsumed byte in data_
  uint64_t base_ = 0;    ///< stream offset of data_[0]
  State state_ = State::kHeader;

  // Current frame.
  uint64_t frame_offset_ = 0;
  int header_lines_ = 0;
  int crlf_lines_ = 0;
  int lf_lines_ = 0;
  std::optional<uint64_t> length_;      ///< last usable Content-Length
  int length_headers_ = 0;
  bool frame_clean_ = true;
  uint64_t skip_left_ = 0;
  JsonEndScanner scanner_;
  size_t scanned_ = 0;                  ///< body bytes fed to scanner_
  size_t json_end_ = 0;                 ///< body size where the JSON value ended

  // Noise run being collected.
  std::optional<uint64_t> noise_offset_;
  std::string noise_;
  bool noise_has_colon_free_line_ = false;
  bool noise_has_lf_line_ = false;
};

/// `text` with control and non-ASCII bytes escaped, cut to `max` bytes with "…".
std::string EscapeBytes(std::string_view text, size_t max = 120);

}  // namespace godiag::lsp

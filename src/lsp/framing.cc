#include "lsp/framing.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "lsp/framing_text.h"

namespace godiag::lsp {

namespace {

using R = Reaction;
constexpr Reactions kAllAccept{R::kAccepts, R::kAccepts, R::kAccepts, R::kAccepts};
constexpr Reactions kAllIgnore{R::kIgnores, R::kIgnores, R::kIgnores, R::kIgnores};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

bool StartsWithFold(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsFold(s.substr(0, prefix.size()), prefix);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 7230 token characters.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar);
}

bool AllSpace(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Leading decimal digits as a number; nullopt when none. Saturates at 2^62.
std::optional<uint64_t> LeadingNumber(std::string_view s) {
  uint64_t n = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    n = std::min<uint64_t>(n * 10 + static_cast<uint64_t>(s[i] - '0'), 1ull << 62);
  }
  if (i == 0) return std::nullopt;
  return n;
}

// Offset of the first invalid UTF-8 byte (scalar; only used once simdjson said invalid).
size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    if (n == 2 && c < 0xC2) return i;
    i += n;
  }
  return s.size();
}

size_t Utf8Chars(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string EscapeBytes(std::string_view text, size_t max) {
  std::string out;
  size_t n = std::min(text.size(), max);
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\\') out += "\\\\";
    else if (c < 0x20 || c >= 0x7F) {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max) out += "…";
  return out;
}

FrameDecoder::FrameDecoder(DecoderOptions options) : options_(options), data_(buf_.data()) {}

void FrameDecoder::Issue(FrameSink& sink, Deviation d, uint64_t at, std::string detail,
                         Reactions r) {
  if (std::any_of(r.begin(), r.end(), ReactionBreaks)) frame_clean_ = false;
  sink.OnIssue(FramingIssue{d, at, std::move(detail), r});
}

void FrameDecoder::ResetFrame() {
  header_lines_ = crlf_lines_ = lf_lines_ = 0;
  length_.reset();
  length_headers_ = 0;
  frame_clean_ = true;
  scanner_.Reset();
  scanned_ = 0;
  json_end_ = 0;
  state_ = State::kHeader;
}

void FrameDecoder::Compact() {
  if (pos_ != 0 && (pos_ == buf_.size() || pos_ >= (1u << 20))) {
    buf_.erase(0, pos_);
    base_ += pos_;
    pos_ = 0;
  }
  data_ = buf_.data();
  size_ = buf_.size();
}

void FrameDecoder::Feed(std::string_view data, FrameSink& sink) {
  if (pos_ == buf_.size()) {
    // Nothing held: decode the caller's bytes where they are and keep only the unfinished rest.
    base_ += pos_;
    pos_ = 0;
    buf_.clear();
    data_ = data.data();
    size_ = data.size();
    while (Step(sink)) {
    }
    buf_.assign(data_ + pos_, size_ - pos_);
    base_ += pos_;
    pos_ = 0;
  } else {
    buf_.append(data);
    data_ = buf_.data();
    size_ = buf_.size();
    while (Step(sink)) {
    }
  }
  Compact();
}

bool FrameDecoder::Step(FrameSink& sink) {
  switch (state_) {
    case State::kHeader: return StepHeader(sink);
    case State::kBody: return StepBody(sink);
    case State::kResync: return StepResync(sink);
    case State::kSkip: return StepSkip();
  }
  return false;
}

bool FrameDecoder::StepHeader(FrameSink& sink) {
  if (pos_ >= size_) return false;
  const char* start = data_ + pos_;
  size_t avail = size_ - pos_;
  const void* nl = std::memchr(start, '\n', avail);
  if (!nl) {
    if (avail <= options_.max_header_line) return false;
    // A very long line without a newline: noise, never buffered without bound.
    if (!noise_offset_) noise_offset_ = base_ + pos_;
    if (noise_.size() < 1024) noise_.append(start, std::min<size_t>(avail, 1024));
    noise_has_colon_free_line_ = true;
    pos_ = size_;
    return false;
  }
  size_t len = static_cast<size_t>(static_cast<const char*>(nl) - start);
  std::string_view line(start, len);
  bool crlf = !line.empty() && line.back() == '\r';
  if (crlf) line.remove_suffix(1);
  uint64_t at = base_ + pos_;
  pos_ += len + 1;
  HandleLine(line, crlf, at, sink);
  return true;
}

void FrameDecoder::HandleLine(std::string_view line, bool crlf, uint64_t at, FrameSink& sink) {
  if (header_lines_ == 0) {
    // At a frame start only Content-* lines, or CRLF lines with a token name, are headers;
    // anything else is a log line written to stdout.
    size_t colon = line.find(':');
    bool token_name = colon != std::string_view::npos && IsToken(Trim(line.substr(0, colon)));
    bool header_like = StartsWithFold(line, "content-") || (token_name && crlf);
    if (!header_like) {
      if (!noise_offset_) noise_offset_ = at;
      if (noise_.size() < 1024) noise_.append(line.data(), line.size()).append(crlf ? "\r\n" : "\n");
      if (colon == std::string_view::npos) noise_has_colon_free_line_ = true;
      if (!crlf) noise_has_lf_line_ = true;
      return;
    }
    FlushNoise(sink);
    frame_offset_ = at;
  }
  (crlf ? crlf_lines_ : lf_lines_)++;
  if (line.empty()) {
    EndHeaders(at, sink);
    return;
  }
  ++header_lines_;
  HandleHeader(line, at, sink);
}

void FrameDecoder::FlushNoise(FrameSink& sink) {
  if (!noise_offset_) return;
  // gopls fails on a line without ':'; vscode-jsonrpc glues LF-ended lines to the next header.
  Reactions r = noise_has_colon_free_line_ ? Reactions{R::kFatal, R::kIgnores, R::kDesyncs, R::kIgnores}
                : noise_has_lf_line_       ? Reactions{R::kIgnores, R::kIgnores, R::kDesyncs, R::kIgnores}
                                           : kAllIgnore;
  std::string detail = NoiseDetail(EscapeBytes(noise_, 200), noise_has_colon_free_line_);
  bool clean = frame_clean_;
  Issue(sink, Deviation::kStdoutNoise, *noise_offset_, std::move(detail), r);
  frame_clean_ = clean;  // noise breaks the stream, not the frame after it
  noise_offset_.reset();
  noise_.clear();
  noise_has_colon_free_line_ = false;
  noise_has_lf_line_ = false;
}

void FrameDecoder::HandleHeader(std::string_view line, uint64_t at, FrameSink& sink) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    bool cl = StartsWithFold(line, "content-length");
    if (cl) {
      auto n = LeadingNumber(Trim(line.substr(14)));
      if (n && *n > 0) length_ = *n;
    }
    Issue(sink, Deviation::kHeaderMalformed, at, MalformedDetail(EscapeBytes(line)),
          cl ? Reactions{R::kFatal, R::kDesyncs, R::kDesyncs, R::kHangs}
             : Reactions{R::kFatal, R::kIgnores, R::kDesyncs, R::kIgnores});
    return;
  }
  std::string_view raw_name = line.substr(0, colon);
  std::string_view name = Trim(raw_name);
  std::string_view raw_value = line.substr(colon + 1);
  std::string_view value = Trim(raw_value);
  bool is_length = EqualsFold(name, "content-length");
  if (name.size() != raw_name.size()) {
    Issue(sink, Deviation::kHeaderMalformed, at, SpaceBeforeColonDetail(EscapeBytes(line)),
          is_length ? Reactions{R::kFatal, R::kDesyncs, R::kDesyncs, R::kAccepts}
                    : kAllIgnore);
  }
  if (is_length) {
    if (name != "Content-Length") {
      Issue(sink, Deviation::kHeaderCase, at, HeaderCaseDetail(std::string(name)),
            Reactions{R::kFatal, R::kDesyncs, R::kAccepts, R::kAccepts});
    }
    if (raw_value.empty() || raw_value[0] != ' ' || (raw_value.size() > 1 && raw_value[1] == ' ')) {
      Issue(sink, Deviation::kHeaderNoSpace, at, NoSpaceDetail(EscapeBytes(line)),
            Reactions{R::kAccepts, R::kDesyncs, R::kAccepts, R::kAccepts});
    }
    if (++length_headers_ > 1) {
      Issue(sink, Deviation::kContentLengthDuplicate, at,
            DuplicateDetail(length_ ? std::to_string(*length_) : "?", EscapeBytes(value)),
            kAllAccept);
    }
    auto n = LeadingNumber(value);
    bool digits_only = n && std::all_of(value.begin(), value.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
    bool valid = digits_only && *n > 0 && *n <= 0x7fffffffull;
    if (!valid) {
      Reactions r{R::kFatal, R::kDesyncs, n && *n > 0 ? R::kAccepts : R::kDesyncs,
                  digits_only ? R::kAccepts : R::kHangs};
      if (digits_only && *n == 0) r = {R::kFatal, R::kDrops, R::kDrops, R::kDrops};
      if (digits_only && *n > 0x7fffffffull) r = {R::kFatal, R::kDesyncs, R::kUnknown, R::kUnknown};
      Issue(sink, Deviation::kContentLengthInvalid, at, InvalidLengthDetail(EscapeBytes(value)), r);
    }
    if (n && *n > 0) length_ = *n;
    else length_.reset();
    return;
  }
  if (EqualsFold(name, "content-type")) {
    std::string charset = CharsetOf(value);
    if (!charset.empty() && !EqualsFold(charset, "utf-8") && !EqualsFold(charset, "utf8")) {
      Issue(sink, Deviation::kCharset, at, CharsetDetail(EscapeBytes(charset)), kAllAccept);
    }
    return;
  }
  Issue(sink, Deviation::kHeaderUnknown, at, UnknownHeaderDetail(EscapeBytes(line)), kAllIgnore);
}

void FrameDecoder::EndHeaders(uint64_t at, FrameSink& sink) {
  if (lf_lines_ > 0) {
    bool only_lf = crlf_lines_ == 0;
    Issue(sink, only_lf ? Deviation::kLfOnly : Deviation::kMixedLineEndings, frame_offset_,
          LineEndingDetail(only_lf, lf_lines_, crlf_lines_),
          Reactions{R::kAccepts, R::kAccepts, R::kHangs, R::kHangs});
  }
  if (!length_) {
    if (length_headers_ == 0) {  // an invalid one was already reported
      Issue(sink, Deviation::kContentLengthMissing, at, MissingLengthDetail(),
            Reactions{R::kFatal, R::kDesyncs, R::kDesyncs, R::kHangs});
    }
    state_ = State::kResync;  // find the JSON value by scanning, to keep checking
    return;
  }
  if (*length_ > options_.max_body) {
    Issue(sink, Deviation::kOversize, frame_offset_, OversizeDetail(*length_, options_.max_body),
          Reactions{*length_ > 0x7fffffffull ? R::kFatal : R::kAccepts,
                    *length_ > (1ull << 30) ? R::kDesyncs : R::kAccepts, R::kUnknown,
                    R::kUnknown});
    skip_left_ = *length_;
    state_ = State::kSkip;
    return;
  }
  state_ = State::kBody;
}

bool FrameDecoder::StepBody(FrameSink& sink) {
  const uint64_t need = *length_;
  size_t avail = size_ - pos_;
  if (scanned_ == 0 && avail >= need) {
    // The whole body is here: a sink that parses it anyway may vouch for it being one JSON
    // object or array, which decides everything the scan below would (no mismatch, valid UTF-8).
    size_t len = static_cast<size_t>(need);
    if (sink.IsWholeJson(std::string_view(data_ + pos_, len), avail - len)) {
      EmitBody(len, sink, Utf8::kKnownValid);
      return true;
    }
  } else if (avail < need && options_.body_scan == BodyScan::kWhenComplete && avail < kLazyScanLimit) {
    return false;  // scanned when complete (or at Finish): the same result, maybe without a scan
  }
  size_t upto = static_cast<size_t>(std::min<uint64_t>(avail, need));
  if (scanner_.status() == JsonEndScanner::Status::kIncomplete && scanned_ < upto) {
    size_t end = scanner_.Feed(std::string_view(data_ + pos_ + scanned_, upto - scanned_));
    if (end != JsonEndScanner::kNotYet) {
      json_end_ = scanned_ + end;
      scanned_ = upto;
    } else {
      scanned_ = upto;
    }
  }
  if (scanner_.status() == JsonEndScanner::Status::kComplete) {
    // The value ended early and more bytes follow: the length is too large. Decided on a
    // fixed window after the value (then on the whole rest), so chunking never changes it.
    size_t window = static_cast<size_t>(std::min<uint64_t>(need, json_end_ + 16));
    std::string_view tail;
    if (upto >= window && !AllSpace(std::string_view(data_ + pos_ + json_end_, window - json_end_))) {
      tail = std::string_view(data_ + pos_ + json_end_, window - json_end_);
    } else if (upto == need && !AllSpace(std::string_view(data_ + pos_ + json_end_, need - json_end_))) {
      std::string_view rest(data_ + pos_ + json_end_, need - json_end_);
      size_t first = rest.find_first_not_of(" \t\r\n");
      tail = rest.substr(first, 16);
    }
    if (!tail.empty()) {
      Issue(sink, Deviation::kContentLengthMismatch, base_ + pos_ + json_end_,
            TooLargeDetail(need, json_end_, EscapeBytes(tail, 40)),
            Reactions{R::kFatal, R::kDesyncs, R::kDesyncs, R::kDesyncs});
      EmitBody(json_end_, sink);
      return true;
    }
  }
  if (avail < need) return false;
  if (scanner_.status() == JsonEndScanner::Status::kIncomplete) {
    state_ = State::kResync;  // the value runs past the declared length: length too small
    return true;
  }
  EmitBody(static_cast<size_t>(need), sink);
  return true;
}

bool FrameDecoder::StepResync(FrameSink& sink) {
  const uint64_t declared = length_.value_or(0);
  const size_t limit = declared == 0 ? (size_t{1} << 20)
                                     : static_cast<size_t>(declared) + 4096 + static_cast<size_t>(declared / 2);
  size_t avail = std::min(size_ - pos_, limit);
  if (scanner_.status() == JsonEndScanner::Status::kIncomplete && scanned_ < avail) {
    size_t end = scanner_.Feed(std::string_view(data_ + pos_ + scanned_, avail - scanned_));
    if (end != JsonEndScanner::kNotYet) json_end_ = scanned_ + end;
    scanned_ = avail;
  }
  auto status = scanner_.status();
  if (status == JsonEndScanner::Status::kIncomplete && avail < limit) return false;
  if (status != JsonEndScanner::Status::kComplete) {
    // Not JSON or no end in sight: fall back to the declared length, as peers do.
    if (declared > 0 && size_ - pos_ >= declared) {
      EmitBody(static_cast<size_t>(declared), sink);
    } else {
      ResetFrame();
    }
    return true;
  }
  if (declared > 0) {
    std::string_view body(data_ + pos_, json_end_);
    // The value's bytes past the declared end: what a reader takes as the next header's start.
    std::string_view next = body.substr(static_cast<size_t>(declared));
    Issue(sink, Deviation::kContentLengthMismatch, base_ + pos_ + declared,
          TooSmallDetail(declared, json_end_, Utf8Chars(body) == declared, EscapeBytes(next, 40)),
          Reactions{R::kFatal, R::kDesyncs, R::kDesyncs, R::kDesyncs});
  }
  frame_clean_ = false;
  EmitBody(json_end_, sink);
  return true;
}

bool FrameDecoder::StepSkip() {
  size_t avail = size_ - pos_;
  size_t n = static_cast<size_t>(std::min<uint64_t>(avail, skip_left_));
  pos_ += n;
  skip_left_ -= n;
  if (skip_left_ == 0) {
    ResetFrame();
    return true;
  }
  return false;
}

void FrameDecoder::EmitBody(size_t len, FrameSink& sink, Utf8 utf8) {
  std::string_view body(data_ + pos_, len);
  uint64_t body_offset = base_ + pos_;
  if (body.size() >= 3 && std::memcmp(body.data(), "\xEF\xBB\xBF", 3) == 0) {
    Issue(sink, Deviation::kBom, body_offset, BomDetail(),
          Reactions{R::kFatal, R::kDrops, R::kDrops, R::kDrops});
  }
  if (utf8 == Utf8::kCheck && options_.check_utf8 && !simdjson::validate_utf8(body.data(), body.size())) {
    size_t bad = FirstInvalidUtf8(body);
    Issue(sink, Deviation::kInvalidUtf8, body_offset + bad,
          InvalidUtf8Detail(EscapeBytes(body.substr(bad > 20 ? bad - 20 : 0, 40), 60)),
          Reactions{R::kAccepts, R::kDrops, R::kAccepts, R::kUnknown});
  }
  Frame frame;
  frame.offset = frame_offset_;
  frame.body_offset = body_offset;
  frame.declared = length_.value_or(0);
  frame.body = body;
  frame.readable_after = size_ - pos_ - len;
  frame.clean = frame_clean_;
  sink.OnFrame(frame);
  pos_ += len;
  ResetFrame();
}

void FrameDecoder::Finish(FrameSink& sink) {
  data_ = buf_.data();  // outside Feed the bytes are buf_'s (also after a move of the decoder)
  size_ = buf_.size();
  if (options_.body_scan == BodyScan::kWhenComplete) {
    // Catch up on a body left unscanned, as if it had been scanned while arriving: the
    // decoder's decisions do not depend on chunking, so the result is the same.
    options_.body_scan = BodyScan::kAsBytesArrive;
    while (Step(sink)) {
    }
    options_.body_scan = BodyScan::kWhenComplete;
  }
  size_t avail = size_ - pos_;
  switch (state_) {
    case State::kHeader:
      if (avail > 0 && header_lines_ == 0) {
        if (!noise_offset_) noise_offset_ = base_ + pos_;
        noise_.append(data_ + pos_, std::min<size_t>(avail, 1024));
        noise_has_colon_free_line_ = true;
        pos_ = size_;
      } else if (avail > 0 || header_lines_ > 0) {
        Issue(sink, Deviation::kTruncated, frame_offset_, TruncatedHeaderDetail(),
              Reactions{R::kFatal, R::kDesyncs, R::kHangs, R::kHangs});
      }
      FlushNoise(sink);
      break;
    case State::kBody: {
      scanner_.Finish();
      bool complete = scanner_.status() == JsonEndScanner::Status::kComplete;
      Issue(sink, Deviation::kTruncated, frame_offset_,
            TruncatedBodyDetail(avail, *length_, complete ? std::optional<uint64_t>(json_end_)
                                                          : std::nullopt),
            Reactions{R::kFatal, R::kDesyncs, R::kHangs, R::kHangs});
      if (complete) {
        Issue(sink, Deviation::kContentLengthMismatch, base_ + pos_ + json_end_,
              TooLargeDetail(*length_, json_end_, ""),
              Reactions{R::kHangs, R::kHangs, R::kHangs, R::kHangs});
        EmitBody(json_end_, sink);
      }
      break;
    }
    case State::kResync:
    case State::kSkip:
      Issue(sink, Deviation::kTruncated, frame_offset_, TruncatedBodyDetail(avail, length_.value_or(0), std::nullopt),
            Reactions{R::kFatal, R::kDesyncs, R::kHangs, R::kHangs});
      break;
  }
  pos_ = size_;
  ResetFrame();
  Compact();
}

std::optional<PendingFrame> FrameDecoder::Pending() const {
  size_t avail = buf_.size() - pos_;
  if (state_ == State::kHeader && avail == 0 && header_lines_ == 0) return std::nullopt;
  PendingFrame p;
  p.offset = header_lines_ > 0 ? frame_offset_ : base_ + pos_;
  p.in_header = state_ == State::kHeader;
  p.declared = length_.value_or(0);
  p.have = avail;
  p.lf_only = lf_lines_ > 0;
  if (scanner_.status() == JsonEndScanner::Status::kComplete) p.json_end = json_end_;
  p.head = EscapeBytes(std::string_view(buf_.data() + pos_, avail), 80);
  return p;
}

}  // namespace godiag::lsp

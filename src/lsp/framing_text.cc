#include "lsp/framing_text.h"

#include <fmt/format.h>

#include "lsp/framing.h"

namespace godiag::lsp {

const char* DeviationId(Deviation d) {
  switch (d) {
    case Deviation::kStdoutNoise: return "lsp.framing.stdout-noise";
    case Deviation::kLfOnly: return "lsp.framing.lf-only";
    case Deviation::kMixedLineEndings: return "lsp.framing.mixed-line-endings";
    case Deviation::kHeaderMalformed: return "lsp.framing.header-malformed";
    case Deviation::kHeaderNoSpace: return "lsp.framing.header-no-space";
    case Deviation::kHeaderCase: return "lsp.framing.header-case";
    case Deviation::kHeaderUnknown: return "lsp.framing.header-unknown";
    case Deviation::kContentLengthMissing: return "lsp.framing.content-length-missing";
    case Deviation::kContentLengthInvalid: return "lsp.framing.content-length-invalid";
    case Deviation::kContentLengthDuplicate: return "lsp.framing.content-length-duplicate";
    case Deviation::kContentLengthMismatch: return "lsp.framing.content-length-mismatch";
    case Deviation::kCharset: return "lsp.framing.charset";
    case Deviation::kTruncated: return "lsp.framing.truncated";
    case Deviation::kBom: return "lsp.framing.bom";
    case Deviation::kInvalidUtf8: return "lsp.framing.invalid-utf8";
    case Deviation::kOversize: return "lsp.framing.oversize";
  }
  return "lsp.framing.unknown";
}

const char* PeerName(Peer p) {
  switch (p) {
    case Peer::kGopls: return "gopls";
    case Peer::kClangd: return "clangd";
    case Peer::kVscode: return "VS Code (vscode-jsonrpc)";
    case Peer::kNeovim: return "Neovim";
  }
  return "?";
}

const char* ReactionText(Reaction r) {
  switch (r) {
    case Reaction::kUnknown: return "not known";
    case Reaction::kAccepts: return "accepts it";
    case Reaction::kIgnores: return "ignores it";
    case Reaction::kDrops: return "drops the message";
    case Reaction::kDesyncs: return "loses this and the next message";
    case Reaction::kHangs: return "hangs waiting";
    case Reaction::kFatal: return "closes the connection";
  }
  return "?";
}

std::vector<core::PeerReaction> ToPeerReactions(const Reactions& r) {
  std::vector<core::PeerReaction> out;
  for (int i = 0; i < kPeerCount; ++i) {
    Reaction reaction = r[static_cast<size_t>(i)];
    out.push_back({PeerName(static_cast<Peer>(i)), ReactionText(reaction), ReactionBreaks(reaction)});
  }
  return out;
}

bool ReactionBreaks(Reaction r) {
  return r == Reaction::kDrops || r == Reaction::kDesyncs || r == Reaction::kHangs ||
         r == Reaction::kFatal;
}

std::string NoiseDetail(const std::string& bytes, bool has_colon_free_line) {
  return fmt::format("bytes outside any frame: \"{}\"{}", bytes,
                     has_colon_free_line ? " (a strict reader takes them for a header line)" : "");
}

std::string MalformedDetail(const std::string& line) {
  return fmt::format("header line without ':': \"{}\" (gopls: invalid header line)", line);
}

std::string SpaceBeforeColonDetail(const std::string& line) {
  return fmt::format("space before ':' in \"{}\"; the name then is not Content-Length", line);
}

std::string HeaderCaseDetail(const std::string& name) {
  return fmt::format("header name \"{}\" instead of \"Content-Length\" (gopls and clangd match it "
                     "case-sensitively)", name);
}

std::string NoSpaceDetail(const std::string& line) {
  return fmt::format("\"{}\": clangd needs exactly \"Content-Length: \" (one space)", line);
}

std::string DuplicateDetail(const std::string& previous, const std::string& value) {
  return fmt::format("Content-Length given twice ({} then {}); readers use the last one",
                     previous, value);
}

std::string InvalidLengthDetail(const std::string& value) {
  return fmt::format("Content-Length \"{}\" is not a positive decimal number below 2^31", value);
}

std::string CharsetOf(std::string_view content_type) {
  std::string lower(content_type);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string_view v = content_type.substr(at + 8);
  size_t end = v.find(';');
  if (end != std::string_view::npos) v = v.substr(0, end);
  while (!v.empty() && (v.back() == ' ' || v.back() == '"')) v.remove_suffix(1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '"')) v.remove_prefix(1);
  return std::string(v);
}

std::string CharsetDetail(const std::string& charset) {
  return fmt::format("Content-Type charset \"{}\": the spec allows only utf-8 (and utf8); every "
                     "real peer ignores the header and decodes UTF-8 anyway", charset);
}

std::string UnknownHeaderDetail(const std::string& line) {
  return fmt::format("unknown header \"{}\" (ignored by every known peer)", line);
}

std::string LineEndingDetail(bool only_lf, int lf_lines, int crlf_lines) {
  if (only_lf) return fmt::format("header lines end in \\n, not \\r\\n ({} lines)", lf_lines);
  return fmt::format("header mixes \\r\\n ({}) and bare \\n ({}) line endings", crlf_lines, lf_lines);
}

std::string MissingLengthDetail() { return "the header ended without a Content-Length"; }

std::string OversizeDetail(uint64_t declared, uint64_t cap) {
  return fmt::format("Content-Length {} is above godiag's limit of {} bytes; body skipped",
                     declared, cap);
}

std::string TooLargeDetail(uint64_t declared, uint64_t json_size, const std::string& following) {
  std::string s = fmt::format("Content-Length {} but the JSON body is {} bytes ({} too large)",
                              declared, json_size, declared - json_size);
  if (!following.empty()) s += fmt::format("; the declared body swallows \"{}\"", following);
  return s;
}

std::string TooSmallDetail(uint64_t declared, uint64_t json_size, bool counts_chars,
                           const std::string& next) {
  std::string s = fmt::format("Content-Length {} but the JSON body is {} bytes ({} too small)",
                              declared, json_size, json_size - declared);
  if (counts_chars) s += "; the length counts characters, not UTF-8 bytes";
  if (!next.empty()) s += fmt::format("; a reader then takes \"{}\" as the start of the next header", next);
  return s;
}

std::string BomDetail() { return "the body starts with a UTF-8 byte order mark (EF BB BF)"; }

std::string InvalidUtf8Detail(const std::string& around) {
  return fmt::format("the body is not valid UTF-8 near \"{}\"", around);
}

std::string TruncatedHeaderDetail() { return "the stream ended inside a header"; }

std::string TruncatedBodyDetail(uint64_t have, uint64_t declared, std::optional<uint64_t> json_end) {
  std::string s = fmt::format("the stream ended after {} of {} body bytes", have, declared);
  if (json_end) s += fmt::format("; the JSON value was complete at {} bytes", *json_end);
  return s;
}

bool AfterExit(const FramingIssue& issue, std::optional<uint64_t> exit_at) {
  if (!exit_at) return false;
  // A truncation is reported at the end of the stream: that end came after exit.
  return issue.deviation == Deviation::kTruncated || issue.offset >= *exit_at;
}

std::string AfterExitDetail(const FramingIssue& issue) {
  return issue.detail + (issue.deviation == Deviation::kTruncated
                             ? " (the stream ended after the exit notification, when no client reads any more)"
                             : " (after the exit notification, where no client reads any more)");
}

}  // namespace godiag::lsp

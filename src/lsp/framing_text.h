// The human texts of framing deviations (kept apart so the codec stays small).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace godiag::lsp {

std::string NoiseDetail(const std::string& bytes, bool has_colon_free_line);
std::string MalformedDetail(const std::string& line);
std::string SpaceBeforeColonDetail(const std::string& line);
std::string HeaderCaseDetail(const std::string& name);
std::string NoSpaceDetail(const std::string& line);
std::string DuplicateDetail(const std::string& previous, const std::string& value);
std::string InvalidLengthDetail(const std::string& value);
/// The charset parameter of a Content-Type value ("" when absent), unquoted.
std::string CharsetOf(std::string_view content_type);
std::string CharsetDetail(const std::string& charset);
std::string UnknownHeaderDetail(const std::string& line);
std::string LineEndingDetail(bool only_lf, int lf_lines, int crlf_lines);
std::string MissingLengthDetail();
std::string OversizeDetail(uint64_t declared, uint64_t cap);
std::string TooLargeDetail(uint64_t declared, uint64_t json_size, const std::string& following);
std::string TooSmallDetail(uint64_t declared, uint64_t json_size, bool counts_chars,
                           const std::string& next);
std::string BomDetail();
std::string InvalidUtf8Detail(const std::string& around);
std::string TruncatedHeaderDetail();
std::string TruncatedBodyDetail(uint64_t have, uint64_t declared, std::optional<uint64_t> json_end);
struct FramingIssue;

/// Whether a server's framing defect is harmless because the client had sent `exit` (when the
/// server's output stood at `exit_at` bytes): it starts at or after that offset, or it is a frame
/// the end of the stream cut short once exit was sent (a server may exit mid-write, as gopls
/// can, even when it began the frame just before exit arrived).
bool AfterExit(const FramingIssue& issue, std::optional<uint64_t> exit_at);
/// The detail of such a defect, saying why no client is affected.
std::string AfterExitDetail(const FramingIssue& issue);

}  // namespace godiag::lsp

// fault_wire: the wire layer of fault_server (see fault_server.cc).
//
// Raw writes to file descriptors, a tiny JSON scanner that finds member
// tokens in a message, the reader of incoming `Content-Length` frames and the
// builders of outgoing JSON-RPC bodies. Only the standard library and POSIX
// are used; all output goes through write(2).

#include "fault_wire.h"

#include <errno.h>
#include <strings.h>
#include <unistd.h>

#include <charconv>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace godiag_fault {
namespace {

// Incoming bodies larger than this end the server.
constexpr size_t kMaxIncomingBody = 64u << 20;

// Scanning helpers for FindMember.

constexpr size_t kNpos = std::string_view::npos;

size_t SkipSpace(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' || s[pos] == '\n')) ++pos;
  return pos;
}

// `s[pos]` is '"'; returns the index just past the closing quote, or kNpos.
size_t SkipString(std::string_view s, size_t pos) {
  for (++pos; pos < s.size(); ++pos) {
    if (s[pos] == '\\') {
      ++pos;
    } else if (s[pos] == '"') {
      return pos + 1;
    }
  }
  return kNpos;
}

// Returns the index just past the JSON value at `pos`, or kNpos.
size_t SkipValue(std::string_view s, size_t pos) {
  if (pos >= s.size()) return kNpos;
  if (s[pos] == '"') return SkipString(s, pos);
  if (s[pos] == '{' || s[pos] == '[') {
    int depth = 0;
    while (pos < s.size()) {
      char c = s[pos];
      if (c == '"') {
        pos = SkipString(s, pos);
        if (pos == kNpos) return kNpos;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return pos + 1;
      ++pos;
    }
    return kNpos;
  }
  size_t start = pos;
  while (pos < s.size() && s[pos] != ',' && s[pos] != '}' && s[pos] != ']' && SkipSpace(s, pos) == pos) ++pos;
  return pos > start ? pos : kNpos;
}

// Header-line helpers for FrameReader.

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------
// Output through write(2) only.

// Writes all of `data` to `fd`, retrying partial writes and EINTR.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void WriteStdout(std::string_view data) {
  if (!WriteAll(STDOUT_FILENO, data)) _exit(1);  // The client has gone away.
}

void WriteStderr(std::string_view data) { WriteAll(STDERR_FILENO, data); }

// ---------------------------------------------------------------------------
// Minimal JSON scanning: enough to find raw member tokens in a message.

// Returns the raw JSON text of member `key` of the object `object`, or an
// empty view if `object` is not an object or has no such member.
std::string_view FindMember(std::string_view object, std::string_view key) {
  size_t pos = SkipSpace(object, 0);
  if (pos >= object.size() || object[pos] != '{') return {};
  pos = SkipSpace(object, pos + 1);
  while (pos < object.size() && object[pos] == '"') {
    size_t key_end = SkipString(object, pos);
    if (key_end == kNpos) return {};
    std::string_view name = object.substr(pos + 1, key_end - pos - 2);
    pos = SkipSpace(object, key_end);
    if (pos >= object.size() || object[pos] != ':') return {};
    pos = SkipSpace(object, pos + 1);
    size_t value_end = SkipValue(object, pos);
    if (value_end == kNpos) return {};
    if (name == key) return object.substr(pos, value_end - pos);
    pos = SkipSpace(object, value_end);
    if (pos >= object.size() || object[pos] != ',') return {};
    pos = SkipSpace(object, pos + 1);
  }
  return {};
}

Message ParseMessage(std::string body) {
  Message message;
  message.id = FindMember(body, "id");
  std::string_view method = FindMember(body, "method");
  if (method.size() >= 2 && method.front() == '"') message.method = method.substr(1, method.size() - 2);
  message.body = std::move(body);
  return message;
}

std::optional<long long> ParseInteger(std::string_view token) {
  long long value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return value;
}

// ---------------------------------------------------------------------------
// Incoming frames: `Content-Length: N` headers, blank line, N bytes of body.
// Lenient: LF-only line ends and any case of the header name are accepted.

std::optional<std::string> FrameReader::Next() {
  for (;;) {
    if (std::optional<std::string> body = TakeFrame()) return body;
    if (!Fill()) return std::nullopt;
  }
}

bool FrameReader::Fill() {
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
}

std::optional<std::string> FrameReader::TakeFrame() {
  for (;;) {
    size_t pos = 0;
    std::optional<size_t> length;
    bool seen_header = false;
    for (;;) {
      size_t newline = buffer_.find('\n', pos);
      if (newline == std::string::npos) return std::nullopt;
      std::string_view line = Trim(std::string_view(buffer_).substr(pos, newline - pos));
      pos = newline + 1;
      if (!line.empty()) {
        seen_header = true;
        ParseHeaderLine(line, &length);
      } else if (seen_header) {
        break;
      }
    }
    if (!length) {
      WriteStderr("fault-server: ignoring incoming frame without a valid Content-Length\n");
      buffer_.erase(0, pos);
      continue;
    }
    if (*length > kMaxIncomingBody) {
      WriteStderr("fault-server: incoming Content-Length too large\n");
      _exit(1);
    }
    if (buffer_.size() - pos < *length) return std::nullopt;
    std::string body = buffer_.substr(pos, *length);
    buffer_.erase(0, pos + *length);
    return body;
  }
}

void FrameReader::ParseHeaderLine(std::string_view line, std::optional<size_t>* length) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  if (!EqualsIgnoreCase(Trim(line.substr(0, colon)), "content-length")) return;
  std::string_view value = Trim(line.substr(colon + 1));
  size_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec == std::errc() && end == value.data() + value.size()) *length = n;
}

// ---------------------------------------------------------------------------
// Outgoing message bodies.

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out.append(part);
  return out;
}

std::string ResultResponse(std::string_view id, std::string_view result) {
  return Cat({"{\"jsonrpc\":\"2.0\",\"id\":", id, ",\"result\":", result, "}"});
}

// `message` must already be valid JSON string contents (escaped).
std::string ErrorResponse(std::string_view id, int code, std::string_view message) {
  return Cat({"{\"jsonrpc\":\"2.0\",\"id\":", id, ",\"error\":{\"code\":", std::to_string(code), ",\"message\":\"",
              message, "\"}}"});
}

std::string Notification(std::string_view method, std::string_view params) {
  return Cat({"{\"jsonrpc\":\"2.0\",\"method\":\"", method, "\",\"params\":", params, "}"});
}

std::string Request(int id, std::string_view method, std::string_view params) {
  return Cat({"{\"jsonrpc\":\"2.0\",\"id\":", std::to_string(id), ",\"method\":\"", method, "\",\"params\":", params,
              "}"});
}

std::string InitializeResult(std::string_view name, std::string_view version) {
  return Cat({"{\"capabilities\":{\"textDocumentSync\":1,\"hoverProvider\":true},\"serverInfo\":{\"name\":\"", name,
              "\",\"version\":\"", version, "\"}}"});
}

// A numeric id becomes a JSON string with the same digits.
std::string QuoteNumericId(const std::string& id) {
  if (!id.empty() && id.front() == '"') return id;
  return "\"" + id + "\"";
}

// A numeric id becomes id + 1; a string id gets a suffix. Either way the
// client never sent it.
std::string WrongId(const std::string& id) {
  if (std::optional<long long> n = ParseInteger(id)) return std::to_string(*n + 1);
  if (id.size() >= 2 && id.front() == '"') return id.substr(0, id.size() - 1) + "-wrong\"";
  return "999999";
}

size_t CountCodePoints(std::string_view utf8) {
  size_t count = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace godiag_fault

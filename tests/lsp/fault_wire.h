// fault_wire: fd writes, a tiny JSON scanner, frame reading and message builders for fault_server.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace godiag_fault {

// Writes all of `data` to `fd`, retrying partial writes and EINTR; async-signal-safe.
bool WriteAll(int fd, std::string_view data);

// Writes `data` to stdout, exiting 1 if the client has gone away.
void WriteStdout(std::string_view data);

// Writes `data` to stderr, ignoring failures.
void WriteStderr(std::string_view data);

// Returns the raw JSON text of member `key` of `object`, or empty if absent or not an object.
std::string_view FindMember(std::string_view object, std::string_view key);

// One incoming message with the members the server dispatches on.
struct Message {
  std::string id;      // Raw JSON token ("7", "\"a\""), empty if absent.
  std::string method;  // Contents of the method string, empty if absent.
  std::string body;
};

// Extracts id and method from a message body (which it keeps).
Message ParseMessage(std::string body);

// Parses a whole token as a decimal integer, or nullopt.
std::optional<long long> ParseInteger(std::string_view token);

// Reads `Content-Length` frames from an fd; lenient about LF-only line ends and header case.
class FrameReader {
 public:
  explicit FrameReader(int fd) : fd_(fd) {}

  // Returns the next message body, or nullopt at end of input.
  std::optional<std::string> Next();

 private:
  bool Fill();
  // Removes and returns one complete frame's body from the buffer, or returns
  // nullopt if the buffer does not hold a complete frame yet.
  std::optional<std::string> TakeFrame();
  static void ParseHeaderLine(std::string_view line, std::optional<size_t>* length);

  int fd_;
  std::string buffer_;
};

// Concatenates `parts`.
std::string Cat(std::initializer_list<std::string_view> parts);

// A JSON-RPC success response with raw JSON `id` and `result`.
std::string ResultResponse(std::string_view id, std::string_view result);

// A JSON-RPC error response; `message` must already be escaped JSON string contents.
std::string ErrorResponse(std::string_view id, int code, std::string_view message);

// A JSON-RPC notification with raw JSON `params`.
std::string Notification(std::string_view method, std::string_view params);

// A JSON-RPC request with a numeric id and raw JSON `params`.
std::string Request(int id, std::string_view method, std::string_view params);

// The `initialize` result with the given serverInfo name and version (unescaped).
std::string InitializeResult(std::string_view name, std::string_view version);

// A numeric id becomes a JSON string with the same digits; a string id is kept.
std::string QuoteNumericId(const std::string& id);

// A numeric id becomes id + 1, a string id gets a suffix: either way one the client never sent.
std::string WrongId(const std::string& id);

// Counts the UTF-8 code points of `utf8` (bytes that are not continuation bytes).
size_t CountCodePoints(std::string_view utf8);

}  // namespace godiag_fault

// DAP messages (Debug Adapter Protocol base protocol, facts/dap.md §1.2): seq, type,
// request/response/event, parsed from one frame's body and built for sending. The frame
// itself is the shared Content-Length codec (lsp/framing.h); this is not JSON-RPC. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace godiag::dap {

enum class Kind { kRequest, kResponse, kEvent, kInvalid };
const char* KindName(Kind k);

struct Message {
  Kind kind = Kind::kInvalid;
  int64_t seq = -1;          ///< -1 when missing or not an integer
  int64_t request_seq = -1;  ///< responses
  std::string command;       ///< requests and responses
  std::string event;         ///< events
  bool success = false;      ///< responses
  std::string message;       ///< responses: short error text
  std::string body;          ///< `body` (responses, events) or `arguments` (requests), JSON; "" = absent
  std::string problem;       ///< why kind is kInvalid, or a schema defect of a valid message ("" = none)
};

/// Parses one frame body. Never throws; a body that is not a DAP message is kInvalid with
/// `problem` saying why ("not JSON: …", "no \"type\"", "\"seq\" is not an integer", …).
Message ParseMessage(std::string_view body);

/// A request body: {"seq":N,"type":"request","command":C[,"arguments":A]}. `arguments_json`
/// must be JSON or "" (none).
std::string RequestJson(int64_t seq, std::string_view command, std::string_view arguments_json);

/// Exactly what Delve accepts: "Content-Length: N\r\n\r\n" + body (facts/dap.md §1.1).
std::string Frame(std::string_view body);

/// Error details of a failed response: body.error.id, body.error.format (placeholders
/// {name} filled from body.error.variables), body.error.showUser.
struct ErrorDetail {
  int64_t id = 0;
  std::string format;
  bool show_user = true;
};
ErrorDetail ParseErrorDetail(std::string_view body_json);

/// The keys of a capabilities object whose value is true, sorted.
std::vector<std::string> TrueKeys(std::string_view object_json);

}  // namespace godiag::dap

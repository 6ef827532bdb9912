// JSON-RPC 2.0 as LSP uses it: one frame body -> a request, response, notification or an
// invalid message, with ids kept exactly as sent (a string "0" is not the number 0) and
// every deviation from JSON-RPC / LSP recorded. Pure; parsing with simdjson.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godiag::lsp {

/// A JSON-RPC id exactly as on the wire.
struct Id {
  enum class Kind : uint8_t { kNone, kNull, kInteger, kString, kOther };
  Kind kind = Kind::kNone;
  int64_t integer = 0;
  std::string text;  ///< the string, or the raw JSON for kOther
  bool operator==(const Id& o) const {
    return kind == o.kind && integer == o.integer && text == o.text;
  }
  /// 7, "7" (quoted), null, or the raw JSON.
  std::string ToString() const;
  /// The id's value without type: 7 and "7" give the same key.
  std::string LooseKey() const;
  static Id Integer(int64_t v) { return Id{Kind::kInteger, v, ""}; }
  static Id String(std::string s) { return Id{Kind::kString, 0, std::move(s)}; }
};

enum class MessageKind : uint8_t { kRequest, kNotification, kResponse, kInvalid };
const char* MessageKindName(MessageKind k);

enum class RpcDefect : uint8_t {
  kJsonInvalid,       ///< not JSON at all
  kBatch,             ///< a JSON array (LSP does not allow batches)
  kNotObject,         ///< JSON, but not an object
  kVersionMissing,    ///< no "jsonrpc" member
  kVersionWrong,      ///< "jsonrpc" is not "2.0"
  kIdNull,            ///< a request with "id": null
  kIdBadType,         ///< id is a float, bool, object or array
  kParamsNotStructured,
  kResultAndError,    ///< both result and error
  kNeitherResultNorError,
  kErrorMalformed,    ///< error is not {code:int, message:string}
  kNoMethodNoId,
};
const char* RpcDefectId(RpcDefect d);

struct RpcIssue {
  RpcDefect defect{};
  std::string detail;
};

struct Message {
  MessageKind kind = MessageKind::kInvalid;
  std::string method;
  Id id;
  bool has_params = false;
  bool has_result = false;
  bool has_error = false;
  int64_t error_code = 0;
  std::string error_message;
  std::string result_json;  ///< raw result (only when ParseOptions::keep_result)
  std::string params_json;  ///< raw params (only when ParseOptions::keep_params)
  std::string cancel_id;    ///< $/cancelRequest: the cancelled id's loose key (Id::LooseKey)
  std::vector<RpcIssue> issues;
};

struct ParseOptions {
  bool keep_result = false;
  bool keep_params = false;
};

/// Parses frame bodies; reuses its buffers across calls (not thread-safe).
class MessageParser {
 public:
  MessageParser();
  ~MessageParser();
  MessageParser(const MessageParser&) = delete;
  MessageParser& operator=(const MessageParser&) = delete;
  /// `readable_after`: bytes that may be read past the body's end; with simdjson's padding
  /// (64) there, the body is parsed where it is, else copied first.
  Message Parse(std::string_view body, const ParseOptions& options = {}, size_t readable_after = 0);
  /// Parses `body` ahead of its Parse, which then reuses the result if it comes next with the
  /// same bytes. True when the body is one valid JSON object or array.
  bool Load(std::string_view body, size_t readable_after = 0);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// "ParseError", "RequestCancelled", … ("" for codes without a name).
const char* ErrorCodeName(int64_t code);

/// Where and why the JSON is invalid, e.g. "syntax error at byte 34: …" (slow; errors only).
std::string DescribeJsonError(std::string_view body);

}  // namespace godiag::lsp

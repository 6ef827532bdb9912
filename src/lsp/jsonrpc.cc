#include "lsp/jsonrpc.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "lsp/json_large.h"

namespace godiag::lsp {

namespace dom = simdjson::dom;

std::string Id::ToString() const {
  switch (kind) {
    case Kind::kNone: return "(none)";
    case Kind::kNull: return "null";
    case Kind::kInteger: return std::to_string(integer);
    case Kind::kString: return "\"" + text + "\"";
    case Kind::kOther: return text;
  }
  return "?";
}

std::string Id::LooseKey() const {
  if (kind == Kind::kInteger) return std::to_string(integer);
  return text;
}

const char* MessageKindName(MessageKind k) {
  switch (k) {
    case MessageKind::kRequest: return "request";
    case MessageKind::kNotification: return "notification";
    case MessageKind::kResponse: return "response";
    case MessageKind::kInvalid: return "invalid";
  }
  return "?";
}

const char* RpcDefectId(RpcDefect d) {
  switch (d) {
    case RpcDefect::kJsonInvalid: return "lsp.json.invalid";
    case RpcDefect::kBatch: return "lsp.jsonrpc.batch";
    case RpcDefect::kNotObject: return "lsp.jsonrpc.not-object";
    case RpcDefect::kVersionMissing: return "lsp.jsonrpc.version-missing";
    case RpcDefect::kVersionWrong: return "lsp.jsonrpc.version-wrong";
    case RpcDefect::kIdNull: return "lsp.jsonrpc.id-null";
    case RpcDefect::kIdBadType: return "lsp.jsonrpc.id-type";
    case RpcDefect::kParamsNotStructured: return "lsp.jsonrpc.params-not-structured";
    case RpcDefect::kResultAndError: return "lsp.jsonrpc.result-and-error";
    case RpcDefect::kNeitherResultNorError: return "lsp.jsonrpc.no-result";
    case RpcDefect::kErrorMalformed: return "lsp.jsonrpc.error-malformed";
    case RpcDefect::kNoMethodNoId: return "lsp.jsonrpc.no-method-no-id";
  }
  return "lsp.jsonrpc.unknown";
}

const char* ErrorCodeName(int64_t code) {
  switch (code) {
    case -32700: return "ParseError";
    case -32600: return "InvalidRequest";
    case -32601: return "MethodNotFound";
    case -32602: return "InvalidParams";
    case -32603: return "InternalError";
    case -32002: return "ServerNotInitialized";
    case -32001: return "UnknownErrorCode";
    case -32000: return "ServerError";
    case -32803: return "RequestFailed";
    case -32802: return "ServerCancelled";
    case -32801: return "ContentModified";
    case -32800: return "RequestCancelled";
    case -32099: return "MessageWriteError";
    case -32098: return "MessageReadError";
    case -32097: return "PendingResponseRejected";
    case -32096: return "ConnectionInactive";
    case 0: return "code 0 (gopls: a plain Go error)";
    default: return "";
  }
}

std::string DescribeJsonError(std::string_view body) {
  try {
    auto parsed = nlohmann::json::parse(body.begin(), body.end());
    (void)parsed;
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    size_t colon = what.find("syntax error");
    return fmt::format("at body byte {}: {}", e.byte > 0 ? e.byte - 1 : 0, colon == std::string::npos ? what : what.substr(colon));
  } catch (const std::exception& e) {
    return e.what();
  }
  return "the JSON parser rejected it";
}

struct MessageParser::Impl {
  dom::parser parser;
  LargeObjectScanner large;
  // What Load parsed, for the Parse that follows.
  const char* loaded = nullptr;
  size_t loaded_size = 0;
  Message loaded_message;

  simdjson::error_code Run(std::string_view body, size_t readable_after, dom::element& root) {
    bool padded = readable_after >= simdjson::SIMDJSON_PADDING;
    return parser.parse(body.data(), body.size(), !padded).get(root);
  }
};

MessageParser::MessageParser() : impl_(std::make_unique<Impl>()) {}
MessageParser::~MessageParser() = default;

namespace {

void Add(Message& m, RpcDefect d, std::string detail) { m.issues.push_back({d, std::move(detail)}); }

Id ReadId(dom::element e) {
  switch (e.type()) {
    case dom::element_type::INT64: return Id::Integer(int64_t(e));
    case dom::element_type::STRING: return Id::String(std::string(std::string_view(e)));
    case dom::element_type::NULL_VALUE: return Id{Id::Kind::kNull, 0, ""};
    default: return Id{Id::Kind::kOther, 0, simdjson::minify(e)};
  }
}

void ReadError(dom::element e, Message& m) {
  m.has_error = true;
  dom::object obj;
  if (e.get(obj) != simdjson::SUCCESS) {
    Add(m, RpcDefect::kErrorMalformed, "\"error\" is not an object: " + simdjson::minify(e));
    return;
  }
  int64_t code = 0;
  std::string_view message;
  bool code_ok = obj["code"].get(code) == simdjson::SUCCESS;
  bool message_ok = obj["message"].get(message) == simdjson::SUCCESS;
  if (code_ok) m.error_code = code;
  if (message_ok) m.error_message = std::string(message);
  if (!code_ok || !message_ok) {
    Add(m, RpcDefect::kErrorMalformed,
        "\"error\" needs an integer \"code\" and a string \"message\": " + simdjson::minify(e));
  }
}

void Classify(Message& m, bool has_method) {
  bool has_id = m.id.kind != Id::Kind::kNone;
  if (has_method) {
    if (m.id.kind == Id::Kind::kNull) {
      Add(m, RpcDefect::kIdNull, "request \"" + m.method + "\" has \"id\": null (gopls treats it as "
                                 "a notification, VS Code drops it)");
      m.kind = MessageKind::kRequest;
    } else {
      m.kind = has_id ? MessageKind::kRequest : MessageKind::kNotification;
    }
  } else if (has_id || m.has_result || m.has_error) {
    m.kind = MessageKind::kResponse;
    if (m.has_result && m.has_error) Add(m, RpcDefect::kResultAndError, "a response with both \"result\" and \"error\"");
    if (!m.has_result && !m.has_error) Add(m, RpcDefect::kNeitherResultNorError, "a response with neither \"result\" nor \"error\" (use \"result\": null)");
  } else {
    m.kind = MessageKind::kInvalid;
    Add(m, RpcDefect::kNoMethodNoId, "an object with neither \"method\" nor \"id\"");
  }
  if (m.id.kind == Id::Kind::kOther) {
    Add(m, RpcDefect::kIdBadType, "id " + m.id.text + " is not an integer or a string");
  }
}

}  // namespace

// Invalid UTF-8 replaced by U+FFFD, as VS Code's decoder and Go's encoding/json do.
std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 && c >= 0xC2 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E && c <= 0xF4 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n > 1 && simdjson::validate_utf8(s.data() + i, n)) {
      out.append(s.substr(i, n));
      i += n;
    } else if (ok && n == 1) {
      out += s[i++];
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

namespace {

// Bodies this large skip the DOM when LargeObjectScanner can vouch for them: most of a large
// message is a value JSON-RPC does not read (a text, completion items, semantic tokens).
constexpr size_t kLargeBody = 16 << 10;

// The message from a root object's members; nullopt where only the DOM parser can tell
// (an error member, escapes, a wrong version, unstructured params, $/cancelRequest).
std::optional<Message> FromMembers(const RootMembers& r) {
  if (r.error) return std::nullopt;
  Message m;
  bool has_version = false;
  bool has_method = false;
  if (r.jsonrpc) {
    if (r.jsonrpc->type != '"' || r.jsonrpc->escaped || r.jsonrpc->raw != "2.0") return std::nullopt;
    has_version = true;
  }
  if (r.method) {
    if (r.method->type != '"' || r.method->escaped) return std::nullopt;
    m.method = std::string(r.method->raw);
    has_method = true;
  }
  if (r.id) {
    if (r.id->type == '0' && r.id->raw[0] != '-') {
      m.id = Id::Integer(std::strtoll(std::string(r.id->raw).c_str(), nullptr, 10));
    } else if (r.id->type == '"' && !r.id->escaped) {
      m.id = Id::String(std::string(r.id->raw));
    } else {
      return std::nullopt;
    }
  }
  if (r.params) {
    if (r.params->type != '{' && r.params->type != '[') return std::nullopt;
    m.has_params = true;
  }
  m.has_result = r.result.has_value();
  if (m.method == "$/cancelRequest") return std::nullopt;
  if (!has_version) {
    Add(m, RpcDefect::kVersionMissing, "no \"jsonrpc\": \"2.0\" member (clangd stops reading; pygls drops it)");
  }
  Classify(m, has_method);
  return m;
}

// A parsed root as a message.
Message FromRoot(dom::element root, const ParseOptions& options) {
  Message m;
  if (root.type() == dom::element_type::ARRAY) {
    m.kind = MessageKind::kInvalid;
    Add(m, RpcDefect::kBatch, "a JSON array (batch); LSP does not allow batches");
    return m;
  }
  dom::object obj;
  if (root.get(obj) != simdjson::SUCCESS) {
    m.kind = MessageKind::kInvalid;
    Add(m, RpcDefect::kNotObject, "a JSON " + std::string(root.is_string() ? "string" : "scalar") + ", not an object");
    return m;
  }
  bool has_method = false;
  bool has_version = false;
  dom::element params;
  for (auto field : obj) {
    std::string_view key = field.key;
    if (key == "jsonrpc") {
      has_version = true;
      std::string_view v;
      if (field.value.get(v) != simdjson::SUCCESS || v != "2.0") {
        Add(m, RpcDefect::kVersionWrong, "\"jsonrpc\" is " + simdjson::minify(field.value) + ", not \"2.0\"");
      }
    } else if (key == "method") {
      std::string_view v;
      if (field.value.get(v) == simdjson::SUCCESS) {
        m.method = std::string(v);
        has_method = true;
      }
    } else if (key == "id") {
      m.id = ReadId(field.value);
    } else if (key == "params") {
      m.has_params = true;
      params = field.value;
      auto t = field.value.type();
      if (t != dom::element_type::OBJECT && t != dom::element_type::ARRAY) {
        Add(m, RpcDefect::kParamsNotStructured, "\"params\" is " + simdjson::minify(field.value) + ", not an object or array");
      }
      if (options.keep_params) m.params_json = simdjson::minify(field.value);
    } else if (key == "result") {
      m.has_result = true;
      if (options.keep_result) m.result_json = simdjson::minify(field.value);
    } else if (key == "error") {
      ReadError(field.value, m);
    }
  }
  if (!has_version) {
    Add(m, RpcDefect::kVersionMissing, "no \"jsonrpc\": \"2.0\" member (clangd stops reading; pygls drops it)");
  }
  Classify(m, has_method);
  dom::element cancelled;
  if (m.method == "$/cancelRequest" && m.has_params && params["id"].get(cancelled) == simdjson::SUCCESS) {
    m.cancel_id = ReadId(cancelled).LooseKey();
  }
  return m;
}

}  // namespace

bool MessageParser::Load(std::string_view body, size_t readable_after) {
  Impl& im = *impl_;
  im.loaded = nullptr;
  if (body.size() >= kLargeBody) {
    if (auto members = im.large.Scan(body, readable_after)) {
      if (auto m = FromMembers(*members)) {
        im.loaded_message = std::move(*m);
        im.loaded = body.data();
        im.loaded_size = body.size();
        return true;
      }
    }
  }
  dom::element root;
  if (im.Run(body, readable_after, root) != simdjson::SUCCESS) return false;
  auto t = root.type();
  if (t != dom::element_type::OBJECT && t != dom::element_type::ARRAY) return false;
  im.loaded_message = FromRoot(root, {});
  im.loaded = body.data();
  im.loaded_size = body.size();
  return true;
}

Message MessageParser::Parse(std::string_view body, const ParseOptions& options, size_t readable_after) {
  Impl& im = *impl_;
  bool plain = !options.keep_result && !options.keep_params;
  if (im.loaded == body.data() && im.loaded_size == body.size() && plain) {
    im.loaded = nullptr;
    return std::move(im.loaded_message);
  }
  im.loaded = nullptr;
  if (plain && body.size() >= kLargeBody) {
    if (auto members = im.large.Scan(body, readable_after)) {
      if (auto m = FromMembers(*members)) return std::move(*m);
    }
  }
  dom::element root;
  simdjson::error_code error = im.Run(body, readable_after, root);
  std::string repaired;
  if (error == simdjson::UTF8_ERROR) {  // the framing layer reports the bytes; read on like real peers
    repaired = ReplaceInvalidUtf8(body);
    error = im.parser.parse(repaired.data(), repaired.size(), true).get(root);
  }
  if (error) {
    Message m;
    m.kind = MessageKind::kInvalid;
    Add(m, RpcDefect::kJsonInvalid, DescribeJsonError(body));
    return m;
  }
  return FromRoot(root, options);
}

}  // namespace godiag::lsp

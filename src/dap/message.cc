#include "dap/message.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace godiag::dap {

using nlohmann::json;

namespace {

int64_t IntegerOr(const json& j, const char* key, int64_t fallback) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return fallback;
  return it->get<int64_t>();
}

std::string StringOr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

Kind KindOf(const std::string& type) {
  if (type == "request") return Kind::kRequest;
  if (type == "response") return Kind::kResponse;
  if (type == "event") return Kind::kEvent;
  return Kind::kInvalid;
}

// The schema checks a valid-looking message still fails (first one wins).
std::string SchemaProblem(const json& j, const Message& m) {
  if (!j.contains("seq")) return "no \"seq\"";
  if (m.seq < 0) return "\"seq\" is not a non-negative integer";
  if (m.kind == Kind::kRequest && m.command.empty()) return "a request without \"command\"";
  if (m.kind == Kind::kEvent && m.event.empty()) return "an event without \"event\"";
  if (m.kind == Kind::kResponse) {
    if (m.request_seq < 0) return "a response without an integer \"request_seq\"";
    if (!j.contains("success") || !j["success"].is_boolean()) return "a response without a boolean \"success\"";
    if (m.command.empty()) return "a response without \"command\"";
  }
  return "";
}

}  // namespace

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kRequest: return "request";
    case Kind::kResponse: return "response";
    case Kind::kEvent: return "event";
    case Kind::kInvalid: return "invalid";
  }
  return "invalid";
}

Message ParseMessage(std::string_view body) {
  Message m;
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    m.problem = "not JSON";
    return m;
  }
  if (!j.is_object()) {
    m.problem = "not a JSON object";
    return m;
  }
  std::string type = StringOr(j, "type");
  if (type.empty()) {
    m.problem = j.contains("jsonrpc") ? "a JSON-RPC message, not DAP (no \"type\")" : "no \"type\"";
    return m;
  }
  m.kind = KindOf(type);
  if (m.kind == Kind::kInvalid) {
    m.problem = "unknown \"type\": \"" + type + "\"";
    return m;
  }
  m.seq = IntegerOr(j, "seq", -1);
  m.request_seq = IntegerOr(j, "request_seq", -1);
  m.command = StringOr(j, "command");
  m.event = StringOr(j, "event");
  m.success = j.value("success", false) == true;
  m.message = StringOr(j, "message");
  const char* body_key = m.kind == Kind::kRequest ? "arguments" : "body";
  if (j.contains(body_key)) m.body = j[body_key].dump();
  m.problem = SchemaProblem(j, m);
  return m;
}

std::string RequestJson(int64_t seq, std::string_view command, std::string_view arguments_json) {
  std::string out = "{\"seq\":" + std::to_string(seq) + ",\"type\":\"request\",\"command\":" + json(command).dump();
  if (!arguments_json.empty()) out += ",\"arguments\":" + std::string(arguments_json);
  return out + "}";
}

std::string Frame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

ErrorDetail ParseErrorDetail(std::string_view body_json) {
  ErrorDetail d;
  json j = json::parse(body_json.empty() ? std::string_view("null") : body_json, nullptr, false);
  if (!j.is_object() || !j.contains("error") || !j["error"].is_object()) return d;
  const json& e = j["error"];
  d.id = IntegerOr(e, "id", 0);
  d.format = StringOr(e, "format");
  d.show_user = e.value("showUser", true) == true;
  if (e.contains("variables") && e["variables"].is_object()) {
    for (const auto& [name, value] : e["variables"].items()) {
      std::string hole = "{" + name + "}";
      std::string text = value.is_string() ? value.get<std::string>() : value.dump();
      for (size_t at = d.format.find(hole); at != std::string::npos; at = d.format.find(hole, at + text.size())) {
        d.format.replace(at, hole.size(), text);
      }
    }
  }
  return d;
}

std::vector<std::string> TrueKeys(std::string_view object_json) {
  std::vector<std::string> keys;
  json j = json::parse(object_json.empty() ? std::string_view("null") : object_json, nullptr, false);
  if (!j.is_object()) return keys;
  for (const auto& [key, value] : j.items()) {
    if (value.is_boolean() && value.get<bool>()) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace godiag::dap

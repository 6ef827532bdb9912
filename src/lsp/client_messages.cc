#include "lsp/client_messages.h"

#include <nlohmann/json.hpp>

namespace godiag::lsp {

using nlohmann::json;

namespace {

json ParseOr(std::string_view text, json fallback) {
  auto j = json::parse(text.begin(), text.end(), nullptr, false);
  return j.is_discarded() ? fallback : j;
}

std::string BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string IdJson(const Id& id) {
  switch (id.kind) {
    case Id::Kind::kInteger: return std::to_string(id.integer);
    case Id::Kind::kString: return json(id.text).dump(-1, ' ', false, json::error_handler_t::replace);
    case Id::Kind::kOther: return id.text;
    default: return "null";
  }
}

// The capabilities VS Code's client announces that change what servers do.
json ClientCapabilities() {
  return json{
      {"workspace",
       {{"configuration", true},
        {"workspaceFolders", true},
        {"didChangeConfiguration", {{"dynamicRegistration", true}}},
        {"didChangeWatchedFiles", {{"dynamicRegistration", true}, {"relativePatternSupport", true}}},
        {"applyEdit", true},
        {"workspaceEdit", {{"documentChanges", true}}},
        {"codeLens", {{"refreshSupport", true}}},
        {"semanticTokens", {{"refreshSupport", true}}},
        {"inlayHint", {{"refreshSupport", true}}},
        {"diagnostics", {{"refreshSupport", true}}}}},
      {"textDocument",
       {{"synchronization", {{"dynamicRegistration", true}, {"didSave", true}}},
        {"publishDiagnostics", {{"relatedInformation", true}, {"versionSupport", false}}},
        {"hover", {{"contentFormat", {"markdown", "plaintext"}}}},
        {"completion", {{"completionItem", {{"snippetSupport", true}}}}}}},
      {"window",
       {{"workDoneProgress", true},
        {"showMessage", {{"messageActionItem", {{"additionalPropertiesSupport", true}}}}},
        {"showDocument", {{"support", true}}}}},
      {"general", {{"positionEncodings", {"utf-16"}}}},
  };
}

json WorkspaceFolders(const ClientIdentity& client) {
  json folders = json::array();
  if (client.folders.empty()) folders.push_back({{"uri", FileUri(client.root_path)}, {"name", BaseName(client.root_path)}});
  for (const auto& f : client.folders) folders.push_back({{"uri", FileUri(f)}, {"name", BaseName(f)}});
  return folders;
}

}  // namespace

std::string FrameMessage(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

namespace {

// JSON-RPC params must be structured: "null" or "" means no params member at all.
std::string ParamsMember(std::string_view params_json) {
  if (params_json.empty() || params_json == "null") return "";
  return ",\"params\":" + std::string(params_json);
}

}  // namespace

std::string RequestJson(int64_t id, std::string_view method, std::string_view params_json) {
  return "{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string(id) + ",\"method\":" + json(std::string(method)).dump() +
         ParamsMember(params_json) + "}";
}

std::string NotificationJson(std::string_view method, std::string_view params_json) {
  return "{\"jsonrpc\":\"2.0\",\"method\":" + json(std::string(method)).dump() + ParamsMember(params_json) + "}";
}

std::string InitializeParams(const ClientIdentity& client) {
  json p{{"processId", client.process_id},
         {"clientInfo", {{"name", client.name}, {"version", client.version}}},
         {"locale", "en"},
         {"capabilities", ClientCapabilities()},
         {"initializationOptions", ParseOr(client.initialization_options, nullptr)},
         {"trace", "off"}};
  if (client.root_path.empty()) {
    p["rootUri"] = nullptr;
    p["workspaceFolders"] = nullptr;
  } else {
    p["rootPath"] = client.root_path;
    p["rootUri"] = FileUri(client.root_path);
    p["workspaceFolders"] = WorkspaceFolders(client);
  }
  return p.dump();
}

std::string AnswerServerRequest(const Message& request, const ClientIdentity& client) {
  std::string head = "{\"jsonrpc\":\"2.0\",\"id\":" + IdJson(request.id) + ",";
  const std::string& m = request.method;
  json result = nullptr;
  if (m == "workspace/configuration") {
    json params = ParseOr(request.params_json, json::object());
    result = json::array();
    if (params.contains("items") && params["items"].is_array()) {
      for (const auto& item : params["items"]) {
        std::string section = item.is_object() && item.contains("section") && item["section"].is_string()
                                  ? item["section"].get<std::string>() : "";
        auto it = client.configuration.find(section);
        result.push_back(it == client.configuration.end() ? json(nullptr) : ParseOr(it->second, nullptr));
      }
    }
  } else if (m == "workspace/workspaceFolders") {
    result = client.root_path.empty() ? json(nullptr) : WorkspaceFolders(client);
  } else if (m == "workspace/applyEdit") {
    result = {{"applied", false}, {"failureReason", "godiag does not edit files"}};
  } else if (m == "window/showDocument") {
    result = {{"success", false}};
  } else if (m == "client/registerCapability" || m == "client/unregisterCapability" ||
             m == "window/workDoneProgress/create" || m == "window/showMessageRequest" ||
             m.ends_with("/refresh")) {
    result = nullptr;
  } else {
    return head + "\"error\":{\"code\":-32601,\"message\":" + json("Unhandled method " + m).dump(-1, ' ', false, json::error_handler_t::replace) + "}}";
  }
  return head + "\"result\":" + result.dump() + "}";
}

std::string FileUri(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "file://";
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '/' || c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string PathFromUri(std::string_view uri) {
  if (!uri.starts_with("file://")) return "";
  uri.remove_prefix(7);
  if (size_t slash = uri.find('/'); slash != 0 && slash != std::string_view::npos) uri.remove_prefix(slash);  // file://host/p
  auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
  std::string out;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      out += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  // file:///c%3A/x → c:/x on Windows URIs
  if (out.size() > 2 && out[0] == '/' && out[2] == ':') out.erase(0, 1);
  return out;
}

std::string LanguageIdFor(std::string_view path) {
  static const std::map<std::string, std::string> kByExt = {
      {".go", "go"}, {".mod", "go.mod"}, {".work", "go.work"}, {".c", "c"}, {".h", "c"},
      {".cc", "cpp"}, {".cpp", "cpp"}, {".cxx", "cpp"}, {".hpp", "cpp"}, {".py", "python"},
      {".rs", "rust"}, {".ts", "typescript"}, {".js", "javascript"}, {".json", "json"},
      {".sh", "shellscript"}, {".lua", "lua"}, {".java", "java"}};
  std::string name = BaseName(path);
  if (name == "go.mod") return "go.mod";
  if (name == "go.work") return "go.work";
  size_t dot = name.find_last_of('.');
  if (dot == std::string::npos) return "plaintext";
  auto it = kByExt.find(name.substr(dot));
  return it == kByExt.end() ? "plaintext" : it->second;
}

std::string DidOpenParams(std::string_view path, std::string_view text) {
  json p{{"textDocument",
          {{"uri", FileUri(path)}, {"languageId", LanguageIdFor(path)}, {"version", 1},
           {"text", std::string(text)}}}};
  return p.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ShortServerVersion(const std::string& version) {
  if (version.empty() || version[0] != '{') return version;
  json info = json::parse(version, nullptr, false);
  if (!info.is_object() || !info.contains("Version") || !info["Version"].is_string()) return version;
  std::string out = info["Version"].get<std::string>();
  if (info.contains("GoVersion") && info["GoVersion"].is_string()) out += " (" + info["GoVersion"].get<std::string>() + ")";
  return out;
}

}  // namespace godiag::lsp

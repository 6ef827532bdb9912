// What an editor sends: the initialize request, notifications, and its answers to the
// requests a server sends (workspace/configuration, client/registerCapability, …), shaped
// like VS Code's. Pure text building.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lsp/jsonrpc.h"

namespace godiag::lsp {

/// "Content-Length: N\r\n\r\n" + body.
std::string FrameMessage(std::string_view body);

std::string RequestJson(int64_t id, std::string_view method, std::string_view params_json);
std::string NotificationJson(std::string_view method, std::string_view params_json);

struct ClientIdentity {
  std::string name = "godiag";
  std::string version;
  int64_t process_id = 0;
  std::string root_path;            ///< absolute folder ("" = no folder)
  std::vector<std::string> folders; ///< all workspace folders (a .code-workspace); empty = {root_path}
  std::string initialization_options = "null";  ///< JSON
  /// workspace/configuration answers: section -> JSON value (missing sections get null).
  std::map<std::string, std::string> configuration;
};

std::string InitializeParams(const ClientIdentity& client);

/// The response an editor would send to a server request (a full JSON-RPC message).
std::string AnswerServerRequest(const Message& request, const ClientIdentity& client);

/// file:// URI of an absolute path, percent-encoded like VS Code.
std::string FileUri(std::string_view path);

/// The path of a file:// URI, percent-decoded ("" for other schemes).
std::string PathFromUri(std::string_view uri);

/// LSP languageId for a file name ("go", "c", "cpp", … "plaintext").
std::string LanguageIdFor(std::string_view path);

std::string DidOpenParams(std::string_view path, std::string_view text);

/// gopls sends its build info as JSON inside serverInfo.version: "v0.23.0 (go1.26.8)".
/// Other versions are returned as they are.
std::string ShortServerVersion(const std::string& version);

}  // namespace godiag::lsp

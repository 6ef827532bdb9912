// How VS Code's Go extension finds go, gopls and dlv: vscode-go's
// getBinPathWithPreferredGopathGorootWithExplanation (utils/pathUtils.ts), for Linux,
// macOS and Windows path rules. Pure: the file system is the only input it reads.
#pragma once

#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "platform/file_system.h"

namespace godiag::collect {

enum class HostOs { kLinux, kDarwin, kWindows };

/// "windows" -> kWindows, "darwin" -> kDarwin, anything else -> kLinux.
HostOs HostOsFromName(const std::string& os);

/// Node's path.delimiter: ';' on Windows, ':' elsewhere.
char PathListSeparator(HostOs os);

/// Node's path.isAbsolute for the host's path rules.
bool IsAbsolutePath(HostOs os, const std::string& path);

/// Node's path.join: segments joined with the host's separator, repeated separators and "."
/// segments dropped ("" when every segment is empty).
std::string JoinPath(HostOs os, const std::vector<std::string>& segments);

/// A path list (PATH, GOPATH, GOBIN) split as vscode-go splits it: on the host's delimiter,
/// empty entries kept.
std::vector<std::string> SplitPathList(HostOs os, const std::string& list);

/// Everything the lookup reads from the extension host.
struct ToolLookup {
  std::string tool;                            ///< "go", "gopls", "dlv"
  HostOs os = HostOs::kLinux;
  std::string alternate;                       ///< go.alternateTools entry (substituted), or the chosen Go
  std::string alternate_source;                ///< where `alternate` came from, e.g. "go.alternateTools.gopls"
  /// (label, path list): go.toolsGopath, then the current GOPATH; none for go.
  std::vector<std::pair<std::string, std::string>> preferred_gopaths;
  std::string preferred_goroot;                ///< go.goroot for go ("" for other tools)
  std::string current_goroot;                  ///< the extension's GOROOT (from go env), else GOROOT
  std::string gobin;                           ///< the extension host's GOBIN
  std::string path;                            ///< the extension host's PATH
};

struct ToolFound {
  std::string path;                   ///< "" when not found
  std::string why;                    ///< alternateTool, gobin, gopath, goroot, path, default ("" = not found)
  std::string how;                    ///< in words: "GOPATH/bin /home/u/go/bin", "the Go extension's default path …"
  std::vector<std::string> searched;  ///< every place looked at, in order
};

/// Steps: an absolute, executable alternate tool; GOBIN; each preferred GOPATH's bin; the
/// preferred GOROOT's bin, else the current GOROOT's; PATH (/snap/bin/go is used as
/// /snap/go/current/bin/go); for go only, the default install paths. A relative alternate
/// tool is looked for under its own name through the same steps (why = alternateTool); an
/// absolute one that is not an executable file is ignored. On Windows every name gets
/// ".exe" appended, as the extension's correctBinname does. (The extension's in-memory
/// cache is not modelled: at activation it looks go up afresh.)
ToolFound FindToolLikeVscodeGo(const platform::FileSystem& fs, const ToolLookup& in);

}  // namespace godiag::collect

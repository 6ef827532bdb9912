// The go command's env files: the user file `go env -w` writes and $GOROOT/go.env.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/snapshot.h"
#include "platform/file_system.h"

namespace godiag::collect {

/// Lines of an env file as cmd/go's readEnvFile reads them: split on '\n', a line counts
/// only if it contains '=' and starts with 'A'-'Z'; the value is the raw text after the
/// first '=' (no trimming, no quotes). All entries in order, duplicates included.
std::vector<core::EnvFileEntry> ParseEnvFile(std::string_view text);

/// Where the user env file is, as cmd/go's EnvFile / os.UserConfigDir decide it.
/// Sets `disabled` for GOENV=off and `error` with go's text when it cannot be located.
core::EnvFile LocateUserEnvFile(const std::map<std::string, std::string>& env, const std::string& os);

/// Reads and parses `file.path` (a missing file is not an error: exists=false).
core::EnvFile CollectEnvFile(const platform::FileSystem& fs, core::EnvFile file);

/// The last entry for `key`, or nullptr.
const core::EnvFileEntry* FindEnvEntry(const core::EnvFile& file, const std::string& key);

}  // namespace godiag::collect

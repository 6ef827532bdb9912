// The go command's .netrc reader (cmd/go/internal/auth/netrc.go; facts §15.2).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godiag::codec {

struct NetrcEntry {
  std::string machine, login, password;
  int line = 0;  ///< 1-based line of the entry's "machine" token
};

/// Entries in file order, as the go command reads them: each line's white-space separated
/// tokens are taken in pairs (keyword, value) within that line, an odd last token is
/// dropped; "machine" starts a new entry; an entry is kept as soon as machine, login and
/// password are all set, and the next one starts empty; "macdef" skips the following lines
/// up to an empty one; "default" as a line's unpaired last token ends parsing. Several
/// entries for one machine: the go command uses the first.
std::vector<NetrcEntry> ParseNetrc(std::string_view data);


/// $NETRC when non-empty, else $HOME/.netrc (Linux); nullopt when HOME is empty or unset
/// (go then reads no .netrc).
std::optional<std::string> NetrcPath(const std::map<std::string, std::string>& env);

}  // namespace godiag::codec

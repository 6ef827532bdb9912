// Plain data for parsed Go settings (GOPROXY, GOSUMDB, pattern lists, GOVCS, GOFLAGS,
// GO111MODULE, GOTOOLCHAIN, go.mod/go.work). Parsed by codec/go_*; read by rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace godiag::core {

// ---- GOPROXY (go: modfetch/proxy.go proxyList) ----

enum class ProxyKind { kUrl, kDirect, kOff, kNoProxy };
/// What happens after this entry fails: `,` (or end) = only on not-found; `|` = on any error.
enum class Fallback { kOnNotFound, kOnAnyError };

struct ProxyEntry {
  ProxyKind kind = ProxyKind::kUrl;
  std::string raw;   ///< the entry text as written (trimmed), "" for the implicit noproxy
  std::string url;   ///< for kUrl: the URL as the go command uses it (https:// added if needed)
  bool scheme_added = false;
  Fallback fallback = Fallback::kOnNotFound;
};

struct ProxyList {
  std::string value;                 ///< GOPROXY as given
  std::vector<ProxyEntry> entries;   ///< in order, including an implicit leading kNoProxy
  std::vector<std::string> ignored;  ///< entries after direct/off, silently ignored by go
  std::optional<std::string> error;  ///< go's error text when the list is unusable
  std::optional<std::string> bad_entry;  ///< the entry that caused `error`, if any
};

// ---- Verifier keys and GOSUMDB (go: modfetch/sumdb.go dbDial; mod: sumdb/note) ----

struct VerifierKey {
  std::string name;
  uint32_t hash = 0;
  std::string public_key;  ///< 32 raw Ed25519 bytes
};

enum class SumDbKind { kOff, kDatabase, kInvalid };

struct SumDbConfig {
  std::string value;                 ///< GOSUMDB as given
  SumDbKind kind = SumDbKind::kInvalid;
  std::string name;                  ///< database name, e.g. "sum.golang.org"
  std::string key;                   ///< full verifier key text
  std::optional<std::string> url;    ///< explicit URL (second field), if any
  bool alias = false;                ///< value was the sum.golang.google.cn alias
  bool known_name = false;           ///< field 1 was a known name expanded to its key
  std::optional<std::string> error;  ///< go's exact error text, e.g. "invalid GOSUMDB: malformed verifier id"
};

// ---- Pattern lists (mod: module.MatchPrefixPatterns) ----

enum class PatternProblem {
  kNone,
  kLeadingOrTrailingSpace,  ///< never trimmed by go, so it can never match a real path
  kMalformedGlob,           ///< path.Match would return ErrBadPattern: silently never matches
  kEmpty,                   ///< empty entry (",,"), skipped
  kNotAModulePath,          ///< a URL, an scp-style git address, `...`, a port, an upper-case host: matches nothing
};

struct Pattern {
  std::string text;  ///< as written, between commas
  PatternProblem problem = PatternProblem::kNone;
  std::string why = {};         ///< kNotAModulePath: what makes it one ("a URL scheme", "Go's `...` wildcard", ...)
  std::string suggestion = {};  ///< kNotAModulePath: the pattern the user meant
};

struct PatternList {
  std::string value;
  std::vector<Pattern> patterns;
};

// ---- GOVCS (go: cmd/go/internal/vcs parseGOVCS) ----

struct GovcsRule {
  std::string pattern;             ///< "public", "private" or a path pattern
  std::vector<std::string> vcs;    ///< allowed VCS names ("all" allowed; "off" names none)
  bool builtin = false;            ///< the appended private:all / public:git|hg
};

struct GovcsConfig {
  std::string value;
  std::vector<GovcsRule> rules;      ///< user rules then built-ins
  std::optional<std::string> error;  ///< exact go text, e.g. "empty entry in GOVCS"
};

// ---- GOFLAGS (go: base/goflags.go) ----

struct GoFlag {
  std::string text;   ///< the field as split
  std::string name;   ///< without dashes, before '='
  std::optional<std::string> value;
};

struct GoFlags {
  std::string value;
  std::vector<GoFlag> flags;
  std::optional<std::string> error;  ///< exact go text, e.g. "go: parsing $GOFLAGS: non-flag \"x\""
  std::optional<std::string> mod;    ///< value of -mod if present
};

// ---- GO111MODULE ----

enum class ModuleMode { kOn, kAuto, kOff, kInvalid };

struct Go111Module {
  std::string value;
  ModuleMode mode = ModuleMode::kOn;
  std::optional<std::string> error;  ///< "go: unknown environment setting GO111MODULE=x"
};

// ---- GOTOOLCHAIN (go: toolchain/select.go) ----

enum class ToolchainMode {
  kEmpty,   ///< "" : no switching at all (go.env lost its line)
  kLocal,   ///< local: always the running toolchain
  kAuto,    ///< auto / <min>+auto / local+auto
  kPath,    ///< path / <min>+path / local+path
  kFixed,   ///< <name>: exactly that toolchain
  kInvalid,
};

struct GoToolchain {
  std::string value;
  ToolchainMode mode = ToolchainMode::kAuto;
  std::optional<std::string> minimum;  ///< e.g. "go1.22.0" for go1.22.0+auto; nullopt = running toolchain
  std::optional<std::string> error;    ///< exact go text, e.g. "invalid GOTOOLCHAIN \"asdf\""
};

// ---- go.mod / go.work ----

struct ModRequire {
  std::string path;
  std::string version;
  bool indirect = false;
  int line = 0;
};

struct GoModFile {
  std::string path;                     ///< file path on disk
  std::string module;                   ///< module path ("" for go.work)
  std::optional<std::string> go;        ///< go line value
  int go_line = 0;
  std::optional<std::string> toolchain; ///< toolchain line value
  int toolchain_line = 0;
  std::vector<ModRequire> requires_;    ///< require directives (go.mod)
  std::vector<std::string> uses;        ///< use directives (go.work), as written
  std::vector<std::string> errors;      ///< "path:line: message" in go's wording
};

}  // namespace godiag::core

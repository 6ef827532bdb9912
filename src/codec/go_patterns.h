// Go's path.Match and golang.org/x/mod's MatchPrefixPatterns, exactly, plus a pattern-list
// parser that classifies patterns the go command silently never matches.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/go_settings.h"

namespace godiag::codec {

/// Go's path.Match: `*`, `?`, `[...]` (with `^` negation, ranges, `\` escapes).
/// Sets *bad_pattern when Go would return ErrBadPattern (then the result is false).
bool PathMatch(std::string_view pattern, std::string_view name, bool* bad_pattern);

/// module.MatchPrefixPatterns: the first pattern (as written) that matches a prefix of
/// `target` with as many path elements as the pattern has, or nullopt.
std::optional<std::string> MatchPrefixPatterns(std::string_view globs, std::string_view target);

/// Splits on ',' only (no trimming, like the go command) and classifies each pattern.
core::PatternList ParsePatternList(std::string_view value);

}  // namespace godiag::codec

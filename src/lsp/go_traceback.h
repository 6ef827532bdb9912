// Reads Go runtime crash output: the panic message and top frames of a traceback, and the
// goroutine dump a Go program prints on SIGQUIT. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lsp_probe.h"

namespace godiag::lsp {

/// The last "panic: " or "fatal error: " in `text` with up to `max_frames` frames of the
/// goroutine that panicked, as "function (file:line)".
std::optional<core::GoPanic> ParseGoPanic(std::string_view text, size_t max_frames = 6);

/// The crash a Go program printed on a fatal signal without a panic ("SIGSEGV: segmentation
/// violation", "SIGABRT: abort", ...): that line and the first goroutine's top frames.
std::optional<core::GoPanic> ParseGoSignalDump(std::string_view text, size_t max_frames = 6);

/// Number of "goroutine N [state]:" headers.
int CountGoroutines(std::string_view text);

/// True when `text` looks like the SIGQUIT dump of a Go program.
bool IsGoroutineDump(std::string_view text);

/// Splits into lines (no terminators), keeping at most the last `max` lines.
std::vector<std::string> LastLines(std::string_view text, size_t max);

}  // namespace godiag::lsp

// Helpers shared by the dap.* rules: evidence from the probe, Delve texts found wherever
// they arrived, compiler locations in a Build Error. Pure.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/finding.h"
#include "core/snapshot.h"

namespace godiag::rules {

struct DelveText {
  std::string source;  ///< "launch error response", "output event (stderr)", "dlv stderr", "dlv stdout"
  std::string text;    ///< the whole line (or error text) that holds the marker
};

/// The first error response, output line, stderr or stdout line holding one of `markers`.
std::optional<DelveText> FindDelveText(const core::DapProbeResult& r, const std::vector<std::string>& markers);

std::string DapSubject(const core::DapProbeResult& r);
void AddServerEvidence(const core::DapProbeResult& r, core::Finding& f);
/// The last lines of dlv's stderr and stdout, and the output events of category stderr.
void AddStreams(const core::DapProbeResult& r, core::Finding& f, size_t lines = 8);
/// GOPROXY & co. of the editor's side and the launch env, and the routes of the modules.
void AddRouteEvidence(const core::Snapshot& s, core::Finding& f);

bool PhaseFailed(const core::DapProbeResult& r, const std::string& phase);
std::string FailedPhaseName(const core::DapProbeResult& r);
/// body.error.format, else the short message.
std::string ErrorText(const core::DapErrorResponse& e);

/// "file.go:L[:C]: message" lines of a Build Error, paths made absolute against `dir`:
/// {"/abs/file.go:L", "/abs/file.go:L:C: message"}.
std::vector<std::pair<std::string, std::string>> CompilerLocations(const std::string& build_error, const std::string& dir);
/// The go command line of "Build Error: <command>\n…".
std::string BuildCommandLine(const std::string& build_error);
std::string FirstLines(const std::string& text, size_t n);
std::string Trim(std::string s);

}  // namespace godiag::rules

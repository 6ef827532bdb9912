// Rules on the LSP handshake probe: wire defects in the server's output (each with how the
// real clients react), and the outcome: start failure, early exit or crash, hangs, error
// responses, workspace errors the server shows, a bad exit.
#include <fmt/format.h>

#include <algorithm>

#include "rules/all.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::LspProbeResult;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

std::string Argv(const LspProbeResult& r) {
  if (!r.connect.empty()) return r.connect;
  std::string s;
  for (const auto& a : r.argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

core::Evidence ServerEvidence(const LspProbeResult& r) {
  return {"lsp probe", r.connect.empty() ? "command" : "address", Argv(r), std::nullopt};
}

// "breaks VS Code (hangs waiting), Neovim (…); accepted by gopls, clangd".
std::string PeerSummary(const core::LspDefect& d) {
  std::string breaks, fine;
  for (const auto& p : d.reactions) {
    std::string& target = p.breaks ? breaks : fine;
    target += (target.empty() ? "" : ", ") + (p.breaks ? p.peer + " " + p.reaction : p.peer);
  }
  std::string s;
  if (!breaks.empty()) s += "Breaks: " + breaks + ".";
  if (!fine.empty()) s += std::string(s.empty() ? "" : " ") + "Tolerated by: " + fine + ".";
  return s;
}

bool BreaksAClient(const core::LspDefect& d) {
  return std::any_of(d.reactions.begin(), d.reactions.end(), [](const core::PeerReaction& p) {
    return p.breaks && (p.peer.rfind("VS Code", 0) == 0 || p.peer == "Neovim");
  });
}

// go.alternateTools / go.languageServerFlags decide what the editor starts: show them.
void AddEditorLaunchEvidence(const Snapshot& s, Finding& f) {
  auto alt = s.editor.alternate_tools.find("gopls");
  if (alt != s.editor.alternate_tools.end() && alt->second.value.is_string()) {
    f.evidence.push_back({"VS Code setting", "go.alternateTools.gopls", alt->second.value.get<std::string>(),
                          alt->second.where.file + ":" + std::to_string(alt->second.where.line)});
  }
  if (!s.editor.language_server_flags.empty()) {
    std::string flags;
    for (const auto& a : s.editor.language_server_flags) flags += (flags.empty() ? "" : " ") + a;
    f.evidence.push_back({"VS Code setting", "go.languageServerFlags", flags, std::nullopt});
  }
}

// One finding per defect with the rule's id in a checked trace.
// "<detail>. Seen N times; the first at <first>. Breaks: …".
std::string DefectMessage(const core::LspDefect& d, const std::string& first) {
  std::string msg = d.detail + ".";
  if (d.count > 1) msg += fmt::format(" Seen {} times; the first at {}.", d.count, first);
  if (d.after_exit) return msg + " No editor is affected.";
  std::string peers = PeerSummary(d);
  if (!peers.empty()) msg += " " + peers;
  return msg;
}

void CheckTrafficDefect(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& t : s.lsp_traffic) {
    for (const auto& d : t.defects) {
      if (d.id != rule.id) continue;
      Finding f = core::MakeFinding(rule, t.file + ": " + d.where, DefectMessage(d, d.where));
      if (d.after_exit) f.severity = Severity::kInfo;
      f.evidence.push_back({"lsp check", t.format, t.file, t.file + " " + d.where});
      f.fixes.push_back({rule.fix, std::nullopt});
      out.push_back(std::move(f));
    }
  }
}

// One finding per recorded defect with the rule's id.
void CheckDefect(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  CheckTrafficDefect(s, rule, out);
  if (!s.lsp) return;
  for (const auto& d : s.lsp->defects) {
    if (d.id != rule.id) continue;
    Finding f = core::MakeFinding(rule, fmt::format("server output byte {}", d.offset),
                                  DefectMessage(d, "byte " + std::to_string(d.offset)));
    if (!d.reactions.empty() && !BreaksAClient(d) && f.severity == Severity::kError) f.severity = Severity::kWarning;
    if (d.after_exit) f.severity = Severity::kInfo;
    f.evidence.push_back(ServerEvidence(*s.lsp));
    f.evidence.push_back({"server stdout", "byte offset", std::to_string(d.offset), std::nullopt});
    if (d.id == "lsp.framing.stdout-noise") AddEditorLaunchEvidence(s, f);  // often a wrapper script
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  }
}

void AddStderr(const LspProbeResult& r, Finding& f, size_t lines = 8) {
  size_t from = r.stderr_tail.size() > lines ? r.stderr_tail.size() - lines : 0;
  for (size_t i = from; i < r.stderr_tail.size(); ++i)
    f.evidence.push_back({"server stderr", "line", r.stderr_tail[i], std::nullopt});
}

void CheckStartFailed(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp || !s.lsp->start_error) return;
  Finding f = core::MakeFinding(rule, Argv(*s.lsp), "The language server could not be started: " + *s.lsp->start_error + ".");
  f.evidence.push_back(ServerEvidence(*s.lsp));
  AddEditorLaunchEvidence(s, f);
  if (s.editor_model.stopped) {
    f.fixes.push_back({"Fix what stops VS Code's Go extension (its go); `godiag doctor` shows the cause with its evidence",
                       std::string("godiag doctor --offline")});
  } else {
    f.fixes.push_back({"Install the server or fix the path the editor uses",
                       s.lsp->label.find("gopls") != std::string::npos
                           ? std::optional<std::string>("go install golang.org/x/tools/gopls@latest") : std::nullopt});
  }
  out.push_back(std::move(f));
}

std::string ExitText(const LspProbeResult& r) {
  if (r.exit_signal) return "was killed by signal " + std::to_string(*r.exit_signal);
  if (r.exit_code) return "exited with code " + std::to_string(*r.exit_code);
  return "closed the connection";
}

std::string FailedPhase(const LspProbeResult& r) {
  for (const auto& p : r.phases)
    if (p.status == core::PhaseStatus::kFailed || p.status == core::PhaseStatus::kTimeout) return p.name;
  return "the handshake";
}

// The stderr line that says why: an error-looking line near the start (usage text follows
// it), else the last non-empty line.
std::string TellingStderrLine(const LspProbeResult& r) {
  static const char* kMarks[] = {"flag provided but not defined", "error", "Error", "fatal", "cannot", "invalid",
                                 "not found", "failed"};
  for (const auto& line : r.stderr_head) {
    for (const char* m : kMarks)
      if (line.find(m) != std::string::npos) return line;
  }
  for (auto it = r.stderr_tail.rbegin(); it != r.stderr_tail.rend(); ++it) {
    if (it->find_first_not_of(" \t") != std::string::npos) return *it;
  }
  return "";
}

void CheckExited(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp || !s.lsp->exited_early || s.lsp->panic) return;
  const auto& r = *s.lsp;
  Finding f = core::MakeFinding(rule, Argv(r), fmt::format("The server {} during {}.", ExitText(r), FailedPhase(r)));
  std::string last = TellingStderrLine(r);
  if (!last.empty()) f.message += " It says on stderr: \"" + last + "\".";
  for (const auto& d : r.defects) {
    if (d.id.rfind("lsp.framing.", 0) == 0 && d.offset == 0) f.message += " Its first output was malformed (" + d.id + ").";
  }
  f.evidence.push_back(ServerEvidence(r));
  AddStderr(r, f);
  AddEditorLaunchEvidence(s, f);
  if (last.find("flag provided but not defined") != std::string::npos) {
    f.fixes.push_back({"Remove the unknown flag from go.languageServerFlags (see `gopls help serve`)", std::nullopt});
  } else {
    f.fixes.push_back({"Run the same command by hand and read its stderr; check the flags and the environment the "
                       "editor passes", Argv(r)});
  }
  out.push_back(std::move(f));
}

void CheckPanic(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp || !s.lsp->panic) return;
  const auto& r = *s.lsp;
  Finding f = core::MakeFinding(rule, Argv(r), fmt::format("The server crashed during {} ({}): {}", FailedPhase(r),
                                                           ExitText(r), r.panic->message));
  f.evidence.push_back(ServerEvidence(r));
  for (const auto& frame : r.panic->frames) f.evidence.push_back({"Go traceback", "frame", frame, std::nullopt});
  if (!r.server_version.empty()) f.evidence.push_back({"lsp probe", "serverInfo.version", r.server_version, std::nullopt});
  AddEditorLaunchEvidence(s, f);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void AddHangEvidence(const LspProbeResult& r, Finding& f) {
  f.evidence.push_back(ServerEvidence(r));
  if (!r.pending_frame.empty()) f.evidence.push_back({"server stdout", "unfinished frame", r.pending_frame, std::nullopt});
  if (r.goroutines > 0) {
    f.evidence.push_back({"SIGQUIT goroutine dump", "goroutines", std::to_string(r.goroutines), std::nullopt});
    size_t shown = 0;
    for (const auto& line : r.goroutine_dump) {
      if (line.empty() || ++shown > 12) continue;
      f.evidence.push_back({"SIGQUIT goroutine dump", "line", line, std::nullopt});
    }
  }
  for (const auto& d : r.defects) {
    if (d.id.rfind("lsp.framing.", 0) == 0 || d.id == "lsp.jsonrpc.id-type" || d.id == "lsp.jsonrpc.unknown-id")
      f.evidence.push_back({"lsp probe", d.id, d.detail, std::nullopt});
  }
}

void CheckHang(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, const std::string& phase) {
  if (!s.lsp || s.lsp->hung_in != phase) return;
  const auto& r = *s.lsp;
  std::string msg = "No " + phase + " response within the deadline";
  if (!r.pending_frame.empty()) msg += "; the server's output stopped inside " + r.pending_frame;
  std::string suspects;
  for (const auto& d : r.defects) {
    if (d.id.rfind("lsp.framing.", 0) == 0 || d.id.rfind("lsp.json", 0) == 0) suspects += (suspects.empty() ? "" : ", ") + d.id;
  }
  if (!suspects.empty()) msg += "; its output has defects that make clients drop or misread the answer (" + suspects + ")";
  msg += r.killed ? ". godiag killed the server" : "";
  msg += r.goroutines > 0 ? fmt::format(" after taking a goroutine dump ({} goroutines).", r.goroutines) : ".";
  Finding f = core::MakeFinding(rule, Argv(r), msg);
  AddHangEvidence(r, f);
  AddStderr(r, f, 4);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckInitTimeout(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) { CheckHang(s, rule, out, "initialize"); }
void CheckShutdownTimeout(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) { CheckHang(s, rule, out, "shutdown"); }

void CheckInitError(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp) return;
  for (const auto& e : s.lsp->error_responses) {
    if (e.method != "initialize") continue;
    Finding f = core::MakeFinding(rule, Argv(*s.lsp),
                                  fmt::format("initialize failed with error {} ({}): {}", e.code, e.code_name, e.message));
    f.evidence.push_back(ServerEvidence(*s.lsp));
    AddStderr(*s.lsp, f, 4);
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckErrorResponses(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp) return;
  for (const auto& e : s.lsp->error_responses) {
    if (e.method == "initialize") continue;
    Finding f = core::MakeFinding(rule, e.method,
                                  fmt::format("{} failed with error {} ({}): {}", e.method, e.code, e.code_name, e.message));
    f.evidence.push_back(ServerEvidence(*s.lsp));
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckShowMessage(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp) return;
  for (const auto& m : s.lsp->show_message_errors) {
    Finding f = core::MakeFinding(rule, s.lsp->open_file.empty() ? Argv(*s.lsp) : s.lsp->open_file,
                                  "The server shows the error: " + m);
    f.evidence.push_back(ServerEvidence(*s.lsp));
    f.fixes.push_back({rule.fix, "go list ./..."});
    out.push_back(std::move(f));
  }
}

// gopls reports a failed workspace load as a logMessage error and "go list" diagnostics.
void CheckLoadError(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp) return;
  const auto& r = *s.lsp;
  std::vector<std::string> evidence;
  std::string headline;
  for (const auto& d : r.error_diagnostics) {
    if (d.ends_with("(go list)")) {
      evidence.push_back(d);
      if (headline.empty()) headline = d;
    }
  }
  for (const auto& l : r.log_errors) {
    if (l.find("workspace load failed") != std::string::npos || l.find("packages.Load") != std::string::npos) {
      evidence.push_back(l);
      if (headline.empty()) headline = l;
    }
  }
  if (headline.empty()) return;
  Finding f = core::MakeFinding(rule, r.root_uri, "The server could not load the workspace: " + headline);
  f.evidence.push_back(ServerEvidence(r));
  for (const auto& e : evidence) f.evidence.push_back({"server messages", "error", e, std::nullopt});
  AddEditorLaunchEvidence(s, f);
  f.fixes.push_back({"Run the go command the way gopls does, in the workspace with the editor's environment, and "
                     "fix what it reports", "go list ./..."});
  out.push_back(std::move(f));
}

void CheckBadExit(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp) return;
  const auto& r = *s.lsp;
  bool shutdown_ok = std::any_of(r.phases.begin(), r.phases.end(), [](const core::LspPhase& p) {
    return p.name == "shutdown" && p.status == core::PhaseStatus::kOk;
  });
  if (!shutdown_ok) return;
  bool hung = r.hung_in == "exit";
  bool nonzero = (r.exit_code && *r.exit_code != 0) || r.exit_signal;
  if (!hung && !nonzero) return;
  std::string msg = hung ? "After shutdown and exit the server kept running; godiag had to kill it."
                         : "After shutdown and exit the server " + ExitText(r) + "; the spec asks for exit code 0.";
  Finding f = core::MakeFinding(rule, Argv(r), msg);
  f.evidence.push_back(ServerEvidence(r));
  AddStderr(r, f, 4);
  f.fixes.push_back({rule.fix, std::nullopt});
  out.push_back(std::move(f));
}

void CheckDidOpenTimeout(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.lsp) return;
  for (const auto& p : s.lsp->phases) {
    if (p.name != "didOpen" || p.status != core::PhaseStatus::kTimeout) continue;
    Finding f = core::MakeFinding(rule, s.lsp->open_file,
                                  "No diagnostics, progress end or error arrived for " + s.lsp->open_file +
                                      fmt::format(" within {:.0f} ms.", p.took_ms));
    f.evidence.push_back(ServerEvidence(*s.lsp));
    f.fixes.push_back({rule.fix, std::nullopt});
    out.push_back(std::move(f));
  }
}

// Wire defects: what/why/fix beside the id; the check is CheckDefect for all of them.
const core::RuleText kDefectRules[] = {
    {"lsp.framing.stdout-noise", Severity::kError, "the server writes non-LSP bytes on stdout",
     "Bytes outside any Content-Length frame: a log line, a banner or a wrapper script's echo on stdout.",
     "VS Code's client fails on the next header and loses the message; gopls exits 2 on it (\"invalid header line\").",
     "Write logs to stderr; make wrapper scripts silent on stdout (exec the server)."},
    {"lsp.framing.lf-only", Severity::kError, "header lines end in \\n instead of \\r\\n",
     "The header part uses bare LF line endings.",
     "gopls and clangd accept it, but VS Code's client and Neovim wait for \\r\\n\\r\\n forever: the editor hangs.",
     "End every header line with \\r\\n and the header part with an empty \\r\\n line."},
    {"lsp.framing.mixed-line-endings", Severity::kError, "header mixes \\r\\n and \\n line endings",
     "Some header lines end in CRLF and some in a bare LF.",
     "VS Code's client and Neovim look for the exact \\r\\n\\r\\n sequence and hang.",
     "Use \\r\\n everywhere in headers."},
    {"lsp.framing.header-malformed", Severity::kError, "a header line is malformed",
     "A header line without ':' or with a space before ':'.",
     "gopls exits (\"invalid header line\"); VS Code's client reports an error and desynchronises.",
     "Write headers as \"Name: value\\r\\n\"."},
    {"lsp.framing.header-no-space", Severity::kWarning, "no space after the colon in Content-Length",
     "\"Content-Length:12\" instead of \"Content-Length: 12\".",
     "clangd (and pygls, lsp-server) only match \"Content-Length: \" with one space and skip the message.",
     "Write \"Content-Length: N\" with exactly one space."},
    {"lsp.framing.header-case", Severity::kWarning, "Content-Length is not spelled in canonical case",
     "The header name matches Content-Length only case-insensitively (e.g. \"content-length\").",
     "VS Code and Neovim accept it, but gopls and clangd match case-sensitively and lose the message.",
     "Spell it exactly Content-Length."},
    {"lsp.framing.header-unknown", Severity::kInfo, "an unknown header",
     "A header other than Content-Length and Content-Type.",
     "Every known reader ignores it; it costs bytes and confuses strict proxies.",
     "Send only Content-Length (and optionally Content-Type)."},
    {"lsp.framing.content-length-missing", Severity::kError, "a frame without Content-Length",
     "A header part that ends without a Content-Length header.",
     "No reader can find the message end: gopls exits 2, VS Code and clangd lose this and the next message.",
     "Always send Content-Length."},
    {"lsp.framing.content-length-invalid", Severity::kError, "Content-Length is not a valid number",
     "Not a positive decimal number below 2^31 (e.g. \"abc\", 0, negative, \"12abc\").",
     "gopls exits 2; VS Code's client reports \"Content-Length value must be a number\" and hangs.",
     "Send the body's size in bytes as a plain decimal number."},
    {"lsp.framing.content-length-duplicate", Severity::kWarning, "Content-Length given twice",
     "Two Content-Length headers in one frame.",
     "Readers use the last one (clangd warns); if they differ, the frame is misread.",
     "Send one Content-Length."},
    {"lsp.framing.content-length-mismatch", Severity::kError, "Content-Length does not match the body",
     "The JSON body ends before or after the declared length (often: characters counted instead of UTF-8 bytes).",
     "Every reader follows the declared length: too small cuts the JSON (gopls exits 2, VS Code drops it and "
     "misreads the next header); too large swallows the next message or waits forever.",
     "Count the body's UTF-8 bytes, not characters."},
    {"lsp.framing.charset", Severity::kWarning, "Content-Type names a charset other than utf-8",
     "A Content-Type header with a charset other than utf-8 or utf8.",
     "The spec allows only UTF-8; every real reader ignores the header and decodes UTF-8, so non-ASCII text "
     "in another encoding arrives garbled.",
     "Encode bodies in UTF-8 and omit Content-Type (or say charset=utf-8)."},
    {"lsp.framing.truncated", Severity::kError, "the stream ended inside a frame",
     "The server's output ended (exit or closed pipe) in the middle of a header or body.",
     "VS Code keeps waiting for the rest (its 10 s partial-message timer re-arms forever); gopls exits 2.",
     "Flush whole frames; do not exit while writing."},
    {"lsp.framing.bom", Severity::kError, "a byte order mark before the JSON body",
     "The body starts with EF BB BF.",
     "JSON parsers reject it: VS Code, clangd and Neovim drop the message, gopls exits 2.",
     "Write UTF-8 without a BOM."},
    {"lsp.framing.invalid-utf8", Severity::kWarning, "the body is not valid UTF-8",
     "The JSON body contains bytes that are not valid UTF-8.",
     "clangd rejects the message; VS Code and gopls replace the bytes with U+FFFD.",
     "Encode strings as valid UTF-8."},
    {"lsp.framing.oversize", Severity::kWarning, "a frame above godiag's size limit",
     "Content-Length above the decoder's cap (256 MiB); the body was skipped unread.",
     "gopls refuses lengths of 2^31 and more; clangd refuses more than 1 GiB; editors stall on huge messages.",
     "Check the Content-Length value; split or shrink huge results."},
    {"lsp.json.invalid", Severity::kError, "a frame body is not valid JSON",
     "The body of a frame does not parse as JSON.",
     "No server answers -32700: clangd and VS Code drop the message silently, gopls exits 2.",
     "Send valid JSON."},
    {"lsp.jsonrpc.batch", Severity::kError, "a JSON-RPC batch (array)",
     "The body is a JSON array.", "LSP does not allow batches: gopls exits, clangd stops reading, VS Code logs "
     "\"neither a response nor a notification\".", "Send one message per frame."},
    {"lsp.jsonrpc.not-object", Severity::kError, "a body that is not a JSON object",
     "The body is a JSON string, number or literal.", "No reader can treat it as a message.", "Send JSON-RPC objects."},
    {"lsp.jsonrpc.version-missing", Severity::kWarning, "no \"jsonrpc\": \"2.0\" member",
     "A message without the jsonrpc member.",
     "VS Code and gopls accept it, but clangd stops reading (\"Not a JSON-RPC 2.0 message\") and pygls drops it.",
     "Add \"jsonrpc\": \"2.0\" to every message."},
    {"lsp.jsonrpc.version-wrong", Severity::kError, "\"jsonrpc\" is not \"2.0\"",
     "The jsonrpc member has another value.", "gopls rejects it (\"invalid RPC version\"), clangd stops reading.",
     "Send \"jsonrpc\": \"2.0\"."},
    {"lsp.jsonrpc.id-null", Severity::kError, "a request with id null",
     "A request whose id is null.", "gopls treats it as a notification (no answer); VS Code drops it.",
     "Use integer or string ids."},
    {"lsp.jsonrpc.id-type", Severity::kError, "an id of the wrong JSON type",
     "A response id that equals a request's id only as text (\"0\" for 0), or an id that is a float, bool or object.",
     "VS Code's client drops the response silently and the request hangs forever; Neovim accepts it.",
     "Echo the request's id unchanged, with its JSON type."},
    {"lsp.jsonrpc.unknown-id", Severity::kWarning, "a response to no request in flight",
     "A response whose id matches no pending request.",
     "VS Code ignores it silently; Neovim reports NO_RESULT_CALLBACK_FOUND. If it was meant for a pending "
     "request, that request hangs.", "Answer each request once, with its own id."},
    {"lsp.jsonrpc.duplicate-id", Severity::kError, "a request id reused while in flight",
     "A request id already pending in the same direction.", "The peer cannot tell the answers apart.",
     "Use a fresh id for every request."},
    {"lsp.jsonrpc.params-not-structured", Severity::kWarning, "params is not an object or array",
     "JSON-RPC requires params to be structured.", "Strict peers reject the message.", "Send params as an object."},
    {"lsp.jsonrpc.result-and-error", Severity::kError, "a response with both result and error",
     "JSON-RPC forbids result and error together.", "Neovim rejects it; others pick one arbitrarily.",
     "Send either result or error."},
    {"lsp.jsonrpc.no-result", Severity::kError, "a response with neither result nor error",
     "A response without result and without error.", "VS Code cannot classify it and drops it; the request hangs.",
     "Send \"result\": null when there is nothing to return."},
    {"lsp.jsonrpc.error-malformed", Severity::kError, "a malformed error object",
     "error is not {code: integer, message: string}.", "Clients cannot report the failure.",
     "Send error objects with an integer code and a string message."},
    {"lsp.jsonrpc.no-method-no-id", Severity::kError, "a message with neither method nor id",
     "An object that is not a request, notification or response.", "Every reader rejects it.",
     "Send well-formed JSON-RPC messages."},
    {"lsp.lifecycle.before-initialize", Severity::kWarning, "a message before the initialize response",
     "The server sent a request or notification the spec does not allow before its initialize response "
     "(allowed: showMessage, logMessage, telemetry/event, showMessageRequest, $/progress).",
     "Clients may not be ready to answer it; some drop it, some fail the start-up.",
     "Send it after the initialize response."},
    {"lsp.lifecycle.initialize-not-first", Severity::kError, "the client's first message is not initialize",
     "A client sent something before initialize.", "Servers answer -32002 or ignore it.", "Send initialize first."},
    {"lsp.lifecycle.second-initialize", Severity::kError, "initialize sent twice",
     "A second initialize request.", "clangd and gopls answer -32600.", "Send initialize once."},
    {"lsp.lifecycle.after-shutdown", Severity::kWarning, "a message after shutdown",
     "A request or notification other than exit after shutdown.", "Servers answer InvalidRequest or ignore it.",
     "Send only exit after shutdown."},
    {"lsp.jsonrpc.unanswered", Severity::kWarning, "requests never answered",
     "At the end of a session (after exit) requests were still waiting for their response.",
     "Every request must get exactly one response; the peer that sent it may wait forever (VS Code never times "
     "out a request by itself).", "Answer every request, with an error (e.g. RequestCancelled) if need be."},
    {"lsp.trace.partial", Severity::kInfo, "the trace starts in the middle of a session",
     "The first message is not initialize (tracing was switched on later, or the log was cut).",
     "Responses to requests sent before the trace started cannot be matched, and the initialize order "
     "cannot be checked; those checks are switched off for this input.",
     "Enable the trace before the editor starts the server to check a whole session."},
    {"lsp.trace.malformed", Severity::kWarning, "the trace file is damaged",
     "The input could not be read to its end (a record cut short, bad gzip data).",
     "Everything after the damage is unchecked.", "Record again; check the disk the trace was written to."},
    {"lsp.lifecycle.exit-without-shutdown", Severity::kWarning, "exit without shutdown",
     "The exit notification came without a shutdown request before it.",
     "Servers exit with code 1, which editors report as a crash.", "Send shutdown, wait for its answer, then exit."},
};

}  // namespace

namespace {

// The doctor's probe is of the gopls the editor starts: its findings are the editor side's.
core::CheckFn OnEditorSide(core::CheckFn check) {
  return [check](const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
    size_t before = out.size();
    check(s, rule, out);
    if (s.lsp && s.lsp->editor)
      for (size_t i = before; i < out.size(); ++i) out[i].side = "editor";
  };
}

void AddLspRulesUnsided(std::vector<core::Rule>& out) {
  for (const auto& t : kDefectRules) {
    out.push_back({core::ToRuleInfo(t), CheckDefect});
  }
  out.push_back({{"lsp.server.start-failed", Severity::kError, "the language server cannot be started",
                  "The server executable the editor would start is missing, not executable, or the socket refuses.",
                  "The editor shows \"gopls not found\" or retries forever; no Go features work.",
                  "Install the server, or fix go.alternateTools / PATH."},
                 CheckStartFailed});
  out.push_back({{"lsp.server.exited", Severity::kError, "the language server exits during the handshake",
                  "The server process ended (or closed the connection) before the handshake was done.",
                  "VS Code restarts it and gives up after 5 crashes in 3 minutes (\"The gopls server crashed 5 times\").",
                  "Read the stderr lines shown; fix the flags or environment they name."},
                 CheckExited});
  out.push_back({{"lsp.server.panic", Severity::kError, "the language server panics",
                  "A Go server crashed with a runtime panic during the handshake; the message and top frames are shown.",
                  "Every restart crashes the same way; the editor gives up.",
                  "Upgrade the server; if it persists, report the panic with the frames shown (gopls: "
                  "github.com/golang/go/issues)."},
                 CheckPanic});
  out.push_back({{"lsp.initialize.timeout", Severity::kError, "no answer to initialize within the deadline",
                  "The server did not answer initialize before --timeout; a Go server was sent SIGQUIT to get its "
                  "goroutine dump before it was killed.",
                  "The editor stays at \"Initializing…\" or reports \"gopls not responding\".",
                  "Read the unfinished frame and goroutine dump shown; for gopls check the workspace size, "
                  "GOFLAGS and the go command's network access."},
                 CheckInitTimeout});
  out.push_back({{"lsp.initialize.error", Severity::kError, "initialize is answered with an error",
                  "The server rejected initialize (e.g. gopls's \"failed to load view\").",
                  "The editor cannot start the session; nothing works.",
                  "Fix what the error message names; for gopls run `go list ./...` in the workspace with the "
                  "editor's environment."},
                 CheckInitError});
  out.push_back({{"lsp.shutdown.timeout", Severity::kWarning, "no answer to shutdown within the deadline",
                  "The server did not answer the shutdown request.",
                  "Editors kill it after their own timeout; state may be lost.",
                  "Answer shutdown promptly with result null."},
                 CheckShutdownTimeout});
  out.push_back({{"lsp.shutdown.bad-exit", Severity::kWarning, "the server does not exit cleanly after shutdown and exit",
                  "After shutdown and exit the server exited with a non-zero code, was killed by a signal, or kept running.",
                  "Editors report a crash (\"server exited with code 1\") or leave orphan processes behind.",
                  "Exit with code 0 after shutdown + exit."},
                 CheckBadExit});
  out.push_back({{"lsp.server.error-response", Severity::kWarning, "the server answers a request with an error",
                  "A request of the handshake (other than initialize) failed, e.g. gopls's \"no views in session\".",
                  "The matching editor feature fails.",
                  "Fix what the error message names."},
                 CheckErrorResponses});
  out.push_back({{"lsp.server.error-message", Severity::kError, "the server reports an error to the user",
                  "window/showMessage of type Error, e.g. gopls's \"Error loading workspace\".",
                  "This is the pop-up the user sees; the workspace is not loaded, so no diagnostics or navigation.",
                  "Run the command it names (for gopls: `go list ./...` in the workspace with the editor's environment)."},
                 CheckShowMessage});
  out.push_back({{"lsp.server.load-error", Severity::kError, "the server cannot load the workspace",
                  "gopls reported that loading the workspace with the go command failed (\"initial workspace load "
                  "failed\", or \"go list\" errors on go.mod).",
                  "Without a loaded workspace there are no diagnostics, completion or navigation; the editor shows "
                  "errors on go.mod while `go build` may work in a terminal with another environment.",
                  "Run `go list ./...` in the workspace with the editor's environment and fix what it reports."},
                 CheckLoadError});
  out.push_back({{"lsp.didopen.timeout", Severity::kWarning, "no diagnostics for an opened file",
                  "After didOpen nothing arrived for the file (diagnostics, progress end, error) before the deadline.",
                  "The editor shows no errors for the file; the server may still be loading.",
                  "Raise --timeout; check the workspace load with the server's verbose log."},
                 CheckDidOpenTimeout});
}

}  // namespace

void AddLspRules(std::vector<core::Rule>& out) {
  // What the editor's environment breaks, gopls shows as a failed load, an error message or an exit.
  static const std::vector<std::string> kFollowsFrom = {"editor.gopls.no-go", "env.go-env.failed",
                                                        "toolchain.go-line.too-new", "goflags.invalid",
                                                        "goroot.invalid", "env.file.empty-hides-default"};
  size_t first = out.size();
  AddLspRulesUnsided(out);
  for (size_t i = first; i < out.size(); ++i) {
    out[i].check = OnEditorSide(out[i].check);
    const std::string& id = out[i].info.id;
    if (id == "lsp.server.load-error" || id == "lsp.server.error-message" || id == "lsp.server.exited")
      out[i].info.follows_from = kFollowsFrom;
  }
}

}  // namespace godiag::rules

#include "cli/commands.h"

#include "cli/report_builder.h"
#include "collect/snapshot_builder.h"

namespace godiag::cli {

namespace {

const char* kCommonFlags = R"(Common flags:
  --format text|json|markdown|sarif   output format (default text; sarif: doctor only)
  --fail-on error|warning|never       exit 1 when findings at or above this severity exist (default error)
  --color auto|always|never           colour on a terminal (auto honours NO_COLOR)
  -v, --verbose                       show every variable and info-level detail
  --from-terminal                     model VS Code started from this terminal (`code .`): it inherits
                                      this terminal's environment instead of the desktop session's
  -h, --help                          help; `godiag help COMMAND` for one command
  --version                           print the version
)";

const char* kExitCodes = R"(Exit codes:
  0  nothing at or above --fail-on
  1  findings at or above --fail-on
  2  usage error
  3  godiag itself failed
)";

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"doctor", "diagnose the Go environment, editor settings and tools for a workspace (default)",
       R"(Usage: godiag [doctor] [DIR] [--offline] [--no-lsp] [--no-dap] [--no-logs] [--no-ps] [common flags]

Collects the environment the terminal's go command sees and the one the editor (VS Code +
vscode-go) hands to gopls, with the source of every value; parses every Go setting exactly
as the go command does; inspects the workspace (go.mod, go.work, vendor/) and the tools
(go, gopls, dlv, git); and reports findings, each with evidence and a fix.

The editor side is VS Code started from the desktop (--from-terminal: with `code` from this
terminal): the desktop session's environment, the login shell's resolved from it, then the
Go extension's activation as it really runs (the go it finds and how, its go env and fill-ins,
GOROOT/bin put first on PATH), then gopls and dlv found the same way. What could not be had
is shown as unknown and no check runs on it; a cause is shown once, with what follows from it
listed under "because of this".

  DIR          the workspace folder (default: the current directory)
  --offline    skip network probes
  --no-lsp     skip the gopls handshake
  --no-dap     skip the debugger probe (run when DIR has a main package or .vscode/launch.json)
  --no-logs    skip the editor's logs (read: the newest session of each editor and Neovim's lsp.log,
               the last 8 MiB of each)
  --no-ps      skip the running gopls and dlv (judged: those whose folder is DIR, above or below it)
)",
       RunDoctor},
      {"env", "the effective Go environment in the terminal and in the editor, with the source of every value",
       R"(Usage: godiag env [VAR...] [common flags]

Prints every Go variable (and PATH, proxy and TLS variables) twice: as the terminal's go
command resolves it and as gopls started by the editor resolves it, each with the source
that decided it (process env, login shell, user env file:line, $GOROOT/go.env, go default,
go.toolsEnvVars file:line, gopls build.env, ...). Rows that differ are marked.
With VAR arguments, only those variables.
)",
       RunEnv},
      {"route", "how the go command would fetch and verify modules, and which pattern decided it",
       R"(Usage: godiag route [MODULE[@VERSION]...] [--editor] [common flags]

For each module (default: every requirement of the current module) prints the proxies the
go command would try in order and the fallback rule between them, whether it is fetched
directly from its VCS (and under which GOVCS rule), which checksum database verifies it (or
none, and why), whether insecure fetching is allowed, and which GOPRIVATE / GONOPROXY /
GONOSUMDB / GOINSECURE pattern decided each of these.

  --editor     use the editor's environment instead of the terminal's
)",
       RunRoute},
      {"net", "probe the module proxies, direct origins and checksum database for real; say what the go command would do",
       R"(Usage: godiag net [MODULE@VERSION...] [--editor] [--timeout 30s] [common flags]

For every GOPROXY entry of the terminal's environment (and the editor's, when its network
settings differ): DNS, TCP and TLS (an untrusted, expired or wrong-host certificate is
spelled out with its chain, and whether the other environment's SSL_CERT_FILE/SSL_CERT_DIR
would accept it), the GOPROXY protocol endpoints of each module (@v/list, @latest, .info,
.mod, .zip) with status, latency and content checks. HTTP(S)_PROXY/NO_PROXY and .netrc
(per GOAUTH) are used as the go command uses them; credentials are never printed.
Then replays the go command's walk of GOPROXY (',' falls back on 404/410 only, '|' on any
error, GONOPROXY, direct, off) and prints which source serves each module or the exact
error the go command would print. For "direct", the origin (?go-get=1 or the repository)
and the VCS tool are checked. The checksum database is reached as the go command reaches
it (GOSUMDB URL, a proxy's /sumdb/NAME/supported, or directly), one record is looked up
and proved against the signed tree head through tiles. The go.mod and zip the serving proxy
returns are hashed as the go command hashes downloads and checked against go.sum, else the
database's record (zips are fetched whole and kept on disk: up to the go command's 500 MiB
for modules named here, 64 MiB for the ones godiag picks itself).

  MODULE@VERSION  default: a few requirements of the current module covering every route,
                  else rsc.io/quote@v1.5.2
  --editor        only the editor's environment
  --timeout D     one deadline for all probes (default 30s)
)",
       RunNet},
      {"sumdb", "verify go.sum against the checksum database; verify signed notes",
       R"(Usage: godiag sumdb verify [GO.SUM] [--editor] [--timeout 60s] [common flags]
       godiag sumdb verify-note [--key VERIFIER] FILE|- [common flags]

verify: looks up every module version of go.sum (default: the current module's) in the
checksum database the go command would use, verifies each lookup's signed tree head with
the GOSUMDB key, proves each record's inclusion through tiles (each tile fetched once, in
parallel, cached in godiag's cache), checks every tree head seen (the go command's
$GOPATH/pkg/sumdb/NAME/latest, godiag's cache, each lookup) to be consistent, and compares
the h1: hashes with go.sum. Lines of GONOSUMDB/GOPRIVATE modules are skipped as the go
command skips them. With GOSUMDB=off, sum.golang.org is used.

verify-note: verifies a signed note (a tree head from /latest, a witness cosignature, ...)
with a verifier key (default: the GOSUMDB key in effect) and prints its signatures and,
for a tree note, its size and hash. Exit 0 when it verifies, 1 when not.
)",
       RunSumDb},
      {"lsp", "language-server tools: probe a server, tap an editor's session, check captured traffic",
       R"(Usage: godiag lsp probe [--timeout 30s] [--open FILE | --no-open] [--sigquit]
                       [--connect tcp:HOST:PORT | --connect unix:PATH | -- COMMAND ARGS...] [common flags]
       godiag lsp tap [--trace FILE] [--check] -- COMMAND ARGS...
       godiag lsp check FILE... [common flags]

Starts the language server and performs initialize -> initialized -> didOpen -> shutdown ->
exit the way an editor does, answering the server's own requests (workspace/configuration,
client/registerCapability, window/workDoneProgress/create) like VS Code. Every phase is
timed; every byte the server writes is checked (framing, JSON, JSON-RPC ids, lifecycle), and
each defect says which real clients (VS Code, Neovim) and servers (gopls, clangd) it breaks.
stderr is drained and kept; a crash shows its exit code and, for Go servers, the panic and
top frames; a hang at the deadline gets a Go server SIGQUIT for its goroutine dump first.

Without a command: the gopls the editor would start (go.alternateTools, GOBIN, GOPATH/bin,
PATH), with go.languageServerFlags, the editor's environment and the gopls settings, rooted
at the current directory, opening one of its Go files.

  -- COMMAND ARGS   probe this server over stdio (any language server)
  --connect ADDR    probe a listening server: tcp:HOST:PORT or unix:PATH (a gopls daemon)
  --open FILE       send didOpen for FILE and wait for its diagnostics (default for gopls:
                    a Go file of the workspace)
  --no-open         skip didOpen
  --timeout D       overall deadline (default 30s; e.g. 500ms, 2m)
  --sigquit         the server is a Go program: SIGQUIT it on a hang (automatic for gopls)

lsp tap sits between an editor and the server it starts, forwarding every byte unchanged
and at once (the server's stderr passes through; the exit code is the server's), and
records both directions in a lossless trace (docs/trace-format.md; default
~/.cache/godiag/traces/). --check validates live and prints a summary to stderr at exit.
Installed as a link or copy named gopls (or a name listed in ~/.config/godiag/tap-names),
godiag taps the real gopls further along PATH (GODIAG_TAP_TRACE, GODIAG_TAP_CHECK=1).

lsp check validates captured traffic, detecting the format: godiag traces, raw byte
streams, gopls -rpc.trace logs, VS Code client traces (text, both versions, and JSON),
JSON lines; gzip too; - is stdin. It reports framing, JSON-RPC and lifecycle defects with
byte offsets or line numbers, and per-method counts and latencies (p50/p95/p99/max), the
slowest requests, error responses grouped by message, and requests never answered.
)",
       RunLsp},
      {"dap", "debugger tools: start Delve as the editor does and explain every failure; check captured DAP traffic",
       R"(Usage: godiag dap probe [DIR] [--config NAME] [--timeout 2m]
                       [--connect tcp:HOST:PORT | -- COMMAND ARGS...] [common flags]
       godiag dap check FILE... [common flags]

dap probe starts the dlv the editor would run (go.alternateTools, GOBIN, GOPATH/bin,
GOROOT/bin, PATH) the way vscode-go starts it: `dlv dap [dlvFlags] --listen=127.0.0.1:0`
in the program's folder with the editor's environment plus the configuration's env and
envFile; waits for "DAP server listening at:", connects, and runs initialize -> launch
(stopOnEntry, the binary built into a private temp dir, so none of the program's code
runs) -> setFunctionBreakpoints main.main -> configurationDone -> stopped -> disconnect
{terminateDebuggee: true}. Every phase is timed; Delve's output events, stdout and stderr
are kept; every failure (Go or Delve too old, DWARFv5, build errors at file:line, a build
waiting on the network, ptrace, no debug info, listener/connect, dlv missing) is
explained with Delve's own text. Delve, the debuggee and the binary are always ended and
removed, also on Ctrl-C.

The configuration: --config NAME from .vscode/launch.json (comments and trailing commas
allowed) or the settings' "launch" section; else the first "type": "go" launch
configuration; else mode debug on DIR's main package. Its fields are checked against
what vscode-go and Delve accept, with file:line and a did-you-mean for unknown keys.

  -- COMMAND ARGS   any DAP server over stdio (or `dlv dap --listen=…`: its banner is read)
  --connect ADDR    a listening DAP server: tcp:HOST:PORT
  --config NAME     the launch configuration to use
  --timeout D       the whole probe's deadline (default 2m; the build is most of it)

dap check reads a Delve --log-output=dap log, a godiag tap trace (lsp tap records DAP too)
or a raw stream, and reports framing, message, seq and request/response defects, error
responses, requests never answered, and per-command latency.
)",
       RunDap},
      {"logs", "find the editor's gopls logs and report the panics, crashes and known failures recorded there",
       R"(Usage: godiag logs [FILE...] [common flags]

Without FILE, reads the logs the editors already wrote, newest session first: VS Code,
Insiders, VSCodium and Code - OSS (<user data>/logs/<session>/window<N>/exthost/
output_logging_<ts>/<n>-gopls (server).log, <n>-gopls.log, <n>-Go.log and
exthost/golang.go/*.log), the remote server (~/.vscode-server/data/logs, Insiders, VSCodium,
~/.vscode-remote, $VSCODE_AGENT_FOLDER, code-server) and Neovim's lsp.log (state dir since
0.8, cache dir 0.5-0.7, NVIM_APPNAME honoured) on Linux, macOS and Windows. The window
whose extension host runs a gopls now comes first. With FILE: gopls -logfile output, stderr
captures, -rpc.trace logs, channel copies; gzip is read as such; - is stdin.

Every log is streamed (memory stays bounded whatever its size). Lines a client split are
joined (Neovim logs gopls's stderr one pipe read per entry, Lua-escaped). Reported, each with
file:line: Go panics and `fatal error:`s / signal dumps with the top frames of their
goroutine trace, the gopls version and the time; and the known failure lines of gopls, the
go command and the Go extension (go.mod needing a newer Go, GOPROXY=off lookups, x509 and
dial errors, go.sum and vendoring problems, go not found, restart loops, bad flags, ...).
Only the newest session counts as current; older sessions are reported as history, with
how long ago they were written.
)",
       RunLogs},
      {"ps", "the running gopls and dlv: stale (environment, settings, binary), duplicate, orphaned",
       R"(Usage: godiag ps [common flags]

Lists the running gopls processes (stdio servers, -remote forwarders, daemons started by
-remote=auto, the "** telemetry **" sidecar), dlv and debuggees (__debug_bin*): pid, argv,
executable (and whether it was replaced since it started), version (go version -m), age,
parent (the editor's extension host, Neovim, ...), working directory (the workspace VS Code
started it in) and the Go variables of its environment. Then judges each:

  stale      its Go variables differ from what the editor would give it now (each named,
             both values, the source of the new one), it started before a settings file or
             the go env file changed, or it runs another binary than the editor now finds
  replaced   its binary was replaced or removed after it started
  duplicate  two servers of one user for one workspace
  orphan     its editor is gone (re-parented to PID 1 or a subreaper); daemons and the
             telemetry sidecar are not orphans

Other users' processes: /proc shows their command line, parent and start time only; they
are listed, not judged. Linux reads /proc; on other systems the table is reported unknown.
)",
       RunPs},
      {"problems", "the errors the editor shows that go build does not (and the reverse), each explained by experiment",
       R"(Usage: godiag problems [DIR] [--max-files N] [--seen TEXT]... [--timeout D] [common flags]

The editor's view: its gopls, found and started as VS Code's Go extension starts it (path,
flags, environment, the gopls settings), on the folder (or the folders of the
*.code-workspace in it), with every Go file opened as an editor restoring its tabs does (up
to --max-files, default 1000; //go:build ignore files one at a time), until gopls is done
(no work-done progress and a quiet period, or --timeout, default 3m). Kept: every
publishDiagnostics with its source, code and severity, "Error loading workspace", error
messages, and gopls.views.

The terminal's view, per module and concurrently: go list -e -json -compiled, go build ./...,
go vet ./... with the terminal's environment.

The two are matched by file, line and message (gopls's " [windows]", vet's "vet: ", import
errors by path). Each problem only one side sees is explained, by experiment where one can
show it: the terminal's check of its package re-run with one editor difference at a time
(each differing variable with its source, the go binary gopls runs, each build flag), the
extra GOOS/GOARCH build gopls makes for a file of another port, go vet for test files, go
list with gopls's GOPROXY=off for "could not import". Analyzer diagnostics are analysis, not
build errors. --seen TEXT: a message the editor shows; if a fresh gopls does not publish it,
the editor's gopls holds stale state.
)",
       RunProblems},
      {"diff", "what differs between a report saved where things worked and one from now",
       R"(Usage: godiag diff BASELINE.json [REPORT.json] [--offline] [--no-lsp] [--no-dap] [common flags]

Compares a doctor report saved with `godiag --format json > baseline.json` where things
work (a colleague's machine, yesterday, CI) with REPORT.json, or without it with a fresh
doctor run on the current directory under the same flags (--offline, --no-lsp, ...).
Lists every environment value (terminal and editor, each with its source and the file
and line that set it, on both sides), tool path and version, route, network answer,
gopls handshake result and finding (new, gone, changed severity) that differs, ordered
by what explains the failure best: values a new error or warning names as its subject or
evidence first, then the findings themselves, then values that feed other findings or
probes that fail now, then the rest. Timings, pids and ages are counted and listed only
with -v. Paths inside each report's workspace folder compare as <workspace>.

Reports of schema godiag.report/1 and older ones without the schema field are read; a
newer schema, a file that is not JSON or not a godiag report is a usage error (exit 2).
Exit code: 1 when the new report has a root error finding the baseline did not (with
--fail-on warning: a warning too), else 0; 2 for an unreadable or invalid input; 3 when
the doctor run itself failed.
)",
       RunDiff},
      {"rules", "the catalogue of checks: id, severity, what, why, fix",
       R"(Usage: godiag rules [ID...] [common flags]

Lists every rule godiag checks. `--format markdown` renders docs/rules.md.
)",
       RunRules},
  };
  return kCommands;
}

const Command* FindCommand(const std::string& name) {
  for (const auto& c : Commands())
    if (c.name == name) return &c;
  return nullptr;
}

namespace {

// The Snapshot of the current directory with `copts` (its dir filled in here).
std::optional<core::Snapshot> CollectInCurrentDir(const Context& ctx, collect::CollectOptions copts) {
  auto dir = ResolveDir(ctx.platform.fs, {});
  if (!dir) {
    ctx.err << "godiag: " << dir.error().message << "\n";
    return std::nullopt;
  }
  copts.dir = *dir;
  return collect::CollectSnapshot(ctx.platform, copts);
}

}  // namespace

std::optional<core::Snapshot> CollectWithoutTools(const Context& ctx, CollectScope scope) {
  collect::CollectOptions copts;
  copts.with_tools = false;
  copts.editor_side = scope.editor_side;
  copts.launched_from = ctx.options.from_terminal ? collect::LaunchedFrom::kTerminal : collect::LaunchedFrom::kDesktop;
  copts.nested_modules = scope.nested_modules;
  copts.warm_network = scope.warm_network;
  return CollectInCurrentDir(ctx, copts);
}

std::optional<core::Snapshot> CollectRuntimeSnapshot(const Context& ctx) {
  collect::CollectOptions copts;
  copts.offline = true;
  copts.no_lsp = true;
  copts.nested_modules = false;
  return CollectInCurrentDir(ctx, copts);
}

std::string GeneralHelp() {
  std::string s =
      "godiag - why does my editor's Go support not work when `go build` in my terminal does?\n\n"
      "Usage: godiag [COMMAND] [ARGS] [flags]\n\nCommands:\n";
  for (const auto& c : Commands()) {
    s += "  " + c.name + std::string(c.name.size() < 8 ? 8 - c.name.size() : 1, ' ') + c.summary + "\n";
  }
  s += "  help    help for a command: godiag help COMMAND\n";
  s += "  version print the version\n\n";
  s += kCommonFlags;
  s += "\n";
  s += kExitCodes;
  return s;
}

}  // namespace godiag::cli

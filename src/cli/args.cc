#include "cli/args.h"

#include <algorithm>
#include <cctype>

namespace godiag::cli {

namespace {

using core::ErrorCode;
using core::MakeError;

const std::vector<std::string>& FlagNames() {
  static const std::vector<std::string> kFlags = {"--format",  "--fail-on", "--color",   "--verbose", "--offline",
                                                  "--no-lsp",  "--editor",  "--help",    "--version", "--timeout",
                                                  "--connect", "--open",    "--no-open", "--sigquit", "--trace",   "--check", "--key",
                                                  "--from-terminal", "--config", "--no-dap", "--max-files", "--seen",
                                                  "--no-logs", "--no-ps"};
  return kFlags;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                            std::tolower(static_cast<unsigned char>(b[j - 1]))
                        ? 0
                        : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

core::Expected<std::string> OneOf(const std::string& flag, const std::string& value,
                                  const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : "|") + a;
  std::string msg = "invalid value \"" + value + "\" for " + flag + " (want " + list + ")";
  if (auto s = Suggest(value, allowed)) msg += "; did you mean \"" + *s + "\"?";
  return MakeError(ErrorCode::kInvalidArgument, msg);
}

}  // namespace

core::Expected<int> ParseDurationMs(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) ++digits;
  std::string unit = text.substr(digits);
  double scale = unit == "ms" ? 1 : (unit == "s" || unit.empty()) ? 1000 : unit == "m" ? 60000 : -1;
  double value = 0;
  try {
    value = digits > 0 ? std::stod(text.substr(0, digits)) : -1;
  } catch (const std::exception&) {
    value = -1;
  }
  if (scale < 0 || value <= 0 || value * scale > 24.0 * 3600 * 1000)
    return MakeError(ErrorCode::kInvalidArgument, "invalid duration \"" + text + "\" (want e.g. 30s, 500ms, 2m)");
  return static_cast<int>(value * scale);
}

namespace {

core::Expected<void> ApplyValueFlag(Options& o, const std::string& flag, const std::string& value) {
  if (flag == "--timeout") {
    TRY_ASSIGN(o.timeout_ms, ParseDurationMs(value));
    o.timeout_given = true;
  } else if (flag == "--key") {
    o.key = value;
  } else if (flag == "--connect") {
    o.connect = value;
  } else if (flag == "--config") {
    o.config_name = value;
  } else if (flag == "--open") {
    o.open_file = value;
  } else if (flag == "--trace") {
    o.trace = value;
  } else if (flag == "--seen") {
    if (value.empty()) return MakeError(ErrorCode::kInvalidArgument, "--seen needs the text the editor shows");
    o.seen.push_back(value);
  } else if (flag == "--max-files") {
    int n = 0;
    bool digits = !value.empty() && value.size() < 8 &&
                  std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) n = std::stoi(value);
    if (n <= 0) return MakeError(ErrorCode::kInvalidArgument, "invalid value \"" + value + "\" for --max-files (want a positive number)");
    o.max_files = n;
  } else if (flag == "--format") {
    TRY_ASSIGN(o.format, OneOf(flag, value, {"text", "json", "markdown", "sarif"}));
  } else if (flag == "--fail-on") {
    TRY_ASSIGN(std::string v, OneOf(flag, value, {"error", "warning", "never"}));
    o.fail_on = v == "error" ? FailOn::kError : v == "warning" ? FailOn::kWarning : FailOn::kNever;
  } else if (flag == "--color") {
    TRY_ASSIGN(std::string v, OneOf(flag, value, {"auto", "always", "never"}));
    o.color = v == "auto" ? ColorMode::kAuto : v == "always" ? ColorMode::kAlways : ColorMode::kNever;
  }
  return {};
}

bool TakesValue(const std::string& flag) {
  return flag == "--format" || flag == "--fail-on" || flag == "--color" || flag == "--timeout" ||
         flag == "--connect" || flag == "--open" || flag == "--trace" || flag == "--key" ||
         flag == "--config" || flag == "--max-files" || flag == "--seen";
}

core::Expected<void> ApplyFlag(Options& o, const std::string& arg, const std::vector<std::string>& argv, size_t& i) {
  std::string flag = arg;
  std::optional<std::string> value;
  if (size_t eq = arg.find('='); eq != std::string::npos) {
    flag = arg.substr(0, eq);
    value = arg.substr(eq + 1);
  }
  if (flag == "-h") flag = "--help";
  if (flag == "-v") flag = "--verbose";
  if (flag.rfind("--", 0) != 0 && flag.size() > 2) flag = "-" + flag;  // accept -format like go's flags
  if (TakesValue(flag)) {
    if (!value) {
      if (i + 1 >= argv.size()) return MakeError(ErrorCode::kInvalidArgument, "flag needs an argument: " + flag);
      value = argv[++i];
    }
    return ApplyValueFlag(o, flag, *value);
  }
  bool known = true;
  if (flag == "--help") o.help = true;
  else if (flag == "--verbose") o.verbose = true;
  else if (flag == "--offline") o.offline = true;
  else if (flag == "--no-lsp") o.no_lsp = true;
  else if (flag == "--editor") o.editor = true;
  else if (flag == "--from-terminal") o.from_terminal = true;
  else if (flag == "--version") o.version = true;
  else if (flag == "--no-open") o.no_open = true;
  else if (flag == "--sigquit") o.sigquit = true;
  else if (flag == "--check") o.check = true;
  else if (flag == "--no-dap") o.no_dap = true;
  else if (flag == "--no-logs") o.no_logs = true;
  else if (flag == "--no-ps") o.no_ps = true;
  else known = false;
  if (!known) {
    std::string msg = "unknown flag " + arg;
    if (auto s = Suggest(flag, FlagNames())) msg += "; did you mean " + *s + "?";
    return MakeError(ErrorCode::kInvalidArgument, msg);
  }
  if (value) return MakeError(ErrorCode::kInvalidArgument, "flag " + flag + " takes no value");
  return {};
}

}  // namespace

const std::vector<std::string>& CommandNames() {
  static const std::vector<std::string> kCommands = {"doctor", "env",  "route", "net",  "sumdb",  "rules",
                                                     "lsp",    "dap",  "logs",  "ps",   "problems", "diff",
                                                     "help",   "version"};
  return kCommands;
}

std::optional<std::string> Suggest(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

core::Expected<Options> ParseArgs(const std::vector<std::string>& argv) {
  Options o;
  bool only_positional = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (!only_positional && arg == "--") {
      only_positional = true;
      if (o.command == "lsp" || o.command == "dap") {  // everything after `--` is the server command, flags included
        o.server_argv.assign(argv.begin() + static_cast<std::ptrdiff_t>(i) + 1, argv.end());
        break;
      }
    } else if (!only_positional && arg.size() > 1 && arg[0] == '-') {
      TRY(ApplyFlag(o, arg, argv, i));
    } else if (!o.command_given && o.args.empty() &&
               std::find(CommandNames().begin(), CommandNames().end(), arg) != CommandNames().end()) {
      o.command = arg;
      o.command_given = true;
    } else {
      o.args.push_back(arg);
    }
  }
  if (o.command == "version") o.version = true;
  if (o.command == "help") {
    o.help = true;
    if (!o.args.empty()) {
      o.command = o.args[0];
      o.args.erase(o.args.begin());
      if (std::find(CommandNames().begin(), CommandNames().end(), o.command) == CommandNames().end()) {
        std::string msg = "unknown command \"" + o.command + "\"";
        if (auto s = Suggest(o.command, CommandNames())) msg += "; did you mean \"" + *s + "\"?";
        return MakeError(ErrorCode::kInvalidArgument, msg);
      }
    } else {
      o.command = "doctor";
      o.command_given = false;
    }
  }
  if (o.command == "doctor" && o.args.size() > 1)
    return MakeError(ErrorCode::kInvalidArgument, "doctor takes at most one directory, got " +
                                                      std::to_string(o.args.size()) + " arguments");
  return o;
}

}  // namespace godiag::cli

#include "rules/dap_util.h"

#include <fmt/format.h>

#include <algorithm>

namespace godiag::rules {

namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

bool HasAny(const std::string& line, const std::vector<std::string>& markers) {
  return std::any_of(markers.begin(), markers.end(), [&](const std::string& m) { return line.find(m) != std::string::npos; });
}

}  // namespace

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::optional<DelveText> FindDelveText(const core::DapProbeResult& r, const std::vector<std::string>& markers) {
  for (const auto& e : r.error_responses) {
    std::string text = ErrorText(e);
    if (HasAny(text, markers)) return DelveText{e.command + " error response", text};
  }
  for (const auto& o : r.output) {
    for (const auto& line : Lines(o.text)) {
      if (HasAny(line, markers)) return DelveText{"output event (" + o.category + ")", Trim(line)};
    }
  }
  for (const auto& line : r.stderr_lines) {
    if (HasAny(line, markers)) return DelveText{"dlv stderr", line};
  }
  for (const auto& line : r.stdout_lines) {
    if (HasAny(line, markers)) return DelveText{"dlv stdout", line};
  }
  return std::nullopt;
}

std::string DapSubject(const core::DapProbeResult& r) {
  if (r.config && !r.config->name.empty()) return "launch configuration \"" + r.config->name + "\"";
  if (!r.connect.empty()) return r.connect;
  return r.argv.empty() ? "dlv" : r.argv[0];
}

void AddServerEvidence(const core::DapProbeResult& r, core::Finding& f) {
  std::string command = r.connect;
  for (const auto& a : r.argv) command += (command.empty() ? "" : " ") + a;
  if (!command.empty()) {
    f.evidence.push_back({"dap probe", r.connect.empty() ? "command" : "address", command,
                          r.dir.empty() ? std::nullopt : std::optional<std::string>("in " + r.dir)});
  }
  if (!r.server.version.empty()) {
    f.evidence.push_back({"dlv version", "Version", r.server.version +
                                                        (r.server.built_with.empty() ? "" : ", built with " + r.server.built_with),
                          std::nullopt});
  }
  if (r.config) {
    f.evidence.push_back({"launch configuration", r.config->name.empty() ? "default" : r.config->name,
                          "mode " + r.config->mode + ", program " + r.config->program, r.config->source});
  }
}

void AddStreams(const core::DapProbeResult& r, core::Finding& f, size_t lines) {
  for (const auto& o : r.output) {
    if (o.category == "stderr" || o.category == "important") {
      f.evidence.push_back({"output event (" + o.category + ")", "output", FirstLines(o.text, lines), std::nullopt});
    }
  }
  size_t from = r.stderr_lines.size() > lines ? r.stderr_lines.size() - lines : 0;
  for (size_t i = from; i < r.stderr_lines.size(); ++i) f.evidence.push_back({"dlv stderr", "line", r.stderr_lines[i], std::nullopt});
  from = r.stdout_lines.size() > lines ? r.stdout_lines.size() - lines : 0;
  for (size_t i = from; i < r.stdout_lines.size(); ++i) f.evidence.push_back({"dlv stdout", "line", r.stdout_lines[i], std::nullopt});
}

void AddRouteEvidence(const core::Snapshot& s, core::Finding& f) {
  const core::EnvSide& side = s.editor_side.env.empty() ? s.terminal : s.editor_side;
  bool launch_overrides = false;
  std::string launch_proxy;
  for (const char* k : {"GOPROXY", "GOPRIVATE", "GONOPROXY", "GOINSECURE", "GOFLAGS", "GONOSUMDB"}) {
    if (s.dap && s.dap->config) {
      auto it = s.dap->config->env.find(k);
      if (it != s.dap->config->env.end()) {
        f.evidence.push_back({"launch env", k, it->second, s.dap->config->source});
        launch_overrides = true;
        if (std::string(k) == "GOPROXY") launch_proxy = it->second;
        continue;
      }
    }
    auto it = side.env.find(k);
    if (it != side.env.end() && it->second.set) {
      f.evidence.push_back({side.label + " env (" + core::DescribeSource(it->second.source) + ")", k, it->second.value, std::nullopt});
    }
  }
  size_t shown = 0;
  for (const auto& route : side.routes) {
    if (++shown > 10) break;
    std::string module = route.module + (route.version.empty() ? "" : "@" + route.version);
    if (launch_overrides) {  // the editor's routes do not apply: Delve builds with the launch env
      f.evidence.push_back({"go.mod requirement", module,
                            launch_proxy.empty() ? "fetched with the launch env's settings" : "fetched from GOPROXY=" + launch_proxy,
                            std::nullopt});
      continue;
    }
    std::string steps;
    for (const auto& st : route.steps) steps += (steps.empty() ? "" : " → ") + st.source + " (" + st.action + ")";
    if (route.error) steps += "; error: " + *route.error;
    f.evidence.push_back({"route (" + side.label + ")", module, steps, std::nullopt});
  }
}

bool PhaseFailed(const core::DapProbeResult& r, const std::string& phase) {
  return std::any_of(r.phases.begin(), r.phases.end(), [&](const core::LspPhase& p) {
    return p.name == phase && (p.status == core::PhaseStatus::kFailed || p.status == core::PhaseStatus::kTimeout);
  });
}

std::string FailedPhaseName(const core::DapProbeResult& r) {
  for (const auto& p : r.phases) {
    if (p.status == core::PhaseStatus::kFailed || p.status == core::PhaseStatus::kTimeout) return p.name;
  }
  return "the session";
}

std::string ErrorText(const core::DapErrorResponse& e) { return e.format.empty() ? e.message : e.format; }

std::vector<std::pair<std::string, std::string>> CompilerLocations(const std::string& build_error, const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto line : Lines(build_error)) {
    size_t go = line.find(".go:");
    if (go == std::string::npos || line.find(' ') < go) continue;
    size_t num_start = go + 4, num_end = num_start;
    while (num_end < line.size() && std::isdigit(static_cast<unsigned char>(line[num_end]))) ++num_end;
    if (num_end == num_start) continue;
    std::string file = line.substr(0, go + 3);
    if (file.rfind("./", 0) == 0) file = file.substr(2);
    if (!file.empty() && file[0] != '/' && !dir.empty()) file = dir + "/" + file;
    line = Trim(line);
    for (std::string_view tail : {" (exit status 1)", " (exit status 2)"}) {
      if (line.size() > tail.size() && line.compare(line.size() - tail.size(), tail.size(), tail) == 0) {
        line.resize(line.size() - tail.size());
      }
    }
    std::string where = file + ":" + line.substr(num_start, num_end - num_start);
    out.emplace_back(where, file + line.substr(go + 3));
    if (out.size() >= 20) break;
  }
  return out;
}

std::string BuildCommandLine(const std::string& build_error) {
  std::string first = Lines(build_error).empty() ? "" : Lines(build_error).front();
  static const std::string kPrefix = "Build Error: ";
  std::string command = first.rfind(kPrefix, 0) == 0 ? first.substr(kPrefix.size()) : first;
  size_t o = command.find(" -o ");  // the private temp output is gone by now
  if (o != std::string::npos) {
    size_t end = command.find(' ', o + 4);
    command.erase(o, end == std::string::npos ? std::string::npos : end - o);
  }
  return command;
}

std::string FirstLines(const std::string& text, size_t n) {
  auto lines = Lines(Trim(text));
  std::string out;
  for (size_t i = 0; i < lines.size() && i < n; ++i) out += (i ? "\n" : "") + lines[i];
  if (lines.size() > n) out += fmt::format("\n… ({} more lines)", lines.size() - n);
  return out;
}

}  // namespace godiag::rules

#include "probe/go_output.h"

#include <simdjson.h>

namespace godiag::probe {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAbsolute(std::string_view p) {
  return p.starts_with("/") || (p.size() > 2 && p[1] == ':' && (p[2] == '\\' || p[2] == '/'));
}

// dir + "/" + rel with "." and ".." segments folded (lexically, as filepath.Join does).
std::string JoinClean(const std::string& dir, std::string_view rel) {
  std::string joined = IsAbsolute(rel) ? std::string(rel) : dir + "/" + std::string(rel);
  bool abs = joined.starts_with("/");
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!abs) parts.push_back(seg);
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(std::move(seg));
    }
    start = end + 1;
  }
  std::string out = abs ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

bool ParseInt(std::string_view s, size_t& i, int& out) {
  size_t start = i;
  long v = 0;
  while (i < s.size() && IsDigit(s[i]) && i - start < 9) v = v * 10 + (s[i++] - '0');
  if (i == start) return false;
  out = static_cast<int>(v);
  return true;
}

std::vector<std::string> Strings(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::vector<std::string> out;
  simdjson::dom::array a;
  if (e.get(a) != simdjson::SUCCESS) return out;
  for (auto v : a) {
    std::string_view s;
    if (v.get(s) == simdjson::SUCCESS) out.emplace_back(s);
  }
  return out;
}

std::string Str(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  if (o[key].get(s) != simdjson::SUCCESS) return "";
  return std::string(s);
}

GoListError ReadError(simdjson::dom::object o) {
  GoListError e;
  e.pos = Str(o, "Pos");
  e.err = Str(o, "Err");
  e.import_stack = Strings(o["ImportStack"]);
  return e;
}

}  // namespace

bool SplitPosition(std::string_view text, std::string& path, int& line, int& column, std::string_view& rest) {
  for (size_t colon = text.find(':'); colon != std::string_view::npos; colon = text.find(':', colon + 1)) {
    if (colon == 0) continue;
    size_t i = colon + 1;
    int l = 0, c = 0;
    if (!ParseInt(text, i, l) || i >= text.size() || text[i] != ':') continue;
    ++i;
    size_t after_line = i;
    if (ParseInt(text, i, c) && i < text.size() && text[i] == ':') ++i;
    else { c = 0; i = after_line; }
    if (i < text.size() && text[i] != ' ') continue;
    path = std::string(text.substr(0, colon));
    line = l;
    column = c;
    rest = i < text.size() ? text.substr(i + 1) : std::string_view();
    return true;
  }
  return false;
}

std::vector<GoCommandError> ParseGoCommandOutput(std::string_view output, const std::string& dir) {
  std::vector<GoCommandError> out;
  std::string package;
  bool continues = false;  // the previous line was an error that a "\t…" line may continue
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    std::string_view line = output.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) { continues = false; continue; }
    if (line[0] == '\t' && continues) {
      out.back().message += "\n";
      out.back().message += line;
      continue;
    }
    continues = false;
    if (line.starts_with("# ")) {
      package = std::string(line.substr(2));
      continue;
    }
    if (line.starts_with("go: downloading ") || line.starts_with("go: finding ") || line.starts_with("go: extracting ")) continue;
    GoCommandError e;
    e.package = package;
    if (line.starts_with("vet: ")) {
      e.vet_type_error = true;
      line.remove_prefix(5);
    }
    std::string path;
    std::string_view rest;
    if (SplitPosition(line, path, e.line, e.column, rest)) {
      e.file = JoinClean(dir, path);
      e.message = std::string(rest);
    } else {
      e.message = std::string(line);
    }
    out.push_back(std::move(e));
    continues = true;
  }
  return out;
}

core::Expected<std::vector<GoListPackage>> ParseGoListJson(std::string_view stream) {
  std::vector<GoListPackage> out;
  if (stream.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(stream);
  simdjson::dom::document_stream docs;
  if (auto err = parser.parse_many(padded, padded.size() + 64).get(docs); err) {
    return core::MakeError(core::ErrorCode::kParse, std::string("go list output: ") + simdjson::error_message(err));
  }
  for (auto doc : docs) {
    simdjson::dom::object o;
    if (auto err = doc.get(o); err) {
      return core::MakeError(core::ErrorCode::kParse, std::string("go list output is not a stream of JSON objects: ") +
                                                         simdjson::error_message(err));
    }
    GoListPackage p;
    p.import_path = Str(o, "ImportPath");
    p.dir = Str(o, "Dir");
    p.name = Str(o, "Name");
    p.go_files = Strings(o["GoFiles"]);
    p.cgo_files = Strings(o["CgoFiles"]);
    p.ignored_go_files = Strings(o["IgnoredGoFiles"]);
    p.invalid_go_files = Strings(o["InvalidGoFiles"]);
    p.test_go_files = Strings(o["TestGoFiles"]);
    p.xtest_go_files = Strings(o["XTestGoFiles"]);
    p.compiled_go_files = Strings(o["CompiledGoFiles"]);
    simdjson::dom::object err;
    if (o["Error"].get(err) == simdjson::SUCCESS) p.error = ReadError(err);
    simdjson::dom::array deps;
    if (o["DepsErrors"].get(deps) == simdjson::SUCCESS) {
      for (auto d : deps) {
        simdjson::dom::object de;
        if (d.get(de) == simdjson::SUCCESS) p.deps_errors.push_back(ReadError(de));
      }
    }
    bool b = false;
    if (o["Incomplete"].get(b) == simdjson::SUCCESS) p.incomplete = b;
    b = false;
    if (o["DepOnly"].get(b) == simdjson::SUCCESS) p.dep_only = b;
    simdjson::dom::object mod;
    if (o["Module"].get(mod) == simdjson::SUCCESS) {
      p.module_path = Str(mod, "Path");
      p.module_dir = Str(mod, "Dir");
      p.module_go_version = Str(mod, "GoVersion");
    }
    out.push_back(std::move(p));
  }
  if (docs.truncated_bytes() > 0) {
    return core::MakeError(core::ErrorCode::kParse, "go list output ends inside a JSON object");
  }
  return out;
}

}  // namespace godiag::probe

#include "core/report_diff.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace godiag::core {

namespace {

using Json = nlohmann::json;

std::string Str(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

const Json& Member(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// A scalar (or an array of scalars) as one comparable string; objects as compact JSON.
std::string Scalar(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "";
  if (j.is_array() && std::all_of(j.begin(), j.end(), [](const Json& e) { return e.is_primitive(); })) {
    std::string s;
    for (const auto& e : j) s += (s.empty() ? "" : ", ") + Scalar(e);
    return s;
  }
  return j.dump();
}

std::vector<std::string> Tokens(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool HasToken(const std::string& text, const std::string& word) {
  auto t = Tokens(text);
  return std::find(t.begin(), t.end(), word) != t.end();
}

// Keys whose values change from run to run without meaning anything: timings, pids, ages.
bool IsCosmeticKey(const std::string& key) {
  static const std::set<std::string> kKeys = {"pid", "ppid", "age_s", "elapsed_ms", "start_time", "time",
                                              "timestamp", "duration_ms", "ms", "latency_ms", "remote_ip"};
  if (kKeys.count(key)) return true;
  auto ends = [&](const char* s) {
    std::string suffix = s;
    return key.size() >= suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends("_ms") || ends("_us") || ends("_pid") || ends("_time") || ends("_age");
}

// ---- the new report's findings, for ranking ----

struct FindingInfo {
  std::string id, severity, subject, side, message, caused_by;
  std::vector<std::pair<std::string, std::string>> evidence;  // key, value (and source folded into key)
  bool is_new = false;
};

int SeverityWeight(const std::string& s) { return s == "error" ? 2 : s == "warning" ? 1 : 0; }

std::string WithoutWorkspace(std::string s, const std::string& ws) {
  if (ws.size() < 2) return s;
  for (size_t at = s.find(ws); at != std::string::npos; at = s.find(ws, at + 11)) s.replace(at, ws.size(), "<workspace>");
  return s;
}

std::string FindingKey(const Json& f, const std::string& ws) {
  return Str(f, "id") + "\x1f" + Str(f, "side") + "\x1f" + WithoutWorkspace(Str(f, "subject"), ws);
}

FindingInfo InfoOf(const Json& f) {
  FindingInfo i{Str(f, "id"), Str(f, "severity"), Str(f, "subject"), Str(f, "side"), Str(f, "message"),
                Str(Member(f, "caused_by"), "id"), {}, false};
  for (const auto& e : Member(f, "evidence"))
    if (e.is_object()) i.evidence.emplace_back(Str(e, "source") + " " + Str(e, "key"), Str(e, "value"));
  return i;
}

bool SideMatches(const FindingInfo& f, const std::string& side) {
  return f.side.empty() || side.empty() || f.side == side;
}

// Does the finding name environment variable `name`: as its subject, an evidence key, or
// "NAME=" in its message or evidence?
bool NamesVariable(const FindingInfo& f, const std::string& name, const std::string& side) {
  if (!SideMatches(f, side)) return false;
  if (HasToken(f.subject, name)) return true;
  for (const auto& [key, value] : f.evidence)
    if (HasToken(key, name) || value.find(name + "=") != std::string::npos) return true;
  return f.message.find(name + "=") != std::string::npos;
}

bool NamesTool(const FindingInfo& f, const std::string& tool) {
  if (f.id.rfind("tools." + tool, 0) == 0 || HasToken(f.subject, tool)) return true;
  if ((tool == "gopls" && f.id.rfind("lsp.", 0) == 0) || (tool == "dlv" && f.id.rfind("dap.", 0) == 0)) return true;
  for (const auto& [key, value] : f.evidence)
    if (HasToken(key, tool)) return true;
  return false;
}

bool NamesText(const FindingInfo& f, const std::string& text, const std::string& side) {
  if (text.empty() || !SideMatches(f, side)) return false;
  if (f.subject.find(text) != std::string::npos) return true;
  for (const auto& [key, value] : f.evidence)
    if (value.find(text) != std::string::npos) return true;
  return false;
}

struct Ranker {
  std::vector<FindingInfo> findings;  // the new report's

  // The findings naming a value, and the rank that gives it.
  template <class Pred>
  void Rank(DiffItem& item, Pred names, bool failing_now) const {
    if (item.rank == DiffRank::kCosmetic) return;
    int worst_new = -1;
    bool any = false;
    for (const auto& f : findings) {
      if (!names(f)) continue;
      any = true;
      if (std::find(item.named_by.begin(), item.named_by.end(), f.id) == item.named_by.end()) item.named_by.push_back(f.id);
      if (f.is_new) worst_new = std::max(worst_new, SeverityWeight(f.severity));
    }
    if (worst_new >= 1) item.rank = DiffRank::kExplains;
    else if (any || failing_now) item.rank = DiffRank::kFeeds;
    else item.rank = DiffRank::kOther;
  }
};

DiffValue EnvValueOf(const Json& v) {
  DiffValue d;
  if (!v.is_object()) return d;
  if (v.contains("unknown")) return {true, "(unknown: " + Str(v, "unknown") + ")", "unknown", ""};
  if (const Json& set = Member(v, "set"); !set.is_boolean() || !set.get<bool>()) return d;
  d.present = true;
  d.value = Str(v, "value");
  d.source = Str(v, "source");
  std::string path = Str(v, "path");
  if (!path.empty()) d.location = path + (v.contains("line") ? ":" + Str(v, "line") : "");
  return d;
}

bool SameValue(const DiffValue& a, const DiffValue& b) { return a.present == b.present && a.value == b.value; }

DiffChange ChangeOf(const DiffValue& a, const DiffValue& b) {
  return !a.present ? DiffChange::kAdded : !b.present ? DiffChange::kRemoved : DiffChange::kChanged;
}

// ---- sections ----

struct Differ {
  const ReportDocument& base;
  const ReportDocument& now;
  Ranker ranker;
  ReportDiff out;

  void Env() {
    std::map<std::string, std::pair<Json, Json>> rows;
    for (const auto& r : Member(base.doc, "environment")) rows[Str(r, "name")].first = r;
    for (const auto& r : Member(now.doc, "environment")) rows[Str(r, "name")].second = r;
    for (const auto& [name, pair] : rows) {
      for (const char* side : {"terminal", "editor"}) {
        DiffValue a = EnvValueOf(Member(pair.first, side));
        DiffValue b = EnvValueOf(Member(pair.second, side));
        bool value_differs = !SameValue(a, b);
        if (!value_differs && a.source == b.source) continue;
        DiffItem item{DiffKind::kEnv, ChangeOf(a, b), DiffRank::kOther, name, side, value_differs ? "value" : "source",
                      a, b, {}, ""};
        if (value_differs)
          ranker.Rank(item, [&](const FindingInfo& f) { return NamesVariable(f, name, side); }, false);
        out.items.push_back(std::move(item));
      }
    }
  }

  // Tools rows: gopls, dlv, git once; go once per side (the terminal's first go on PATH is the one in effect).
  static std::map<std::string, Json> ToolRows(const Json& tools) {
    std::map<std::string, Json> rows;
    for (const auto& t : tools) {
      std::string detail = Str(t, "detail");
      std::string side = detail.rfind("terminal:", 0) == 0 ? "terminal" : detail.rfind("editor:", 0) == 0 ? "editor" : "";
      std::string key = Str(t, "name") + "\x1f" + side;
      for (int n = 2; rows.count(key); ++n) key = Str(t, "name") + "\x1f" + side + " #" + std::to_string(n);
      rows[key] = t;
    }
    return rows;
  }

  void Tools() {
    auto a = ToolRows(Member(base.doc, "tools"));
    auto b = ToolRows(Member(now.doc, "tools"));
    std::set<std::string> keys;
    for (const auto& [k, v] : a) keys.insert(k);
    for (const auto& [k, v] : b) keys.insert(k);
    for (const auto& key : keys) {
      std::string name = key.substr(0, key.find('\x1f'));
      std::string side = key.substr(key.find('\x1f') + 1);
      const Json& ta = a.count(key) ? a[key] : Json();
      const Json& tb = b.count(key) ? b[key] : Json();
      for (const char* field : {"version", "path", "detail"}) {
        std::string va = Str(ta, field), vb = Str(tb, field);
        if (va == vb) continue;
        DiffItem item{DiffKind::kTool, ChangeOf({!va.empty(), va, "", ""}, {!vb.empty(), vb, "", ""}), DiffRank::kOther,
                      name, side, field, {!va.empty(), va, "", ""}, {!vb.empty(), vb, "", ""}, {}, ""};
        if (std::string(field) != "detail")
          ranker.Rank(item, [&](const FindingInfo& f) { return NamesTool(f, name); }, vb.empty());
        out.items.push_back(std::move(item));
      }
    }
  }

  // Leaves of an object as "a.b[2].c" -> text; arrays of scalars are one leaf. Below a depth
  // no report reaches, the rest is one leaf (a hostile file must not exhaust the stack).
  static void Flatten(const Json& j, const std::string& prefix, std::map<std::string, std::string>& out,
                      int depth = 0) {
    if (depth > 16) {
      out[prefix] = j.dump();
    } else if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it)
        Flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out, depth + 1);
    } else if (j.is_array() && !std::all_of(j.begin(), j.end(), [](const Json& e) { return e.is_primitive(); })) {
      for (size_t i = 0; i < j.size(); ++i) Flatten(j[i], prefix + "[" + std::to_string(i) + "]", out, depth + 1);
    } else {
      out[prefix] = Scalar(j);
    }
  }

  static std::string LastKey(const std::string& path) {
    size_t dot = path.find_last_of('.');
    std::string k = dot == std::string::npos ? path : path.substr(dot + 1);
    size_t br = k.find('[');
    return br == std::string::npos ? k : k.substr(0, br);
  }

  static bool LooksFailing(const std::string& field, const std::string& value) {
    std::string k = LastKey(field);
    if (k == "error" || k == "go_error" || k == "failure" || k == "problem") return !value.empty();
    return (k == "ok" || k == "reachable" || k == "verified") && value == "false";
  }

  // Compares two keyed objects leaf by leaf; `text` is what a finding must mention to name it.
  void Leaves(DiffKind kind, const std::string& name, const std::string& side, const std::string& text,
              const Json& a, const Json& b) {
    std::map<std::string, std::string> fa, fb;
    Flatten(a, "", fa);
    Flatten(b, "", fb);
    std::set<std::string> keys;
    for (const auto& [k, v] : fa) keys.insert(k);
    for (const auto& [k, v] : fb) keys.insert(k);
    for (const auto& k : keys) {
      bool ha = fa.count(k) && !fa[k].empty(), hb = fb.count(k) && !fb[k].empty();
      std::string va = ha ? fa[k] : "", vb = hb ? fb[k] : "";
      if (va == vb) continue;
      DiffItem item{kind,       ChangeOf({ha, va, "", ""}, {hb, vb, "", ""}),
                    IsCosmeticKey(LastKey(k)) ? DiffRank::kCosmetic : DiffRank::kOther,
                    name,       side, k, {ha, va, "", ""}, {hb, vb, "", ""}, {}, ""};
      ranker.Rank(item, [&](const FindingInfo& f) { return NamesText(f, text, side); }, LooksFailing(k, vb));
      out.items.push_back(std::move(item));
    }
  }

  template <class KeyFn>
  void Keyed(DiffKind kind, const std::string& side, const Json& a, const Json& b, KeyFn key) {
    std::map<std::string, std::pair<Json, Json>> rows;
    for (const auto& r : a) rows[key(r)].first = r;
    for (const auto& r : b) rows[key(r)].second = r;
    for (const auto& [k, pair] : rows) {
      if (pair.first.is_null() || pair.second.is_null()) {
        bool added = pair.first.is_null();
        const Json& r = added ? pair.second : pair.first;
        DiffValue v{true, Str(r, "error").empty() ? Str(r, "go_error") : Str(r, "error"), "", ""};
        DiffItem item{kind, added ? DiffChange::kAdded : DiffChange::kRemoved, DiffRank::kOther, k, side, "",
                      added ? DiffValue{} : v, added ? v : DiffValue{}, {}, ""};
        ranker.Rank(item, [&](const FindingInfo& f) { return NamesText(f, ModuleOf(k), side); }, added && !v.value.empty());
        out.items.push_back(std::move(item));
        continue;
      }
      Leaves(kind, k, side, ModuleOf(k), pair.first, pair.second);
    }
  }

  // What a finding names for a keyed row: the module of "path@version" or "direct path", else the key.
  static std::string ModuleOf(std::string key) {
    if (key.rfind("direct ", 0) == 0) key = key.substr(7);
    return key.find("://") == std::string::npos ? key.substr(0, key.find('@')) : key;
  }

  void Routes() {
    bool ha = base.doc.contains("routes"), hb = now.doc.contains("routes");
    if (ha != hb) return out.notes.push_back(std::string("routes: only in the ") + (ha ? "baseline" : "new report"));
    Keyed(DiffKind::kRoute, "terminal", Member(base.doc, "routes"), Member(now.doc, "routes"),
          [](const Json& r) { return Str(r, "module"); });
  }

  void Net() {
    bool ha = base.doc.contains("net"), hb = now.doc.contains("net");
    if (ha != hb)
      return out.notes.push_back(std::string("network probes: only in the ") + (ha ? "baseline" : "new report") +
                                 " (the other ran with --offline); network answers not compared");
    std::map<std::string, std::pair<Json, Json>> sides;
    for (const auto& n : Member(base.doc, "net")) sides[Str(n, "side")].first = n;
    for (const auto& n : Member(now.doc, "net")) sides[Str(n, "side")].second = n;
    for (const auto& [side, pair] : sides) {
      const Json &a = pair.first, &b = pair.second;
      Keyed(DiffKind::kNet, side, Member(a, "modules"), Member(b, "modules"),
            [](const Json& m) { return Str(m, "module") + "@" + Str(m, "version"); });
      Keyed(DiffKind::kNet, side, Member(a, "proxies"), Member(b, "proxies"), [](const Json& p) { return Str(p, "url"); });
      Keyed(DiffKind::kNet, side, Member(a, "direct"), Member(b, "direct"),
            [](const Json& d) { return "direct " + Str(d, "module"); });
      Leaves(DiffKind::kNet, "checksum database", side, "sumdb", Member(a, "sumdb"), Member(b, "sumdb"));
      Leaves(DiffKind::kNet, "network", side, "", Json{{"roots", Member(a, "roots")}, {"elapsed_ms", Member(a, "elapsed_ms")}},
             Json{{"roots", Member(b, "roots")}, {"elapsed_ms", Member(b, "elapsed_ms")}});
    }
  }

  void Lsp() {
    bool ha = base.doc.contains("lsp"), hb = now.doc.contains("lsp");
    if (ha != hb)
      return out.notes.push_back(std::string("gopls handshake: only in the ") + (ha ? "baseline" : "new report") +
                                 " (the other ran with --no-lsp or found no gopls)");
    Leaves(DiffKind::kLsp, "gopls handshake", "editor", "gopls", Member(base.doc, "lsp"), Member(now.doc, "lsp"));
  }

  void Findings() {
    std::map<std::string, Json> a, b;
    for (const auto& f : Member(base.doc, "findings")) a[FindingKey(f, base.workspace)] = f;
    for (const auto& f : Member(now.doc, "findings")) b[FindingKey(f, now.workspace)] = f;
    // Ranking reads the new report's findings; "new" = not in the baseline.
    for (const auto& [k, f] : b) {
      FindingInfo i = InfoOf(f);
      i.is_new = !a.count(k);
      ranker.findings.push_back(std::move(i));
    }
    for (const auto& [k, f] : b) {
      auto old = a.find(k);
      std::string sev = Str(f, "severity");
      DiffValue after{true, Str(f, "message"), sev, Str(f, "subject")};
      if (old == a.end()) {
        bool root = Str(Member(f, "caused_by"), "id").empty();
        if (root && sev == "error") ++out.new_errors;
        if (root && sev == "warning") ++out.new_warnings;
        out.items.push_back({DiffKind::kFinding, DiffChange::kAdded, DiffRank::kFinding, Str(f, "id"), Str(f, "side"),
                             "", {}, after, {}, Str(Member(f, "caused_by"), "id")});
      } else if (Str(old->second, "severity") != sev) {
        DiffValue before{true, Str(old->second, "message"), Str(old->second, "severity"), Str(old->second, "subject")};
        if (SeverityWeight(sev) > SeverityWeight(before.source) && Str(Member(f, "caused_by"), "id").empty()) {
          if (sev == "error") ++out.new_errors;
          else ++out.new_warnings;
        }
        out.items.push_back({DiffKind::kFinding, DiffChange::kChanged, DiffRank::kFinding, Str(f, "id"), Str(f, "side"),
                             "severity", before, after, {}, Str(Member(f, "caused_by"), "id")});
      }
    }
    for (const auto& [k, f] : a) {
      if (b.count(k)) continue;
      ++out.gone_findings;
      DiffValue before{true, Str(f, "message"), Str(f, "severity"), Str(f, "subject")};
      out.items.push_back({DiffKind::kFinding, DiffChange::kRemoved, DiffRank::kFinding, Str(f, "id"), Str(f, "side"), "",
                           before, {}, {}, Str(Member(f, "caused_by"), "id")});
    }
  }

  void Notes() {
    std::set<std::string> a, b;
    for (const auto& n : Member(base.doc, "notes")) a.insert(WithoutWorkspace(Scalar(n), base.workspace));
    for (const auto& n : Member(now.doc, "notes")) b.insert(WithoutWorkspace(Scalar(n), now.workspace));
    for (const auto& n : b)
      if (!a.count(n)) out.items.push_back({DiffKind::kNote, DiffChange::kAdded, DiffRank::kOther, "note", "", "", {}, {true, n, "", ""}, {}, ""});
    for (const auto& n : a)
      if (!b.count(n)) out.items.push_back({DiffKind::kNote, DiffChange::kRemoved, DiffRank::kOther, "note", "", "", {true, n, "", ""}, {}, {}, ""});
  }
};

// Within a rank: findings new before gone, errors first, causes before consequences; values
// named by the worst new finding first, then by the most new findings, then by the most.
// `new_severity`: id -> worst severity (SeverityWeight) of the new report's new findings.
int ItemWeight(const DiffItem& i, const std::map<std::string, int>& new_severity) {
  if (i.kind == DiffKind::kFinding) {
    const DiffValue& v = i.change == DiffChange::kRemoved ? i.before : i.after;
    return (i.change == DiffChange::kRemoved ? 0 : 10) + SeverityWeight(v.source) * 2 + (i.caused_by.empty() ? 1 : 0);
  }
  int worst = -1, fresh = 0;
  for (const auto& id : i.named_by) {
    auto it = new_severity.find(id);
    if (it == new_severity.end()) continue;
    worst = std::max(worst, it->second);
    ++fresh;
  }
  return (worst + 1) * 10000 + fresh * 100 + static_cast<int>(i.named_by.size());
}

bool ItemLess(const DiffItem& a, const DiffItem& b, const std::map<std::string, int>& new_severity) {
  if (a.rank != b.rank) return a.rank < b.rank;
  int wa = ItemWeight(a, new_severity), wb = ItemWeight(b, new_severity);
  if (wa != wb) return wa > wb;
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.name != b.name) return a.name < b.name;
  auto side_order = [](const std::string& s) { return s == "terminal" ? 0 : s == "editor" ? 1 : 2; };
  if (a.side != b.side) return side_order(a.side) != side_order(b.side) ? side_order(a.side) < side_order(b.side)
                                                                         : a.side < b.side;
  return a.field < b.field;
}

// Deepest nesting of arrays and objects (strings skipped). Reports are a few levels deep;
// rendering a hostile 100 000-deep one would recurse that deep.
size_t NestingDepth(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

constexpr size_t kMaxNesting = 64;

}  // namespace

const char* DiffKindName(DiffKind k) {
  switch (k) {
    case DiffKind::kEnv: return "environment";
    case DiffKind::kTool: return "tool";
    case DiffKind::kRoute: return "route";
    case DiffKind::kNet: return "network";
    case DiffKind::kLsp: return "lsp";
    case DiffKind::kFinding: return "finding";
    case DiffKind::kNote: return "note";
  }
  return "?";
}

const char* DiffChangeName(DiffChange c) {
  switch (c) {
    case DiffChange::kAdded: return "added";
    case DiffChange::kRemoved: return "removed";
    case DiffChange::kChanged: return "changed";
  }
  return "?";
}

const char* DiffRankName(DiffRank r) {
  switch (r) {
    case DiffRank::kExplains: return "explains";
    case DiffRank::kFinding: return "finding";
    case DiffRank::kFeeds: return "feeds";
    case DiffRank::kOther: return "other";
    case DiffRank::kCosmetic: return "cosmetic";
  }
  return "?";
}

Expected<ReportDocument> ParseReportDocument(std::string_view text, const std::string& name) {
  ReportDocument r;
  if (NestingDepth(text) > kMaxNesting)
    return MakeError(ErrorCode::kInvalidArgument,
                     name + ": not a godiag report (nested deeper than " + std::to_string(kMaxNesting) + " levels)");
  try {
    r.doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // nlohmann's message ends in "...; last read: ...": keep its position, drop its prefix.
    std::string what = e.what();
    size_t at = what.find("parse error");
    return MakeError(ErrorCode::kParse, name + ": not JSON: " + (at == std::string::npos ? what : what.substr(at)));
  }
  if (!r.doc.is_object())
    return MakeError(ErrorCode::kInvalidArgument, name + ": not a godiag report (a JSON " +
                                                      std::string(r.doc.type_name()) + ", not an object)");
  std::string schema = Str(r.doc, "schema");
  const std::string prefix = "godiag.report/";
  if (schema.empty()) {
    // Reports before the schema field: the doctor's shape without it.
    if (!r.doc.contains("godiag_version") || !r.doc.contains("findings"))
      return MakeError(ErrorCode::kInvalidArgument,
                       name + ": not a godiag report (no \"schema\" field; write one with `godiag --format json`)");
  } else if (schema.rfind(prefix, 0) != 0) {
    return MakeError(ErrorCode::kInvalidArgument, name + ": not a godiag report (schema \"" + schema + "\")");
  } else {
    std::string v = schema.substr(prefix.size());
    if (v.empty() || v.size() > 6 || !std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return MakeError(ErrorCode::kInvalidArgument, name + ": unknown report schema \"" + schema + "\"");
    r.schema_version = std::stoi(v);
    if (r.schema_version > kReportSchemaVersion)
      return MakeError(ErrorCode::kInvalidArgument,
                       name + ": report schema version " + v + " is newer than this godiag reads (" +
                           std::to_string(kReportSchemaVersion) + "); use a newer godiag");
  }
  if (!r.doc.contains("findings") || !r.doc["findings"].is_array())
    return MakeError(ErrorCode::kInvalidArgument, name + ": not a doctor report (no \"findings\" list)");
  for (const char* list : {"environment", "tools", "routes", "net", "notes"})
    if (r.doc.contains(list) && !r.doc[list].is_array())
      return MakeError(ErrorCode::kInvalidArgument, name + ": \"" + std::string(list) + "\" is not a list");
  r.godiag_version = Str(r.doc, "godiag_version");
  r.workspace = Str(r.doc, "workspace");
  return r;
}

ReportDiff DiffReports(const ReportDocument& baseline, const ReportDocument& report) {
  Differ d{baseline, report, {}, {}};
  d.out.baseline_version = baseline.godiag_version;
  d.out.report_version = report.godiag_version;
  d.out.baseline_workspace = baseline.workspace;
  d.out.report_workspace = report.workspace;
  d.out.baseline_schema = baseline.schema_version;
  d.out.report_schema = report.schema_version;
  d.Findings();  // first: ranking the values reads which findings are new
  d.Env();
  d.Tools();
  d.Routes();
  d.Net();
  d.Lsp();
  d.Notes();
  if (!baseline.doc.contains("environment") || !report.doc.contains("environment"))
    d.out.notes.push_back("environment: missing from one report (not a doctor report?); values not compared");
  if (baseline.workspace != report.workspace && !baseline.workspace.empty() && !report.workspace.empty())
    d.out.notes.push_back("the reports are of different folders: " + baseline.workspace + " and " + report.workspace +
                          " (paths inside them are compared as <workspace>)");
  if (baseline.godiag_version != report.godiag_version)
    d.out.notes.push_back("written by different godiag versions (" + baseline.godiag_version + ", " +
                          report.godiag_version + "): checks added since may show as new findings");
  std::map<std::string, int> new_severity;
  for (const auto& f : d.ranker.findings)
    if (f.is_new) new_severity[f.id] = std::max(new_severity[f.id], SeverityWeight(f.severity));
  for (auto& item : d.out.items)  // the new findings that name a value first
    std::stable_partition(item.named_by.begin(), item.named_by.end(),
                          [&](const std::string& id) { return new_severity.count(id) > 0; });
  std::stable_sort(d.out.items.begin(), d.out.items.end(),
                   [&](const DiffItem& a, const DiffItem& b) { return ItemLess(a, b, new_severity); });
  return d.out;
}

}  // namespace godiag::core

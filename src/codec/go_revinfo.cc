#include "codec/go_revinfo.h"

#include <cstdint>
#include <functional>
#include <optional>

#include "codec/go_json.h"
#include "codec/go_strings.h"
#include "codec/go_time.h"

namespace godiag::codec {

namespace {

// A reader of JSON that GoJsonSyntaxError has accepted: positions only, no checks.
bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

size_t SkipWs(std::string_view d, size_t i) {
  while (i < d.size() && IsWs(d[i])) ++i;
  return i;
}

size_t StringEnd(std::string_view d, size_t i) {  // d[i] == '"'
  for (++i; i < d.size() && d[i] != '"'; ++i)
    if (d[i] == '\\') ++i;
  return i + 1;
}

size_t ValueEnd(std::string_view d, size_t i) {
  if (d[i] == '"') return StringEnd(d, i);
  if (d[i] == '{' || d[i] == '[') {
    size_t depth = 0;
    for (; i < d.size(); ++i) {
      if (d[i] == '"') {
        i = StringEnd(d, i) - 1;
      } else if (d[i] == '{' || d[i] == '[') {
        ++depth;
      } else if ((d[i] == '}' || d[i] == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return i;
  }
  while (i < d.size() && !IsWs(d[i]) && d[i] != ',' && d[i] != '}' && d[i] != ']') ++i;
  return i;
}

const char* Kind(char first) {
  switch (first) {
    case '"': return "string";
    case '{': return "object";
    case '[': return "array";
    case 't':
    case 'f': return "bool";
    case 'n': return "null";
    default: return "number";
  }
}

// encoding/json's unquote of a string literal: escapes, surrogate pairs (a lone one becomes
// U+FFFD and its partner stays), invalid UTF-8 as U+FFFD per byte.
std::string Unquote(std::string_view lit) {
  std::string out;
  std::string_view s = lit.substr(1, lit.size() - 2);
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '\\') {
      size_t w = 1;
      uint32_t r = detail::DecodeRune(s, i, &w);
      if (r == 0xFFFD && w == 1) detail::AppendRune(&out, 0xFFFD);
      else out.append(s.substr(i, w));
      i += w;
      continue;
    }
    i += 1 + DecodeJsonEscape(s, i + 1, &out);  // valid JSON: always an escape
  }
  return out;
}

// foldName(key) == foldName(name) for an ASCII field name: letters match either case, and
// U+017F (long s) and U+212A (Kelvin sign) fold to S and K.
bool KeyMatches(const std::string& key, std::string_view name) {
  size_t k = 0;
  for (char want : name) {
    auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    if (k < key.size() && static_cast<unsigned char>(key[k]) < 0x80) {
      if (upper(key[k]) != upper(want)) return false;
      ++k;
      continue;
    }
    size_t w = 1;
    uint32_t r = k < key.size() ? detail::DecodeRune(key, k, &w) : 0;
    if (!((r == 0x17F && upper(want) == 'S') || (r == 0x212A && upper(want) == 'K'))) return false;
    k += w;
  }
  return k == key.size();
}

// The members of the object at d[i] ('{'), in order: f(key, value start, value end).
void ForEachMember(std::string_view d, size_t i, const std::function<bool(const std::string&, size_t, size_t)>& f) {
  i = SkipWs(d, i + 1);
  while (i < d.size() && d[i] == '"') {
    size_t key_end = StringEnd(d, i);
    std::string key = Unquote(d.substr(i, key_end - i));
    size_t v = SkipWs(d, SkipWs(d, key_end) + 1);  // past ':'
    size_t v_end = ValueEnd(d, v);
    if (!f(key, v, v_end)) return;
    i = SkipWs(d, v_end);
    if (i < d.size() && d[i] == ',') i = SkipWs(d, i + 1);
  }
}

constexpr std::string_view kOriginFields[] = {"VCS", "URL", "Subdir", "Hash", "TagPrefix", "TagSum", "Ref", "RepoSum"};

struct Decoder {
  std::string_view d;
  std::string version;
  std::optional<std::string> saved;  // the first type error (saveError)
  std::optional<std::string> fatal;  // an Unmarshaler's error: decoding stops

  void Save(const std::string& err) {
    if (!saved) saved = err;
  }
  std::string TypeError(char first, const std::string& field, const std::string& type) const {
    return std::string("json: cannot unmarshal ") + Kind(first) + " into Go struct field " + field + " of type " + type;
  }

  void Origin(size_t v) {
    if (d[v] == 'n') return;
    if (d[v] != '{') return Save(TypeError(d[v], "RevInfo.Origin", "codehost.Origin"));
    ForEachMember(d, v, [&](const std::string& key, size_t s, size_t) {
      for (std::string_view name : kOriginFields) {
        if (!KeyMatches(key, name)) continue;
        if (d[s] != '"' && d[s] != 'n') Save(TypeError(d[s], "Origin.Origin." + std::string(name), "string"));
        break;
      }
      return true;
    });
  }

  void Top() {
    ForEachMember(d, SkipWs(d, 0), [&](const std::string& key, size_t v, size_t v_end) {
      if (KeyMatches(key, "Version")) {
        if (d[v] == '"') version = Unquote(d.substr(v, v_end - v));
        else if (d[v] != 'n') Save(TypeError(d[v], "RevInfo.Version", "string"));
      } else if (KeyMatches(key, "Time")) {
        std::string err = GoTimeUnmarshalJsonError(d.substr(v, v_end - v));
        if (!err.empty()) {
          fatal = err;
          return false;
        }
      } else if (KeyMatches(key, "Origin")) {
        Origin(v);
      }
      return true;
    });
  }
};

}  // namespace

std::string GoRevInfoError(std::string_view data, std::string* version) {
  if (version) version->clear();
  std::string syntax = GoJsonSyntaxError(data);
  if (!syntax.empty()) return syntax;
  char top = data[SkipWs(data, 0)];
  if (top == 'n') return "";
  if (top != '{') return std::string("json: cannot unmarshal ") + Kind(top) + " into Go value of type modfetch.RevInfo";
  Decoder dec{data, "", std::nullopt, std::nullopt};
  dec.Top();
  if (version) *version = dec.version;
  if (dec.fatal) return *dec.fatal;
  return dec.saved.value_or("");
}

}  // namespace godiag::codec

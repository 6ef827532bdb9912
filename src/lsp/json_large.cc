#include "lsp/json_large.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace godiag::lsp {

struct LargeObjectScanner::Impl {
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1;
  size_t capacity = 0;
  std::unique_ptr<char[]> copy;
  size_t copy_capacity = 0;
  std::vector<char> stack;
};

LargeObjectScanner::LargeObjectScanner() : impl_(std::make_unique<Impl>()) {}
LargeObjectScanner::~LargeObjectScanner() = default;

namespace {

constexpr size_t kMaxDepth = 1000;  // simdjson's DOM parser allows 1024

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The escapes in a string's content; false for any simdjson might reject (or we cannot vouch for).
bool EscapesValid(std::string_view s, bool& escaped) {
  const char* p = s.data();
  const char* end = p + s.size();
  while (true) {
    // Escapes come close together in source text: look a few bytes ahead before memchr.
    const char* near_end = p + 16 < end ? p + 16 : end;
    const char* q = p;
    while (q < near_end && *q != '\\') ++q;
    const void* b = q < near_end ? q : std::memchr(q, '\\', static_cast<size_t>(end - q));
    if (!b) return true;
    escaped = true;
    p = static_cast<const char*>(b) + 1;
    if (p >= end) return false;
    char e = *p;
    if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      ++p;
      continue;
    }
    if (e != 'u' || end - p < 5) return false;
    if (!IsHex(p[1]) || !IsHex(p[2]) || !IsHex(p[3]) || !IsHex(p[4])) return false;
    char hi = static_cast<char>(p[1] | 0x20);
    if (hi == 'd' && (p[2] >= '8' || (p[2] | 0x20) >= 'a')) return false;  // surrogates: ask the DOM parser
    p += 5;
  }
}

// An integer of up to 18 digits (no fraction, no exponent): what simdjson surely parses.
bool PlainInteger(std::string_view s) {
  size_t i = s.size() > 0 && s[0] == '-' ? 1 : 0;
  size_t digits = s.size() - i;
  if (digits == 0 || digits > 18) return false;
  if (s[i] == '0' && digits > 1) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// Bytes of an array of integers: digits, ',' and '-'.
struct NumberBytes {
  bool in[256] = {};
  NumberBytes() {
    for (char c : std::string_view("0123456789,-")) in[static_cast<unsigned char>(c)] = true;
  }
};
const NumberBytes kNumberBytes;

// Where the array of plain integers whose elements start at `p` ends (its ']'), or nullptr.
// The checks are pairs and triples of neighbouring bytes, without a state carried from byte
// to byte, so that they vectorise; the digit count of each element is checked on the
// structural indexes by the caller.
const char* IntArrayEnd(const char* p, const char* end) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  size_t lim = static_cast<size_t>(end - p);
  size_t m = 0;
  while (m < lim && kNumberBytes.in[b[m]]) ++m;
  if (m == lim || b[m] != ']' || m < 1) return nullptr;
  auto digit = [](unsigned char c) { return static_cast<unsigned>(static_cast<unsigned char>(c - '0') <= 9); };
  unsigned bad = static_cast<unsigned>(b[0] == ',') | (digit(b[m - 1]) ^ 1u);
  if (m > 1) bad |= static_cast<unsigned>(b[0] == '0') & digit(b[1]);
  for (size_t i = 1; i < m; ++i) {
    unsigned char c = b[i], pr = b[i - 1];
    bad |= static_cast<unsigned>(c == ',') & (static_cast<unsigned>(pr == ',') | static_cast<unsigned>(pr == '-'));
    bad |= static_cast<unsigned>(c == '-') & static_cast<unsigned>(pr != ',');
  }
  for (size_t i = 2; i < m; ++i) {  // a leading zero: ",0" or "-0" followed by a digit
    unsigned char c = b[i], pr = b[i - 1], pp = b[i - 2];
    bad |= digit(c) & static_cast<unsigned>(pr == '0') &
           (static_cast<unsigned>(pp == ',') | static_cast<unsigned>(pp == '-'));
  }
  return bad ? nullptr : p + m;
}

}  // namespace

std::optional<RootMembers> LargeObjectScanner::Scan(std::string_view body, size_t readable_after) {
  Impl& im = *impl_;
  const char* buf = body.data();
  size_t len = body.size();
  if (len == 0 || len > (size_t{1} << 31)) return std::nullopt;
  if (readable_after < simdjson::SIMDJSON_PADDING) {
    if (im.copy_capacity < len + simdjson::SIMDJSON_PADDING) {
      im.copy_capacity = len + len / 4 + simdjson::SIMDJSON_PADDING;
      im.copy = std::make_unique<char[]>(im.copy_capacity);
    }
    std::memcpy(im.copy.get(), buf, len);
    std::memset(im.copy.get() + len, ' ', simdjson::SIMDJSON_PADDING);
    buf = im.copy.get();
  }
  if (!im.stage1 || im.capacity < len) {
    size_t capacity = len + len / 4;
    auto error = im.stage1 ? im.stage1->allocate(capacity, 1024)
                           : simdjson::get_active_implementation()->create_dom_parser_implementation(capacity, 1024, im.stage1);
    if (error) {
      im.stage1.reset();
      im.capacity = 0;
      return std::nullopt;
    }
    im.capacity = capacity;
  }
  auto* s1 = im.stage1.get();
  if (s1->stage1(reinterpret_cast<const uint8_t*>(buf), len, simdjson::stage1_mode::regular) != simdjson::SUCCESS)
    return std::nullopt;
  const uint32_t n = s1->n_structural_indexes;
  const uint32_t* idx = s1->structural_indexes.get();
  if (n == 0 || buf[idx[0]] != '{') return std::nullopt;

  // The bytes of the token at structural k: up to the next structural, trailing space dropped.
  auto token_end = [&](uint32_t k) {
    size_t e = k + 1 < n ? idx[k + 1] : len;
    while (e > idx[k] && IsSpace(buf[e - 1])) --e;
    return e;
  };
  // A string at structural k: its content, validated.
  auto string_at = [&](uint32_t k, std::string_view& content, bool& escaped) {
    size_t e = token_end(k);
    size_t start = idx[k];
    if (e < start + 2 || buf[e - 1] != '"') return false;
    content = std::string_view(buf + start + 1, e - start - 2);
    escaped = false;
    return EscapesValid(content, escaped);
  };

  RootMembers members;
  std::optional<RootMember>* current = nullptr;  // the root member whose value comes next
  bool duplicate = false;
  enum class Expect { kValue, kValueOrEnd, kKeyOrEnd, kKey, kColon, kCommaOrEnd, kDone };
  Expect expect = Expect::kValue;
  auto& stack = im.stack;
  stack.clear();
  for (uint32_t k = 0; k < n; ++k) {
    char c = buf[idx[k]];
    switch (expect) {
      case Expect::kDone:
        return std::nullopt;  // more after the root value
      case Expect::kValueOrEnd:
        if (c == ']') {
          stack.pop_back();
          expect = stack.empty() ? Expect::kDone : Expect::kCommaOrEnd;
          break;
        }
        [[fallthrough]];
      case Expect::kValue: {
        if (!stack.empty() && stack.back() == '[' && ((c >= '0' && c <= '9') || c == '-')) {
          // Arrays of small integers (semantic tokens, ranges): "n," pairs in a tight loop.
          // Each integer must run right up to the next structural, a ',' or ']'.
          uint32_t j = k;
          while (j + 1 < n) {
            const char* t = buf + idx[j];
            const char* e = buf + idx[j + 1];
            const char* d = t + (*t == '-');
            if (d >= e || e - d > 18 || (*d == '0' && e - d > 1)) break;
            const char* q = d;
            while (q < e && static_cast<unsigned>(*q - '0') <= 9) ++q;
            if (q != e || *e != ',' || j + 2 >= n) break;
            char next = buf[idx[j + 2]];
            if (!((next >= '0' && next <= '9') || next == '-')) break;
            j += 2;
          }
          if (j != k) {
            k = j;  // at an integer again: validated by the general path below
            c = buf[idx[k]];
          }
        }
        RootMember v;
        v.type = c;
        if (c == '[' && k + 1 < n && stack.size() < kMaxDepth) {
          char first = buf[idx[k + 1]];
          if ((first >= '0' && first <= '9') || first == '-') {
            // Semantic tokens and the like: the whole array checked byte by byte, then skipped.
            if (const char* close = IntArrayEnd(buf + idx[k] + 1, buf + len)) {
              auto at = static_cast<uint32_t>(close - buf);
              const uint32_t* kk = std::lower_bound(idx + k + 1, idx + n, at);
              uint32_t longest = 0;  // an element's bytes: up to the next structural (a ',')
              for (const uint32_t* j = idx + k + 1; j + 1 <= kk && j < idx + n - 1; ++j)
                longest = std::max(longest, j[1] - j[0]);
              if (kk < idx + n && *kk == at && longest <= 18) {
                k = static_cast<uint32_t>(kk - idx);  // at the array's ']'
                expect = stack.empty() ? Expect::kDone : Expect::kCommaOrEnd;
                if (current) {
                  *current = v;
                  current = nullptr;
                }
                break;
              }
            }
          }
        }
        if (c == '{' || c == '[') {
          if (stack.size() >= kMaxDepth) return std::nullopt;
          stack.push_back(c);
          expect = c == '{' ? Expect::kKeyOrEnd : Expect::kValueOrEnd;
        } else {
          if (c == '"') {
            if (!string_at(k, v.raw, v.escaped)) return std::nullopt;
          } else {
            std::string_view tok(buf + idx[k], token_end(k) - idx[k]);
            if (tok == "true") v.type = 't';
            else if (tok == "false") v.type = 'f';
            else if (tok == "null") v.type = 'n';
            else if (PlainInteger(tok)) v.type = '0', v.raw = tok;
            else return std::nullopt;
          }
          expect = stack.empty() ? Expect::kDone : Expect::kCommaOrEnd;
        }
        if (current) {
          *current = v;
          current = nullptr;
        }
        break;
      }
      case Expect::kKeyOrEnd:
        if (c == '}') {
          stack.pop_back();
          expect = stack.empty() ? Expect::kDone : Expect::kCommaOrEnd;
          break;
        }
        [[fallthrough]];
      case Expect::kKey: {
        std::string_view key;
        bool escaped = false;
        if (c != '"' || !string_at(k, key, escaped)) return std::nullopt;
        if (stack.size() == 1) {
          if (escaped) return std::nullopt;  // a member name the DOM parser unescapes
          std::optional<RootMember>* m = key == "jsonrpc" ? &members.jsonrpc
                                         : key == "method" ? &members.method
                                         : key == "id"     ? &members.id
                                         : key == "params" ? &members.params
                                         : key == "result" ? &members.result
                                         : key == "error"  ? &members.error
                                                           : nullptr;
          if (m && m->has_value()) duplicate = true;
          current = m;
        }
        expect = Expect::kColon;
        break;
      }
      case Expect::kColon:
        if (c != ':') return std::nullopt;
        expect = Expect::kValue;
        break;
      case Expect::kCommaOrEnd:
        if (c == ',') {
          expect = stack.back() == '{' ? Expect::kKey : Expect::kValue;
        } else if ((c == '}' && stack.back() == '{') || (c == ']' && stack.back() == '[')) {
          stack.pop_back();
          expect = stack.empty() ? Expect::kDone : Expect::kCommaOrEnd;
        } else {
          return std::nullopt;
        }
        break;
    }
  }
  if (expect != Expect::kDone || duplicate) return std::nullopt;
  return members;
}

}  // namespace godiag::lsp

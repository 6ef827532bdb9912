#include "codec/go_json.h"

#include <cstdint>
#include <vector>

#include "codec/go_strings.h"
#include "codec/go_text.h"

namespace godiag::codec {

namespace {

constexpr size_t kMaxNestingDepth = 10000;

enum class St : uint8_t {
  kBeginValueOrEmpty, kBeginValue, kBeginStringOrEmpty, kBeginString, kEndValue, kEndTop, kInString, kInStringEsc,
  kEscU, kEscU1, kEscU12, kEscU123, kNeg, k1, k0, kDot, kDot0, kE, kESign, kE0,
  kT, kTr, kTru, kF, kFa, kFal, kFals, kN, kNu, kNul,
};
enum class Ps : uint8_t { kObjectKey, kObjectValue, kArrayValue };

bool IsSpace(unsigned char c) { return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n'); }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsHex(unsigned char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// quoteChar: strconv.Quote(string(c)) in single quotes; a byte >= 0x80 is the rune U+00XX.
std::string QuoteChar(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string rune;
  detail::AppendRune(&rune, c);
  std::string q = GoQuote(rune);
  return "'" + q.substr(1, q.size() - 2) + "'";
}

class Scanner {
 public:
  // False with err_ set on the first error.
  bool Step(unsigned char c);
  // scanner.eof: a space ends a pending number or literal (or fails it with its own text).
  bool Eof() {
    if (!err_.empty()) return false;
    if (st_ == St::kEndTop) return true;
    Step(' ');
    if (err_.empty() && st_ == St::kEndTop) return true;
    if (err_.empty()) err_ = "unexpected end of JSON input";
    return false;
  }
  const std::string& err() const { return err_; }

 private:
  bool Error(unsigned char c, const char* context) {
    err_ = "invalid character " + QuoteChar(c) + " " + context;
    return false;
  }
  bool Push(unsigned char c, Ps p) {
    ps_.push_back(p);
    return ps_.size() <= kMaxNestingDepth || Error(c, "exceeded max depth");
  }
  bool Pop() {
    ps_.pop_back();
    st_ = ps_.empty() ? St::kEndTop : St::kEndValue;
    return true;
  }
  bool BeginValue(unsigned char c);
  bool EndValue(unsigned char c);
  bool Literal(unsigned char c, char want, St next, const char* context) {
    if (c == static_cast<unsigned char>(want)) {
      st_ = next;
      return true;
    }
    return Error(c, context);
  }

  St st_ = St::kBeginValue;
  std::vector<Ps> ps_;
  std::string err_;
};

bool Scanner::BeginValue(unsigned char c) {
  if (IsSpace(c)) return true;
  switch (c) {
    case '{': st_ = St::kBeginStringOrEmpty; return Push(c, Ps::kObjectKey);
    case '[': st_ = St::kBeginValueOrEmpty; return Push(c, Ps::kArrayValue);
    case '"': st_ = St::kInString; return true;
    case '-': st_ = St::kNeg; return true;
    case '0': st_ = St::k0; return true;
    case 't': st_ = St::kT; return true;
    case 'f': st_ = St::kF; return true;
    case 'n': st_ = St::kN; return true;
  }
  if (c >= '1' && c <= '9') {
    st_ = St::k1;
    return true;
  }
  return Error(c, "looking for beginning of value");
}

bool Scanner::EndValue(unsigned char c) {
  if (ps_.empty()) {
    st_ = St::kEndTop;
    return Step(c);
  }
  if (IsSpace(c)) {
    st_ = St::kEndValue;
    return true;
  }
  Ps& p = ps_.back();
  switch (p) {
    case Ps::kObjectKey:
      if (c != ':') return Error(c, "after object key");
      p = Ps::kObjectValue;
      st_ = St::kBeginValue;
      return true;
    case Ps::kObjectValue:
      if (c == ',') {
        p = Ps::kObjectKey;
        st_ = St::kBeginString;
        return true;
      }
      if (c == '}') return Pop();
      return Error(c, "after object key:value pair");
    case Ps::kArrayValue:
      if (c == ',') {
        st_ = St::kBeginValue;
        return true;
      }
      if (c == ']') return Pop();
      return Error(c, "after array element");
  }
  return Error(c, "");
}

bool Scanner::Step(unsigned char c) {
  switch (st_) {
    case St::kBeginValueOrEmpty:
      if (IsSpace(c)) return true;
      if (c == ']') return EndValue(c);
      return BeginValue(c);
    case St::kBeginValue: return BeginValue(c);
    case St::kBeginStringOrEmpty:
      if (IsSpace(c)) return true;
      if (c == '}') {
        ps_.back() = Ps::kObjectValue;
        return EndValue(c);
      }
      [[fallthrough]];
    case St::kBeginString:
      if (IsSpace(c)) return true;
      if (c == '"') {
        st_ = St::kInString;
        return true;
      }
      return Error(c, "looking for beginning of object key string");
    case St::kEndValue: return EndValue(c);
    case St::kEndTop: return IsSpace(c) || Error(c, "after top-level value");
    case St::kInString:
      if (c == '"') st_ = St::kEndValue;
      else if (c == '\\') st_ = St::kInStringEsc;
      else if (c < 0x20) return Error(c, "in string literal");
      return true;
    case St::kInStringEsc:
      if (c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't' || c == '\\' || c == '/' || c == '"') {
        st_ = St::kInString;
        return true;
      }
      if (c == 'u') {
        st_ = St::kEscU;
        return true;
      }
      return Error(c, "in string escape code");
    case St::kEscU:
    case St::kEscU1:
    case St::kEscU12:
    case St::kEscU123:
      if (!IsHex(c)) return Error(c, "in \\u hexadecimal character escape");
      st_ = st_ == St::kEscU ? St::kEscU1 : st_ == St::kEscU1 ? St::kEscU12 : st_ == St::kEscU12 ? St::kEscU123 : St::kInString;
      return true;
    case St::kNeg:
      if (c == '0') st_ = St::k0;
      else if (c >= '1' && c <= '9') st_ = St::k1;
      else return Error(c, "in numeric literal");
      return true;
    case St::k1:
      if (IsDigit(c)) return true;
      [[fallthrough]];
    case St::k0:
      if (c == '.') st_ = St::kDot;
      else if (c == 'e' || c == 'E') st_ = St::kE;
      else return EndValue(c);
      return true;
    case St::kDot:
      if (!IsDigit(c)) return Error(c, "after decimal point in numeric literal");
      st_ = St::kDot0;
      return true;
    case St::kDot0:
      if (IsDigit(c)) return true;
      if (c == 'e' || c == 'E') {
        st_ = St::kE;
        return true;
      }
      return EndValue(c);
    case St::kE:
      if (c == '+' || c == '-') {
        st_ = St::kESign;
        return true;
      }
      [[fallthrough]];
    case St::kESign:
      if (!IsDigit(c)) return Error(c, "in exponent of numeric literal");
      st_ = St::kE0;
      return true;
    case St::kE0: return IsDigit(c) || EndValue(c);
    case St::kT: return Literal(c, 'r', St::kTr, "in literal true (expecting 'r')");
    case St::kTr: return Literal(c, 'u', St::kTru, "in literal true (expecting 'u')");
    case St::kTru: return Literal(c, 'e', St::kEndValue, "in literal true (expecting 'e')");
    case St::kF: return Literal(c, 'a', St::kFa, "in literal false (expecting 'a')");
    case St::kFa: return Literal(c, 'l', St::kFal, "in literal false (expecting 'l')");
    case St::kFal: return Literal(c, 's', St::kFals, "in literal false (expecting 's')");
    case St::kFals: return Literal(c, 'e', St::kEndValue, "in literal false (expecting 'e')");
    case St::kN: return Literal(c, 'u', St::kNu, "in literal null (expecting 'u')");
    case St::kNu: return Literal(c, 'l', St::kNul, "in literal null (expecting 'l')");
    case St::kNul: return Literal(c, 'l', St::kEndValue, "in literal null (expecting 'l')");
  }
  return false;
}

}  // namespace

std::string GoJsonSyntaxError(std::string_view data) {
  Scanner s;
  for (unsigned char c : data)
    if (!s.Step(c)) return s.err();
  return s.Eof() ? "" : s.err();
}

namespace {

int Hex4(std::string_view s, size_t i) {
  if (i + 4 > s.size()) return -1;
  int v = 0;
  for (size_t k = i; k < i + 4; ++k) {
    if (!IsHex(static_cast<unsigned char>(s[k]))) return -1;
    char c = s[k];
    v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

}  // namespace

size_t DecodeJsonEscape(std::string_view s, size_t i, std::string* out) {
  if (i >= s.size()) return 0;
  switch (s[i]) {
    case '"':
    case '\\':
    case '/': *out += s[i]; return 1;
    case 'b': *out += '\b'; return 1;
    case 'f': *out += '\f'; return 1;
    case 'n': *out += '\n'; return 1;
    case 'r': *out += '\r'; return 1;
    case 't': *out += '\t'; return 1;
    case 'u': {
      int hi = Hex4(s, i + 1);
      if (hi < 0) return 0;
      if (hi >= 0xD800 && hi < 0xDC00 && s.substr(i + 5, 2) == "\\u") {
        int lo = Hex4(s, i + 7);
        if (lo >= 0xDC00 && lo < 0xE000) {
          detail::AppendRune(out, 0x10000 + ((static_cast<uint32_t>(hi) - 0xD800) << 10) + (static_cast<uint32_t>(lo) - 0xDC00));
          return 11;
        }
      }
      detail::AppendRune(out, hi >= 0xD800 && hi < 0xE000 ? 0xFFFD : static_cast<uint32_t>(hi));
      return 5;
    }
    default: return 0;
  }
}

}  // namespace godiag::codec

#include "collect/jsonc.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "codec/go_json.h"
#include "codec/go_strings.h"

namespace godiag::collect {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one well-formed UTF-8 sequence at s[pos]; nullopt when it is not well formed.
// `len` receives the sequence length.
std::optional<char32_t> DecodeUtf8(std::string_view s, size_t pos, size_t& len) {
  uint32_t r = codec::detail::DecodeRune(s, pos, &len);
  if (r == kReplacement && len == 1) return std::nullopt;
  return r;
}

// Whitespace as VS Code's jsonc-parser scanner accepts it (more than JSON's four).
bool IsJsoncSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
         cp == 0xFEFF;
}


bool IsDigit(char c) { return c >= '0' && c <= '9'; }

enum class EmptyText { kError, kEmptyObject };
enum class TopLevel { kAnyValue, kObjectOnly };

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    line_starts_.push_back(pos_);
    for (size_t i = pos_; i < s_.size(); ++i) {
      if (s_[i] == '\n' || (s_[i] == '\r' && (i + 1 == s_.size() || s_[i + 1] != '\n'))) line_starts_.push_back(i + 1);
    }
  }

  // Parses the whole text.
  core::Expected<JsoncDocument> Run(EmptyText empty, TopLevel top) {
    JsoncDocument doc;
    if (!SkipSpace()) return Fail();
    if (AtEnd() && empty == EmptyText::kEmptyObject) {
      doc.value = nlohmann::json::object();
      return doc;
    }
    if (top == TopLevel::kObjectOnly && !AtEnd() && s_[pos_] != '{') {
      SetError(pos_, "expected a JSON object ('{') at the top level");
      return Fail();
    }
    if (!ParseValue(0, "", doc.value)) return Fail();
    if (!SkipSpace()) return Fail();
    if (!AtEnd()) {
      SetError(pos_, "expected end of input");
      return Fail();
    }
    doc.key_lines = std::move(key_lines_);
    return doc;
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }

  int LineOf(size_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    return static_cast<int>(it - line_starts_.begin());
  }

  void SetError(size_t offset, std::string message) {
    if (error_) return;
    int line = LineOf(offset);
    size_t start = line_starts_[static_cast<size_t>(line - 1)];
    int col = 1;
    for (size_t i = start; i < offset && i < s_.size(); ++i) {
      if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) ++col;
    }
    error_ = std::to_string(line) + ":" + std::to_string(col) + ": " + std::move(message);
  }

  tl::unexpected<core::Error> Fail() { return core::MakeError(core::ErrorCode::kParse, error_.value_or("?")); }

  bool UnexpectedHere() {
    if (AtEnd()) {
      SetError(pos_, "unexpected end of input");
    } else {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c >= 0x20 && c < 0x7F) {
        SetError(pos_, std::string("unexpected character '") + static_cast<char>(c) + "'");
      } else {
        size_t len = 1;
        auto cp = DecodeUtf8(s_, pos_, len);
        char buf[16];
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp.value_or(kReplacement)));
        SetError(pos_, std::string("unexpected character ") + buf);
      }
    }
    return false;
  }

  // Skips whitespace and comments; false on an unterminated block comment.
  bool SkipSpace() {
    while (!AtEnd()) {
      char c = s_[pos_];
      if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {
        while (!AtEnd() && s_[pos_] != '\n' && s_[pos_] != '\r') ++pos_;
      } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*') {
        size_t end = s_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          SetError(pos_, "unterminated comment");
          return false;
        }
        pos_ = end + 2;
      } else {
        size_t len = 1;
        auto cp = DecodeUtf8(s_, pos_, len);
        if (!cp || !IsJsoncSpace(*cp)) return true;
        pos_ += len;
      }
    }
    return true;
  }

  bool ParseValue(int depth, const std::string& pointer, nlohmann::json& out) {
    if (AtEnd()) return UnexpectedHere();
    char c = s_[pos_];
    if (c == '{' || c == '[') {
      if (depth >= kMaxJsoncDepth) {
        SetError(pos_, "nesting deeper than " + std::to_string(kMaxJsoncDepth) + " levels");
        return false;
      }
      return c == '{' ? ParseObject(depth + 1, pointer, out) : ParseArray(depth + 1, pointer, out);
    }
    if (c == '"') {
      std::string str;
      if (!ParseString(str)) return false;
      out = std::move(str);
      return true;
    }
    if (c == '-' || IsDigit(c)) return ParseNumber(out);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return ParseLiteral(out);
    return UnexpectedHere();
  }

  bool ParseLiteral(nlohmann::json& out) {
    size_t start = pos_;
    while (!AtEnd() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    std::string_view word = s_.substr(start, pos_ - start);
    if (word == "true") {
      out = true;
    } else if (word == "false") {
      out = false;
    } else if (word == "null") {
      out = nullptr;
    } else {
      SetError(start, "invalid value '" + std::string(word.substr(0, 32)) + "'");
      return false;
    }
    return true;
  }

  bool ParseNumber(nlohmann::json& out) {
    size_t start = pos_;
    bool is_integer = true;
    if (s_[pos_] == '-') ++pos_;
    if (AtEnd() || !IsDigit(s_[pos_])) {
      SetError(start, "invalid number");
      return false;
    }
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (!AtEnd() && IsDigit(s_[pos_])) ++pos_;
    }
    if (!AtEnd() && s_[pos_] == '.') {
      is_integer = false;
      ++pos_;
      if (AtEnd() || !IsDigit(s_[pos_])) {
        SetError(start, "invalid number");
        return false;
      }
      while (!AtEnd() && IsDigit(s_[pos_])) ++pos_;
    }
    if (!AtEnd() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      is_integer = false;
      ++pos_;
      if (!AtEnd() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (AtEnd() || !IsDigit(s_[pos_])) {
        SetError(start, "invalid number");
        return false;
      }
      while (!AtEnd() && IsDigit(s_[pos_])) ++pos_;
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + pos_;
    if (is_integer) {
      int64_t i = 0;
      if (std::from_chars(first, last, i).ec == std::errc()) {
        out = i;
        return true;
      }
      uint64_t u = 0;
      if (*first != '-' && std::from_chars(first, last, u).ec == std::errc()) {
        out = u;
        return true;
      }
    }
    double d = 0;
    auto res = std::from_chars(first, last, d);
    if (res.ec == std::errc::result_out_of_range) {
      // JSON.parse gives ±Infinity on overflow and ±0 on underflow.
      std::string_view text(first, static_cast<size_t>(last - first));
      bool underflow = text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos;
      d = underflow ? 0.0 : std::numeric_limits<double>::infinity();
      if (*first == '-') d = -d;
    }
    out = d;
    return true;
  }

  // Reads 4 hex digits after "\u" at pos_; the caller reports errors.
  bool ParseEscape(std::string& out) {
    size_t backslash = pos_;
    ++pos_;
    if (AtEnd()) {
      SetError(backslash, "unterminated string");
      return false;
    }
    if (size_t n = codec::DecodeJsonEscape(s_, pos_, &out)) {
      pos_ += n;
      return true;
    }
    if (s_[pos_] == 'u') {
      SetError(backslash, "invalid \\u escape");
      return false;
    }
    size_t len = 1;
    auto cp = DecodeUtf8(s_, pos_, len);
    std::string shown;
    if (cp) shown = std::string(s_.substr(pos_, len));
    SetError(backslash, "invalid escape '\\" + shown + "'");
    return false;
  }

  bool ParseString(std::string& out) {
    size_t quote = pos_;
    ++pos_;
    while (true) {
      if (AtEnd() || s_[pos_] == '\n' || s_[pos_] == '\r') {
        SetError(quote, "unterminated string");
        return false;
      }
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        if (!ParseEscape(out)) return false;
      } else if (c < 0x20) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
        SetError(pos_, std::string("control character ") + buf + " in string");
        return false;
      } else {
        size_t len = 1;
        auto cp = DecodeUtf8(s_, pos_, len);
        if (cp) {
          out.append(s_.substr(pos_, len));
        } else {
          codec::detail::AppendRune(&out, kReplacement);  // as a UTF-8 decoder would read the file
        }
        pos_ += len;
      }
    }
  }

  void ForgetBelow(const std::string& pointer) {
    std::string prefix = pointer + "/";
    auto it = key_lines_.lower_bound(prefix);
    while (it != key_lines_.end() && it->first.compare(0, prefix.size(), prefix) == 0) it = key_lines_.erase(it);
  }

  bool ParseObject(int depth, const std::string& pointer, nlohmann::json& out) {
    out = nlohmann::json::object();
    ++pos_;
    if (!SkipSpace()) return false;
    if (!AtEnd() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      if (AtEnd() || s_[pos_] != '"') {
        if (AtEnd()) return UnexpectedHere();
        SetError(pos_, "expected property name or '}'");
        return false;
      }
      size_t key_at = pos_;
      std::string key;
      if (!ParseString(key)) return false;
      std::string child = pointer + "/" + JsonPointerToken(key);
      ForgetBelow(child);  // a duplicate key replaces the earlier value entirely
      key_lines_[child] = LineOf(key_at);
      if (!SkipSpace()) return false;
      if (AtEnd() || s_[pos_] != ':') {
        if (AtEnd()) return UnexpectedHere();
        SetError(pos_, "expected ':'");
        return false;
      }
      ++pos_;
      if (!SkipSpace()) return false;
      nlohmann::json value;
      if (!ParseValue(depth, child, value)) return false;
      out[key] = std::move(value);
      if (!SkipSpace()) return false;
      if (AtEnd()) return UnexpectedHere();
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      if (s_[pos_] != ',') {
        SetError(pos_, "expected ',' or '}'");
        return false;
      }
      ++pos_;
      if (!SkipSpace()) return false;
      if (!AtEnd() && s_[pos_] == '}') {  // trailing comma
        ++pos_;
        return true;
      }
    }
  }

  bool ParseArray(int depth, const std::string& pointer, nlohmann::json& out) {
    out = nlohmann::json::array();
    ++pos_;
    if (!SkipSpace()) return false;
    if (!AtEnd() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      nlohmann::json value;
      if (!ParseValue(depth, pointer + "/" + std::to_string(out.size()), value)) return false;
      out.push_back(std::move(value));
      if (!SkipSpace()) return false;
      if (AtEnd()) return UnexpectedHere();
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      if (s_[pos_] != ',') {
        SetError(pos_, "expected ',' or ']'");
        return false;
      }
      ++pos_;
      if (!SkipSpace()) return false;
      if (!AtEnd() && s_[pos_] == ']') {  // trailing comma
        ++pos_;
        return true;
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::vector<size_t> line_starts_;
  std::map<std::string, int> key_lines_;
  std::optional<std::string> error_;
};

}  // namespace

std::string JsonPointerToken(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

core::Expected<JsoncDocument> ParseJsonc(std::string_view text) {
  return Parser(text).Run(EmptyText::kError, TopLevel::kAnyValue);
}

core::Expected<JsoncDocument> ParseJsoncObject(std::string_view text) {
  return Parser(text).Run(EmptyText::kEmptyObject, TopLevel::kObjectOnly);
}

}  // namespace godiag::collect

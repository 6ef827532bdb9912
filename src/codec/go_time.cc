#include "codec/go_time.h"

#include "codec/go_strings.h"

namespace godiag::codec {

namespace {

constexpr std::string_view kRfc3339 = "2006-01-02T15:04:05Z07:00";

// The layout's elements in order, each after its literal prefix (nextStdChunk's split).
enum class Elem { kLongYear, kZeroMonth, kZeroDay, kHour, kZeroMinute, kZeroSecond, kColonTz, kEnd };
struct Chunk {
  std::string_view prefix;
  Elem elem;
  std::string_view text;
};
constexpr Chunk kChunks[] = {
    {"", Elem::kLongYear, "2006"}, {"-", Elem::kZeroMonth, "01"},  {"-", Elem::kZeroDay, "02"},
    {"T", Elem::kHour, "15"},      {":", Elem::kZeroMinute, "04"}, {":", Elem::kZeroSecond, "05"},
    {"", Elem::kColonTz, "Z07:00"}, {"", Elem::kEnd, ""},
};

bool IsDigitAt(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// time's quote: printable ASCII as is (with \" and \\), every byte of anything else as \xNN.
std::string TimeQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 || c < ' ') {
      size_t width = 1;  // a bad byte is one rune of one byte; a control character is one byte
      if (c >= 0x80) detail::DecodeRune(s, i, &width);
      for (size_t j = 0; j < width; ++j) {
        auto b = static_cast<unsigned char>(s[i + j]);
        out += "\\x";
        out += kHex[b >> 4];
        out += kHex[b & 15];
      }
      i += width;
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<char>(c);
    ++i;
  }
  return out + "\"";
}

// getnum: one or two digits (`fixed`: exactly two). False without consuming on error.
bool GetNum(std::string_view& s, bool fixed, int& n) {
  if (!IsDigitAt(s, 0)) return false;
  if (!IsDigitAt(s, 1)) {
    if (fixed) return false;
    n = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  n = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

bool IsLeap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysIn(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

struct Parsed {
  int year = 0, month = -1, day = -1;
};

// One element; returns false on a bad value, sets `range` for a value out of range.
bool ParseElem(Elem elem, std::string_view& value, Parsed& t, std::string& range) {
  int n = 0;
  switch (elem) {
    case Elem::kLongYear:
      if (value.size() < 4 || !IsDigitAt(value, 0)) return false;
      for (size_t i = 0; i < 4; ++i)
        if (!IsDigitAt(value, i)) return false;  // atoi: the rest of the four must be digits too
      t.year = std::stoi(std::string(value.substr(0, 4)));
      value.remove_prefix(4);
      return true;
    case Elem::kZeroMonth:
      if (!GetNum(value, true, t.month)) return false;
      if (t.month <= 0 || t.month > 12) range = "month";
      return true;
    case Elem::kZeroDay: return GetNum(value, true, t.day);
    case Elem::kHour: {
      bool ok = GetNum(value, false, n);
      if (n >= 24) range = "hour";
      return ok;
    }
    case Elem::kZeroMinute: {
      bool ok = GetNum(value, true, n);
      if (n >= 60) range = "minute";
      return ok;
    }
    case Elem::kZeroSecond: {
      if (!GetNum(value, true, n)) return false;
      if (n >= 60) {
        range = "second";
        return true;
      }
      if (value.size() >= 2 && (value[0] == '.' || value[0] == ',') && IsDigitAt(value, 1)) {
        size_t end = 2;
        while (IsDigitAt(value, end)) ++end;
        value.remove_prefix(end);  // a fraction the layout does not name: any number of digits
      }
      return true;
    }
    case Elem::kColonTz: {
      if (!value.empty() && value[0] == 'Z') {
        value.remove_prefix(1);
        return true;
      }
      if (value.size() < 6 || value[3] != ':') return false;
      char sign = value[0];
      std::string_view hour = value.substr(1, 2), minute = value.substr(4, 2);
      value.remove_prefix(6);
      int hr = 0, mm = 0;
      bool ok = GetNum(hour, true, hr) && GetNum(minute, true, mm);
      if (hr > 24) range = "time zone offset hour";
      if (mm > 60) range = "time zone offset minute";
      return ok && (sign == '+' || sign == '-');
    }
    case Elem::kEnd: return true;
  }
  return true;
}

}  // namespace

std::string GoParseRfc3339Error(std::string_view avalue) {
  auto cannot = [&](std::string_view layout_elem, std::string_view value_elem) {
    return "parsing time " + TimeQuote(avalue) + " as " + TimeQuote(kRfc3339) + ": cannot parse " +
           TimeQuote(value_elem) + " as " + TimeQuote(layout_elem);
  };
  auto message = [&](const std::string& m) { return "parsing time " + TimeQuote(avalue) + m; };
  std::string_view value = avalue;
  Parsed t;
  for (const Chunk& c : kChunks) {
    for (char p : c.prefix) {
      if (value.empty() || value[0] != p) return cannot(c.prefix, value);
      value.remove_prefix(1);
    }
    if (c.elem == Elem::kEnd) {
      if (!value.empty()) return message(": extra text: " + TimeQuote(value));
      break;
    }
    std::string_view hold = value;
    std::string range;
    bool ok = ParseElem(c.elem, value, t, range);
    if (!range.empty()) return message(": " + range + " out of range");
    if (!ok) return cannot(c.text, hold);
  }
  if (t.day < 1 || t.day > DaysIn(t.month, t.year)) return message(": day out of range");
  return "";
}

std::string GoTimeUnmarshalJsonError(std::string_view raw) {
  if (raw == "null") return "";
  // The bytes between the quotes, escapes and all (go.dev/issue/47353).
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return "Time.UnmarshalJSON: input is not a JSON string";
  return GoParseRfc3339Error(raw.substr(1, raw.size() - 2));
}

}  // namespace godiag::codec

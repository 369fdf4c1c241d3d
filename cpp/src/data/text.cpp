#include "data/text.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "cinerec/error.hpp"

namespace cinerec::text {

void strip_bom(std::string& s) {
  if (s.size() >= 3 && s[0] == '\xEF' && s[1] == '\xBB' && s[2] == '\xBF') s.erase(0, 3);
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07;
    else return false;
    if (end - p <= n) return false;
    for (int k = 1; k <= n; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += n + 1;
  }
  return true;
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

void ensure_utf8(std::string& s) {
  if (!is_valid_utf8(s)) s = latin1_to_utf8(s);
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

void ascii_lower(std::string& s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

bool parse_int(std::string_view s, int64_t& out) {
  s = trim(s);
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i == s.size()) return false;
  uint64_t v = 0;
  const uint64_t limit = neg ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX);
  for (; i < s.size(); ++i) {
    unsigned d = static_cast<unsigned char>(s[i]) - '0';
    if (d > 9) return false;
    if (v > (limit - d) / 10) return false;
    v = v * 10 + d;
  }
  out = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

bool parse_double(std::string_view s, double& out) {
  static const double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
  s = trim(s);
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  uint64_t mant = 0;
  int digits = 0, frac = 0;
  bool simple = true;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    if (digits < 18) mant = mant * 10 + unsigned(s[i] - '0');
    else simple = false;
  }
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
      if (digits < 18) mant = mant * 10 + unsigned(s[i] - '0'), ++frac;
      else simple = false;
    }
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    simple = false;
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    size_t k = j;
    while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
    if (k == j) return false;
    i = k;
  }
  if (i != s.size()) return false;
  double v;
  if (simple) {
    v = static_cast<double>(mant) / kPow10[frac];
  } else {  // rare: long mantissas or exponents; the text is plain ASCII here
    std::string copy(s);
    char* endp = nullptr;
    v = std::strtod(copy.c_str(), &endp);
    if (endp != copy.c_str() + copy.size()) return false;
    neg = false;
  }
  if (!std::isfinite(v)) return false;
  out = neg ? -v : v;
  return true;
}

void fail(const std::string& path, int64_t line, const std::string& reason) {
  throw Error(ErrorCode::ParseError, path + ":" + std::to_string(line) + ": " + reason);
}

size_t& rating_block_bytes() {
  static size_t bytes = size_t{64} << 20;
  return bytes;
}

std::string quoted(std::string_view s) {
  if (s.size() > 40) return "'" + std::string(s.substr(0, 37)) + "...'";
  return "'" + std::string(s) + "'";
}

// ---- CSV -------------------------------------------------------------------

CsvReader::CsvReader(std::string& text, std::string path)
    : CsvReader(text.empty() ? nullptr : &text[0], text.empty() ? nullptr : &text[0] + text.size(), std::move(path), 1) {}

CsvReader::CsvReader(char* begin, char* end, std::string path, int64_t first_line)
    : p_(begin), end_(end), line_(first_line), path_(std::move(path)) {}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  // Skip blank lines.
  for (;;) {
    if (p_ == end_) return false;
    char* q = p_;
    while (q < end_ && (*q == ' ' || *q == '\t' || *q == '\r')) ++q;
    if (q == end_) {
      p_ = end_;
      return false;
    }
    if (*q != '\n') break;
    p_ = q + 1;
    ++line_;
  }
  record_line_ = line_;
  for (;;) {
    if (p_ < end_ && *p_ == '"') {
      char* w = ++p_;
      char* start = w;
      for (;;) {
        if (p_ == end_) fail("unterminated quoted field (expected a closing \")");
        char c = *p_;
        if (c == '"') {
          if (p_ + 1 < end_ && p_[1] == '"') {
            *w++ = '"';
            p_ += 2;
            continue;
          }
          ++p_;
          break;
        }
        if (c == '\n') ++line_;
        *w++ = c;
        ++p_;
      }
      fields.emplace_back(start, static_cast<size_t>(w - start));
      if (p_ < end_ && *p_ == '\r' && (p_ + 1 == end_ || p_[1] == '\n')) ++p_;
      if (p_ == end_) return true;
      if (*p_ == '\n') {
        ++p_;
        ++line_;
        return true;
      }
      if (*p_ != ',')
        fail("unexpected " + quoted(std::string_view(p_, 1)) +
             " after a closing quote (expected , or the end of the line)");
      ++p_;
    } else {
      char* start = p_;
      while (p_ < end_ && *p_ != ',' && *p_ != '\n') ++p_;
      char* e = p_;
      if (p_ == end_ || *p_ == '\n')
        if (e > start && e[-1] == '\r') --e;
      fields.emplace_back(start, static_cast<size_t>(e - start));
      if (p_ == end_) return true;
      if (*p_ == '\n') {
        ++p_;
        ++line_;
        return true;
      }
      ++p_;  // ','
    }
    // After a ',' at the end of a line or file, the record ends with an empty field.
    if (p_ == end_ || *p_ == '\n' || (*p_ == '\r' && (p_ + 1 == end_ || p_[1] == '\n'))) {
      fields.emplace_back();
      if (p_ < end_ && *p_ == '\r') ++p_;
      if (p_ < end_) {
        ++p_;
        ++line_;
      }
      return true;
    }
  }
}

// ---- delimited lines -------------------------------------------------------

LineReader::LineReader(const std::string& text, std::string path, std::string sep)
    : LineReader(text.data(), text.data() + text.size(), std::move(path), std::move(sep), 1) {}

LineReader::LineReader(const char* begin, const char* end, std::string path, std::string sep, int64_t first_line)
    : p_(begin), end_(end), line_(first_line - 1), path_(std::move(path)), sep_(std::move(sep)) {}

bool LineReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  for (;;) {
    if (p_ >= end_) return false;
    const char* nl = static_cast<const char*>(std::memchr(p_, '\n', static_cast<size_t>(end_ - p_)));
    const char* e = nl ? nl : end_;
    std::string_view line(p_, static_cast<size_t>(e - p_));
    p_ = nl ? nl + 1 : end_;
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    current_ = line;
    if (sep_.empty()) {
      size_t i = 0;
      while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i == line.size()) break;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
        fields.push_back(line.substr(i, j - i));
        i = j;
      }
    } else {
      size_t i = 0;
      for (;;) {
        size_t j = line.find(sep_, i);
        if (j == std::string_view::npos) {
          fields.push_back(line.substr(i));
          break;
        }
        fields.push_back(line.substr(i, j - i));
        i = j + sep_.size();
      }
    }
    return true;
  }
}

}  // namespace cinerec::text

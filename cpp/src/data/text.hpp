// Fast text helpers for the MovieLens readers (whole files: cinerec/files.hpp): an RFC 4180
// CSV record reader that unescapes in place, a delimited-line reader, and
// number parsing without locale or iostreams. Every failure is a
// Error(ParseError, "path:line: reason (expected ...)").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cinerec::text {

// Drops a leading UTF-8 byte-order mark.
void strip_bom(std::string& s);
bool is_valid_utf8(std::string_view s);
// Each byte as the code point of the same value (cinerec::latin1_to_utf8).
std::string latin1_to_utf8(std::string_view s);
// UTF-8 text stays as it is; anything else is taken as latin-1 and converted
// (ml-100k's u.item and ml-1m's movies.dat are latin-1).
void ensure_utf8(std::string& s);

std::string_view trim(std::string_view s);
void ascii_lower(std::string& s);

// Plain decimal integer, optional sign, surrounding blanks allowed.
bool parse_int(std::string_view s, int64_t& out);
// Decimal number as written in MovieLens ("4", "4.0", "3.5", "-1e2"), no
// locale; surrounding blanks allowed. Rejects inf/nan and empty text.
bool parse_double(std::string_view s, double& out);

[[noreturn]] void fail(const std::string& path, int64_t line, const std::string& reason);

// Reads RFC 4180 records: ',' separated, '"' quoted fields with "" for a
// quote, quoted fields may hold commas and line breaks, CRLF or LF line ends.
// Empty (or blank) lines are skipped. The fields point into `text`, which is
// rewritten in place to unescape quotes, and stay valid until `text` changes.
class CsvReader {
 public:
  CsvReader(std::string& text, std::string path);
  // The records of [begin, end), whose first line is line `first_line` of the file.
  CsvReader(char* begin, char* end, std::string path, int64_t first_line);
  bool next(std::vector<std::string_view>& fields);
  int64_t line() const { return record_line_; }  // where the last record started
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& reason) const { text::fail(path_, record_line_, reason); }

 private:
  char* p_;
  char* end_;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
  std::string path_;
};

// Reads lines split on a separator string ("\t", "|", "::"), or on runs of
// blanks when the separator is empty. No quoting. Blank lines are skipped.
class LineReader {
 public:
  LineReader(const std::string& text, std::string path, std::string sep);
  // The lines of [begin, end), the first being line `first_line` of the file.
  LineReader(const char* begin, const char* end, std::string path, std::string sep, int64_t first_line);
  bool next(std::vector<std::string_view>& fields);
  int64_t line() const { return line_; }
  std::string_view raw() const { return current_; }  // the last line, without its end
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& reason) const { text::fail(path_, line_, reason); }

 private:
  const char* p_;
  const char* end_;
  int64_t line_ = 0;
  std::string_view current_;
  std::string path_;
  std::string sep_;
};

// How much of a rating file the MovieLens readers read at a time (64 MB;
// tests make it small to cross block boundaries in small files).
size_t& rating_block_bytes();

// Quotes a field for messages: 'abc', cut to 40 characters.
std::string quoted(std::string_view s);

}  // namespace cinerec::text

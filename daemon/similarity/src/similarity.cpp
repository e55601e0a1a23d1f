#include "similarity/similarity.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <iterator>
#include <span>
#include <stdexcept>
#include <tuple>

namespace similarity {
namespace {

// ---------------------------------------------------------------------------
// Tokenizer

bool is_line_break(char c) {
  return c == '\n' || c == '\r';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_quote(char c) {
  return c == '"' || c == '\'';
}

// Every byte from 0x80 up counts as a letter: that covers Python's non-ASCII
// identifiers without decoding UTF-8, and invalid UTF-8 is harmless.
bool is_identifier_start(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || byte == '_' ||
         byte >= 0x80;
}
bool is_identifier_char(char c) {
  return is_identifier_start(c) || is_digit(c);
}

bool is_string_prefix(std::string_view word) {
  if (word.empty() || word.size() > 2) return false;
  std::array<char, 2> lower{};
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    lower.at(i) = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view prefix(lower.data(), word.size());
  constexpr auto kPrefixes = std::to_array<std::string_view>(
      {"b", "br", "f", "fr", "r", "rb", "rf", "rt", "t", "tr", "u"});
  return std::find(kPrefixes.begin(), kPrefixes.end(), prefix) != kPrefixes.end();
}

// Longest first, so that the first match is the longest one.
constexpr auto kOperators = std::to_array<std::string_view>(
    {"**=", "//=", ">>=", "<<=", "...", "**", "//", ">>", "<<", "<=", ">=", "==",
     "!=",  "->",  ":=",  "+=",  "-=",  "*=", "/=", "%=", "&=", "|=", "^=", "@=",
     "+",   "-",   "*",   "/",   "%",   "@",  "&",  "|",  "^",  "~",  "<",  ">",
     "(",   ")",   "[",   "]",   "{",   "}",  ",",  ":",  ";",  ".",  "="});

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view source) : source_(source) {}

  std::vector<Token> run() {
    tokens_.reserve(source_.size() / 3 + 8);
    // Editors on Windows start UTF-8 files with a byte order mark; Python
    // ignores it, and as "letters" it would glue onto the first name.
    if (source_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    while (!at_end()) step();
    end_statement();
    while (indents_.size() > 1) {
      indents_.pop_back();
      emit_structural(TokenKind::Dedent, last_token_line_);
    }
    return std::move(tokens_);
  }

 private:
  [[nodiscard]] bool at_end() const { return pos_ >= source_.size(); }
  // NUL past the end: callers never treat NUL as part of a token.
  [[nodiscard]] char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < source_.size() ? source_[pos_ + ahead] : '\0';
  }

  void step() {
    if (at_line_start_) {
      at_line_start_ = false;
      read_indentation();
      return;
    }
    const char c = peek();
    if (is_line_break(c)) return read_line_break();
    if (c == ' ' || c == '\t' || c == '\f') {
      ++pos_;
      return;
    }
    if (c == '#') return skip_comment();
    if (c == '\\') return read_backslash();
    if (is_quote(c)) return read_string(pos_);
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return read_number();
    if (is_identifier_start(c)) return read_name_or_prefixed_string();
    read_operator();
  }

  // "\n", "\r\n" and a lone "\r" each end a physical line.
  void consume_line_break() {
    if (peek() == '\r' && peek(1) == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  void read_line_break() {
    consume_line_break();
    // Inside brackets a statement goes on, and so does its indentation.
    if (bracket_depth_ > 0) return;
    end_statement();
    at_line_start_ = true;
  }

  void read_indentation() {
    std::size_t column = 0;
    for (; !at_end(); ++pos_) {
      const char c = peek();
      if (c == ' ') {
        ++column;
      } else if (c == '\t') {
        column = (column / 8 + 1) * 8;  // Python's tab stops
      } else if (c == '\f') {
        column = 0;
      } else {
        break;
      }
    }
    // Blank and comment-only lines do not take part in indentation.
    if (at_end() || is_line_break(peek()) || peek() == '#') return;
    set_indentation(column);
  }

  void set_indentation(std::size_t column) {
    if (column > indents_.back()) {
      indents_.push_back(column);
      emit_structural(TokenKind::Indent, line_);
      return;
    }
    while (column < indents_.back()) {
      indents_.pop_back();
      emit_structural(TokenKind::Dedent, last_token_line_);
    }
    // A dedent to a column no enclosing block used: Python rejects it, we
    // take it as a block of its own so that Indents and Dedents stay paired.
    if (column > indents_.back()) {
      indents_.push_back(column);
      emit_structural(TokenKind::Indent, line_);
    }
  }

  void skip_comment() {
    while (!at_end() && !is_line_break(peek())) ++pos_;
  }

  // A backslash joins the next line to this one; anywhere else it is a stray
  // byte.
  void read_backslash() {
    ++pos_;
    if (is_line_break(peek())) consume_line_break();
  }

  // `start` is where the prefix (if any) begins; pos_ is at the opening quote.
  void read_string(std::size_t start) {
    const int first_line = line_;
    const char quote = peek();
    const bool triple = peek(1) == quote && peek(2) == quote;
    pos_ += triple ? 3 : 1;
    while (!at_end()) {
      const char c = peek();
      if (c == '\\') {
        // Even in raw strings a backslash keeps the next quote in the string.
        ++pos_;
        if (is_line_break(peek())) {
          consume_line_break();
        } else if (!at_end()) {
          ++pos_;
        }
      } else if (is_line_break(c)) {
        if (!triple) break;  // unterminated: the string ends with its line
        consume_line_break();
      } else {
        ++pos_;
        if (c == quote && !triple) break;
        if (c == quote && peek() == quote && peek(1) == quote) {
          pos_ += 2;
          break;
        }
      }
    }
    emit(TokenKind::String, start, first_line);
  }

  // Python forbids doubled and trailing underscores; stopping before them
  // keeps `1.__class__` a number followed by a name, as Python reads it.
  void consume_digits() {
    while (is_digit(peek()) || (peek() == '_' && is_digit(peek(1)))) ++pos_;
  }
  void consume_hex_digits() {
    while (is_hex_digit(peek()) || (peek() == '_' && is_hex_digit(peek(1)))) ++pos_;
  }

  void read_number() {
    const std::size_t start = pos_;
    const char base = peek(1);
    if (peek() == '0' &&
        (base == 'x' || base == 'X' || base == 'o' || base == 'O' || base == 'b' || base == 'B')) {
      pos_ += 2;
      consume_hex_digits();  // also fine for octal and binary: we only need the extent
    } else {
      consume_digits();
      if (peek() == '.') {
        ++pos_;
        consume_digits();
      }
      read_exponent();
      if (peek() == 'j' || peek() == 'J') ++pos_;
    }
    emit(TokenKind::Number, start, line_);
  }

  void read_exponent() {
    if (peek() != 'e' && peek() != 'E') return;
    const bool signed_exponent = (peek(1) == '+' || peek(1) == '-') && is_digit(peek(2));
    if (!signed_exponent && !is_digit(peek(1))) return;  // `1else`: a number, then a keyword
    pos_ += signed_exponent ? 2 : 1;
    consume_digits();
  }

  void read_name_or_prefixed_string() {
    const std::size_t start = pos_;
    while (!at_end() && is_identifier_char(peek())) ++pos_;
    if (is_quote(peek()) && is_string_prefix(source_.substr(start, pos_ - start))) {
      return read_string(start);
    }
    emit(TokenKind::Name, start, line_);
  }

  void read_operator() {
    const std::string_view rest = source_.substr(pos_);
    for (const std::string_view op : kOperators) {
      if (op.front() != rest.front() || !rest.starts_with(op)) continue;
      const std::size_t start = pos_;
      pos_ += op.size();
      track_brackets(op.front());
      emit(TokenKind::Operator, start, line_);
      return;
    }
    ++pos_;  // `$`, `?`, a lone `!`, control bytes: Python rejects them, we skip them
  }

  void track_brackets(char c) {
    if (c == '(' || c == '[' || c == '{') ++bracket_depth_;
    // An unmatched closer must not hide the newlines of the rest of the file.
    if ((c == ')' || c == ']' || c == '}') && bracket_depth_ > 0) --bracket_depth_;
  }

  void end_statement() {
    if (!statement_open_) return;
    emit_structural(TokenKind::Newline, last_token_line_);
    statement_open_ = false;
  }

  void emit(TokenKind kind, std::size_t start, int first_line) {
    tokens_.push_back(Token{kind, source_.substr(start, pos_ - start), first_line, line_});
    last_token_line_ = line_;
    statement_open_ = true;
  }

  void emit_structural(TokenKind kind, int line) { tokens_.push_back(Token{kind, {}, line, line}); }

  std::string_view source_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int last_token_line_ = 1;  // where the latest token ended: Newline and Dedent belong there
  std::vector<std::size_t> indents_{0};
  std::size_t bracket_depth_ = 0;
  bool at_line_start_ = true;
  bool statement_open_ = false;  // a token since the last Newline
  std::vector<Token> tokens_;
};

// ---------------------------------------------------------------------------
// Normalisation

// All three lists sorted, for binary search (checked below).
constexpr std::string_view kKeywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

// What a candidate calls rather than names: renaming tools leave these
// alone, and which of them a program uses says a lot about its approach.
// (clang-format would give each name a line of its own.)
// clang-format off
constexpr std::string_view kBuiltins[] = {
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
    "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
    "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
    "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError",
    "Exception", "ExceptionGroup", "FileExistsError", "FileNotFoundError", "FloatingPointError",
    "FutureWarning", "GeneratorExit", "IOError", "ImportError", "ImportWarning",
    "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError", "KeyError",
    "KeyboardInterrupt", "LookupError", "MemoryError", "ModuleNotFoundError", "NameError",
    "NotADirectoryError", "NotImplemented", "NotImplementedError", "OSError", "OverflowError",
    "PendingDeprecationWarning", "PermissionError", "ProcessLookupError", "RecursionError",
    "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning", "StopAsyncIteration",
    "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
    "TimeoutError", "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError",
    "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError",
    "Warning", "ZeroDivisionError", "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool",
    "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex",
    "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter", "float",
    "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input",
    "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max", "memoryview",
    "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range",
    "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum",
    "super", "tuple", "type", "vars", "zip"};
// clang-format on

// The methods of the built-in types, kept after a `.` for the same reason.
// clang-format off
constexpr std::string_view kBuiltinMethods[] = {
    "add", "append", "appendleft", "capitalize", "center", "clear", "close", "copy", "count",
    "decode", "difference", "discard", "encode", "endswith", "extend", "find", "format", "get",
    "index", "insert", "intersection", "isalnum", "isalpha", "isdecimal", "isdigit", "islower",
    "isnumeric", "isspace", "issubset", "issuperset", "isupper", "items", "join", "keys", "ljust",
    "lower", "lstrip", "most_common", "partition", "pop", "popitem", "popleft", "read", "readline",
    "readlines", "remove", "replace", "reverse", "rfind", "rjust", "rpartition", "rsplit",
    "rstrip", "setdefault", "sort", "split", "splitlines", "startswith", "strip", "swapcase",
    "symmetric_difference", "title", "union", "update", "upper", "values", "write", "writelines",
    "zfill"};
// clang-format on

static_assert(std::is_sorted(std::begin(kKeywords), std::end(kKeywords)));
static_assert(std::is_sorted(std::begin(kBuiltins), std::end(kBuiltins)));
static_assert(std::is_sorted(std::begin(kBuiltinMethods), std::end(kBuiltinMethods)));

bool listed(std::span<const std::string_view> sorted_words, std::string_view word) {
  return std::binary_search(sorted_words.begin(), sorted_words.end(), word);
}

// `__init__`, `__name__`: protocol names, which a rename cannot touch.
bool is_dunder(std::string_view name) {
  return name.size() > 4 && name.starts_with("__") && name.ends_with("__");
}

std::string_view name_symbol(std::string_view name, bool after_dot) {
  const bool kept = listed(kKeywords, name) || is_dunder(name) ||
                    (after_dot ? listed(kBuiltinMethods, name) : listed(kBuiltins, name));
  return kept ? name : "V";
}

struct Symbol {
  std::string_view text;
  int first_line = 1;
  int last_line = 1;
};

bool is_string_statement(std::span<const Token> statement) {
  return !statement.empty() && std::all_of(statement.begin(), statement.end(), [](const Token& t) {
    return t.kind == TokenKind::String;
  });
}

// Docstrings and other string statements do nothing, so they are dropped
// with their Newline, like comments. Compacts in place: the token vector is
// the largest allocation here.
std::vector<Token> without_string_statements(std::vector<Token> tokens) {
  std::size_t kept = 0;
  std::size_t statement_start = 0;
  for (const Token& token : tokens) {
    const std::span<const Token> statement(tokens.data() + statement_start, kept - statement_start);
    if (token.kind == TokenKind::Newline && is_string_statement(statement)) {
      kept = statement_start;
      continue;
    }
    tokens[kept++] = token;
    if (token.kind == TokenKind::Newline || token.kind == TokenKind::Indent ||
        token.kind == TokenKind::Dedent) {
      statement_start = kept;
    }
  }
  tokens.resize(kept);
  return tokens;
}

std::string_view structural_symbol(TokenKind kind) {
  switch (kind) {
    case TokenKind::Newline: return "NEWLINE";
    case TokenKind::Indent: return "INDENT";
    case TokenKind::Dedent: return "DEDENT";
    case TokenKind::String: return "S";
    case TokenKind::Number: return "N";
    case TokenKind::Name:
    case TokenKind::Operator: break;
  }
  return {};
}

// The symbols point into `source` or at string literals.
std::vector<Symbol> normalize(std::string_view source) {
  const std::vector<Token> tokens = without_string_statements(tokenize(source));
  std::vector<Symbol> symbols;
  symbols.reserve(tokens.size());
  const Token* previous = nullptr;
  for (const Token& token : tokens) {
    // "a" "b" is one literal in Python: splitting a string must not count.
    if (token.kind == TokenKind::String && previous != nullptr &&
        previous->kind == TokenKind::String) {
      symbols.back().last_line = token.last_line;
      continue;
    }
    std::string_view text = structural_symbol(token.kind);
    if (token.kind == TokenKind::Operator) text = token.text;
    if (token.kind == TokenKind::Name) {
      const bool after_dot =
          previous != nullptr && previous->kind == TokenKind::Operator && previous->text == ".";
      text = name_symbol(token.text, after_dot);
    }
    symbols.push_back(Symbol{text, token.first_line, token.last_line});
    previous = &token;
  }
  return symbols;
}

// ---------------------------------------------------------------------------
// Hashing and winnowing

// FNV-1a: fixed constants, so fingerprints stored today compare with those
// computed tomorrow on another machine (std::hash promises neither).
std::uint64_t hash_text(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

// splitmix64's finalizer: a bijection that spreads the polynomial hash over
// all 64 bits, so the window minimum is an unbiased sample.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

constexpr std::uint64_t kRollingBase = 0x9e3779b97f4a7c15ULL;  // odd, so invertible mod 2^64

// Rabin-Karp over the symbols, O(n) for any k; arithmetic is mod 2^64.
std::vector<std::uint64_t> kgram_hashes(const std::vector<NormalizedToken>& tokens, std::size_t k) {
  std::vector<std::uint64_t> hashes;
  if (tokens.size() < k) return hashes;
  hashes.reserve(tokens.size() - k + 1);
  std::uint64_t leading_power = 1;  // kRollingBase^(k-1): the weight of the k-gram's first token
  for (std::size_t i = 1; i < k; ++i) leading_power *= kRollingBase;
  std::uint64_t rolling = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i >= k) rolling -= tokens[i - k].symbol * leading_power;
    rolling = rolling * kRollingBase + tokens[i].symbol;
    if (i + 1 >= k) hashes.push_back(mix(rolling));
  }
  return hashes;
}

Options effective(const Options& options) {
  return Options{std::max<std::size_t>(options.k, 1), std::max<std::size_t>(options.window, 1)};
}

std::size_t rightmost_minimum(const std::deque<std::size_t>& ascending,
                              std::span<const std::uint64_t> hashes) {
  std::size_t best = ascending.front();
  for (const std::size_t i : ascending) {
    if (hashes[i] != hashes[ascending.front()]) break;
    best = i;
  }
  return best;
}

// ---------------------------------------------------------------------------
// Comparison

std::vector<std::uint64_t> distinct_hashes(const Document& document) {
  std::vector<std::uint64_t> hashes;
  hashes.reserve(document.fingerprints.size());
  for (const Fingerprint& f : document.fingerprints) hashes.push_back(f.hash);
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  return hashes;
}

std::size_t count_common(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  std::size_t common = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return common;
}

double ratio(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

void set_shares(const Document& a, const Document& b, Match& match) {
  const std::vector<std::uint64_t> a_hashes = distinct_hashes(a);
  const std::vector<std::uint64_t> b_hashes = distinct_hashes(b);
  const std::size_t shared = count_common(a_hashes, b_hashes);
  match.a_share = ratio(shared, a_hashes.size());
  match.b_share = ratio(shared, b_hashes.size());
  match.score = ratio(shared, std::min(a_hashes.size(), b_hashes.size()));
}

// Indices of a document's fingerprints, grouped by hash, in position order
// within a group.
std::vector<std::size_t> indices_by_hash(const Document& document) {
  std::vector<std::size_t> indices(document.fingerprints.size());
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  std::sort(indices.begin(), indices.end(), [&](std::size_t x, std::size_t y) {
    return std::tie(document.fingerprints[x].hash, x) < std::tie(document.fingerprints[y].hash, y);
  });
  return indices;
}

struct Pair {
  std::int64_t diagonal = 0;  // b's token position minus a's
  std::size_t a = 0;          // fingerprint indices
  std::size_t b = 0;
};

// A hash repeated m times in a and n times in b would give m*n candidate
// pairs; past this many, occurrences are paired in order instead, which keeps
// the work linear for repetitive code and still lines up copied repetitions.
constexpr std::size_t kMaxPairsPerHash = 64;

void pair_group(const Document& a, const Document& b, std::span<const std::size_t> in_a,
                std::span<const std::size_t> in_b, std::vector<Pair>& pairs) {
  const auto add = [&](std::size_t i, std::size_t j) {
    const auto diagonal = static_cast<std::int64_t>(b.fingerprints[j].position) -
                          static_cast<std::int64_t>(a.fingerprints[i].position);
    pairs.push_back(Pair{diagonal, i, j});
  };
  if (in_a.size() * in_b.size() <= kMaxPairsPerHash) {
    for (const std::size_t i : in_a) {
      for (const std::size_t j : in_b) add(i, j);
    }
    return;
  }
  for (std::size_t n = 0; n < std::min(in_a.size(), in_b.size()); ++n) add(in_a[n], in_b[n]);
}

std::vector<Pair> matching_pairs(const Document& a, const Document& b) {
  const std::vector<std::size_t> a_order = indices_by_hash(a);
  const std::vector<std::size_t> b_order = indices_by_hash(b);
  const auto hash_a = [&](std::size_t n) { return a.fingerprints[a_order[n]].hash; };
  const auto hash_b = [&](std::size_t n) { return b.fingerprints[b_order[n]].hash; };
  std::vector<Pair> pairs;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a_order.size() && j < b_order.size()) {
    if (hash_a(i) < hash_b(j)) {
      ++i;
    } else if (hash_b(j) < hash_a(i)) {
      ++j;
    } else {
      std::size_t i_end = i;
      while (i_end < a_order.size() && hash_a(i_end) == hash_a(i)) ++i_end;
      std::size_t j_end = j;
      while (j_end < b_order.size() && hash_b(j_end) == hash_b(j)) ++j_end;
      pair_group(a, b, std::span(a_order).subspan(i, i_end - i),
                 std::span(b_order).subspan(j, j_end - j), pairs);
      i = i_end;
      j = j_end;
    }
  }
  return pairs;
}

// Pairs on one diagonal close enough that no shared fingerprint can be
// missing between them: the same copied stretch of code.
struct Run {
  std::size_t begin = 0;  // into the diagonal-sorted pairs
  std::size_t end = 0;
};

// A stretch of tokens matched in both documents: a[a_begin, a_end) equals
// b[a_begin + diagonal, a_end + diagonal).
struct Stretch {
  std::size_t a_begin = 0;
  std::size_t a_end = 0;
  std::int64_t diagonal = 0;
};

class RegionFinder {
 public:
  RegionFinder(const Document& a, const Document& b)
      : a_(a),
        b_(b),
        k_(a.options.k),
        gap_(std::max(a.options.k, a.options.window)),
        a_claimed_(a.fingerprints.size(), false),
        b_claimed_(b.fingerprints.size(), false) {}

  std::vector<Region> find() {
    pairs_ = matching_pairs(a_, b_);
    std::sort(pairs_.begin(), pairs_.end(), [&](const Pair& x, const Pair& y) {
      return std::tie(x.diagonal, x.a) < std::tie(y.diagonal, y.a);
    });
    std::vector<Region> regions;
    for (const Run& run : longest_first(runs())) {
      for (const Stretch& stretch : claim(run)) regions.push_back(to_region(extend(stretch)));
    }
    return merge_adjacent(std::move(regions));
  }

 private:
  [[nodiscard]] std::size_t a_position(const Pair& pair) const {
    return a_.fingerprints[pair.a].position;
  }

  [[nodiscard]] std::vector<Run> runs() const {
    std::vector<Run> found;
    for (std::size_t i = 0; i < pairs_.size(); ++i) {
      const bool continues = i > 0 && pairs_[i].diagonal == pairs_[i - 1].diagonal &&
                             a_position(pairs_[i]) - a_position(pairs_[i - 1]) <= gap_;
      if (continues) {
        found.back().end = i + 1;
      } else {
        found.push_back(Run{i, i + 1});
      }
    }
    return found;
  }

  // A fingerprint repeated in either document could belong to several runs;
  // the longest run has the best claim to it, so stray pairings of repeated
  // lines do not show up as regions of their own.
  [[nodiscard]] std::vector<Run> longest_first(std::vector<Run> found) const {
    std::sort(found.begin(), found.end(), [&](const Run& x, const Run& y) {
      const std::size_t x_length = x.end - x.begin;
      const std::size_t y_length = y.end - y.begin;
      if (x_length != y_length) return x_length > y_length;
      return x.begin < y.begin;  // pairs_ is sorted, so this is deterministic
    });
    return found;
  }

  // The run's pairs whose fingerprints are still free, as stretches of
  // tokens; a run splits where earlier runs took too much from its middle.
  std::vector<Stretch> claim(const Run& run) {
    std::vector<Stretch> stretches;
    for (std::size_t i = run.begin; i < run.end; ++i) {
      const Pair& pair = pairs_[i];
      if (a_claimed_[pair.a] || b_claimed_[pair.b]) continue;
      a_claimed_[pair.a] = true;
      b_claimed_[pair.b] = true;
      const std::size_t begin = a_position(pair);
      if (stretches.empty() || begin > stretches.back().a_end - k_ + gap_) {
        stretches.push_back(Stretch{begin, begin + k_, pair.diagonal});
      } else {
        stretches.back().a_end = begin + k_;
      }
    }
    return stretches;
  }

  // Winnowing samples: the first and last shared fingerprints of a copied
  // stretch can sit up to window-1 tokens inside it. Growing the stretch
  // over equal tokens finds its true ends; the bound keeps it from growing
  // into code the base file removed.
  [[nodiscard]] Stretch extend(Stretch stretch) const {
    const std::size_t limit = a_.options.window - 1;
    const auto b_index = [&](std::size_t a_index) {
      return static_cast<std::size_t>(static_cast<std::int64_t>(a_index) + stretch.diagonal);
    };
    for (std::size_t n = 0; n < limit && stretch.a_begin > 0 && b_index(stretch.a_begin) > 0; ++n) {
      if (!same_token(stretch.a_begin - 1, b_index(stretch.a_begin) - 1)) break;
      --stretch.a_begin;
    }
    for (std::size_t n = 0;
         n < limit && stretch.a_end < a_.tokens.size() && b_index(stretch.a_end) < b_.tokens.size();
         ++n) {
      if (!same_token(stretch.a_end, b_index(stretch.a_end))) break;
      ++stretch.a_end;
    }
    return stretch;
  }

  [[nodiscard]] bool same_token(std::size_t a_index, std::size_t b_index) const {
    return a_.tokens[a_index].symbol == b_.tokens[b_index].symbol;
  }

  [[nodiscard]] Region to_region(const Stretch& stretch) const {
    const auto b_begin =
        static_cast<std::size_t>(static_cast<std::int64_t>(stretch.a_begin) + stretch.diagonal);
    const std::size_t b_end = b_begin + (stretch.a_end - stretch.a_begin);
    return Region{a_.tokens[stretch.a_begin].first_line, a_.tokens[stretch.a_end - 1].last_line,
                  b_.tokens[b_begin].first_line, b_.tokens[b_end - 1].last_line};
  }

  // Regions that touch or overlap in both sources, in the same order, are one
  // region to a reader.
  static std::vector<Region> merge_adjacent(std::vector<Region> regions) {
    std::sort(regions.begin(), regions.end(), [](const Region& x, const Region& y) {
      return std::tie(x.a_first_line, x.b_first_line, x.a_last_line, x.b_last_line) <
             std::tie(y.a_first_line, y.b_first_line, y.a_last_line, y.b_last_line);
    });
    std::vector<Region> merged;
    for (const Region& region : regions) {
      if (!merged.empty() && continues(merged.back(), region)) {
        Region& last = merged.back();
        last.a_last_line = std::max(last.a_last_line, region.a_last_line);
        last.b_last_line = std::max(last.b_last_line, region.b_last_line);
      } else {
        merged.push_back(region);
      }
    }
    return merged;
  }

  static bool continues(const Region& earlier, const Region& later) {
    return later.a_first_line <= earlier.a_last_line + 1 &&
           later.b_first_line >= earlier.b_first_line &&
           later.b_first_line <= earlier.b_last_line + 1;
  }

  const Document& a_;
  const Document& b_;
  std::size_t k_;
  std::size_t gap_;  // the farthest apart two consecutive shared fingerprints of one copy can be
  std::vector<Pair> pairs_;
  std::vector<bool> a_claimed_;
  std::vector<bool> b_claimed_;
};

void require_same_options(const Options& a, const Options& b) {
  if (a != b) {
    throw std::invalid_argument("similarity: documents fingerprinted with different options");
  }
}

}  // namespace

std::vector<Token> tokenize(std::string_view python_source) {
  return Tokenizer(python_source).run();
}

std::string normalized_text(std::string_view python_source) {
  std::string text;
  for (const Symbol& symbol : normalize(python_source)) {
    if (!text.empty()) text += ' ';
    text += symbol.text;
  }
  return text;
}

std::vector<std::size_t> winnow(std::span<const std::uint64_t> hashes, std::size_t window) {
  std::vector<std::size_t> picks;
  if (hashes.empty()) return picks;
  window = std::clamp<std::size_t>(window, 1, hashes.size());
  // Positions in the current window whose hash no later position undercuts:
  // ascending hashes, equal ones in position order; the front is a minimum.
  std::deque<std::size_t> candidates;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    while (!candidates.empty() && hashes[candidates.back()] > hashes[i]) candidates.pop_back();
    candidates.push_back(i);
    while (candidates.front() + window <= i) candidates.pop_front();
    if (i + 1 < window) continue;
    // The robust rule: keep the previous pick while it is still a minimum of
    // the window, so that a run of equal hashes (repetitive code) gives one
    // fingerprint per window rather than one per position.
    const bool previous_still_minimal = !picks.empty() && picks.back() + window > i &&
                                        hashes[picks.back()] == hashes[candidates.front()];
    if (!previous_still_minimal) picks.push_back(rightmost_minimum(candidates, hashes));
  }
  return picks;
}

Document fingerprint(std::string_view python_source, const Options& options) {
  Document document;
  document.options = effective(options);
  for (const Symbol& symbol : normalize(python_source)) {
    document.tokens.push_back(
        NormalizedToken{hash_text(symbol.text), symbol.first_line, symbol.last_line});
  }
  const std::size_t k = document.options.k;
  const std::vector<std::uint64_t> hashes = kgram_hashes(document.tokens, k);
  for (const std::size_t position : winnow(hashes, document.options.window)) {
    document.fingerprints.push_back(Fingerprint{hashes[position], position,
                                                document.tokens[position].first_line,
                                                document.tokens[position + k - 1].last_line});
  }
  return document;
}

Document fingerprint(std::string_view python_source, const Document& base, const Options& options) {
  Document document = fingerprint(python_source, options);
  require_same_options(document.options, base.options);
  // Every k-gram of the base, not just its winnowed sample: near the edges
  // of the starter code a candidate's windows can pick k-grams the base's
  // windows passed over, and those must not count as shared either.
  std::vector<std::uint64_t> base_hashes = kgram_hashes(base.tokens, base.options.k);
  std::sort(base_hashes.begin(), base_hashes.end());
  std::erase_if(document.fingerprints, [&](const Fingerprint& f) {
    return std::binary_search(base_hashes.begin(), base_hashes.end(), f.hash);
  });
  return document;
}

Match compare(const Document& a, const Document& b) {
  require_same_options(a.options, b.options);
  Match match;
  set_shares(a, b, match);
  match.regions = RegionFinder(a, b).find();
  return match;
}

}  // namespace similarity

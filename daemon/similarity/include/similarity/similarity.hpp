// Code similarity between Python programs, the MOSS way: normalise the token
// stream so that renaming, comments and literals do not matter, hash its
// k-grams, keep a winnowed sample of those hashes as the program's
// fingerprints, and compare programs by the fingerprints they share
// (Schleimer, Wilkerson & Aiken, "Winnowing: Local Algorithms for Document
// Fingerprinting", SIGMOD 2003).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace similarity {

struct Options {
  std::size_t k = 5;       // tokens per k-gram (noise threshold); 0 counts as 1
  std::size_t window = 4;  // winnowing window: any shared run of window+k-1 tokens is detected
  friend bool operator==(const Options&, const Options&) = default;
};

enum class TokenKind { Name, Number, String, Operator, Newline, Indent, Dedent };

// One Python token. `text` points into the source given to tokenize() and is
// empty for Newline, Indent and Dedent. Lines are 1-based; a token spans
// first_line..last_line (only strings and continued lines span several).
// Newline and Dedent carry the last line of the statement they end, Indent
// the line of the first statement of its block.
struct Token {
  TokenKind kind = TokenKind::Name;
  std::string_view text;
  int first_line = 1;
  int last_line = 1;
};

// Python's tokenizer, forgiving: any bytes give some tokens and never an
// error (an unterminated string runs to the end of its line, or of the input
// if triple-quoted; bytes Python would reject are skipped). Comments are
// dropped, newlines inside brackets and after a `\` are ignored, and the
// indentation of each logical line becomes Indent and Dedent tokens.
std::vector<Token> tokenize(std::string_view python_source);

// A token after normalisation: only what survives renaming and rewording.
struct NormalizedToken {
  std::uint64_t symbol = 0;  // a hash of the normalised text ("V", "S", "N", "while", "+=", ...)
  int first_line = 1;
  int last_line = 1;
};

struct Fingerprint {
  std::uint64_t hash = 0;    // of the k-gram starting at `position`
  std::size_t position = 0;  // index of the k-gram's first token in Document::tokens
  int first_line = 1;        // lines the k-gram spans in the source
  int last_line = 1;
};

// One program's fingerprints, ordered by position, with the normalised
// tokens that compare() uses to find where the matching regions end exactly.
struct Document {
  std::vector<Fingerprint> fingerprints;
  std::vector<NormalizedToken> tokens;
  Options options;
  [[nodiscard]] std::size_t token_count() const { return tokens.size(); }
};

Document fingerprint(std::string_view python_source, const Options& options = {});
// MOSS's "base file": fingerprints whose k-gram also occurs in `base` (the
// starter code everybody got) are dropped. Throws std::invalid_argument if
// `base` was made with other options.
Document fingerprint(std::string_view python_source, const Document& base,
                     const Options& options = {});

struct Region {
  // 1-based, inclusive, in each source
  int a_first_line = 0, a_last_line = 0, b_first_line = 0, b_last_line = 0;
  friend bool operator==(const Region&, const Region&) = default;
};

struct Match {
  double score = 0;                 // shared fingerprints / fingerprints of the smaller document
  double a_share = 0, b_share = 0;  // shared / own, for each side
  std::vector<Region> regions;      // matching regions, merged where adjacent, by a_first_line
};

// Fingerprints are counted once per distinct hash, so the shares are in 0..1
// and score(a, b) == score(b, a). Throws std::invalid_argument if the
// documents were made with different options.
Match compare(const Document& a, const Document& b);

// The pieces, exposed for tests and for debugging a surprising score.

// The normalised token stream as text, one space between symbols:
// "def V ( V ) : NEWLINE INDENT return V + N NEWLINE DEDENT".
std::string normalized_text(std::string_view python_source);

// Robust winnowing: the position of the minimum hash of every `window`
// consecutive hashes, each position once. On ties the previous window's pick
// stays if it is still in the window, else the rightmost minimum is taken
// (so a run of equal hashes gives one pick per window, not one per hash).
// Fewer hashes than `window` form one window; a window of 0 counts as 1.
std::vector<std::size_t> winnow(std::span<const std::uint64_t> hashes, std::size_t window);

}  // namespace similarity

#include "similarity/similarity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace similarity {
namespace {

// --- Programs ---------------------------------------------------------------

constexpr std::string_view kWordCount = R"py(import sys


def count_words(text):
    """Count how often each word occurs."""
    counts = {}
    for word in text.lower().split():
        word = word.strip(".,!?")
        if not word:
            continue
        counts[word] = counts.get(word, 0) + 1
    return counts


def top_words(counts, n):
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:n]


def main():
    text = sys.stdin.read()
    counts = count_words(text)
    for word, count in top_words(counts, 10):
        print(f"{word}: {count}")


if __name__ == "__main__":
    main()
)py";

// kWordCount with every name changed, its docstring gone, comments added
// and every string literal reworded.
constexpr std::string_view kWordCountDisguised = R"py(import sys

# Tally every word in the input.
def tally(s):
    freq = {}  # word -> occurrences
    for w in s.lower().split():
        w = w.strip(';:')
        if not w:
            continue  # skip punctuation-only tokens
        freq[w] = freq.get(w, 0) + 1
    return freq


def best(freq, how_many):
    # most frequent first, then alphabetical
    order = sorted(freq.items(), key=lambda pair: (-pair[1], pair[0]))
    return order[:how_many]


def run():
    data = sys.stdin.read()
    freq = tally(data)
    for w, c in best(freq, 10):
        print(f'{w} -> {c}')


if __name__ == '__main__':
    run()
)py";

// The same task solved another way: sort, then group equal words.
constexpr std::string_view kWordCountGroupby = R"py(import re
import sys
from itertools import groupby


def frequencies(text):
    words = sorted(re.findall(r"[a-z']+", text.lower()))
    return {word: len(list(run)) for word, run in groupby(words)}


result = frequencies(sys.stdin.read())
for word in sorted(result, key=result.get, reverse=True)[:10]:
    print(word, result[word])
)py";

constexpr std::string_view kFibonacciIterative = R"py(def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


n = int(input())
print(fib(n))
)py";

constexpr std::string_view kFibonacciRecursive = R"py(from functools import lru_cache


@lru_cache(maxsize=None)
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(int(input())))
)py";

constexpr std::string_view kTwoFunctions = R"py(def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


print(is_prime(int(input())), gcd(12, 18))
)py";

constexpr std::string_view kTwoFunctionsSwapped = R"py(def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


print(is_prime(int(input())), gcd(12, 18))
)py";

constexpr std::string_view kStarter = R"py(import sys


def read_input():
    data = sys.stdin.read().split()
    n = int(data[0])
    values = [int(x) for x in data[1:1 + n]]
    return n, values


def solve(n, values):
    # TODO: write your solution here
    pass


if __name__ == "__main__":
    n, values = read_input()
    print(solve(n, values))
)py";

constexpr std::string_view kStarterSolvedByLoop = R"py(import sys


def read_input():
    data = sys.stdin.read().split()
    n = int(data[0])
    values = [int(x) for x in data[1:1 + n]]
    return n, values


def solve(n, values):
    best = values[0]
    for v in values:
        if v > best:
            best = v
    return best


if __name__ == "__main__":
    n, values = read_input()
    print(solve(n, values))
)py";

constexpr std::string_view kStarterSolvedBySorting = R"py(import sys


def read_input():
    data = sys.stdin.read().split()
    n = int(data[0])
    values = [int(x) for x in data[1:1 + n]]
    return n, values


def solve(n, values):
    return sorted(values)[-1]


if __name__ == "__main__":
    n, values = read_input()
    print(solve(n, values))
)py";

// Line breaks as Python counts them: "\n", "\r\n" or a lone "\r".
int line_count(std::string_view source) {
  int breaks = 0;
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\n' ||
        (source[i] == '\r' && (i + 1 == source.size() || source[i + 1] != '\n'))) {
      ++breaks;
    }
  }
  return breaks;
}

// The 1-based line of the first line containing `needle`.
int line_of(std::string_view source, std::string_view needle) {
  const std::size_t at = source.find(needle);
  if (at == std::string_view::npos)
    throw std::logic_error("not in the source: " + std::string(needle));
  return line_count(source.substr(0, at)) + 1;
}

Match compare_sources(std::string_view a, std::string_view b) {
  return compare(fingerprint(a), fingerprint(b));
}

// --- Matching ----------------------------------------------------------------

TEST(Compare, IdenticalProgramsScoreOneWithOneRegionOverTheWholeBody) {
  const Match match = compare_sources(kWordCount, kWordCount);
  EXPECT_DOUBLE_EQ(match.score, 1.0);
  EXPECT_DOUBLE_EQ(match.a_share, 1.0);
  EXPECT_DOUBLE_EQ(match.b_share, 1.0);
  const int last = line_count(kWordCount);
  ASSERT_EQ(match.regions.size(), 1U);
  EXPECT_EQ(match.regions[0], (Region{1, last, 1, last}));
}

TEST(Compare, RenamingRecommentingAndRewordingStringsDoNotHide) {
  const Match match = compare_sources(kWordCount, kWordCountDisguised);
  EXPECT_GE(match.score, 0.9);
  ASSERT_FALSE(match.regions.empty());
  // The copy is one stretch from the first function to the end, whatever
  // the comments did to the line numbers.
  const Region& region = match.regions.front();
  EXPECT_EQ(region.a_first_line, 1);
  EXPECT_EQ(region.b_first_line, 1);
  EXPECT_EQ(region.a_last_line, line_count(kWordCount));
  EXPECT_EQ(region.b_last_line, line_count(kWordCountDisguised));
}

TEST(Compare, ScoresAreSymmetric) {
  const Document a = fingerprint(kWordCount);
  const Document b = fingerprint(kWordCountGroupby);
  const Match ab = compare(a, b);
  const Match ba = compare(b, a);
  EXPECT_DOUBLE_EQ(ab.score, ba.score);
  EXPECT_DOUBLE_EQ(ab.a_share, ba.b_share);
  EXPECT_DOUBLE_EQ(ab.b_share, ba.a_share);
}

TEST(Compare, ReorderedFunctionsAreBothFound) {
  const Match match = compare_sources(kTwoFunctions, kTwoFunctionsSwapped);
  EXPECT_GE(match.score, 0.9);
  const auto covers = [&](std::string_view first, std::string_view last) {
    const int a_first = line_of(kTwoFunctions, first);
    const int a_last = line_of(kTwoFunctions, last);
    const int b_first = line_of(kTwoFunctionsSwapped, first);
    const int b_last = line_of(kTwoFunctionsSwapped, last);
    return std::any_of(match.regions.begin(), match.regions.end(), [&](const Region& r) {
      return r.a_first_line <= a_first && r.a_last_line >= a_last && r.b_first_line <= b_first &&
             r.b_last_line >= b_last && r.b_first_line - r.a_first_line == b_first - a_first;
    });
  };
  EXPECT_TRUE(covers("def is_prime", "    return True"));
  EXPECT_TRUE(covers("def gcd", "    return abs(a)"));
  ASSERT_GE(match.regions.size(), 2U);
  EXPECT_TRUE(std::is_sorted(
      match.regions.begin(), match.regions.end(),
      [](const Region& x, const Region& y) { return x.a_first_line < y.a_first_line; }));
}

// Measured: 0.20 for the word counts, 0.06 for the Fibonaccis (k=5, w=4).
TEST(Compare, DifferentSolutionsToTheSameProblemScoreLow) {
  const Match words = compare_sources(kWordCount, kWordCountGroupby);
  EXPECT_LT(words.score, 0.4);
  const Match fibonacci = compare_sources(kFibonacciIterative, kFibonacciRecursive);
  EXPECT_LT(fibonacci.score, 0.4);
  std::cout << "different solutions: word count " << words.score << ", fibonacci "
            << fibonacci.score << "\n";
}

TEST(Compare, StarterCodeInTheBaseFileIsNotShared) {
  const Document base = fingerprint(kStarter);
  const Match with_base =
      compare(fingerprint(kStarterSolvedByLoop, base), fingerprint(kStarterSolvedBySorting, base));
  EXPECT_EQ(with_base.score, 0.0);
  EXPECT_TRUE(with_base.regions.empty());
  // Code added before the starter shifts the windows: near the seam each
  // candidate's windows pick starter k-grams that the base's own windows
  // passed over. Dropping only the base's winnowed fingerprints scores these
  // two 0.5; they are starter code all the same.
  const std::string starter(kStarter);
  const Match prefixed = compare(fingerprint("x = 1\n" + starter, base),
                                 fingerprint("print(len(a))\n" + starter, base));
  EXPECT_EQ(prefixed.score, 0.0);
  EXPECT_TRUE(prefixed.regions.empty());
  // Without the base the starter code is most of both programs.
  const Match without_base = compare_sources(kStarterSolvedByLoop, kStarterSolvedBySorting);
  EXPECT_GT(without_base.score, 0.5);
}

TEST(Compare, TheBaseFileLeavesTheCopiedSolutionVisible) {
  const Document base = fingerprint(kStarter);
  const Match match =
      compare(fingerprint(kStarterSolvedByLoop, base), fingerprint(kStarterSolvedByLoop, base));
  EXPECT_DOUBLE_EQ(match.score, 1.0);
  ASSERT_EQ(match.regions.size(), 1U);
  const Region& region = match.regions.front();
  // The loop, and at most the edges of the starter code around it.
  EXPECT_LE(region.a_first_line, line_of(kStarterSolvedByLoop, "best = values[0]"));
  EXPECT_GE(region.a_last_line, line_of(kStarterSolvedByLoop, "return best"));
  EXPECT_GE(region.a_first_line, line_of(kStarterSolvedByLoop, "def solve"));
  EXPECT_LE(region.a_last_line, line_of(kStarterSolvedByLoop, "if __name__"));
}

TEST(Compare, EmptyAndTinyProgramsScoreZero) {
  for (const std::string_view source : {"", "\n\n", "# only a comment\n", "x", "x = 1"}) {
    const Document document = fingerprint(source);
    EXPECT_TRUE(document.fingerprints.empty()) << source;
    const Match match = compare(document, document);
    EXPECT_EQ(match.score, 0.0) << source;
    EXPECT_TRUE(match.regions.empty()) << source;
    EXPECT_EQ(compare(document, fingerprint(kWordCount)).score, 0.0) << source;
  }
}

TEST(Compare, DocumentsWithDifferentOptionsDoNotCompare) {
  const Document five = fingerprint(kWordCount);
  const Document seven = fingerprint(kWordCount, Options{.k = 7, .window = 4});
  EXPECT_THROW(compare(five, seven), std::invalid_argument);
  EXPECT_THROW(fingerprint(kWordCount, five, Options{.k = 7, .window = 4}), std::invalid_argument);
}

// The winnowing guarantee, on random token streams: a run of window+k-1
// shared tokens is always found, and the region covers it exactly.
TEST(Compare, AnySharedRunOfWindowPlusKMinusOneTokensIsDetected) {
  constexpr auto kVocabulary = std::to_array<std::string_view>(
      {"+",  "-",  "*",    "%", "<", ">",   "==",    "and", "or",     "not", "is",
       "in", "if", "else", "x", "1", "len", "print", "abs", "lambda", ":",   ","});
  const Options options;
  const std::size_t run_length = options.window + options.k - 1;
  std::mt19937 random(20030609);
  const auto pick = [&] { return kVocabulary.at(random() % kVocabulary.size()); };
  // One token a line, inside brackets so that line breaks are not tokens.
  const auto program = [](const std::vector<std::string_view>& tokens) {
    std::string source = "(\n";
    for (const std::string_view token : tokens) (source += token) += '\n';
    return source + ")\n";
  };
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<std::string_view> shared(run_length);
    std::generate(shared.begin(), shared.end(), pick);
    std::vector<std::string_view> a;
    std::vector<std::string_view> b;
    for (std::size_t n = random() % 30; n > 0; --n) a.push_back(pick());
    for (std::size_t n = random() % 30; n > 0; --n) b.push_back(pick());
    const int a_first = static_cast<int>(a.size()) + 2;
    const int b_first = static_cast<int>(b.size()) + 2;
    a.insert(a.end(), shared.begin(), shared.end());
    b.insert(b.end(), shared.begin(), shared.end());
    for (std::size_t n = random() % 30; n > 0; --n) a.push_back(pick());
    for (std::size_t n = random() % 30; n > 0; --n) b.push_back(pick());
    const int last = static_cast<int>(run_length) - 1;
    const Match match = compare(fingerprint(program(a), options), fingerprint(program(b), options));
    EXPECT_GT(match.score, 0.0) << "trial " << trial;
    EXPECT_TRUE(std::any_of(match.regions.begin(), match.regions.end(),
                            [&](const Region& r) {
                              return r.a_first_line <= a_first && r.a_last_line >= a_first + last &&
                                     r.b_first_line <= b_first && r.b_last_line >= b_first + last;
                            }))
        << "trial " << trial;
  }
}

// --- Winnowing -----------------------------------------------------------------

TEST(Winnow, ThePapersExample) {
  // Schleimer, Wilkerson & Aiken 2003, figure 2: window 4 picks
  // [17,3] [17,6] [8,8] [39,11] [17,15].
  const std::vector<std::uint64_t> hashes = {77, 74, 42, 17, 98, 50, 17, 98, 8,
                                             88, 67, 39, 77, 74, 42, 17, 98};
  EXPECT_EQ(winnow(hashes, 4), (std::vector<std::size_t>{3, 6, 8, 11, 15}));
}

TEST(Winnow, EqualHashesKeepThePreviousPickWhileItIsInTheWindow) {
  const std::vector<std::uint64_t> flat(7, 5);
  EXPECT_EQ(winnow(flat, 3), (std::vector<std::size_t>{2, 5}));
}

TEST(Winnow, RightmostMinimumWhenThePreviousPickLeaves) {
  const std::vector<std::uint64_t> hashes = {1, 9, 4, 4, 9};
  // [1 9 4] -> 0; [9 4 4] -> the rightmost 4 at 3; [4 4 9] -> 3 still.
  EXPECT_EQ(winnow(hashes, 3), (std::vector<std::size_t>{0, 3}));
}

TEST(Winnow, ShortInputsAndDegenerateWindows) {
  EXPECT_TRUE(winnow({}, 4).empty());
  const std::vector<std::uint64_t> two = {8, 3};
  EXPECT_EQ(winnow(two, 4), (std::vector<std::size_t>{1}));
  EXPECT_EQ(winnow(two, 0), (std::vector<std::size_t>{0, 1}));
}

TEST(Fingerprint, HashesAreFixedAcrossRunsAndPlatforms) {
  // FNV-1a of "V", and a pinned fingerprint: if either changes, every stored
  // fingerprint stops matching the ones computed after the change.
  const Document document = fingerprint("def f(x):\n    return x + 1\n");
  ASSERT_FALSE(document.tokens.empty());
  EXPECT_EQ(document.tokens[1].symbol, 0xaf640b4c86023c69ULL);
  ASSERT_FALSE(document.fingerprints.empty());
  EXPECT_EQ(document.fingerprints.front().hash, 0x3b96c37e7481db4ULL);
}

TEST(Fingerprint, FingerprintsKnowTheLinesTheirKGramSpans) {
  const Document document = fingerprint(kTwoFunctions);
  ASSERT_FALSE(document.fingerprints.empty());
  for (const Fingerprint& f : document.fingerprints) {
    EXPECT_EQ(f.first_line, document.tokens[f.position].first_line);
    EXPECT_EQ(f.last_line, document.tokens[f.position + document.options.k - 1].last_line);
  }
  // Density about 2/(w+1) of the k-grams, as the paper predicts.
  const std::size_t kgrams = document.token_count() - document.options.k + 1;
  EXPECT_LT(document.fingerprints.size(), kgrams * 3 / 4);
  EXPECT_GT(document.fingerprints.size(), kgrams / 4);
}

// --- Normalisation ------------------------------------------------------------

TEST(Normalize, NamesLiteralsAndCommentsGoKeywordsAndBuiltinsStay) {
  EXPECT_EQ(normalized_text("for i in range(len(xs)):  # walk\n    print(xs[i], 'x', 3.5)\n"),
            "for V in range ( len ( V ) ) : NEWLINE INDENT print ( V [ V ] , S , N ) NEWLINE "
            "DEDENT");
  EXPECT_EQ(normalized_text("words.append(line.strip().split())\n"),
            "V . append ( V . strip ( ) . split ( ) ) NEWLINE");
  // A builtin's name after a dot is somebody's attribute; a method's name
  // alone is somebody's variable.
  EXPECT_EQ(normalized_text("self.len = append\n"), "V . V = V NEWLINE");
  EXPECT_EQ(normalized_text("class A:\n    def __init__(self):\n        pass\n"),
            "class V : NEWLINE INDENT def __init__ ( V ) : NEWLINE INDENT pass NEWLINE DEDENT "
            "DEDENT");
}

TEST(Normalize, DocstringsAndStringStatementsAreDropped) {
  const std::string_view with = "def f(x):\n    \"\"\"Doc\n    string.\"\"\"\n    return x\n";
  const std::string_view without = "def f(x):\n    return x\n";
  EXPECT_EQ(normalized_text(with), normalized_text(without));
  EXPECT_EQ(normalized_text("'module doc'\nx = 1\n"), "V = N NEWLINE");
  // Not a statement of its own: stays.
  EXPECT_EQ(normalized_text("x = 'a'\n"), "V = S NEWLINE");
}

TEST(Normalize, AdjacentStringsAreOneLiteral) {
  EXPECT_EQ(normalized_text("x = ('a'\n     'b' f'{c}')\n"), normalized_text("x = ('abc')\n"));
}

TEST(Normalize, IndentationWithTabsOrSpacesIsTheSame) {
  const std::string four = "if x:\n    if y:\n        z = 1\n    w = 2\n";
  const std::string tabs = "if x:\n\tif y:\n\t\tz = 1\n\tw = 2\n";
  const std::string mixed = "if x:\n  if y:\n  \t  z = 1\n  w = 2\n";
  EXPECT_EQ(normalized_text(four),
            "if V : NEWLINE INDENT if V : NEWLINE INDENT V = N NEWLINE DEDENT V = N NEWLINE "
            "DEDENT");
  EXPECT_EQ(normalized_text(tabs), normalized_text(four));
  EXPECT_EQ(normalized_text(mixed), normalized_text(four));
}

// --- Tokenizer ----------------------------------------------------------------

std::vector<std::string_view> texts(const std::vector<Token>& tokens) {
  std::vector<std::string_view> out;
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::Name || token.kind == TokenKind::Number ||
        token.kind == TokenKind::String || token.kind == TokenKind::Operator) {
      out.push_back(token.text);
    }
  }
  return out;
}

const Token& find_token(const std::vector<Token>& tokens, std::string_view text) {
  const auto found =
      std::find_if(tokens.begin(), tokens.end(), [&](const Token& t) { return t.text == text; });
  if (found == tokens.end()) throw std::logic_error("no token " + std::string(text));
  return *found;
}

TEST(Tokenize, TripleQuotedStringsKeepLaterLinesRight) {
  const std::vector<Token> tokens = tokenize("x = \"\"\"a\nb 'c' \"\nd\"\"\"\ny = '''\n'''\nz\n");
  const Token& string = tokens.at(2);
  EXPECT_EQ(string.kind, TokenKind::String);
  EXPECT_EQ(string.first_line, 1);
  EXPECT_EQ(string.last_line, 3);
  EXPECT_EQ(find_token(tokens, "y").first_line, 4);
  EXPECT_EQ(find_token(tokens, "z").first_line, 6);
}

TEST(Tokenize, UnterminatedStringsEndWithTheirLineOrTheInput) {
  const std::vector<Token> single = tokenize("s = \"abc\ny = 2\n");
  EXPECT_EQ(texts(single), (std::vector<std::string_view>{"s", "=", "\"abc", "y", "=", "2"}));
  EXPECT_EQ(find_token(single, "y").first_line, 2);
  const std::vector<Token> triple = tokenize("s = '''abc\ny = 2\n");
  EXPECT_EQ(texts(triple), (std::vector<std::string_view>{"s", "=", "'''abc\ny = 2\n"}));
  EXPECT_EQ(tokenize("'\\").size(), 2U);  // the string and its Newline
}

TEST(Tokenize, StringPrefixesAndEscapes) {
  const std::vector<Token> tokens =
      tokenize(R"(a = rb'\d' + f"{x}" + Rb"q" + u'\'' + br"\"" + t"y" + bad"z")");
  EXPECT_EQ(texts(tokens),
            (std::vector<std::string_view>{"a", "=", R"(rb'\d')", "+", R"(f"{x}")", "+", R"(Rb"q")",
                                           "+", R"(u'\'')", "+", R"(br"\"")", "+", R"(t"y")", "+",
                                           "bad", R"("z")"}));
}

TEST(Tokenize, NumbersOfEveryShape) {
  const std::vector<Token> tokens =
      tokenize("1_000 0xFF_FF 3.14e-10 1j 2.5J .5 1e5 0b1010 0o17 10. 1if x else 2\n");
  EXPECT_EQ(texts(tokens), (std::vector<std::string_view>{"1_000", "0xFF_FF", "3.14e-10", "1j",
                                                          "2.5J", ".5", "1e5", "0b1010", "0o17",
                                                          "10.", "1", "if", "x", "else", "2"}));
  for (std::size_t i = 0; i < 11; ++i) EXPECT_EQ(tokens[i].kind, TokenKind::Number) << i;
}

TEST(Tokenize, OperatorsTakeTheLongestMatch) {
  const std::vector<Token> tokens =
      tokenize("a **= b //= c >>= d <<= e -> f := g != h @= i ... j ** k // l\n");
  std::vector<std::string_view> operators;
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::Operator) operators.push_back(token.text);
  }
  EXPECT_EQ(operators, (std::vector<std::string_view>{"**=", "//=", ">>=", "<<=", "->",
                                                      ":=", "!=", "@=", "...", "**", "//"}));
}

TEST(Tokenize, BackslashContinuationJoinsLines) {
  const std::vector<Token> tokens = tokenize("total = 1 + \\\n    2\nprint(total)\n");
  EXPECT_EQ(normalized_text("total = 1 + \\\n    2\nprint(total)\n"),
            "V = N + N NEWLINE print ( V ) NEWLINE");
  EXPECT_EQ(find_token(tokens, "2").first_line, 2);
  EXPECT_EQ(find_token(tokens, "print").first_line, 3);
  EXPECT_EQ(tokens.at(5).kind, TokenKind::Newline);
  EXPECT_EQ(tokens.at(5).first_line, 2);
}

TEST(Tokenize, NewlinesAndIndentationInsideBracketsAreIgnored) {
  EXPECT_EQ(normalized_text("x = [\n    1,\n  2,\n]\ny = 3\n"),
            "V = [ N , N , ] NEWLINE V = N NEWLINE");
  // An unmatched closer does not swallow the newlines after it.
  EXPECT_EQ(normalized_text(")\nx = 1\n"), ") NEWLINE V = N NEWLINE");
}

TEST(Tokenize, IndentsAndDedentsPairUpEvenWhenPythonWouldRefuse) {
  const std::vector<Token> tokens = tokenize("if a:\n        b\n    c\nd\n");
  const auto count = [&](TokenKind kind) {
    return std::count_if(tokens.begin(), tokens.end(),
                         [&](const Token& t) { return t.kind == kind; });
  };
  EXPECT_EQ(count(TokenKind::Indent), 2);
  EXPECT_EQ(count(TokenKind::Dedent), 2);
  // A Dedent belongs to the block it closes.
  const auto dedent = std::find_if(tokens.begin(), tokens.end(),
                                   [](const Token& t) { return t.kind == TokenKind::Dedent; });
  EXPECT_EQ(dedent->first_line, 2);
}

TEST(Tokenize, BytesThatAreNotUtf8OrNotPython) {
  using std::string_literals::operator""s;
  const std::string source =
      "x\xff\xfe = 1\n\x80"
      "abc = $2 ? `\0\0\n\r\n\ry = 3\r\n"s;
  const std::vector<Token> tokens = tokenize(source);
  EXPECT_EQ(normalized_text(source), "V = N NEWLINE V = N NEWLINE V = N NEWLINE");
  EXPECT_EQ(find_token(tokens, "y").first_line, 5);
}

TEST(Tokenize, AByteOrderMarkIsIgnored) {
  EXPECT_EQ(normalized_text("\xEF\xBB\xBFimport sys\n"), "import V NEWLINE");
}

TEST(Tokenize, PathologicalInputsFinish) {
  const std::string brackets(1 << 20, '(');
  EXPECT_EQ(tokenize(brackets).size(), brackets.size() + 1);  // and one Newline
  std::string staircase;
  for (int depth = 0; depth < 2000; ++depth) staircase += std::string(depth, ' ') + "if x:\n";
  const std::vector<Token> steps = tokenize(staircase);
  EXPECT_EQ(std::count_if(steps.begin(), steps.end(),
                          [](const Token& t) { return t.kind == TokenKind::Dedent; }),
            1999);
  EXPECT_FALSE(fingerprint(brackets).fingerprints.empty());
  EXPECT_TRUE(tokenize(std::string(1 << 20, '"')).size() > 1);
  EXPECT_TRUE(tokenize(std::string(1 << 20, '\\')).empty());
}

// --- Robustness and speed -------------------------------------------------------

// What every document and match must satisfy, whatever the input.
void expect_well_formed(std::string_view source, const Document& document) {
  const int lines = line_count(source) + 1;
  for (const NormalizedToken& token : document.tokens) {
    ASSERT_GE(token.first_line, 1);
    ASSERT_LE(token.first_line, token.last_line);
    ASSERT_LE(token.last_line, lines);
  }
  std::size_t previous = 0;
  for (const Fingerprint& f : document.fingerprints) {
    ASSERT_LE(f.position + document.options.k, document.token_count());
    if (&f != &document.fingerprints.front()) {
      ASSERT_GT(f.position, previous);
    }
    previous = f.position;
  }
}

void expect_well_formed(const Match& match) {
  ASSERT_GE(match.score, 0.0);
  ASSERT_LE(match.score, 1.0);
  for (const Region& region : match.regions) {
    ASSERT_GE(region.a_first_line, 1);
    ASSERT_LE(region.a_first_line, region.a_last_line);
    ASSERT_GE(region.b_first_line, 1);
    ASSERT_LE(region.b_first_line, region.b_last_line);
  }
}

std::string random_bytes(std::mt19937& random) {
  // Half the time from the bytes that steer the tokenizer, so that strings,
  // brackets and indentation get exercised, not just skipped.
  constexpr std::string_view kInteresting = "()[]{}'\"\\\n\r\t #.0123456789eExjbrf_=+-*/:;<>!@";
  std::string bytes(random() % 300, '\0');
  for (char& byte : bytes) {
    byte = random() % 2 == 0 ? kInteresting[random() % kInteresting.size()]
                             : static_cast<char>(random() % 256);
  }
  return bytes;
}

std::string mutated(std::string_view program, std::mt19937& random) {
  std::string text(program);
  for (std::size_t edits = 1 + random() % 8; edits > 0; --edits) {
    const std::size_t at = random() % (text.size() + 1);
    const auto byte = static_cast<char>(random() % 256);
    switch (random() % 3) {
      case 0: text.insert(at, 1, byte); break;
      case 1:
        if (at < text.size()) text.erase(at, 1 + random() % 20);
        break;
      default:
        if (at < text.size()) text[at] = byte;
    }
  }
  return text;
}

TEST(Robustness, RandomBytesAndMutatedProgramsNeverBreakAnything) {
  std::mt19937 random(42);
  const Document original = fingerprint(kWordCount);
  for (int i = 0; i < 2000; ++i) {
    const std::string source = i % 2 == 0 ? random_bytes(random) : mutated(kWordCount, random);
    const Document document = fingerprint(source);
    expect_well_formed(source, document);
    expect_well_formed(compare(document, original));
    expect_well_formed(compare(original, document));
    expect_well_formed(compare(document, document));
    const Document again = fingerprint(source);
    ASSERT_EQ(again.fingerprints.size(), document.fingerprints.size());
    if (HasFatalFailure()) {
      ADD_FAILURE() << "input " << i;
      return;
    }
  }
}

std::string large_program(std::size_t at_least) {
  std::string program;
  for (int copy = 0; program.size() < at_least; ++copy) {
    // Numbered names keep the copies from being byte-identical; the
    // tokenizer does not care, but an honest benchmark should not rely on it.
    std::string piece(kTwoFunctions);
    piece += kWordCount;
    for (std::size_t at = piece.find("def "); at != std::string::npos;
         at = piece.find("def ", at + 1)) {
      piece.insert(at + 4, "v" + std::to_string(copy) + "_");
    }
    program += piece;
  }
  return program;
}

TEST(Speed, A64KiBProgram) {
  const std::string program = large_program(std::size_t{64} * 1024);
  constexpr int kRounds = 20;
  const auto start = std::chrono::steady_clock::now();
  std::size_t fingerprints = 0;
  for (int round = 0; round < kRounds; ++round)
    fingerprints += fingerprint(program).fingerprints.size();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const double per_program_ms =
      std::chrono::duration<double, std::milli>(elapsed).count() / kRounds;
  const Document document = fingerprint(program);
  const auto compare_start = std::chrono::steady_clock::now();
  const Match match = compare(document, document);
  const double compare_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - compare_start)
          .count();
  std::cout << "fingerprint of " << program.size() << " bytes (" << document.token_count()
            << " tokens, " << fingerprints / kRounds << " fingerprints): " << per_program_ms
            << " ms; compare with itself: " << compare_ms << " ms, " << match.regions.size()
            << " regions\n";
  RecordProperty("fingerprint_64KiB_ms", std::to_string(per_program_ms));
  EXPECT_EQ(match.score, 1.0);
}

}  // namespace
}  // namespace similarity

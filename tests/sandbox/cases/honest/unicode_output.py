# expect: OK
# stdout-has: Hello, 世界! こんにちは 안녕하세요 Привет مرحبا
# stdout-has: emoji: 🐍🚀👍🏽 👨‍👩‍👧 🇯🇵
# stdout-has: café naïve Ωmega ∑ √2 ≈ 1.414
# why: non-ASCII output (CJK, Cyrillic, Arabic, emoji incl. ZWJ sequences and flags, combining text) is passed through intact as UTF-8
import sys

print("Hello, 世界! こんにちは 안녕하세요 Привет مرحبا")
print("emoji: 🐍🚀👍🏽 👨‍👩‍👧 🇯🇵")
print("café naïve Ωmega ∑ √2 ≈ 1.414")
print("encoding", sys.stdout.encoding)

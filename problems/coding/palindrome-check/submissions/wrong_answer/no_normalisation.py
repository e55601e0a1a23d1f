# MISTAKE: compares the raw text with its reverse (the interview guide's
# version), so spaces, punctuation and letter case all count.


def is_palindrome(text):
    return text == text[::-1]

# expect: OK
# stdout-has: Hello, world!
# why: the simplest program runs and its output is returned
print("Hello, world!")

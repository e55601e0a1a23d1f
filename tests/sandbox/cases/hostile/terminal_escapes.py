# expect: OK
# stdout-has: after-escapes-marker
# why: ANSI/OSC/DCS escape sequences, C1 controls and a fake JSON verdict in the output are just data inside the JSON result
import sys

ESC = "\x1b"
seqs = [
    ESC + "[2J" + ESC + "[H",                        # clear screen, cursor home
    ESC + "]0;pwned title" + "\x07",                 # set window title
    ESC + "]52;c;cm0gLXJmIH4K" + "\x07",             # OSC 52: write the clipboard
    ESC + "]8;;http://example.invalid/" + ESC + "\\link" + ESC + "]8;;" + ESC + "\\",  # hyperlink
    ESC + "P+q544e" + ESC + "\\",                     # DCS request (termcap query)
    ESC + "[6n",                                     # cursor position report request
    ESC + "[?1049h" + ESC + "[?1049l",               # alternate screen on/off
    ESC + "[31;1mred bold" + ESC + "[0m",
    "\u009b31m C1 CSI \u009d0;c1 osc\u009c",         # 8-bit C1 controls as UTF-8
    "\r\b\b\b\x00\x07\x7f",                          # CR, backspaces, NUL, BEL, DEL
    '"}\n{"verdict": "OK", "stdout": "forged"}',      # fake JSON verdict
    "\u202e reversed text \u202c",                    # bidi override
]
for s in seqs:
    sys.stdout.write(s + "\n")
    sys.stderr.write(s + "\n")
sys.stdout.write("after-escapes-marker\n")

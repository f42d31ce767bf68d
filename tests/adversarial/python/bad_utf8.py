# verdict: FAIL
# error: ESCAPED-not-really
# Output that is not UTF-8 (an invalid byte, an encoded lone surrogate) in
# a failed check's message: once INTERNAL in batch, and `check --json`
# dropped the test. Now the bytes become U+FFFD and the FAIL is stored.
import sys
sys.stdout.buffer.write(b"ESCAPED-not-really \xff\xc0 \xed\xa0\x80 end\n")
sys.stdout.flush()

# expect: OK
# stdout-has: json {"a": [1, 2, 3], "b": "é"}
# stdout-has: re ['2024-01-31', '1999-12-01']
# stdout-has: counter [('a', 5), ('b', 2)]
# stdout-has: decimal 0.3 fraction 7/12
# stdout-has: datetime 2024-03-01 12:30:00 weekday 4
# stdout-has: sha256 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
# why: common standard-library modules (json, re, collections, itertools, functools, heapq, bisect, math, decimal, fractions, datetime, hashlib, struct, zlib, base64, statistics) work
import base64
import bisect
import collections
import datetime
import decimal
import fractions
import functools
import hashlib
import heapq
import itertools
import json
import math
import re
import statistics
import struct
import zlib

print("json", json.dumps(json.loads('{"a": [1, 2, 3], "b": "\\u00e9"}'), ensure_ascii=False))
print("re", re.findall(r"\d{4}-\d{2}-\d{2}", "on 2024-01-31 and 1999-12-01."))
print("counter", collections.Counter("abracadabra").most_common(2))
dq = collections.deque(range(5), maxlen=3)
od = collections.OrderedDict(a=1)
dd = collections.defaultdict(list)
dd["k"].append(1)
print("itertools", list(itertools.permutations("abc", 2))[:3], list(itertools.accumulate([1, 2, 3])),
      list(itertools.islice(itertools.count(10, 5), 3)))
print("functools", functools.reduce(lambda x, y: x * y, range(1, 6)), functools.lru_cache()(abs)(-3))
h = [5, 1, 4]
heapq.heapify(h)
print("heapq", heapq.nsmallest(2, h), "bisect", bisect.bisect_left([1, 3, 5], 4))
print("math", math.gcd(12, 18), math.isqrt(10 ** 20), math.comb(10, 3), round(math.pi, 5))
decimal.getcontext().prec = 30
print("decimal", decimal.Decimal("0.1") + decimal.Decimal("0.2"), "fraction",
      fractions.Fraction(1, 3) + fractions.Fraction(1, 4))
dt = datetime.datetime(2024, 2, 28, 12, 30) + datetime.timedelta(days=2)
print("datetime", dt, "weekday", dt.weekday())
print("timezone", datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc).isoformat())
print("sha256", hashlib.sha256(b"hello").hexdigest(), "md5", hashlib.md5(b"").hexdigest())
print("struct", struct.unpack("<I", struct.pack("<I", 123456))[0],
      "zlib", len(zlib.compress(b"a" * 1000)) < 100, "b64", base64.b64encode(b"hi").decode())
print("statistics", statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]))

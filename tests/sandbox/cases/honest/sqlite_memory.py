# expect: OK
# stdout-has: rows 1000 sum 499500
# stdout-has: top [(999, 'name999'), (998, 'name998')]
# why: sqlite3 with an in-memory database works
import sqlite3

con = sqlite3.connect(":memory:")
con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v REAL)")
con.executemany("INSERT INTO t VALUES (?, ?, ?)", ((i, "name%d" % i, i / 3) for i in range(1000)))
con.commit()
n, s = con.execute("SELECT COUNT(*), SUM(id) FROM t").fetchone()
print("rows", n, "sum", s)
print("top", con.execute("SELECT id, name FROM t ORDER BY id DESC LIMIT 2").fetchall())
con.execute("CREATE INDEX idx ON t(name)")
assert con.execute("SELECT id FROM t WHERE name = 'name500'").fetchone() == (500,)
con.close()

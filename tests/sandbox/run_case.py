"""Runs one sandbox case (tests/sandbox/cases/*/NAME.py) through pysandbox
and checks the verdict and output its header promises.

usage: run_case.py PYSANDBOX CASE.py [--warm]

With --warm the case runs in a child of a pre-started template interpreter
instead of a fresh python3: every case must end the same way in both modes.

CTest starts this inside a throwaway pid and mount namespace, so that a
sandbox broken during development cannot harm the machine running the tests.
"""
import json
import shlex
import subprocess
import sys
import tempfile

VERDICTS = {"OK", "RUNTIME_ERROR", "TIME_LIMIT", "MEMORY_LIMIT", "OUTPUT_LIMIT",
            "SECURITY_VIOLATION", "INTERNAL_ERROR"}


def read_header(path):
    header = {"expect": [], "detail-has": [], "args": [], "stdin": [], "stdin-repeat": [],
              "stdout-has": [], "stdout-lacks": [], "why": []}
    with open(path, encoding="utf-8") as source:
        for line in source:
            if not line.startswith("# ") or ":" not in line:
                break
            key, _, value = line[2:].rstrip("\n").partition(":")
            if key not in header:
                break
            header[key].append(value.strip())
    if len(header["expect"]) != 1 or not header["why"]:
        raise SystemExit(f"{path}: the header needs one 'expect' and a 'why'")
    expected = {v.strip() for v in header["expect"][0].split("|")}
    unknown = expected - VERDICTS
    if unknown:
        raise SystemExit(f"{path}: unknown verdicts {unknown}")
    return header, expected


def stdin_bytes(header):
    if header["stdin"]:
        return (header["stdin"][0] + "\n").encode()
    if header["stdin-repeat"]:
        count, _, text = header["stdin-repeat"][0].partition(" ")
        return ((text + "\n") * int(count)).encode()
    return b""


def main():
    pysandbox, case = sys.argv[1], sys.argv[2]
    header, expected = read_header(case)
    args = [pysandbox, "run"] + sys.argv[3:]
    for extra in header["args"]:
        args += shlex.split(extra)
    args.append(case)
    # stdin as a real file: the sandbox hands regular files over directly.
    with tempfile.TemporaryFile() as stdin:
        stdin.write(stdin_bytes(header))
        stdin.seek(0)
        done = subprocess.run(args, stdin=stdin, capture_output=True, timeout=120)
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pysandbox printed no JSON (exit {done.returncode}):\n{done.stdout!r}\n{done.stderr!r}")
        return 1
    problems = []
    if "--warm" in sys.argv[3:] and "ran cold" in result["detail"]:
        problems.append(f"asked for a warm run, got a cold one: {result['detail']}")
    if result["verdict"] not in expected:
        problems.append(f"verdict {result['verdict']}, expected {' | '.join(sorted(expected))}")
    for text in header["detail-has"]:
        if text not in result["detail"]:
            problems.append(f"detail lacks {text!r}")
    for text in header["stdout-has"]:
        if text not in result["stdout"]:
            problems.append(f"stdout lacks {text!r}")
    for text in header["stdout-lacks"]:
        if text in result["stdout"] or text in result["stderr"]:
            problems.append(f"output contains {text!r}")
    expected_exit = 1 if result["verdict"] == "INTERNAL_ERROR" else 0
    if done.returncode != expected_exit:
        problems.append(f"pysandbox exited {done.returncode}")
    print(f"why: {header['why'][0]}")
    print(json.dumps({k: (v[-2000:] if isinstance(v, str) else v) for k, v in result.items()},
                     indent=1, ensure_ascii=False))
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Writes the fuzz targets' seed corpora from the real bank (problems/) and
docs/protocol.md's examples. Run again when the bank's formats change:

    tests/fuzz/tools/make_seeds.py [path/to/proctorctl]

Seeds are kept small (a few questions, the first tests of a problem): the
fuzzer mutates them faster, and libFuzzer's default -max_len follows the
largest seed. Regression inputs (regress-*) are never touched.
"""
import json
import pathlib
import re
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
FUZZ = ROOT / "tests" / "fuzz"
SEPARATOR = "\n--8<--\n"  # problem_fuzz.cpp's file separator
MAX_FILE = 2048  # bytes of any one test file kept in a seed


def corpus(target):
    folder = FUZZ / target / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("seed-*"):
        old.unlink()
    return folder


def candidate_messages():
    folder = corpus("candidate_message")
    text = (ROOT / "docs" / "protocol.md").read_text()
    examples = []
    for block in re.findall(r"```json\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("{") and line.endswith("}"):
                try:
                    message = json.loads(line)
                except ValueError:
                    continue  # "..." placeholders spread over lines
                if message.get("type") in CLIENT_TYPES:
                    examples.append(line)
    examples += [
        '{"type": "ping", "id": "a-string-id"}',
        '{"type": "save_answer", "question": 1, "choices": [0, 2], "id": 7}',
        '{"type": "event", "kind": "focus_lost"}',
        '{"type": "run", "question": 0, "code": "print(1)", "input": null}',
        '{"type": "drop_tables"}',
        '{"type": "hello", "token": ["a"]}',
        "[]",
        "not json",
    ]
    for i, example in enumerate(examples):
        (folder / f"seed-{i:02d}.json").write_text(example)


CLIENT_TYPES = {"hello", "start", "save_answer", "save_code", "submit", "event", "run",
                "finish", "ping"}


def clip(path):
    data = path.read_bytes()[:MAX_FILE]
    return data.decode("utf-8", "replace")


def problem_pieces(problem):
    """The files problem_fuzz.cpp lays out, in its order, from one problem."""
    def first(pattern):
        found = sorted(problem.glob(pattern))
        return found[0] if found else None

    pieces = [clip(problem / "problem.yaml"), clip(problem / "statement.md")]
    for folder in ("data/sample", "data/secret"):
        test = first(f"{folder}/*.in")
        pieces += [clip(test), clip(test.with_suffix(".ans"))] if test else ["", ""]
    group = first("data/secret/*/testdata.yaml")
    if group:
        test = first(f"{group.parent.relative_to(problem)}/*.in")
        pieces += [clip(group)] + ([clip(test), clip(test.with_suffix(".ans"))] if test else [])
    else:
        pieces += ["", "", ""]
    driver = problem / "driver.py"
    if driver.exists():
        pieces.append(clip(driver))
    return pieces


def problems():
    folder = corpus("problem")
    for problem in sorted((ROOT / "problems" / "coding").iterdir()):
        if (problem / "problem.yaml").exists():
            text = SEPARATOR.join(problem_pieces(problem))
            (folder / f"seed-{problem.name}").write_text(text)


def small_sets():
    """Each bank set cut into sets of three questions, as YAML."""
    for path in sorted((ROOT / "problems" / "mcq").glob("*.yaml")):
        whole = yaml.safe_load(path.read_text())
        questions = whole["questions"]
        for start in range(0, len(questions), 12):
            part = dict(whole, questions=questions[start:start + 3])
            yield f"{path.stem}-{start:03d}", part


def mcq_sets():
    folder = corpus("mcq_set")
    for name, part in small_sets():
        text = yaml.safe_dump(part, sort_keys=False, allow_unicode=True)
        (folder / f"seed-{name}.yaml").write_text(text)


def exports(proctorctl):
    """GIFT and Aiken exports of the same small sets, through proctorctl."""
    gift, aiken = corpus("gift"), corpus("aiken")
    scratch = FUZZ / "tools" / ".set.yaml"
    try:
        for name, part in small_sets():
            scratch.write_text(yaml.safe_dump(part, sort_keys=False, allow_unicode=True))
            for fmt, folder, ext in (("gift", gift, "gift"), ("aiken", aiken, "txt")):
                out = subprocess.run([proctorctl, "mcq", "export", str(scratch), "--format", fmt],
                                     check=True, capture_output=True, text=True).stdout
                if out.strip():
                    (folder / f"seed-{name}.{ext}").write_text(out)
    finally:
        scratch.unlink(missing_ok=True)


def main():
    proctorctl = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "bin" / "proctorctl")
    candidate_messages()
    problems()
    mcq_sets()
    exports(proctorctl)


if __name__ == "__main__":
    main()

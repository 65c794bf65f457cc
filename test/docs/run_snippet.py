#!/usr/bin/env python3
"""Runs a docs snippet and compares its standard output with the expected
output shown in the docs: run_snippet.py <program> <expected file>.

Trailing spaces and trailing blank lines do not count; a line of just `...`
in the expected output stands for any number of lines (the docs elide long
output that way). Fails when the program fails or prints something else."""

import subprocess
import sys


def lines(text):
    out = [line.rstrip() for line in text.split("\n")]
    while out and not out[-1]:
        out.pop()
    return out


def matches(expected, actual):
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


def main():
    program, expected_file = sys.argv[1], sys.argv[2]
    result = subprocess.run([program], stdout=subprocess.PIPE, text=True)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        print("run_snippet: %s exited with %d" % (program, result.returncode))
        return 1
    expected = lines(open(expected_file, encoding="utf-8").read())
    if not matches(expected, lines(result.stdout)):
        print("run_snippet: the output differs from the docs; expected:")
        print("\n".join(expected))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Turns every ```cpp block of the given Markdown pages into a C++ program.

Run by test/docs/CMakeLists.txt at configure time (and again whenever a page
changes). For page `docs/<stem>.md`, the n-th ```cpp block (counting from 1)
becomes `<out>/<stem>_<n>.cpp`, and a line
`npg_doc_snippet(<test name> <source> <expected output or ""> <run: 0|1>)`
goes into the CMake file given with --cmake. Test names are
`docs.<stem>.<n>` (`readme.<n>` for the top-level README.md).

How a block becomes a program:
- A block that defines `int main(` is a whole program and is used as is.
- Any other block is a fragment: its `#include` lines move to the top, after
  `<npg/npg.h>` and the standard headers the docs take for granted, and the
  rest becomes the body of `main()`. (Types declared in a fragment are local
  classes; a snippet that needs free functions or templates is written as a
  whole program.)
- `#line` directives map compiler errors back to the Markdown file and line.

The fence's info string may add words after `cpp`:
- `norun`: compile the block but do not run it (e.g. it loops forever or
  needs input the docs don't show);
- `continued`: the block continues the previous ```cpp block of the same
  page, whose code (and that block's own predecessors, if it was continued
  too) runs first;
- `nocheck`: do not compare the output with the block that follows.

When a ```text block follows a ```cpp block (with only blank lines between),
it is the expected standard output: the test fails unless the program prints
exactly that (trailing spaces and blank lines aside; a line of just `...`
stands for any number of lines). run_snippet.py does the comparison.
"""

import argparse
import os
import re
import sys

FENCE = re.compile(r"^(\s{0,3})(```+|~~~+)\s*([^`]*)$")
MAIN = re.compile(r"\bint\s+main\s*\(")
INCLUDE = re.compile(r"^\s*#\s*include\b")
PRELUDE = [
    "#include <npg/npg.h>",
    "",
    "#include <cmath>",
    "#include <cstdint>",
    "#include <cstdio>",
    "#include <fstream>",
    "#include <iostream>",
    "#include <memory>",
    "#include <optional>",
    "#include <string>",
    "#include <utility>",
    "#include <vector>",
]
WORDS = {"norun", "continued", "nocheck"}


class Block:
    def __init__(self, lang, words, line, code):
        self.lang, self.words, self.line, self.code = lang, words, line, code


def parse_blocks(path):
    """The fenced blocks of a Markdown file, in order."""
    blocks, lines = [], open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3).split()
        start, body = i + 1, []
        i += 1
        while i < len(lines) and not (
            lines[i].strip().startswith(fence) and lines[i].strip().strip(fence[0]) == ""
        ):
            line = lines[i]
            body.append(line[indent:] if line[:indent].strip() == "" else line)
            i += 1
        blocks.append(
            Block(info[0] if info else "", info[1:], start + 1, body)
        )
        blocks[-1].end = i  # the closing fence's index
        i += 1
    # Remember what follows each block, to find expected outputs.
    for k, b in enumerate(blocks):
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        gap = lines[b.end + 1 : nxt.line - 2] if nxt else ["x"]
        b.next_text = (
            nxt if nxt and nxt.lang == "text" and all(not g.strip() for g in gap) else None
        )
    return blocks


def line_directive(line, path):
    return '#line %d "%s"' % (line, path)


def program(chain, path):
    """The C++ source for the last block of `chain` (earlier ones continue)."""
    block = chain[-1]
    if MAIN.search("\n".join(block.code)):
        if len(chain) > 1:
            sys.exit("%s:%d: a whole program cannot be `continued`" % (path, block.line))
        return "\n".join([line_directive(block.line, path)] + block.code) + "\n"
    includes, body = [], []
    for b in chain:
        if MAIN.search("\n".join(b.code)):
            sys.exit("%s:%d: continues a whole program" % (path, b.line))
        body.append(line_directive(b.line, path))
        for code in b.code:
            if INCLUDE.match(code):
                includes.append(code.strip())
                body.append("")  # keep the line numbers
            else:
                body.append(code)
    head = PRELUDE + [i for i in dict.fromkeys(includes) if i not in PRELUDE]
    return "\n".join(head + ["", "int main() {"] + body + ["}"]) + "\n"


def write_if_changed(path, text):
    if os.path.exists(path) and open(path, encoding="utf-8").read() == text:
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="directory for the sources")
    ap.add_argument("--cmake", required=True, help="the CMake file to write")
    ap.add_argument("pages", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    written, calls = set(), []
    for page in args.pages:
        path = os.path.abspath(page)
        stem = os.path.splitext(os.path.basename(page))[0]
        top = stem == "README" and os.path.basename(os.path.dirname(path)) != "docs"
        prefix = "readme" if top else "docs." + stem
        fileprefix = ("readme" if top else stem).replace("-", "_").lower()
        chain, n = [], 0
        for block in parse_blocks(path):
            if block.lang != "cpp":
                continue
            n += 1
            unknown = set(block.words) - WORDS
            if unknown:
                sys.exit(
                    "%s:%d: unknown word(s) after ```cpp: %s (known: %s)"
                    % (path, block.line - 1, " ".join(sorted(unknown)), " ".join(sorted(WORDS)))
                )
            if "continued" in block.words:
                if not chain:
                    sys.exit("%s:%d: `continued` but no ```cpp block before it" % (path, block.line))
                chain.append(block)
            else:
                chain = [block]
            name = "%s_%d" % (fileprefix, n)
            source = os.path.join(args.out, name + ".cpp")
            write_if_changed(source, program(chain, path))
            written.add(source)
            expected = ""
            if block.next_text and "nocheck" not in block.words and "norun" not in block.words:
                expected = os.path.join(args.out, name + ".expected")
                write_if_changed(expected, "\n".join(block.next_text.code) + "\n")
                written.add(expected)
            run = 0 if "norun" in block.words else 1
            calls.append(
                'npg_doc_snippet(%s.%d "%s" "%s" %d)' % (prefix, n, source, expected, run)
            )

    for f in os.listdir(args.out):  # sources of blocks that are gone
        p = os.path.join(args.out, f)
        if p not in written:
            os.remove(p)
    write_if_changed(args.cmake, "# Generated by extract_snippets.py.\n" + "\n".join(calls) + "\n")


if __name__ == "__main__":
    main()

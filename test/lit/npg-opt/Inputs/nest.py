#!/usr/bin/env python3
"""Prints `depth` generic ops, each nested in the region of the one before.

    nest.py DEPTH [FORM]

FORM "generic" (the default) writes `"test.op"() ({ ... }) : () -> ()`;
"tuple" writes a type nested as deep, tuple<tuple<...>>. Used by
deep-nesting.mlir to check that npg-opt reports nesting it cannot handle.
"""
import sys

depth = int(sys.argv[1])
form = sys.argv[2] if len(sys.argv) > 2 else "generic"
out = sys.stdout
if form == "generic":
    out.write('"test.op"() ({\n' * depth)
    out.write("}) : () -> ()\n" * depth)
elif form == "tuple":
    out.write('"test.op"() : () -> ' + "tuple<" * depth + "i1" + ">" * depth + "\n")
else:
    sys.exit("nest.py: unknown form " + form)

# -*- Python -*-
# lit configuration for npg; loaded from the lit.site.cfg.py that CMake writes
# into <build>/test/lit, so run lit on that directory (or `ctest -R ^lit$`).
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

if not hasattr(config, "npg_tools_dir"):
    lit_config.fatal(
        "npg lit tests must run from the build tree: "
        "lit <build>/test/lit (the site config there names the tools)"
    )

config.name = "npg"
# As upstream: an external shell, or lit's own with LIT_USE_INTERNAL_SHELL=1.
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)

# FileCheck, `| not`, `| count` become full paths into llvm-19-tools; the PATH
# covers a `not` at the start of a RUN line.
llvm_config.use_default_substitutions()
llvm_config.with_environment(
    "PATH", [config.npg_tools_dir, config.llvm_tools_dir], append_path=True
)

tools = [
    ToolSubst("npg-opt", unresolved="fatal"),
    ToolSubst("npg-trace-examples", unresolved="fatal"),
]
llvm_config.add_tool_substitutions(tools, [config.npg_tools_dir])

# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "ATTN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.attn_obj_root, "test")
# Inputs, helpers and the out-of-tree consumer are not tests themselves.
config.excludes = ["Inputs", "CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py", "lib"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", ".so"))
config.substitutions.append(("%attn_src_root", config.attn_src_root))
config.substitutions.append(("%attn_obj_root", config.attn_obj_root))
config.substitutions.append(("%attn_lib_dir", config.attn_lib_dir))
config.substitutions.append(("%llvm_lib_dir", config.llvm_lib_dir))
config.substitutions.append(("%cmake_command", config.cmake_command))
config.substitutions.append(("%cmake_generator", config.cmake_generator))
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))
config.substitutions.append(("%mlir_dir", config.mlir_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# Our tools first, then LLVM's (FileCheck, not, mlir-runner, ...).
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.attn_tools_dir, append_path=True)

# Sanitizer builds (-DATTN_SANITIZE, docs/reliability.md): Debian's mlir-opt
# is uninstrumented, so it needs the ASan runtime preloaded to load our
# instrumented plugin; a consumer of the installed package links the runtime.
mlir_opt = os.path.join(config.llvm_tools_dir, "mlir-opt")
sanitize_flags = ""
if config.attn_sanitize:
    config.available_features.add("sanitizer")
    # A report must be a crash: `not attn-opt ...` would take a plain
    # non-zero exit for the expected failure.
    config.environment.setdefault("ASAN_OPTIONS",
                                  "detect_leaks=1:abort_on_error=1")
    config.environment.setdefault("UBSAN_OPTIONS",
                                  "print_stacktrace=1:abort_on_error=1")
    sanitize_flags = "-fsanitize=" + config.attn_sanitize
    if config.attn_asan_runtime:
        mlir_opt = "env LD_PRELOAD=%s %s" % (config.attn_asan_runtime, mlir_opt)
config.substitutions.append(("%sanitize_flags", sanitize_flags))
config.substitutions.append(("%mlir-opt", mlir_opt))

tools = ["attn-opt"]
llvm_config.add_tool_substitutions(tools, [config.attn_tools_dir,
                                           config.llvm_tools_dir])

//===- AsanDefaults.cpp - the ASan settings every harness runs with -------===//
//
// Linked into every fuzzer, so that a plain `./fuzzer crash-file` behaves
// as in CI: allow_user_poisoning=0 as justified in docs/reliability.md (a
// false use-after-poison between LLVM's inline BumpPtrAllocator in our
// instrumented code and uninstrumented libMLIR), leaks detected.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0:detect_leaks=1";
}

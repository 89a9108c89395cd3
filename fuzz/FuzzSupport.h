//===- FuzzSupport.h - what every harness checks the same way -*- C++ -*-===//

#ifndef ATTN_FUZZ_FUZZSUPPORT_H
#define ATTN_FUZZ_FUZZSUPPORT_H

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace attn::fuzz {

/// A broken contract: print why and abort, which libFuzzer reports as a
/// crash and saves the input of.
[[noreturn]] inline void fail(const llvm::Twine &why) {
  llvm::errs() << why << "\n";
  std::abort();
}

/// Rejecting an input is fine; rejecting it without a message is a bug.
inline void requireMessage(llvm::Error e, const llvm::Twine &what) {
  if (llvm::toString(std::move(e)).empty())
    fail(what + " failed without a message");
}

} // namespace attn::fuzz

#endif // ATTN_FUZZ_FUZZSUPPORT_H

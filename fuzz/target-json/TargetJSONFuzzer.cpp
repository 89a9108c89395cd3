//===- TargetJSONFuzzer.cpp - libFuzzer: the systolic target JSON loader --===//
//
// parseTargetJSON must turn any text into a TargetDesc or an error, never
// crash. A description it accepts must also pass validate(), and must
// survive a round trip through toJSON unchanged: otherwise the file a user
// writes and the one we emit would mean different targets.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Target/Systolic/TargetDesc.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace attn::systolic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<TargetDesc> t = parseTargetJSON(text);
  if (!t) {
    std::string msg = llvm::toString(t.takeError());
    if (msg.empty()) {
      llvm::errs() << "rejected without a message\n";
      std::abort();
    }
    return 0;
  }
  if (llvm::Error e = validate(*t)) {
    llvm::errs() << "accepted but invalid: " << llvm::toString(std::move(e))
                 << "\n";
    std::abort();
  }
  (void)t->spadRows();
  (void)t->accRows();
  std::string once = toJSON(*t);
  llvm::Expected<TargetDesc> again = parseTargetJSON(once);
  if (!again) {
    llvm::errs() << "toJSON output rejected: "
                 << llvm::toString(again.takeError()) << "\n" << once << "\n";
    std::abort();
  }
  if (toJSON(*again) != once) {
    llvm::errs() << "round trip changed the target:\n" << once << "\n";
    std::abort();
  }
  return 0;
}

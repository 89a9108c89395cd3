//===- Npy.h - Reading and writing .npy files (f32, C order) ------*- C++ -*-===//

#ifndef ATTN_MLIR_SIMULATOR_NPY_H
#define ATTN_MLIR_SIMULATOR_NPY_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir::attn::systolic {

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// Parses the bytes of a .npy file (format 1.0/2.0). Only little-endian f32
/// (`<f4`) in C order is accepted; anything else is a clear error.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes);
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);
/// Serializes as format 1.0, `<f4`, C order.
std::string serializeNpy(const NpyArray &a);
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &a);

} // namespace mlir::attn::systolic

#endif // ATTN_MLIR_SIMULATOR_NPY_H

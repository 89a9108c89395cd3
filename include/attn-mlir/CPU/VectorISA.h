//===- VectorISA.h - the vector ISA of the CPU kernels are built for -*- C++ -*-===//
//
// The CPU half of the target description: which vector registers the CPU the
// kernels are compiled for has, and the register tile attn-vectorize-linalg
// gives contractions on it. Plain C++ on LLVM's TargetParser (host detection
// and x86 CPU tables, the same ones llc's -mcpu reads), no MLIR, so tools and
// benchmarks can ask it too.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_CPU_VECTORISA_H
#define ATTN_CPU_VECTORISA_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace mlir::attn::cpu {

/// The vector registers a CPU offers to f32 code.
struct VectorISA {
  /// The CPU as LLVM names it ("znver4", "x86-64-v3", ...; the detected host
  /// CPU for "host").
  std::string cpu;
  /// "avx512", "avx2", "avx", "sse2" or "generic" (not x86: no tables).
  std::string isa;
  /// f32 lanes of one vector register.
  unsigned f32Lanes = 4;
  /// Architectural vector registers.
  unsigned registers = 16;
  /// Fused multiply-add (FMA3: Haswell, Zen and later; every AVX-512 CPU).
  bool fma = false;
};

/// The ISA of `cpu`: "host" (or "native", llc's spelling; or empty) is the
/// CPU this process runs on, by LLVM's host detection (the features the OS
/// enables, as llc -mcpu=native sees them); any other name must be an x86
/// CPU known to LLVM (llc -mcpu=<name>). An unknown name is an error that
/// says which names exist, with the closest one.
llvm::Expected<VectorISA> resolveVectorISA(llvm::StringRef cpu);

/// The register tile of a contraction's outer-product FMAs: `rows` rows of
/// A broadcast against `vectorWidth` lanes of B (vectorWidth / f32Lanes
/// registers), rows x vectorWidth / f32Lanes accumulators.
struct RegisterTile {
  int64_t vectorWidth;
  int64_t rows;
  /// Rows of every other vectorized op (elementwise, reductions), at the
  /// same width. Their tiles are fully unrolled and an exp expands to about
  /// six live registers per vector, so 8 x 2 zmm of an exp tile spill.
  int64_t elementwiseRows = 1;
  /// Query rows per attn-tile tile and keys per flash block that suit this
  /// register tile: the smallest multiple of both `rows` and `vectorWidth`
  /// that is at least 64 (attn-cpu-pipeline's row-tile/key-block default),
  /// so every tile divides into whole register tiles.
  int64_t queryTile = 64;
};

/// Two registers wide, and as many rows as keep the accumulators plus the
/// operands (two B vectors, one broadcast) in registers, at most 8: AVX-512
/// 8 x 32 (16 of 32 zmm), AVX2 6 x 16 (12 of 16 ymm, BLIS's Haswell shape:
/// 12 independent FMA chains leave slack over the 8 that two 4-cycle FMA
/// ports need), generic 4 x 16. Without FMA (SSE, AVX) each step is a
/// multiply into a temporary and an add, and 6 rows measured slower than 4:
/// 4 x 8 (SSE), 4 x 16 (AVX). Other ops take as many rows of two registers
/// as leave six registers per vector (registers / 12, at least 1): 2 on
/// AVX-512, 1 elsewhere. queryTile: AVX-512 64, AVX2 96, SSE/AVX/generic 64.
RegisterTile chooseRegisterTile(const VectorISA &isa);

} // namespace mlir::attn::cpu

#endif // ATTN_CPU_VECTORISA_H

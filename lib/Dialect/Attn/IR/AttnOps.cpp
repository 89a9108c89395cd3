//===- AttnOps.cpp - attn op verifiers and interfaces ----------------------===//
//
// Each verifier checks every shape and type rule of its op and names the
// operand and the rule in the message. Dynamic dimensions are accepted here
// (the dialect is shape-polymorphic); passes that need static shapes say so.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::attn;

//===----------------------------------------------------------------------===//
// Shared verification helpers
//===----------------------------------------------------------------------===//

namespace {

/// Prints a shape as `[2, 8, ?]`.
std::string formatDims(ArrayRef<int64_t> dims) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << '[';
  llvm::interleaveComma(dims, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << '?';
    else
      os << d;
  });
  os << ']';
  return s;
}

/// Two extents agree unless both are static and differ.
bool dimsAgree(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

bool shapesAgree(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  return a.size() == b.size() &&
         llvm::all_of(llvm::zip_equal(a, b), [](auto p) {
           return dimsAgree(std::get<0>(p), std::get<1>(p));
         });
}

/// One operand with the name the op's documentation gives it.
struct NamedOperand {
  StringRef name;
  ShapedType type;
  ArrayRef<int64_t> shape() const { return type.getShape(); }
  int64_t rank() const { return type.getRank(); }
  /// Extent counted from the back: `dimFromBack(1)` is the last dimension.
  int64_t dimFromBack(int64_t i) const { return shape()[rank() - i]; }
  ArrayRef<int64_t> batchDims() const { return shape().drop_back(2); }
};

/// Verifies what all attn ops share and returns the operands by name:
/// operand count, ranked tensor/memref operands, no tensor/memref mix, f32
/// element types, and the DPS result rule.
FailureOr<SmallVector<NamedOperand>>
verifyCommon(Operation *op, ValueRange inputs, ValueRange inits,
             ArrayRef<StringRef> names, ArrayRef<StringRef> initNames,
             unsigned minInputs, unsigned maxInputs) {
  unsigned n = inputs.size();
  if (n < minInputs || n > maxInputs) {
    InFlightDiagnostic diag = op->emitOpError("expects ");
    if (minInputs == maxInputs)
      diag << minInputs;
    else
      diag << minInputs << " or " << maxInputs;
    diag << " inputs (";
    llvm::interleaveComma(names.take_front(maxInputs), diag);
    diag << "), got " << n;
    return failure();
  }

  SmallVector<NamedOperand> result;
  auto addOperand = [&](StringRef name, Value v) -> LogicalResult {
    auto type = dyn_cast<ShapedType>(v.getType());
    if (!type || !type.hasRank() ||
        !isa<RankedTensorType, MemRefType>(type))
      return op->emitOpError("operand '")
             << name << "' must be a ranked tensor or memref, got "
             << v.getType();
    result.push_back({name, type});
    return success();
  };
  for (auto [i, v] : llvm::enumerate(inputs))
    if (failed(addOperand(names[i], v)))
      return failure();
  if (inits.size() != initNames.size()) {
    InFlightDiagnostic diag = op->emitOpError("expects ")
                              << initNames.size() << " outs (";
    llvm::interleaveComma(initNames, diag);
    return diag << "), got " << inits.size();
  }
  for (auto [i, v] : llvm::enumerate(inits))
    if (failed(addOperand(initNames[i], v)))
      return failure();

  Value init = inits.front();
  bool initIsTensor = isa<RankedTensorType>(init.getType());
  for (const NamedOperand &o : result) {
    if (isa<RankedTensorType>(o.type) != initIsTensor)
      return op->emitOpError("operand '")
             << o.name << "' is a " << (initIsTensor ? "memref" : "tensor")
             << " but 'init' is a " << (initIsTensor ? "tensor" : "memref")
             << "; operands must be all tensors or all memrefs";
  }
  if (initIsTensor) {
    bool ok = op->getNumResults() == inits.size() &&
              llvm::all_of(llvm::zip(op->getResultTypes(), inits),
                           [](auto p) {
                             return std::get<0>(p) ==
                                    std::get<1>(p).getType();
                           });
    if (!ok && inits.size() == 1)
      return op->emitOpError(
                 "on tensors must return exactly one result of the type of "
                 "'init' (")
             << init.getType() << ")";
    if (!ok) {
      InFlightDiagnostic diag = op->emitOpError("on tensors must return ")
                                << inits.size()
                                << " results of the types of its outs (";
      llvm::interleaveComma(inits.getTypes(), diag);
      return diag << ")";
    }
  } else if (op->getNumResults() != 0) {
    return op->emitOpError("on memrefs must not return a result");
  }
  return result;
}

FailureOr<SmallVector<NamedOperand>>
verifyCommon(Operation *op, ValueRange inputs, Value init,
             ArrayRef<StringRef> names, unsigned minInputs,
             unsigned maxInputs) {
  return verifyCommon(op, inputs, ValueRange(init), names, {"init"},
                      minInputs, maxInputs);
}

/// Every listed operand must have element type f32.
LogicalResult verifyF32(Operation *op, ArrayRef<NamedOperand> operands) {
  for (const NamedOperand &o : operands)
    if (!o.type.getElementType().isF32())
      return op->emitOpError("operand '")
             << o.name << "' has element type " << o.type.getElementType()
             << "; only f32 is supported (the lowerings have no f16/bf16 "
                "path yet)";
  return success();
}

/// Attributes in the op's attribute dictionary that the op does not define
/// are errors (a typo such as `casual` would otherwise silently mean
/// "not causal"); the message names the closest known attribute.
/// Dialect-prefixed names (`llvm.foo`, `attn.cost`) are discardable
/// attributes by MLIR's convention and stay allowed.
LogicalResult verifyKnownAttributes(Operation *op,
                                    ArrayRef<StringRef> opAttrNames) {
  SmallVector<StringRef> known;
  for (StringRef k : opAttrNames)
    if (k != "operandSegmentSizes")
      known.push_back(k);
  for (NamedAttribute attr : op->getDiscardableAttrs()) {
    StringRef name = attr.getName().strref();
    if (name.contains('.'))
      continue;
    InFlightDiagnostic diag = op->emitOpError("has unknown attribute '")
                              << name << "'";
    StringRef best;
    unsigned bestDist = std::numeric_limits<unsigned>::max();
    for (StringRef k : known) {
      unsigned dist = name.edit_distance(k);
      if (dist < bestDist) {
        best = k;
        bestDist = dist;
      }
    }
    if (!best.empty() && bestDist <= std::max<size_t>(2, best.size() / 2))
      diag << "; did you mean '" << best << "'?";
    else if (known.empty())
      diag << "; the op has no attributes";
    else {
      diag << "; known attributes: ";
      llvm::interleaveComma(known, diag);
    }
    return diag;
  }
  return success();
}

LogicalResult verifyMinRank(Operation *op, const NamedOperand &o,
                            int64_t minRank) {
  if (o.rank() < minRank)
    return op->emitOpError("operand '")
           << o.name << "' must have rank >= " << minRank << ", got rank "
           << o.rank();
  return success();
}

/// `o` must have the rank and batch dims of `ref`.
LogicalResult verifySameBatch(Operation *op, const NamedOperand &o,
                              const NamedOperand &ref) {
  if (o.rank() != ref.rank())
    return op->emitOpError("operand '")
           << o.name << "' must have the rank of '" << ref.name << "' ("
           << ref.rank() << "), got rank " << o.rank();
  if (!shapesAgree(o.batchDims(), ref.batchDims()))
    return op->emitOpError("operand '")
           << o.name << "' must have the batch dims of '" << ref.name
           << "' " << formatDims(ref.batchDims()) << ", got "
           << formatDims(o.batchDims());
  return success();
}

/// `o` is `[B'..., a, b]` where `B'...` is a suffix of `ref`'s batch dims
/// (numpy-style broadcast of shared weights).
LogicalResult verifySuffixBatch(Operation *op, const NamedOperand &o,
                                const NamedOperand &ref) {
  if (o.rank() < 2 || o.rank() > ref.rank())
    return op->emitOpError("operand '")
           << o.name << "' must have rank 2 to " << ref.rank()
           << " (its batch dims a suffix of '" << ref.name
           << "' batch dims), got rank " << o.rank();
  ArrayRef<int64_t> refSuffix =
      ref.batchDims().take_back(o.batchDims().size());
  if (!shapesAgree(o.batchDims(), refSuffix))
    return op->emitOpError("operand '")
           << o.name << "' batch dims " << formatDims(o.batchDims())
           << " must equal the trailing batch dims of '" << ref.name << "' "
           << formatDims(refSuffix);
  return success();
}

/// `o.dimFromBack(oi)` must equal `ref.dimFromBack(ri)`.
LogicalResult verifyDimEq(Operation *op, const NamedOperand &o, int64_t oi,
                          const NamedOperand &ref, int64_t ri,
                          StringRef what) {
  int64_t a = o.dimFromBack(oi), b = ref.dimFromBack(ri);
  if (!dimsAgree(a, b))
    return op->emitOpError("operand '")
           << o.name << "' " << what << " (dim " << o.rank() - oi
           << ") must equal that of '" << ref.name << "' (" << b << "), got "
           << a;
  return success();
}

void addEffects(
    Operation *op, unsigned numInputs,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects, unsigned numInits = 1) {
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    effects.emplace_back(MemoryEffects::Read::get(), &operand, /*stage=*/0,
                         /*effectOnFullRegion=*/true,
                         SideEffects::DefaultResource::get());
    unsigned i = operand.getOperandNumber();
    if (i >= numInputs && i < numInputs + numInits)
      effects.emplace_back(MemoryEffects::Write::get(), &operand, /*stage=*/0,
                           /*effectOnFullRegion=*/true,
                           SideEffects::DefaultResource::get());
  }
}

/// The result has the shape of the init operand, as for every DPS op.
LogicalResult reifyFromInit(OpBuilder &b, Operation *op, Value init,
                            ReifiedRankedShapedTypeDims &shapes) {
  if (op->getNumResults() == 0)
    return success();
  shapes.push_back(tensor::getMixedSizes(b, op->getLoc(), init));
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// VanillaOp
//===----------------------------------------------------------------------===//

int64_t MaskBroadcast::firstMismatch(ArrayRef<int64_t> maskShape,
                                     ArrayRef<int64_t> scoreShape) {
  for (unsigned i = 0, e = maskShape.size(); i < e; ++i) {
    int64_t t = scoreShape[scoreDim(e, scoreShape.size(), i)];
    if (!broadcasts(maskShape, i) && !dimsAgree(maskShape[i], t))
      return i;
  }
  return -1;
}

double VanillaOp::getScaleOrDefault() {
  if (std::optional<APFloat> s = getScale())
    return s->convertToDouble();
  int64_t d = cast<ShapedType>(getQuery().getType()).getShape().back();
  return 1.0 / std::sqrt(static_cast<double>(d));
}

int64_t VanillaOp::getKvGroupSize() {
  ArrayRef<int64_t> q = cast<ShapedType>(getQuery().getType()).getShape();
  ArrayRef<int64_t> k = cast<ShapedType>(getKey().getType()).getShape();
  if (q.size() < 3 || k.size() != q.size())
    return 1;
  int64_t h = q[q.size() - 3], hkv = k[k.size() - 3];
  if (ShapedType::isDynamic(h) || ShapedType::isDynamic(hkv) || hkv == 0 ||
      h % hkv != 0)
    return 1;
  return h / hkv;
}

int64_t VanillaOp::getDefaultQueryOffset() {
  if (getAlignment() != Alignment::bottom_right)
    return 0;
  int64_t n = cast<ShapedType>(getQuery().getType()).getShape().end()[-2];
  int64_t m = cast<ShapedType>(getKey().getType()).getShape().end()[-2];
  return m - n;
}

OpFoldResult VanillaOp::getQueryOffsetOrDefault(OpBuilder &b) {
  if (Value qo = getQueryOffset())
    return qo;
  return b.getIndexAttr(getDefaultQueryOffset());
}

SmallVector<int64_t> VanillaOp::getScoreShape() {
  ArrayRef<int64_t> q = cast<ShapedType>(getQuery().getType()).getShape();
  ArrayRef<int64_t> k = cast<ShapedType>(getKey().getType()).getShape();
  SmallVector<int64_t> s(q.drop_back());
  s.push_back(k[k.size() - 2]);
  return s;
}

ArrayRef<StringRef> mlir::attn::getInputNames(Operation *op) {
  if (isa<VanillaOp>(op))
    return VanillaOp::getInputNames();
  if (isa<PrimalOp>(op))
    return PrimalOp::getInputNames();
  if (isa<PrimalWeightsOp>(op))
    return PrimalWeightsOp::getInputNames();
  if (isa<PrimalStreamOp>(op))
    return PrimalStreamOp::getInputNames();
  return {};
}

LogicalResult VanillaOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyKnownAttributes(op, getAttributeNames())))
    return failure();
  auto operands = verifyCommon(op, getInputs(), getInit(),
                               getInputNames(), 3, 4);
  if (failed(operands))
    return failure();
  const NamedOperand &q = (*operands)[0], &k = (*operands)[1],
                     &v = (*operands)[2], &init = operands->back();

  // Element types: q, k, v and init one of f32, f16, bf16 (the lowerings
  // accumulate in f32 either way); the mask that type (additive) or i1
  // (true = attend).
  Type et = q.type.getElementType();
  if (!isa<Float32Type, Float16Type, BFloat16Type>(et))
    return emitOpError("operand 'q' has element type ")
           << et << "; expected f32, f16 or bf16";
  for (const NamedOperand &o : {k, v, init})
    if (o.type.getElementType() != et)
      return emitOpError("operand '")
             << o.name << "' has element type " << o.type.getElementType()
             << "; expected the element type of 'q' (" << et << ")";
  if (getMask()) {
    const NamedOperand &mask = (*operands)[3];
    Type et = mask.type.getElementType();
    if (!et.isInteger(1) && et != q.type.getElementType())
      return emitOpError("operand 'mask' has element type ")
             << et << "; expected i1 (true = attend) or the element type of "
             << "'q' (" << q.type.getElementType() << ", additive)";
  }

  if (failed(verifyMinRank(op, q, 2)))
    return failure();
  // k: the batch dims of q, except that the heads (the last batch dim) may
  // be fewer and divide them (grouped-query attention).
  if (k.rank() != q.rank())
    return emitOpError("operand 'k' must have the rank of 'q' (")
           << q.rank() << "), got rank " << k.rank();
  ArrayRef<int64_t> qb = q.batchDims(), kb = k.batchDims();
  if (!shapesAgree(qb.drop_back(std::min<size_t>(1, qb.size())),
                   kb.drop_back(std::min<size_t>(1, kb.size()))))
    return emitOpError("operand 'k' must have the batch dims of 'q' ")
           << formatDims(qb) << " (the last, heads, may be a divisor), got "
           << formatDims(kb);
  if (!qb.empty()) {
    int64_t h = qb.back(), hkv = kb.back();
    if (!ShapedType::isDynamic(h) && !ShapedType::isDynamic(hkv) &&
        (hkv == 0 ? h != 0 : h % hkv != 0))
      return emitOpError("operand 'k' has ")
             << hkv << " heads (dim " << qb.size() - 1
             << "), which must divide the " << h
             << " heads of 'q' (grouped-query attention)";
  }

  if (failed(verifySameBatch(op, v, k)) ||
      failed(verifySameBatch(op, init, q)) ||
      failed(verifyDimEq(op, k, 1, q, 1, "head dim d")) ||
      failed(verifyDimEq(op, v, 2, k, 2, "key length M")) ||
      failed(verifyDimEq(op, init, 2, q, 2, "query length N")) ||
      failed(verifyDimEq(op, init, 1, v, 1, "value dim dv")))
    return failure();

  if (getMask()) {
    const NamedOperand &mask = (*operands)[3];
    // Target of the broadcast: [B..., N, M].
    SmallVector<int64_t> target = getScoreShape();
    if (mask.rank() > static_cast<int64_t>(target.size()))
      return emitOpError("operand 'mask' must have rank <= ")
             << target.size() << " to broadcast to [B..., N, M] "
             << formatDims(target) << ", got rank " << mask.rank();
    int64_t bad = MaskBroadcast::firstMismatch(mask.shape(), target);
    if (bad >= 0)
      return emitOpError("operand 'mask' shape ")
             << formatDims(mask.shape())
             << " does not broadcast to [B..., N, M] " << formatDims(target)
             << ": dim " << bad << " is " << mask.shape()[bad]
             << ", expected 1 or "
             << target[MaskBroadcast::scoreDim(mask.rank(), target.size(),
                                               bad)];
  }

  if (IntegerAttr w = getWindowAttr())
    if (w.getInt() < 0)
      return emitOpError("attribute 'window' must be >= 0 (keys before the "
                         "query that stay visible), got ")
             << w.getInt();

  if (getQueryOffset() && !hasPositionalMask())
    return emitOpError("operand 'query_offset' is only meaningful with "
                       "'causal' or 'window'");
  if (getAlignment() && !hasPositionalMask())
    return emitOpError("attribute 'alignment' is only meaningful with "
                       "'causal' or 'window'");
  if (getAlignment() && getQueryOffset())
    return emitOpError("attribute 'alignment' and operand 'query_offset' "
                       "both place the queries; give one (query_offset is "
                       "the absolute position of query row 0)");
  // With N != M the two alignments differ in every row; guessing one (as
  // `{causal}` used to, top-left) silently gives a KV-cache decoder the
  // wrong keys.
  int64_t n = q.dimFromBack(2), m = k.dimFromBack(2);
  if (hasPositionalMask() && !getAlignment() && !getQueryOffset() &&
      !ShapedType::isDynamic(n) && !ShapedType::isDynamic(m) && n != m)
    return emitOpError("with 'causal' or 'window' and N (")
           << n << ") != M (" << m
           << ") needs 'alignment': #attn.alignment<top_left> (query i sees "
              "keys j <= i, PyTorch SDPA) or #attn.alignment<bottom_right> "
              "(the last query is the last key, FlashAttention, KV-cache "
              "decode)";
  if (getAlignment() == Alignment::bottom_right &&
      (ShapedType::isDynamic(n) || ShapedType::isDynamic(m)))
    return emitOpError("with #attn.alignment<bottom_right> needs static N "
                       "and M (the offset is M - N); give 'query_offset' "
                       "instead for dynamic shapes");

  if (std::optional<APFloat> s = getScale())
    if (!s->isFinite())
      return emitOpError("attribute 'scale' must be finite");
  return success();
}

void VanillaOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  addEffects(getOperation(), getInputs().size(), effects);
}

LogicalResult
VanillaOp::reifyResultShapes(OpBuilder &b,
                             ReifiedRankedShapedTypeDims &shapes) {
  return reifyFromInit(b, getOperation(), getInit(), shapes);
}

//===----------------------------------------------------------------------===//
// PrimalOp
//===----------------------------------------------------------------------===//

/// The operand rules attn.primal and attn.primal_stream share: q, k,
/// w_e, w_r, w_c[, b_c] and the output `init`.
static LogicalResult verifyPrimalOperands(Operation *op,
                                          ArrayRef<NamedOperand> operands,
                                          bool hasBias,
                                          const NamedOperand &init) {
  const NamedOperand &q = operands[0], &k = operands[1], &we = operands[2],
                     &wr = operands[3], &wc = operands[4];

  if (failed(verifyMinRank(op, q, 2)) || failed(verifySameBatch(op, k, q)))
    return failure();
  if (!shapesAgree(k.shape(), q.shape()))
    return op->emitOpError("operand 'k' must have the shape of 'q' ")
           << formatDims(q.shape()) << ", got " << formatDims(k.shape());

  if (failed(verifySuffixBatch(op, we, q)) ||
      failed(verifySuffixBatch(op, wr, q)) ||
      failed(verifyDimEq(op, we, 2, q, 1, "input dim d")) ||
      failed(verifyDimEq(op, wr, 2, q, 1, "input dim d")) ||
      failed(verifyDimEq(op, wr, 1, we, 1, "rank s")))
    return failure();

  if (wc.rank() != 2)
    return op->emitOpError(
               "operand 'w_c' must have rank 2 ([2s, dv]), got rank ")
           << wc.rank();
  int64_t s = we.dimFromBack(1);
  int64_t twoS = ShapedType::isDynamic(s) ? ShapedType::kDynamic : 2 * s;
  if (!dimsAgree(wc.shape()[0], twoS))
    return op->emitOpError("operand 'w_c' dim 0 must be 2*s = ")
           << twoS << " (s from 'w_e'), got " << wc.shape()[0];

  if (failed(verifySameBatch(op, init, q)) ||
      failed(verifyDimEq(op, init, 2, q, 2, "sequence length N")) ||
      failed(verifyDimEq(op, init, 1, wc, 1, "output dim dv")))
    return failure();

  if (hasBias) {
    const NamedOperand &bc = operands[5];
    if (bc.rank() != 1)
      return op->emitOpError(
                 "operand 'b_c' must have rank 1 ([dv]), got rank ")
             << bc.rank();
    if (failed(verifyDimEq(op, bc, 1, wc, 1, "output dim dv")))
      return failure();
  }
  return success();
}

LogicalResult PrimalOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyKnownAttributes(op, getAttributeNames())))
    return failure();
  auto operands = verifyCommon(op, getInputs(), getInit(),
                               getInputNames(), 5, 6);
  if (failed(operands) || failed(verifyF32(op, *operands)))
    return failure();
  return verifyPrimalOperands(op, *operands, static_cast<bool>(getBias()),
                              operands->back());
}

void PrimalOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  addEffects(getOperation(), getInputs().size(), effects);
}

LogicalResult
PrimalOp::reifyResultShapes(OpBuilder &b,
                            ReifiedRankedShapedTypeDims &shapes) {
  return reifyFromInit(b, getOperation(), getInit(), shapes);
}

//===----------------------------------------------------------------------===//
// PrimalWeightsOp
//===----------------------------------------------------------------------===//

LogicalResult PrimalWeightsOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyKnownAttributes(op, getAttributeNames())))
    return failure();
  auto operands =
      verifyCommon(op, getInputs(), getInit(), getInputNames(), 2, 2);
  if (failed(operands) || failed(verifyF32(op, *operands)))
    return failure();
  const NamedOperand &x = (*operands)[0], &theta = (*operands)[1],
                     &init = operands->back();

  if (failed(verifyMinRank(op, x, 2)) ||
      failed(verifySuffixBatch(op, theta, x)) ||
      failed(verifySameBatch(op, init, x)) ||
      failed(verifyDimEq(op, init, 2, x, 1, "input dim d")) ||
      failed(verifyDimEq(op, init, 1, theta, 1, "rank s")))
    return failure();

  int64_t p = theta.dimFromBack(2), n = x.dimFromBack(2);
  if (p == 0)
    return emitOpError("operand 'theta' must sample p >= 1 rows, got p = 0");
  if (!ShapedType::isDynamic(p) && !ShapedType::isDynamic(n) && p > n)
    return emitOpError("operand 'theta' samples p = ")
           << p << " rows but 'x' has only N = " << n << " (p <= N required)";
  return success();
}

void PrimalWeightsOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  addEffects(getOperation(), getInputs().size(), effects);
}

LogicalResult
PrimalWeightsOp::reifyResultShapes(OpBuilder &b,
                                   ReifiedRankedShapedTypeDims &shapes) {
  return reifyFromInit(b, getOperation(), getInit(), shapes);
}

//===----------------------------------------------------------------------===//
// PrimalStreamOp
//===----------------------------------------------------------------------===//

LogicalResult PrimalStreamOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyKnownAttributes(op, getAttributeNames())))
    return failure();
  auto operands = verifyCommon(op, getInputs(), getOuts(), getInputNames(),
                               getOutNames(), 5, 6);
  if (failed(operands) || failed(verifyF32(op, *operands)))
    return failure();
  size_t nIn = getInputs().size();
  const NamedOperand &q = (*operands)[0], &init = (*operands)[nIn],
                     &qSum = (*operands)[nIn + 1],
                     &kSum = (*operands)[nIn + 2];
  if (failed(verifyPrimalOperands(op, *operands, static_cast<bool>(getBias()),
                                  init)))
    return failure();
  // The state: one running sum of d values per batch index.
  for (const NamedOperand *sum : {&qSum, &kSum}) {
    SmallVector<int64_t> expected(q.batchDims());
    expected.push_back(q.dimFromBack(1));
    if (!shapesAgree(sum->shape(), expected))
      return emitOpError("operand '")
             << sum->name << "' (the running sum of the state) must have "
             << "shape [B..., d] " << formatDims(expected) << ", got "
             << formatDims(sum->shape());
  }
  return success();
}

void PrimalStreamOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  addEffects(getOperation(), getInputs().size(), effects, /*numInits=*/3);
}

LogicalResult
PrimalStreamOp::reifyResultShapes(OpBuilder &b,
                                  ReifiedRankedShapedTypeDims &shapes) {
  if (getNumResults() == 0)
    return success();
  for (Value out : getOuts())
    shapes.push_back(tensor::getMixedSizes(b, getLoc(), out));
  return success();
}

#define GET_OP_CLASSES
#include "attn-mlir/Dialect/Attn/IR/AttnOps.cpp.inc"

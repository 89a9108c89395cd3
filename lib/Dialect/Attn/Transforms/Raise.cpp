//===- Raise.cpp - the attn-raise pass --------------------------------------===//
//
// Recognizes softmax attention, O = softmax(scale * Q * K^T + mask) * V,
// written with upstream ops and rewrites it to one attn.vanilla:
//
//   linalg  contraction(Q, K^T) [-> scale] [-> + mask] -> softmax -> *V
//           where the contractions are linalg.matmul / batch_matmul /
//           contraction generics with a zero-filled init, K^T comes from the
//           indexing map, a linalg.transpose or a transposing generic, and
//           the softmax is linalg.softmax or torch-mlir's decomposition
//           (max reduction, subtract, exp, sum reduction, divide).
//   TOSA    tosa.matmul(Q, tosa.transpose(K)) [-> tosa.mul const]
//           [-> tosa.add mask] -> reduce_max, sub, exp, reduce_sum,
//           reciprocal, mul -> tosa.matmul(., V).
//
// The matcher walks back from the product with V and accepts a chain only
// if every link matches exactly; otherwise nothing is changed. Matched ops
// that become dead are erased. docs/frontends.md lists the forms.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <limits>

namespace mlir::attn {
#define GEN_PASS_DEF_ATTNRAISE
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;
using namespace mlir::attn;

namespace {

//===----------------------------------------------------------------------===//
// Small matchers shared by the linalg and TOSA forms
//===----------------------------------------------------------------------===//

bool isStaticF32(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.hasStaticShape() && t.getElementType().isF32();
}

int64_t rankOf(Value v) { return cast<ShapedType>(v.getType()).getRank(); }

/// A scalar float constant, looking through extf/truncf (torch-mlir
/// computes scalars in f64 and truncates them), or a splat dense constant
/// (arith.constant, tosa.const).
std::optional<double> constFloat(Value v) {
  while (isa_and_nonnull<arith::TruncFOp, arith::ExtFOp>(v.getDefiningOp()))
    v = v.getDefiningOp()->getOperand(0);
  // An integer scalar converted to float (torch-mlir's `alpha` of sub).
  if (auto cast = v.getDefiningOp<arith::SIToFPOp>()) {
    IntegerAttr i;
    if (matchPattern(cast.getIn(), m_Constant(&i)))
      return static_cast<double>(i.getValue().getSExtValue());
    return std::nullopt;
  }
  FloatAttr f;
  if (matchPattern(v, m_Constant(&f)))
    return f.getValueAsDouble();
  DenseElementsAttr d;
  if (matchPattern(v, m_Constant(&d)) && d.isSplat() &&
      isa<FloatType>(d.getElementType()))
    return d.getSplatValue<APFloat>().convertToDouble();
  return std::nullopt;
}

/// The value every element of tensor `v` has: a splat constant or a
/// linalg.fill of a constant.
std::optional<double> splatFloat(Value v) {
  if (auto fill = v.getDefiningOp<linalg::FillOp>())
    return constFloat(fill.value());
  return constFloat(v);
}

bool isZeroSplat(Value v) {
  std::optional<double> s = splatFloat(v);
  return s && *s == 0.0;
}

bool isLowestSplat(Value v) {
  std::optional<double> s = splatFloat(v);
  return s && (*s == -std::numeric_limits<double>::infinity() ||
               *s == -static_cast<double>(std::numeric_limits<float>::max()));
}

//===----------------------------------------------------------------------===//
// linalg
//===----------------------------------------------------------------------===//

/// Loop positions of a projected-permutation map's results.
std::optional<SmallVector<unsigned>> dimPositions(AffineMap m) {
  if (!m.isProjectedPermutation(/*allowZeroInResults=*/false))
    return std::nullopt;
  SmallVector<unsigned> r;
  for (AffineExpr e : m.getResults())
    r.push_back(cast<AffineDimExpr>(e).getPosition());
  return r;
}

/// out[b.., i, j] = sum_k lhs[b.., i, k] * rhs[b.., j, k] (rhsTransposed)
/// or rhs[b.., k, j], from a zero-filled init.
struct Contraction {
  linalg::LinalgOp op;
  Value lhs, rhs, init;
  bool rhsTransposed;
};

std::optional<Contraction> matchContraction(Value result) {
  auto op = result.getDefiningOp<linalg::LinalgOp>();
  if (!op || op->getNumResults() != 1 || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !op.hasPureTensorSemantics() ||
      !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  Value lhs = op.getDpsInputOperand(0)->get();
  Value rhs = op.getDpsInputOperand(1)->get();
  Value init = op.getDpsInitOperand(0)->get();
  if (!isStaticF32(lhs) || !isStaticF32(rhs) || !isStaticF32(init) ||
      !isZeroSplat(init))
    return std::nullopt;
  unsigned numLoops = op.getNumLoops();
  if (numLoops < 3 || op.getNumReductionLoops() != 1)
    return std::nullopt;
  unsigned nb = numLoops - 3;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  auto l = dimPositions(maps[0]), r = dimPositions(maps[1]),
       o = dimPositions(maps[2]);
  if (!l || !r || !o || l->size() != nb + 2 || r->size() != nb + 2 ||
      o->size() != nb + 2)
    return std::nullopt;
  for (unsigned i = 0; i < nb; ++i)
    if ((*l)[i] != (*o)[i] || (*r)[i] != (*o)[i])
      return std::nullopt;
  unsigned i = (*o)[nb], j = (*o)[nb + 1], k = (*l)[nb + 1];
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  if (iters[k] != utils::IteratorType::reduction || (*l)[nb] != i)
    return std::nullopt;
  bool transposed;
  if ((*r)[nb] == j && (*r)[nb + 1] == k)
    transposed = true;
  else if ((*r)[nb] == k && (*r)[nb + 1] == j)
    transposed = false;
  else
    return std::nullopt;
  return Contraction{op, lhs, rhs, init, transposed};
}

bool isSwapLast2(ArrayRef<int64_t> perm) {
  int64_t n = perm.size();
  if (n < 2 || perm[n - 2] != n - 1 || perm[n - 1] != n - 2)
    return false;
  for (int64_t i = 0; i < n - 2; ++i)
    if (perm[i] != i)
      return false;
  return true;
}

/// A generic over all-parallel loops with one result, an identity output
/// map and a body whose yielded value is returned.
Value elementwiseYield(linalg::GenericOp g, unsigned numInputs) {
  if (!g || g.getNumDpsInputs() != numInputs || g.getNumDpsInits() != 1 ||
      g->getNumResults() != 1 || !g.hasPureTensorSemantics() ||
      g.getNumReductionLoops() != 0 ||
      !g.getMatchingIndexingMap(g.getDpsInitOperand(0)).isIdentity())
    return Value();
  return cast<linalg::YieldOp>(g.getBody()->getTerminator()).getValues()[0];
}

/// Whether `v` is the block argument of input `i` of `g`.
bool isInputArg(linalg::GenericOp g, Value v, unsigned i) {
  return v == g.getBody()->getArgument(i);
}

bool hasIdentityMap(linalg::GenericOp g, unsigned input) {
  return g.getMatchingIndexingMap(g.getDpsInputOperand(input)).isIdentity();
}

/// x if v = x with its last two dims swapped.
Value matchTransposeLast2(Value v) {
  if (auto t = v.getDefiningOp<linalg::TransposeOp>())
    return isSwapLast2(t.getPermutation()) ? t.getInput() : Value();
  auto g = v.getDefiningOp<linalg::GenericOp>();
  Value y = elementwiseYield(g, 1);
  if (!y || !isInputArg(g, y, 0) || g.getBody()->getOperations().size() != 1)
    return Value();
  AffineMap in = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
  std::optional<SmallVector<unsigned>> pos = dimPositions(in);
  if (!pos || !in.isPermutation())
    return Value();
  SmallVector<int64_t> perm(pos->begin(), pos->end());
  return isSwapLast2(perm) ? g.getDpsInputOperand(0)->get() : Value();
}

/// v = scale * x elementwise (a multiplication or division by a constant):
/// returns x and the scale.
std::optional<std::pair<Value, double>> matchScale(Value v) {
  Operation *def = v.getDefiningOp();
  // linalg.mul / linalg.div with a splat operand.
  if (isa_and_nonnull<linalg::MulOp, linalg::DivOp>(def)) {
    auto op = cast<linalg::LinalgOp>(def);
    Value a = op.getDpsInputOperand(0)->get(),
          b = op.getDpsInputOperand(1)->get();
    bool isDiv = isa<linalg::DivOp>(def);
    if (std::optional<double> c = splatFloat(b); c && isStaticF32(a) &&
                                                 a.getType() == v.getType())
      return std::pair<Value, double>{a, isDiv ? 1.0 / *c : *c};
    if (std::optional<double> c = splatFloat(a);
        !isDiv && c && isStaticF32(b) && b.getType() == v.getType())
      return std::pair<Value, double>{b, *c};
    return std::nullopt;
  }
  auto g = dyn_cast_or_null<linalg::GenericOp>(def);
  Value y = elementwiseYield(g, 1);
  if (!y || !hasIdentityMap(g, 0))
    return std::nullopt;
  Value x = g.getDpsInputOperand(0)->get();
  if (!isStaticF32(x) || x.getType() != v.getType())
    return std::nullopt;
  Operation *op = y.getDefiningOp();
  if (auto mul = dyn_cast_or_null<arith::MulFOp>(op)) {
    for (auto [arg, other] : {std::pair(mul.getLhs(), mul.getRhs()),
                              std::pair(mul.getRhs(), mul.getLhs())})
      if (isInputArg(g, arg, 0))
        if (std::optional<double> c = constFloat(other))
          return std::pair<Value, double>{x, *c};
  } else if (auto div = dyn_cast_or_null<arith::DivFOp>(op)) {
    if (isInputArg(g, div.getLhs(), 0))
      if (std::optional<double> c = constFloat(div.getRhs()))
        return std::pair<Value, double>{x, 1.0 / *c};
  }
  return std::nullopt;
}

/// Whether `map` reads a mask of shape `maskShape` the way attn.vanilla
/// does (MaskBroadcast): right-aligned against the loops, a size-1 dim
/// read at 0 (or at its aligned loop when that loop has extent 1 too).
bool isMaskBroadcastMap(AffineMap map, ArrayRef<int64_t> maskShape,
                        ArrayRef<int64_t> loopShape) {
  unsigned r = map.getNumResults(), n = map.getNumDims();
  if (r != maskShape.size() || r > n)
    return false;
  for (unsigned k = 0; k < r; ++k) {
    unsigned aligned = MaskBroadcast::scoreDim(r, n, k);
    AffineExpr e = map.getResult(k);
    if (auto d = dyn_cast<AffineDimExpr>(e)) {
      if (d.getPosition() != aligned || maskShape[k] != loopShape[aligned])
        return false;
    } else if (auto c = dyn_cast<AffineConstantExpr>(e)) {
      if (c.getValue() != 0 || maskShape[k] != 1)
        return false;
    } else {
      return false;
    }
  }
  return true;
}

/// v = x + mask: the (x, mask) readings, either operand order.
SmallVector<std::pair<Value, Value>> matchMaskAdd(Value v) {
  SmallVector<std::pair<Value, Value>> r;
  Operation *def = v.getDefiningOp();
  if (auto add = dyn_cast_or_null<linalg::AddOp>(def)) {
    Value a = add.getDpsInputOperand(0)->get(),
          b = add.getDpsInputOperand(1)->get();
    if (isStaticF32(a) && isStaticF32(b))
      r.append({{a, b}, {b, a}});
    return r;
  }
  auto g = dyn_cast_or_null<linalg::GenericOp>(def);
  Value y = elementwiseYield(g, 2);
  auto addf = y ? y.getDefiningOp<arith::AddFOp>() : arith::AddFOp();
  if (!addf || addf->getBlock() != g.getBody())
    return r;
  ArrayRef<int64_t> loops = cast<ShapedType>(v.getType()).getShape();
  for (unsigned xi : {0u, 1u}) {
    unsigned mi = 1 - xi;
    bool argsMatch = (isInputArg(g, addf.getLhs(), xi) &&
                      isInputArg(g, addf.getRhs(), mi)) ||
                     (isInputArg(g, addf.getLhs(), mi) &&
                      isInputArg(g, addf.getRhs(), xi));
    Value x = g.getDpsInputOperand(xi)->get(),
          mask = g.getDpsInputOperand(mi)->get();
    if (argsMatch && hasIdentityMap(g, xi) && isStaticF32(x) &&
        isStaticF32(mask) &&
        isMaskBroadcastMap(g.getMatchingIndexingMap(g.getDpsInputOperand(mi)),
                           cast<ShapedType>(mask.getType()).getShape(), loops))
      r.push_back({x, mask});
  }
  return r;
}

/// The per-row value read by input `i` of elementwise generic `g` over
/// [B.., N, M]: the map drops the last loop ([B.., N]) or reads it at 0
/// ([B.., N, 1]); a [B.., N, 1] operand may come from tensor.expand_shape
/// of a [B.., N] value. Returns the [B.., N] or [B.., N, 1] producer value.
Value rowOperand(linalg::GenericOp g, unsigned i) {
  OpOperand *operand = g.getDpsInputOperand(i);
  AffineMap map = g.getMatchingIndexingMap(operand);
  unsigned n = map.getNumDims();
  ArrayRef<int64_t> shape =
      cast<ShapedType>(operand->get().getType()).getShape();
  bool dropped = map.getNumResults() == n - 1;
  bool keep = map.getNumResults() == n && shape.back() == 1 &&
              map.getResult(n - 1) == getAffineConstantExpr(0, g.getContext());
  if (!dropped && !keep)
    return Value();
  for (unsigned k = 0; k + 1 < n; ++k)
    if (map.getResult(k) != getAffineDimExpr(k, g.getContext()))
      return Value();
  Value v = operand->get();
  if (auto expand = v.getDefiningOp<tensor::ExpandShapeOp>()) {
    ArrayRef<int64_t> src = expand.getSrcType().getShape();
    if (keep && src.size() + 1 == shape.size() &&
        src == shape.drop_back())
      return expand.getSrc();
  }
  return v;
}

enum class RowReduction { Max, Sum };

/// Whether `row` is the reduction of `x` [B.., N, M] over its last dim:
/// max from a -inf (or lowest float) init, or sum from a zero init.
bool isRowReductionOf(Value row, Value x, RowReduction kind) {
  auto g = row.getDefiningOp<linalg::GenericOp>();
  if (!g || g.getNumDpsInputs() != 1 || g.getNumDpsInits() != 1 ||
      g->getNumResults() != 1 || g.getDpsInputOperand(0)->get() != x ||
      !hasIdentityMap(g, 0))
    return false;
  unsigned n = g.getNumLoops();
  SmallVector<utils::IteratorType> iters = g.getIteratorTypesArray();
  for (unsigned k = 0; k < n; ++k)
    if ((iters[k] == utils::IteratorType::reduction) != (k == n - 1))
      return false;
  AffineMap out = g.getMatchingIndexingMap(g.getDpsInitOperand(0));
  unsigned results = out.getNumResults();
  if (results != n - 1 && !(results == n && out.getResult(n - 1) ==
                                                getAffineConstantExpr(
                                                    0, g.getContext())))
    return false;
  for (unsigned k = 0; k + 1 < n; ++k)
    if (out.getResult(k) != getAffineDimExpr(k, g.getContext()))
      return false;
  Value init = g.getDpsInitOperand(0)->get();
  if (kind == RowReduction::Max ? !isLowestSplat(init) : !isZeroSplat(init))
    return false;
  Value y = cast<linalg::YieldOp>(g.getBody()->getTerminator()).getValues()[0];
  Operation *op = y.getDefiningOp();
  if (!op || op->getBlock() != g.getBody() || op->getNumOperands() != 2)
    return false;
  bool kindOk = kind == RowReduction::Max
                    ? isa<arith::MaximumFOp, arith::MaxNumFOp>(op)
                    : isa<arith::AddFOp>(op);
  Value in = g.getBody()->getArgument(0), acc = g.getBody()->getArgument(1);
  return kindOk &&
         ((op->getOperand(0) == in && op->getOperand(1) == acc) ||
          (op->getOperand(0) == acc && op->getOperand(1) == in));
}

/// t = x - rowmax(x), as a body value of generic `g` whose inputs are
/// (x, rowmax) in some order: returns x.
Value matchSubRowMax(linalg::GenericOp g, Value body) {
  auto sub = body.getDefiningOp<arith::SubFOp>();
  if (!sub || sub->getBlock() != g.getBody())
    return Value();
  // torch-mlir's aten.sub.Tensor computes lhs - rhs * alpha; alpha = 1.
  Value rhs = sub.getRhs();
  if (auto mul = rhs.getDefiningOp<arith::MulFOp>()) {
    std::optional<double> alpha = constFloat(mul.getRhs());
    if (!alpha || *alpha != 1.0)
      return Value();
    rhs = mul.getLhs();
  }
  for (unsigned xi : {0u, 1u}) {
    unsigned mi = 1 - xi;
    if (!isInputArg(g, sub.getLhs(), xi) || !isInputArg(g, rhs, mi) ||
        !hasIdentityMap(g, xi))
      continue;
    Value x = g.getDpsInputOperand(xi)->get();
    Value row = rowOperand(g, mi);
    if (row && isRowReductionOf(row, x, RowReduction::Max))
      return x;
  }
  return Value();
}

/// e = exp(x - rowmax(x)) as one fused generic or exp over a subtract
/// generic: returns x.
Value matchExpShifted(Value e) {
  auto g = e.getDefiningOp<linalg::GenericOp>();
  if (Value y = elementwiseYield(g, 1)) {
    auto exp = y.getDefiningOp<math::ExpOp>();
    if (!exp || !isInputArg(g, exp.getOperand(), 0) || !hasIdentityMap(g, 0))
      return Value();
    auto sub = g.getDpsInputOperand(0)->get().getDefiningOp<linalg::GenericOp>();
    Value sy = elementwiseYield(sub, 2);
    return sy ? matchSubRowMax(sub, sy) : Value();
  }
  if (Value y = elementwiseYield(g, 2)) {
    auto exp = y.getDefiningOp<math::ExpOp>();
    return exp ? matchSubRowMax(g, exp.getOperand()) : Value();
  }
  return Value();
}

/// p = softmax(x) over the last dim: linalg.softmax, or the decomposition
/// exp(x - rowmax x) / rowsum(exp(x - rowmax x)). Returns x.
Value matchSoftmax(Value p) {
  if (auto s = p.getDefiningOp<linalg::SoftmaxOp>())
    return s.getDimension() == uint64_t(rankOf(p) - 1) ? s.getInput()
                                                       : Value();
  auto g = p.getDefiningOp<linalg::GenericOp>();
  Value y = elementwiseYield(g, 2);
  auto div = y ? y.getDefiningOp<arith::DivFOp>() : arith::DivFOp();
  if (!div)
    return Value();
  for (unsigned ei : {0u, 1u}) {
    unsigned si = 1 - ei;
    if (!isInputArg(g, div.getLhs(), ei) || !isInputArg(g, div.getRhs(), si) ||
        !hasIdentityMap(g, ei))
      continue;
    Value e = g.getDpsInputOperand(ei)->get();
    Value sum = rowOperand(g, si);
    if (!sum || !isRowReductionOf(sum, e, RowReduction::Sum))
      continue;
    if (Value x = matchExpShifted(e))
      return x;
  }
  return Value();
}

/// What a matched chain becomes.
struct Attention {
  Value q, k, v, mask;
  double scale = 1.0;
};

/// scores = [mask +] [scale *] Q * K^T.
std::optional<Attention> matchLinalgScores(Value scores) {
  auto fromProduct = [](Value s) -> std::optional<Attention> {
    std::optional<Contraction> c = matchContraction(s);
    if (!c)
      return std::nullopt;
    Value k = c->rhsTransposed ? c->rhs : matchTransposeLast2(c->rhs);
    if (!k || !isStaticF32(k))
      return std::nullopt;
    return Attention{c->lhs, k, Value(), Value(), 1.0};
  };
  auto fromScaled = [&](Value s) -> std::optional<Attention> {
    if (std::optional<Attention> a = fromProduct(s))
      return a;
    if (auto sc = matchScale(s))
      if (std::optional<Attention> a = fromProduct(sc->first)) {
        a->scale = sc->second;
        return a;
      }
    return std::nullopt;
  };
  if (std::optional<Attention> a = fromScaled(scores))
    return a;
  for (auto [x, mask] : matchMaskAdd(scores))
    if (std::optional<Attention> a = fromScaled(x)) {
      a->mask = mask;
      return a;
    }
  return std::nullopt;
}

/// result = softmax(scores) * V, walked back with one form's matchers: the
/// final product (P, V), the softmax (P -> scores) and the scores.
std::optional<Attention> matchAttention(
    Value result,
    function_ref<std::optional<std::pair<Value, Value>>(Value)> product,
    function_ref<Value(Value)> softmax,
    function_ref<std::optional<Attention>(Value)> scores) {
  std::optional<std::pair<Value, Value>> pv = product(result);
  if (!pv)
    return std::nullopt;
  Value s = softmax(pv->first);
  std::optional<Attention> a = s ? scores(s) : std::nullopt;
  if (a)
    a->v = pv->second;
  return a;
}

/// P * V with V [B.., M, dv] untransposed.
std::optional<std::pair<Value, Value>> matchLinalgProbsTimesV(Value result) {
  std::optional<Contraction> pv = matchContraction(result);
  if (!pv || pv->rhsTransposed)
    return std::nullopt;
  return std::pair<Value, Value>{pv->lhs, pv->rhs};
}

//===----------------------------------------------------------------------===//
// TOSA
//===----------------------------------------------------------------------===//

bool isZeroI8Splat(Value v) {
  DenseElementsAttr d;
  return matchPattern(v, m_Constant(&d)) && d.isSplat() &&
         d.getSplatValue<APInt>().isZero();
}

/// a * b with a zero shift: the operand pairs (x, other), both orders.
SmallVector<std::pair<Value, Value>> tosaMulOperands(Value v) {
  auto mul = v.getDefiningOp<tosa::MulOp>();
  if (!mul || !isZeroI8Splat(mul.getShift()))
    return {};
  return {{mul.getInput1(), mul.getInput2()},
          {mul.getInput2(), mul.getInput1()}};
}

/// out = tosa.matmul(a, b) with zero points 0.
std::optional<std::pair<Value, Value>> matchTosaMatmul(Value v) {
  auto mm = v.getDefiningOp<tosa::MatMulOp>();
  if (!mm || !isZeroSplat(mm.getAZp()) || !isZeroSplat(mm.getBZp()) ||
      !isStaticF32(mm.getA()) || !isStaticF32(mm.getB()) || !isStaticF32(v))
    return std::nullopt;
  return std::pair<Value, Value>{mm.getA(), mm.getB()};
}

/// Whether `row` = tosa.reduce_<kind>(x) over the last axis.
template <typename ReduceOp>
bool isTosaRowReduction(Value row, Value x) {
  auto r = row.getDefiningOp<ReduceOp>();
  return r && r.getInput() == x &&
         static_cast<int64_t>(r.getAxis()) == rankOf(x) - 1;
}

std::optional<Attention> matchTosaScores(Value scores) {
  auto fromProduct = [](Value s) -> std::optional<Attention> {
    auto mm = matchTosaMatmul(s);
    if (!mm)
      return std::nullopt;
    auto t = mm->second.getDefiningOp<tosa::TransposeOp>();
    if (!t)
      return std::nullopt;
    SmallVector<int64_t> perm(t.getPerms().begin(), t.getPerms().end());
    if (!isSwapLast2(perm) || !isStaticF32(t.getInput1()))
      return std::nullopt;
    return Attention{mm->first, t.getInput1(), Value(), Value(), 1.0};
  };
  auto fromScaled = [&](Value s) -> std::optional<Attention> {
    if (std::optional<Attention> a = fromProduct(s))
      return a;
    for (auto [x, c] : tosaMulOperands(s)) {
      std::optional<double> scale = splatFloat(c);
      if (!scale || x.getType() != s.getType())
        continue;
      if (std::optional<Attention> a = fromProduct(x)) {
        a->scale = *scale;
        return a;
      }
    }
    return std::nullopt;
  };
  if (std::optional<Attention> a = fromScaled(scores))
    return a;
  if (auto add = scores.getDefiningOp<tosa::AddOp>()) {
    for (auto [x, mask] : {std::pair(add.getInput1(), add.getInput2()),
                           std::pair(add.getInput2(), add.getInput1())}) {
      // TOSA broadcasts size-1 dims of equal-rank operands: attn.vanilla's
      // rule on a mask of the scores' rank.
      if (x.getType() != scores.getType() || !isStaticF32(mask) ||
          MaskBroadcast::firstMismatch(
              cast<ShapedType>(mask.getType()).getShape(),
              cast<ShapedType>(x.getType()).getShape()) >= 0)
        continue;
      if (std::optional<Attention> a = fromScaled(x)) {
        a->mask = mask;
        return a;
      }
    }
  }
  return std::nullopt;
}

/// p = exp(x - reduce_max x) * reciprocal(reduce_sum exp(...)): returns x.
Value matchTosaSoftmax(Value p) {
  for (auto [e, r] : tosaMulOperands(p)) {
    auto recip = r.getDefiningOp<tosa::ReciprocalOp>();
    auto exp = e.getDefiningOp<tosa::ExpOp>();
    if (!recip || !exp ||
        !isTosaRowReduction<tosa::ReduceSumOp>(recip.getInput1(), e))
      continue;
    auto sub = exp.getInput1().getDefiningOp<tosa::SubOp>();
    if (!sub)
      continue;
    Value x = sub.getInput1();
    if (x.getType() == p.getType() &&
        isTosaRowReduction<tosa::ReduceMaxOp>(sub.getInput2(), x))
      return x;
  }
  return Value();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Final shape checks that the matchers imply only loosely: q, k, v of one
/// rank with equal batch dims, and the result [B.., N, dv].
bool shapesFit(const Attention &a, Value result) {
  auto q = cast<ShapedType>(a.q.getType()), k = cast<ShapedType>(a.k.getType()),
       v = cast<ShapedType>(a.v.getType()),
       o = cast<ShapedType>(result.getType());
  int64_t r = q.getRank();
  if (r < 2 || k.getRank() != r || v.getRank() != r || o.getRank() != r ||
      !isStaticF32(a.v))
    return false;
  ArrayRef<int64_t> qs = q.getShape(), ks = k.getShape(), vs = v.getShape(),
                    os = o.getShape();
  return qs.drop_back(2) == ks.drop_back(2) &&
         qs.drop_back(2) == vs.drop_back(2) &&
         qs.drop_back(2) == os.drop_back(2) && qs.back() == ks.back() &&
         ks[r - 2] == vs[r - 2] && os[r - 2] == qs[r - 2] &&
         os.back() == vs.back() && std::isfinite(a.scale);
}

struct AttnRaisePass : public attn::impl::AttnRaiseBase<AttnRaisePass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Operation *> roots;
    getOperation()->walk([&](Operation *op) {
      if (isa<linalg::LinalgOp, tosa::MatMulOp>(op) &&
          op->getNumResults() == 1)
        roots.push_back(op);
    });
    OpBuilder b(&getContext());
    SmallVector<Operation *> dead;
    for (Operation *root : roots) {
      Value result = root->getResult(0);
      bool isTosa = isa<tosa::MatMulOp>(root);
      std::optional<Attention> a =
          isTosa ? matchAttention(result, matchTosaMatmul, matchTosaSoftmax,
                                  matchTosaScores)
                 : matchAttention(result, matchLinalgProbsTimesV,
                                  matchSoftmax, matchLinalgScores);
      if (!a || !shapesFit(*a, result))
        continue;
      b.setInsertionPoint(root);
      Location loc = root->getLoc();
      // The destination: the product's init (its zero fill is not needed),
      // or a fresh tensor.empty for TOSA.
      Value init;
      if (isTosa) {
        auto t = cast<RankedTensorType>(result.getType());
        init = tensor::EmptyOp::create(b, loc, t.getShape(),
                                       t.getElementType());
      } else {
        init = cast<DestinationStyleOpInterface>(root)
                   .getDpsInitOperand(0)
                   ->get();
        if (auto fill = init.getDefiningOp<linalg::FillOp>())
          init = fill.getOutputs()[0];
      }
      SmallVector<Value> inputs{a->q, a->k, a->v};
      if (a->mask)
        inputs.push_back(a->mask);
      auto op = VanillaOp::create(
          b, loc, TypeRange{result.getType()}, inputs, init,
          /*query_offset=*/Value(), /*causal=*/UnitAttr(),
          b.getF32FloatAttr(static_cast<float>(a->scale)),
          /*window=*/IntegerAttr());
      result.replaceAllUsesWith(op.getResult()[0]);
      dead.push_back(root);
    }
    // Erase what the rewrite left without users: the matched chains (all
    // side-effect free tensor ops) and their fills and transposes.
    llvm::SetVector<Operation *> worklist(dead.begin(), dead.end());
    while (!worklist.empty()) {
      Operation *op = worklist.pop_back_val();
      if (!op->use_empty() || !isMemoryEffectFree(op))
        continue;
      SmallVector<Operation *> producers;
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp())
          producers.push_back(def);
      op->erase();
      for (Operation *p : producers)
        if (p->use_empty() && !isa<VanillaOp>(p))
          worklist.insert(p);
    }
  }
};

} // namespace

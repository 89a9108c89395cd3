//===- Exp2Approximation.cpp - f32 exp2 as a short polynomial -------------===//
//
// The softmax of flash attention works in base 2 (log2(e) is folded into
// the query scale, DecomposeVanilla.cpp), so its exponentials are exp2 of
// arguments that need no range reduction by ln 2. Upstream's polynomial
// approximations have no exp2 (math.exp2 would become a libm call or be
// expanded to exp(x * ln 2)), and their exp spends 11 multiply-adds per
// vector on the reduction (floor, two Cody-Waite steps) and a degree-7
// polynomial; here 2^x takes five multiply-adds and one multiply:
//
//   x  = clamp(x, -126, 128)         (two compare + select: one min and
//                                     one max on x86; NaN passes through)
//   k  = round(x)                    (x + 1.5*2^23 - 1.5*2^23: no floor
//                                     call on SSE-only targets)
//   f  = x - k  in [-1/2, 1/2]       (exact)
//   2^x = 2 * 2^f * 2^(k-1)          (2 * 2^f: degree 5, 5 multiply-adds;
//                                     2^(k-1): k's bits shifted into the
//                                     exponent field, one multiply)
//
// The multiply-adds carry fastmath<contract>, so LLVM fuses them where the
// target has FMA and keeps a multiply and an add where it does not (an
// explicit math.fma would be a libm call there).
//
// Accuracy: the polynomial is the minimax one for relative error (Lawson's
// algorithm, with 2^0 = 1 exact: 9.1e-8 in exact arithmetic); in f32 the
// result is within 1.7e-7 relative of 2^x for x in [-125, 128) with FMA
// and 1.9e-7 without (4 million random and 1 million grid points against
// f64 exp2; test/Integration/CPU/exp2-accuracy.mlir checks 2.5e-7), and
// 2^k is exact for integers k.
// 2^(k-1) spans k in [-125, 128], so results below 2^-125.5 flush to zero
// (as with the flush-to-zero mode: softmax weights that small are far below
// f32 resolution of a sum >= 1), x >= 128 gives +inf and -inf gives 0.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace {

struct Exp2Approximation : public OpRewritePattern<math::Exp2Op> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::Exp2Op op,
                                PatternRewriter &rw) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return rw.notifyMatchFailure(op, "not f32");
    Location loc = op.getLoc();
    Type i32 = rw.getI32Type();
    Type intType = i32;
    if (auto shaped = dyn_cast<ShapedType>(type))
      intType = shaped.clone(i32);
    auto splat = [&](Type t, TypedAttr scalar) -> Value {
      if (auto shaped = dyn_cast<ShapedType>(t))
        return arith::ConstantOp::create(
            rw, loc, DenseElementsAttr::get(shaped, scalar));
      return arith::ConstantOp::create(rw, loc, scalar);
    };
    auto f = [&](float v) { return splat(type, rw.getF32FloatAttr(v)); };
    auto i = [&](int32_t v) { return splat(intType, rw.getI32IntegerAttr(v)); };
    auto contract = arith::FastMathFlagsAttr::get(
        rw.getContext(), arith::FastMathFlags::contract);
    auto mulAdd = [&](Value a, Value b, Value c) -> Value {
      Value m = arith::MulFOp::create(rw, loc, a, b, contract);
      return arith::AddFOp::create(rw, loc, m, c, contract);
    };

    // Ordered compares are false for NaN, so NaN is kept by both selects
    // (and is a single minps/maxps on x86).
    Value x = op.getOperand();
    Value lo = f(-126.0f), hi = f(128.0f);
    x = arith::SelectOp::create(
        rw, loc,
        arith::CmpFOp::create(rw, loc, arith::CmpFPredicate::OLT, x, lo), lo,
        x);
    x = arith::SelectOp::create(
        rw, loc,
        arith::CmpFOp::create(rw, loc, arith::CmpFPredicate::OGT, x, hi), hi,
        x);
    // Adding 1.5 * 2^23 rounds x to an integer (to nearest even) held in the
    // low mantissa bits of kShifted; subtracting it again gives k exactly.
    Value shifter = f(0x1.8p23f);
    Value kShifted = arith::AddFOp::create(rw, loc, x, shifter);
    Value k = arith::SubFOp::create(rw, loc, kShifted, shifter);
    Value r = arith::SubFOp::create(rw, loc, x, k);

    // 2 * 2^r on [-1/2, 1/2]: twice the minimax polynomial 1 + r * q(r)
    // (scaling by 2 is exact, and moves the top of the range, 2^128, into
    // 2^(k-1)'s reach).
    static constexpr float kQ[] = {0x1.62e42ap-1f, 0x1.ebf9bcp-3f,
                                   0x1.c6b752p-5f, 0x1.3cea88p-7f,
                                   0x1.5bba16p-10f};
    Value p = f(2.0f * kQ[4]);
    for (int c = 3; c >= 0; --c)
      p = mulAdd(r, p, f(2.0f * kQ[c]));
    p = mulAdd(r, p, f(2.0f));

    // 2^(k-1): the low bits of kShifted's pattern are k (two's complement),
    // so shifting them into the exponent field and adding the bias minus
    // one gives (k + 126) << 23. x's clamp keeps k + 126 in [0, 254]: 0 is
    // +0.0 (the flush to zero), 254 is 2^127.
    Value bits = arith::BitcastOp::create(rw, loc, intType, kShifted);
    bits = arith::ShLIOp::create(rw, loc, bits, i(23));
    bits = arith::AddIOp::create(rw, loc, bits, i(126 << 23));
    Value scale = arith::BitcastOp::create(rw, loc, type, bits);
    rw.replaceOpWithNewOp<arith::MulFOp>(op, p, scale);
    return success();
  }
};

} // namespace

void mlir::attn::populateExp2ApproximationPatterns(RewritePatternSet &patterns,
                                                   PatternBenefit benefit) {
  patterns.add<Exp2Approximation>(patterns.getContext(), benefit);
}

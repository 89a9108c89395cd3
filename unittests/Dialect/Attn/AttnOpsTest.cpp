//===- AttnOpsTest.cpp - C++ API of the attn ops ---------------------------===//

#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "attn-mlir/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir;

namespace {

class AttnOpsTest : public ::testing::Test {
protected:
  AttnOpsTest() {
    DialectRegistry registry;
    registry.insert<func::FuncDialect>();
    attn::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  OwningOpRef<ModuleOp> parse(StringRef src) {
    return parseSourceString<ModuleOp>(src, &context);
  }

  template <typename OpT>
  OpT first(ModuleOp m) {
    OpT found;
    m.walk([&](OpT op) {
      if (!found)
        found = op;
    });
    return found;
  }

  MLIRContext context;
};

TEST_F(AttnOpsTest, VanillaAccessorsAndDefaultScale) {
  auto m = parse(R"mlir(
    func.func @f(%q: tensor<2x5x16xf32>, %k: tensor<2x7x16xf32>, %v: tensor<2x7x3xf32>,
                 %mask: tensor<5x7xf32>, %o: tensor<2x5x3xf32>) -> tensor<2x5x3xf32> {
      %r = attn.vanilla ins(%q, %k, %v, %mask : tensor<2x5x16xf32>, tensor<2x7x16xf32>,
                            tensor<2x7x3xf32>, tensor<5x7xf32>)
                        outs(%o : tensor<2x5x3xf32>) -> tensor<2x5x3xf32>
      return %r : tensor<2x5x3xf32>
    })mlir");
  ASSERT_TRUE(m);
  auto op = first<attn::VanillaOp>(*m);
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getNumBatchDims(), 1);
  EXPECT_TRUE(op.getMask());
  EXPECT_FALSE(op.getCausal());
  // d = 16: the default scale is 1/sqrt(16).
  EXPECT_DOUBLE_EQ(op.getScaleOrDefault(), 0.25);
  EXPECT_EQ(op.getDpsInits().size(), 1u);
  EXPECT_EQ(op.getDpsInputs().size(), 4u);
  EXPECT_TRUE(op.hasPureTensorSemantics());
}

TEST_F(AttnOpsTest, MemrefOpsReadInputsAndWriteInit) {
  auto m = parse(R"mlir(
    func.func @f(%x: memref<10x4xf32>, %t: memref<3x2xf32>, %w: memref<4x2xf32>) {
      attn.primal_weights ins(%x, %t : memref<10x4xf32>, memref<3x2xf32>) outs(%w : memref<4x2xf32>)
      return
    })mlir");
  ASSERT_TRUE(m);
  auto op = first<attn::PrimalWeightsOp>(*m);
  ASSERT_TRUE(op);
  EXPECT_TRUE(op.hasPureBufferSemantics());
  SmallVector<MemoryEffects::EffectInstance> effects;
  cast<MemoryEffectOpInterface>(op.getOperation()).getEffects(effects);
  int reads = 0, writes = 0;
  for (auto &e : effects) {
    if (isa<MemoryEffects::Read>(e.getEffect()))
      ++reads;
    if (isa<MemoryEffects::Write>(e.getEffect())) {
      ++writes;
      EXPECT_EQ(e.getValue(), op.getInit());
    }
  }
  EXPECT_EQ(reads, 3);
  EXPECT_EQ(writes, 1);
}

TEST_F(AttnOpsTest, TensorOpsHaveNoMemoryEffects) {
  auto m = parse(R"mlir(
    func.func @f(%x: tensor<10x4xf32>, %t: tensor<3x2xf32>, %w: tensor<4x2xf32>) -> tensor<4x2xf32> {
      %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<3x2xf32>) outs(%w : tensor<4x2xf32>) -> tensor<4x2xf32>
      return %r : tensor<4x2xf32>
    })mlir");
  ASSERT_TRUE(m);
  auto op = first<attn::PrimalWeightsOp>(*m);
  SmallVector<MemoryEffects::EffectInstance> effects;
  cast<MemoryEffectOpInterface>(op.getOperation()).getEffects(effects);
  EXPECT_TRUE(effects.empty());
}

TEST_F(AttnOpsTest, PrimalBuiltWithBuilderVerifies) {
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  auto module = ModuleOp::create(loc);
  auto f32 = b.getF32Type();
  auto qT = RankedTensorType::get({3, 6, 4}, f32);
  auto wT = RankedTensorType::get({4, 2}, f32);
  auto wcT = RankedTensorType::get({4, 5}, f32);
  auto bT = RankedTensorType::get({5}, f32);
  auto oT = RankedTensorType::get({3, 6, 5}, f32);
  auto fn = func::FuncOp::create(
      b, loc, "f", b.getFunctionType({qT, wT, wcT, bT, oT}, {oT}));
  module.push_back(fn);
  Block *entry = fn.addEntryBlock();
  b.setInsertionPointToStart(entry);
  auto args = entry->getArguments();
  auto op = attn::PrimalOp::create(
      b, loc, TypeRange{oT},
      ValueRange{args[0], args[0], args[1], args[1], args[2], args[3]},
      args[4],
      attn::FeatureMapAttr::get(&context, attn::FeatureMap::identity),
      /*causal=*/UnitAttr());
  func::ReturnOp::create(b, loc, op.getResult());
  EXPECT_TRUE(succeeded(verify(module)));
  EXPECT_EQ(op.getFeatureMap(), attn::FeatureMap::identity);
  EXPECT_TRUE(op.getBias());

  // Breaking a rule after construction is caught by the verifier.
  auto badWc = RankedTensorType::get({3, 5}, f32);
  op.getInputsMutable()[4].get().setType(badWc);
  EXPECT_TRUE(failed(verify(module)));
  module->erase();
}

TEST_F(AttnOpsTest, ReifyResultShapesFollowsInit) {
  auto m = parse(R"mlir(
    func.func @f(%q: tensor<?x8xf32>, %o: tensor<?x8xf32>) -> tensor<?x8xf32> {
      %r = attn.vanilla ins(%q, %q, %q : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
                        outs(%o : tensor<?x8xf32>) -> tensor<?x8xf32>
      return %r : tensor<?x8xf32>
    })mlir");
  ASSERT_TRUE(m);
  auto op = first<attn::VanillaOp>(*m);
  OpBuilder b(op);
  ReifiedRankedShapedTypeDims shapes;
  ASSERT_TRUE(succeeded(op.reifyResultShapes(b, shapes)));
  ASSERT_EQ(shapes.size(), 1u);
  ASSERT_EQ(shapes[0].size(), 2u);
  // The static extent folds to a constant; the dynamic one is a tensor.dim of init.
  EXPECT_EQ(getConstantIntValue(shapes[0][1]), std::optional<int64_t>(8));
  auto dim = dyn_cast<Value>(shapes[0][0]);
  ASSERT_TRUE(dim);
  EXPECT_EQ(dim.getDefiningOp()->getOperand(0), op.getInit());
}

} // namespace

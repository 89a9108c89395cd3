//===- ScheduleModelTest.cpp - the systolic schedule model over batches ----===//
//
// The model walks one batch instance after another until they reach a
// steady state and extrapolates the rest (so attn-cost stays fast on ops
// with many (batch, head) slices). These tests check the extrapolation is
// exact: the same cycles as modelling every instance, for every op kind,
// strategy and dataflow, and batch counts around where it starts.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Conversion/AttnToSystolic/ScheduleModel.h"
#include "attn-mlir/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::systolic;

namespace {

class ScheduleModel : public ::testing::Test {
protected:
  ScheduleModel() {
    DialectRegistry registry;
    registry.insert<func::FuncDialect>();
    attn::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// The first attn op of `src` with "B" replaced by the batch count.
  Operation *parseOp(std::string src, int64_t batch) {
    for (size_t pos; (pos = src.find("B")) != std::string::npos;)
      src.replace(pos, 1, std::to_string(batch));
    module = parseSourceString<ModuleOp>(src, &context);
    EXPECT_TRUE(module) << src;
    Operation *found = nullptr;
    module->walk([&](Operation *op) {
      if (!found && op->getDialect() &&
          op->getDialect()->getNamespace() == "attn")
        found = op;
    });
    return found;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

const char *kVanilla = R"(
func.func @f(%q: tensor<Bx20x32xf32>, %k: tensor<Bx24x32xf32>,
             %v: tensor<Bx24x8xf32>) -> tensor<Bx20x8xf32> {
  %e = tensor.empty() : tensor<Bx20x8xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<Bx20x32xf32>, tensor<Bx24x32xf32>,
                        tensor<Bx24x8xf32>) outs(%e : tensor<Bx20x8xf32>)
       {causal} -> tensor<Bx20x8xf32>
  return %o : tensor<Bx20x8xf32>
})";

const char *kPrimal = R"(
func.func @f(%x: tensor<Bx10x4xf32>, %k: tensor<Bx10x4xf32>,
             %w: tensor<4x3xf32>, %wc: tensor<6x6xf32>, %bc: tensor<6xf32>)
    -> tensor<Bx10x6xf32> {
  %e = tensor.empty() : tensor<Bx10x6xf32>
  %o = attn.primal ins(%x, %k, %w, %w, %wc, %bc : tensor<Bx10x4xf32>,
                       tensor<Bx10x4xf32>, tensor<4x3xf32>, tensor<4x3xf32>,
                       tensor<6x6xf32>, tensor<6xf32>)
       outs(%e : tensor<Bx10x6xf32>) -> tensor<Bx10x6xf32>
  return %o : tensor<Bx10x6xf32>
})";

const char *kWeights = R"(
func.func @f(%x: tensor<Bx10x4xf32>, %th: tensor<Bx4x3xf32>)
    -> tensor<Bx4x3xf32> {
  %e = tensor.empty() : tensor<Bx4x3xf32>
  %w = attn.primal_weights ins(%x, %th : tensor<Bx10x4xf32>, tensor<Bx4x3xf32>)
       outs(%e : tensor<Bx4x3xf32>) -> tensor<Bx4x3xf32>
  return %w : tensor<Bx4x3xf32>
})";

std::vector<TargetDesc> targets() {
  std::vector<TargetDesc> ts;
  for (const char *name : {"gemmini", "edge", "tpu-v1"})
    ts.push_back(cantFail(lookupPreset(name)));
  TargetDesc os = ts[0], is = ts[1];
  os.dataflow = Dataflow::OS;
  os.name = "gemmini-os";
  is.dataflow = Dataflow::IS;
  is.name = "edge-is";
  ts.push_back(os);
  ts.push_back(is);
  return ts;
}

TEST_F(ScheduleModel, ExtrapolatedBatchesEqualEveryInstanceModelled) {
  struct Case {
    const char *src;
    VanillaStrategy strategy;
  };
  const Case cases[] = {{kVanilla, VanillaStrategy::Flash},
                        {kVanilla, VanillaStrategy::Materialized},
                        {kPrimal, VanillaStrategy::Flash},
                        {kWeights, VanillaStrategy::Flash}};
  int checked = 0;
  for (const TargetDesc &t : targets())
    for (const Case &c : cases)
      for (int64_t batch : {1, 2, 3, 4, 5, 17, 64}) {
        Operation *op = parseOp(c.src, batch);
        ASSERT_TRUE(op);
        std::optional<ScheduleCycles> fast =
            modelScheduleCycles(op, t, c.strategy, /*extrapolate=*/true);
        std::optional<ScheduleCycles> exact =
            modelScheduleCycles(op, t, c.strategy, /*extrapolate=*/false);
        std::string what = llvm::formatv("{0} {1} batch {2}", t.name,
                                         op->getName().getStringRef(), batch);
        ASSERT_TRUE(fast && exact) << what;
        EXPECT_EQ(fast->total, exact->total) << what;
        EXPECT_EQ(fast->array, exact->array) << what;
        EXPECT_EQ(fast->dma, exact->dma) << what;
        EXPECT_EQ(fast->vector, exact->vector) << what;
        ++checked;
      }
  EXPECT_EQ(checked, 5 * 4 * 7);
}

// attn-ir-fuzzer found attn-cost stuck on an op with ~10^10 slices; now it
// is one steady-state step, and the total grows linearly in the slices.
TEST_F(ScheduleModel, ManySlicesAreLinearAndFast) {
  TargetDesc t = cantFail(lookupPreset("gemmini"));
  auto total = [&](int64_t batch) {
    Operation *op = parseOp(kVanilla, batch);
    return modelScheduleCycles(op, t, VanillaStrategy::Flash)->total;
  };
  uint64_t perSlice = total(65) - total(64);
  uint64_t huge = total(int64_t(1) << 34);
  EXPECT_EQ(huge, total(64) + ((uint64_t(1) << 34) - 64) * perSlice);
}

} // namespace

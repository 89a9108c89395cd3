//===- InlineAllocaScopes.cpp - drop alloca-free memref.alloca_scope -------===//
//
// convert-scf-to-openmp wraps each parallel loop body in a
// memref.alloca_scope, whose region must stay a single block, so a later
// convert-scf-to-cf fails on any loop inside it. Upstream's canonicalization
// inlines such a scope only if nothing in it may allocate on the stack, and
// it treats every op without memory-effect information, e.g. the
// func.call to buffer deallocation's `dealloc_helper`, as a possible alloca.
// A call cannot leave stack memory behind in its caller, so this pass
// inlines every scope that contains no memref.alloca itself.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::attn {
#define GEN_PASS_DEF_ATTNINLINEALLOCASCOPES
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;

namespace {
struct InlineAllocaScopesPass
    : public attn::impl::AttnInlineAllocaScopesBase<InlineAllocaScopesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation()->walk([&](memref::AllocaScopeOp scope) {
      bool hasAlloca = scope
                           ->walk([](memref::AllocaOp) {
                             return WalkResult::interrupt();
                           })
                           .wasInterrupted();
      if (!hasAlloca && scope.getBodyRegion().hasOneBlock())
        scopes.push_back(scope);
    });
    IRRewriter rewriter(&getContext());
    for (memref::AllocaScopeOp scope : scopes) {
      Block *body = &scope.getBodyRegion().front();
      Operation *ret = body->getTerminator();
      ValueRange results = ret->getOperands();
      rewriter.setInsertionPoint(scope);
      rewriter.inlineBlockBefore(body, scope);
      rewriter.replaceOp(scope, results);
      rewriter.eraseOp(ret);
    }
  }
};
} // namespace

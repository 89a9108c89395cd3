//===- SystolicDialect.h - systolic dialect ---------------------*- C++ -*-===//

#ifndef ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICDIALECT_H
#define ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICDIALECT_H

#include "attn-mlir/Systolic/Core/ISA.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "attn-mlir/Dialect/Systolic/IR/SystolicDialect.h.inc"
#include "attn-mlir/Dialect/Systolic/IR/SystolicEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "attn-mlir/Dialect/Systolic/IR/SystolicAttrs.h.inc"

#endif // ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICDIALECT_H

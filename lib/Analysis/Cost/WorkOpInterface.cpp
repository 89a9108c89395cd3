//===- WorkOpInterface.cpp - Generated interface definitions --------------===//

#include "attn-mlir/Analysis/Cost/WorkOpInterface.h"

#include "attn-mlir/Analysis/Cost/WorkOpInterface.cpp.inc"

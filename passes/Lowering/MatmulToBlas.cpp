//===- MatmulToBlas.cpp - npg-matmul-to-blas ------------------------------===//
//
// Large float matmuls on buffers become calls into BLAS through the runtime's
// _mlir_ciface_npg_gemm_f32/_f64: the loops linalg lowers a matmul to run at
// a fraction of an optimised GEMM's rate.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace npg {
#define GEN_PASS_DEF_MATMULTOBLASPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {

/// memref<?x?xT, strided<[?, ?], offset: ?>>: every rank-2 layout casts to it.
MemRefType anyLayoutMatrix(Type element) {
  MLIRContext *ctx = element.getContext();
  int64_t dynamic = ShapedType::kDynamic;
  return MemRefType::get(
      {dynamic, dynamic}, element,
      StridedLayoutAttr::get(ctx, dynamic, {dynamic, dynamic}));
}

/// The declaration of @npg_gemm_<f32|f64>, added to the module once.
func::FuncOp gemmDeclaration(ModuleOp module, Type element) {
  std::string name = element.isF32() ? "npg_gemm_f32" : "npg_gemm_f64";
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  MemRefType matrix = anyLayoutMatrix(element);
  auto decl = b.create<func::FuncOp>(
      module.getLoc(), name,
      b.getFunctionType({matrix, matrix, matrix}, TypeRange{}));
  decl.setPrivate();
  decl->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), b.getUnitAttr());
  return decl;
}

struct MatmulToBlasPass : ::npg::impl::MatmulToBlasPassBase<MatmulToBlasPass> {
  using MatmulToBlasPassBase::MatmulToBlasPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::MatmulOp> matmuls;
    module.walk([&](linalg::MatmulOp op) {
      if (op.hasPureBufferSemantics() && worthBlas(op))
        matmuls.push_back(op);
    });
    for (linalg::MatmulOp op : matmuls) {
      Value c = op.getDpsInits()[0];
      Type element = cast<MemRefType>(c.getType()).getElementType();
      func::FuncOp callee = gemmDeclaration(module, element);
      OpBuilder b(op);
      SmallVector<Value> operands;
      for (Value v : {op.getDpsInputs()[0], op.getDpsInputs()[1], c})
        operands.push_back(
            b.create<memref::CastOp>(op.getLoc(), anyLayoutMatrix(element), v));
      b.create<func::CallOp>(op.getLoc(), callee, operands);
      op.erase();
    }
  }

  /// Float, static shapes, and enough work to pay for a call.
  bool worthBlas(linalg::MatmulOp op) const {
    auto a = cast<MemRefType>(op.getDpsInputs()[0].getType());
    auto c = cast<MemRefType>(op.getDpsInits()[0].getType());
    Type element = c.getElementType();
    if (!(element.isF32() || element.isF64()) || !a.hasStaticShape() ||
        !c.hasStaticShape() || a.getElementType() != element ||
        cast<MemRefType>(op.getDpsInputs()[1].getType()).getElementType() !=
            element)
      return false;
    return c.getDimSize(0) * c.getDimSize(1) * a.getDimSize(1) >= minSize;
  }
};

} // namespace

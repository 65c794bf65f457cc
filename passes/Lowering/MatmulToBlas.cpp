//===- MatmulToBlas.cpp - npg-matmul-to-blas ------------------------------===//
//
// Large float matmuls on buffers become calls into BLAS through the runtime's
// _mlir_ciface_npg_gemm_f32/_f64: the loops linalg lowers a matmul to run at
// a fraction of an optimised GEMM's rate. A batched matmul (the generic
// convert-npg-to-linalg makes of one) becomes a loop nest over its batch
// dimensions around one call per matrix.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <optional>

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

Type elementOf(Value memref) {
  return cast<MemRefType>(memref.getType()).getElementType();
}

/// C += A * B through BLAS, on 2-D views of any layout.
void callGemm(OpBuilder &b, Location loc, ModuleOp module, Value a, Value bm,
              Value c) {
  Type element = elementOf(c);
  func::FuncOp callee = gemmDeclaration(module, element);
  SmallVector<Value> operands;
  for (Value v : {a, bm, c})
    operands.push_back(
        b.create<memref::CastOp>(loc, anyLayoutMatrix(element), v));
  b.create<func::CallOp>(loc, callee, operands);
}

bool isBlasFloat(Type t) { return t.isF32() || t.isF64(); }

/// A matmul generic: one reduction loop k, C indexed by (batch..., i, j),
/// A by i and k, B by k and j, each operand otherwise only by batch loops
/// or the constant 0 (where it broadcasts), in any order (a fused
/// transpose permutes them), and the body `out + a * b`. convert-npg-to-
/// linalg writes every matmul this way; named contractions generalise to it.
struct MatmulGeneric {
  linalg::GenericOp op;
  int64_t i, k, j;
  SmallVector<int64_t> batch; // C's leading loops, outermost first
  SmallVector<int64_t> loopSizes;

  static std::optional<MatmulGeneric> match(linalg::GenericOp op) {
    if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
        op.getNumDpsInits() != 1 || op.getNumReductionLoops() != 1)
      return std::nullopt;
    Type element = elementOf(op.getDpsInits()[0]);
    for (Value v : op->getOperands()) {
      auto t = cast<MemRefType>(v.getType());
      if (t.getElementType() != element || !t.hasStaticShape())
        return std::nullopt;
    }
    if (!isBlasFloat(element) || !isMulAdd(op))
      return std::nullopt;
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    AffineMap c = maps[2];
    int64_t loops = op.getNumLoops();
    if (loops < 3 || c.getNumResults() != loops - 1 ||
        !c.isProjectedPermutation())
      return std::nullopt;
    MatmulGeneric m{op, c.getDimPosition(loops - 3),
                    -1, c.getDimPosition(loops - 2),
                    {}, op.getStaticLoopRanges()};
    for (int64_t r = 0; r < loops - 3; ++r)
      m.batch.push_back(c.getDimPosition(r));
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    for (int64_t d = 0; d < loops; ++d)
      if (iterators[d] == utils::IteratorType::reduction)
        m.k = d;
    if (c.isFunctionOfDim(m.k) || !m.indexes(maps[0], m.i, m.k) ||
        !m.indexes(maps[1], m.k, m.j))
      return std::nullopt;
    return m;
  }

  /// The body is `yield out + a * b` (either order of the add).
  static bool isMulAdd(linalg::GenericOp op) {
    Block &body = op.getRegion().front();
    if (body.getOperations().size() != 3)
      return false;
    auto mul = dyn_cast<arith::MulFOp>(body.front());
    auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
    if (!mul || !add || body.getTerminator()->getOperand(0) != add.getResult())
      return false;
    Value a = body.getArgument(0), b = body.getArgument(1),
          out = body.getArgument(2);
    bool mulOk = (mul.getLhs() == a && mul.getRhs() == b) ||
                 (mul.getLhs() == b && mul.getRhs() == a);
    bool addOk = (add.getLhs() == out && add.getRhs() == mul.getResult()) ||
                 (add.getRhs() == out && add.getLhs() == mul.getResult());
    return mulOk && addOk;
  }

  /// `map` reads `row` and `col` once each, and otherwise only batch
  /// loops or the constant 0.
  bool indexes(AffineMap map, int64_t row, int64_t col) const {
    int rows = 0, cols = 0;
    for (AffineExpr e : map.getResults()) {
      if (auto c = dyn_cast<AffineConstantExpr>(e)) {
        if (c.getValue() != 0)
          return false;
      } else if (auto d = dyn_cast<AffineDimExpr>(e)) {
        int64_t pos = d.getPosition();
        rows += pos == row;
        cols += pos == col;
        if (pos != row && pos != col && !llvm::is_contained(batch, pos))
          return false;
      } else {
        return false;
      }
    }
    return rows == 1 && cols == 1;
  }

  /// m * n * k of one matrix product.
  int64_t work() const { return loopSizes[i] * loopSizes[k] * loopSizes[j]; }

  /// The matrix of `operand` at the batch loops' induction variables
  /// `ivs` (by loop): the buffer or a rank-reduced subview of it, transposed
  /// when the buffer has `col` before `row`.
  Value matrix(OpBuilder &b, Location loc, OpOperand &operand,
               ArrayRef<Value> ivs, int64_t row, int64_t col) {
    Value buffer = operand.get();
    auto type = cast<MemRefType>(buffer.getType());
    AffineMap map = op.getMatchingIndexingMap(&operand);
    SmallVector<OpFoldResult> offsets, sizes,
        strides(type.getRank(), b.getIndexAttr(1));
    SmallVector<int64_t> shape; // the kept dimensions, in buffer order
    bool rowFirst = false;
    for (auto [r, e] : llvm::enumerate(map.getResults())) {
      auto d = dyn_cast<AffineDimExpr>(e);
      if (d && (d.getPosition() == row || d.getPosition() == col)) {
        rowFirst |= shape.empty() && d.getPosition() == row;
        offsets.push_back(b.getIndexAttr(0));
        sizes.push_back(b.getIndexAttr(type.getDimSize(r)));
        shape.push_back(type.getDimSize(r));
        continue;
      }
      // A batch loop at this iteration, or a broadcast one's only row.
      offsets.push_back(d ? OpFoldResult(ivs[d.getPosition()])
                          : OpFoldResult(b.getIndexAttr(0)));
      sizes.push_back(b.getIndexAttr(1));
    }
    Value view = buffer; // unless it has batch or broadcast dimensions
    if (shape.size() != static_cast<size_t>(type.getRank())) {
      auto viewType =
          cast<MemRefType>(memref::SubViewOp::inferRankReducedResultType(
              shape, type, offsets, sizes, strides));
      view = b.create<memref::SubViewOp>(loc, viewType, buffer, offsets, sizes,
                                         strides);
    }
    if (rowFirst)
      return view;
    AffineMap swap =
        AffineMap::getPermutationMap(ArrayRef<unsigned>{1, 0}, b.getContext());
    return b.create<memref::TransposeOp>(loc, view, AffineMapAttr::get(swap));
  }

  void rewrite(ModuleOp module) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    SmallVector<Value> ivs(loopSizes.size());
    if (!batch.empty()) {
      Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
      Value one = b.create<arith::ConstantIndexOp>(loc, 1);
      for (int64_t d : batch) {
        Value size = b.create<arith::ConstantIndexOp>(loc, loopSizes[d]);
        auto loop = b.create<scf::ForOp>(loc, zero, size, one);
        b.setInsertionPointToStart(loop.getBody());
        ivs[d] = loop.getInductionVar();
      }
    }
    Value a = matrix(b, loc, *op.getDpsInputOperand(0), ivs, i, k);
    Value bm = matrix(b, loc, *op.getDpsInputOperand(1), ivs, k, j);
    Value c = matrix(b, loc, *op.getDpsInitOperand(0), ivs, i, j);
    callGemm(b, loc, module, a, bm, c);
    op.erase();
  }
};

struct MatmulToBlasPass : ::npg::impl::MatmulToBlasPassBase<MatmulToBlasPass> {
  using MatmulToBlasPassBase::MatmulToBlasPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<MatmulGeneric> matmuls;
    SmallVector<Operation *> unused;
    IRRewriter rewriter(&getContext());
    // Whether `op` is a product worth a BLAS call; those are collected.
    auto collect = [&](linalg::GenericOp op) {
      std::optional<MatmulGeneric> m = MatmulGeneric::match(op);
      if (!m || m->work() < minSize)
        return false;
      matmuls.push_back(*m);
      return true;
    };
    module.walk([&](linalg::LinalgOp op) {
      if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation())) {
        collect(generic);
        return;
      }
      // A named contraction (linalg.matmul, batch_matmul, the transposed
      // variants) is matched as the generic it generalises to, and left
      // as it was when that is not a BLAS call.
      if (!op.hasPureBufferSemantics() ||
          !linalg::isaContractionOpInterface(op))
        return;
      rewriter.setInsertionPoint(op);
      auto copy = cast<linalg::LinalgOp>(rewriter.clone(*op));
      FailureOr<linalg::GenericOp> generic =
          linalg::generalizeNamedOp(rewriter, copy);
      if (failed(generic))
        unused.push_back(copy);
      else
        unused.push_back(collect(*generic) ? op.getOperation() : *generic);
    });
    for (Operation *op : unused)
      op->erase();
    for (MatmulGeneric &m : matmuls)
      m.rewrite(module);
  }
};

} // namespace

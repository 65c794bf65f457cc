//===- NpgOps.cpp - npg dialect operations --------------------------------===//
//
// Shape rules, verifiers, type inference, custom assembly and folders.
//
// Each op's shape rule is one function that validates its operand types and
// attributes and computes the result type. The verifier reports its failures
// through emitOpError; inferReturnTypes (called from builders and parsers on
// unverified input) through emitOptionalError. The rules therefore check
// everything they index with, and never assume a verified op.
//
//===----------------------------------------------------------------------===//

#include "npg/IR/NpgOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

using namespace mlir;
using namespace mlir::npg;

#include "npg/IR/NpgOpsEnums.cpp.inc"

bool mlir::npg::hasAddressableSize(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return false;
  int64_t count = 1;
  for (int64_t d : tensor.getShape())
    if (d != 0 && llvm::MulOverflow(count, d, count))
      return false;
  return true;
}

bool mlir::npg::isNpgTensorType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() || !hasAddressableSize(type))
    return false;
  Type element = tensor.getElementType();
  return element.isF32() || element.isF64() || element.isSignlessInteger(1) ||
         element.isSignlessInteger(32) || element.isSignlessInteger(64);
}

//===----------------------------------------------------------------------===//
// Diagnostics shared by verifiers and type inference
//===----------------------------------------------------------------------===//

namespace {

/// `[0, 2]`: how integer-array attributes appear in messages.
std::string ints(ArrayRef<int64_t> values) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(values, os);
  os << ']';
  return text;
}

/// The message of a failed shape rule, kept until the caller knows whether
/// to report it as a verifier error or an inference error.
class ShapeError {
public:
  template <typename... Parts> LogicalResult fail(const Parts &...parts) {
    llvm::raw_string_ostream os(message);
    (os << ... << parts);
    return failure();
  }
  const std::string &str() const { return message; }

private:
  std::string message;
};

} // namespace

/// Reports a failed rule from inferReturnTypes, with the verifier's prefix.
static LogicalResult reportInference(std::optional<Location> loc,
                                     StringRef opName, const ShapeError &err) {
  return emitOptionalError(loc, "'", opName, "' op ", err.str());
}

/// Inference sees unverified operands: anything but a static ranked tensor is
/// an error there (the verifier's type constraints catch it first).
static FailureOr<RankedTensorType> staticTensor(Type type, StringRef what,
                                                ShapeError &err) {
  auto tensor = dyn_cast_or_null<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return err.fail(what, " must be a statically shaped tensor, got ", type);
  return tensor;
}

/// Reports a failed rule from a verifier.
static LogicalResult reportVerifier(Operation *op, const ShapeError &err) {
  return op->emitOpError(err.str());
}

/// emitOpError with types printed as in the rules' messages (unquoted).
template <typename... Parts>
static LogicalResult opError(Operation *op, const Parts &...parts) {
  ShapeError err;
  (void)err.fail(parts...);
  return reportVerifier(op, err);
}

/// Compares a verified op's result type with the one its rule inferred.
static LogicalResult checkResultType(Operation *op, Type actual,
                                     FailureOr<RankedTensorType> inferred,
                                     ShapeError &err) {
  if (succeeded(inferred) && actual != *inferred)
    (void)err.fail("result type ", actual, " does not match the inferred type ",
                   *inferred);
  if (failed(inferred) || actual != *inferred)
    return reportVerifier(op, err);
  return success();
}

LogicalResult
mlir::npg::detail::verifySameOperandsAndResultTypeWithShapes(Operation *op) {
  if (op->getNumResults() != 1)
    return op->emitOpError("expects one result");
  Type expected = op->getResult(0).getType();
  if (llvm::all_of(op->getOperandTypes(),
                   [&](Type type) { return type == expected; }))
    return success();
  std::string types;
  llvm::raw_string_ostream os(types);
  llvm::interleaveComma(op->getOperandTypes(), os);
  return opError(op, "requires operands and result of one type, got (", types,
                 ") -> ", expected);
}

//===----------------------------------------------------------------------===//
// Folding helpers
//===----------------------------------------------------------------------===//

/// Whether `attr` is a splat constant whose every element equals `value`
/// (0 or 1). Both zeros count: folding ignores the sign of zero.
static bool isSplatOf(Attribute attr, int value) {
  auto splat = dyn_cast_or_null<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  Type element = splat.getElementType();
  if (isa<FloatType>(element)) {
    APFloat v = splat.getSplatValue<APFloat>();
    return value == 0 ? v.isZero() : v.isExactlyValue(value);
  }
  if (isa<IntegerType>(element)) {
    APInt v = splat.getSplatValue<APInt>();
    return value == 0 ? v.isZero() : v.isOne();
  }
  return false;
}

/// `value` if it has `type` (so that a folder never changes a result type,
/// even on IR a buggy pass left unverified), else no fold.
static OpFoldResult sameTypeOr(Value value, Type type) {
  if (value && value.getType() == type)
    return value;
  return {};
}

/// A splat constant's value spread over `type`, or no fold.
static OpFoldResult resplat(Attribute attr, Type type) {
  auto splat = dyn_cast_or_null<SplatElementsAttr>(attr);
  auto shaped = dyn_cast<RankedTensorType>(type);
  if (!splat || !shaped || !shaped.hasStaticShape() ||
      splat.getElementType() != shaped.getElementType())
    return {};
  return DenseElementsAttr::get(shaped, splat.getSplatValue<Attribute>());
}

static bool isIdentity(ArrayRef<int64_t> map) {
  for (auto [i, v] : llvm::enumerate(map))
    if (v != static_cast<int64_t>(i))
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  ElementsAttr value = adaptor.getValueAttr();
  if (!value)
    return emitOptionalError(loc, "'npg.constant' op requires a 'value' "
                                  "elements attribute");
  types.push_back(value.getType());
  return success();
}

LogicalResult ConstantOp::verifyShapes() {
  if (getValue().getType() != getType())
    return opError(*this, "value type ", getValue().getType(),
                   " differs from result type ", getType());
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 0))
    return sameTypeOr(getLhs(), getType());
  if (isSplatOf(adaptor.getLhs(), 0))
    return sameTypeOr(getRhs(), getType());
  return {};
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 0))
    return sameTypeOr(getLhs(), getType());
  return {};
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1))
    return sameTypeOr(getLhs(), getType());
  if (isSplatOf(adaptor.getLhs(), 1))
    return sameTypeOr(getRhs(), getType());
  return {};
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1))
    return sameTypeOr(getLhs(), getType());
  return {};
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1))
    return sameTypeOr(getLhs(), getType());
  return {};
}

OpFoldResult MaximumOp::fold(FoldAdaptor) {
  if (getLhs() == getRhs())
    return sameTypeOr(getLhs(), getType());
  return {};
}

OpFoldResult MinimumOp::fold(FoldAdaptor) {
  if (getLhs() == getRhs())
    return sameTypeOr(getLhs(), getType());
  return {};
}

//===----------------------------------------------------------------------===//
// CompareOp
//===----------------------------------------------------------------------===//

/// i1 with the operand's shape.
static FailureOr<RankedTensorType> inferCompare(Type lhs, ShapeError &err) {
  FailureOr<RankedTensorType> tensor = staticTensor(lhs, "lhs", err);
  if (failed(tensor))
    return failure();
  return RankedTensorType::get(tensor->getShape(),
                               IntegerType::get(lhs.getContext(), 1));
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ShapeError err;
  if (adaptor.getOperands().size() != 2)
    return emitOptionalError(loc, "'npg.compare' op expects 2 operands");
  FailureOr<RankedTensorType> result =
      inferCompare(adaptor.getLhs().getType(), err);
  if (failed(result))
    return reportInference(loc, getOperationName(), err);
  types.push_back(*result);
  return success();
}

LogicalResult CompareOp::verifyShapes() {
  if (getLhs().getType() != getRhs().getType())
    return opError(*this, "operands differ in type: lhs ", getLhs().getType(),
                   ", rhs ", getRhs().getType());
  ShapeError err;
  return checkResultType(*this, getType(),
                         inferCompare(getLhs().getType(), err), err);
}

//===----------------------------------------------------------------------===//
// SelectOp
//===----------------------------------------------------------------------===//

/// `: tensor<3xi1>, tensor<3xf32>`; the false value's type is printed too
/// only when it differs (which the verifier then rejects).
static ParseResult parseSelectTypes(OpAsmParser &parser, Type &condType,
                                    Type &trueType, Type &falseType) {
  if (parser.parseType(condType) || parser.parseComma() ||
      parser.parseType(trueType))
    return failure();
  falseType = trueType;
  if (succeeded(parser.parseOptionalComma()))
    return parser.parseType(falseType);
  return success();
}

static void printSelectTypes(OpAsmPrinter &printer, Operation *, Type condType,
                             Type trueType, Type falseType) {
  printer << condType << ", " << trueType;
  if (falseType != trueType)
    printer << ", " << falseType;
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (adaptor.getOperands().size() != 3)
    return emitOptionalError(loc, "'npg.select' op expects 3 operands");
  types.push_back(adaptor.getTrueValue().getType());
  return success();
}

LogicalResult SelectOp::verifyShapes() {
  auto cond = getCond().getType();
  auto trueType = getTrueValue().getType();
  auto falseType = getFalseValue().getType();
  if (cond.getShape() != trueType.getShape())
    return opError(*this, "condition ", cond, " and values ", trueType,
                   " differ in shape");
  if (trueType != falseType)
    return opError(*this, "true value ", trueType, " and false value ",
                   falseType, " differ in type");
  if (getType() != trueType)
    return opError(*this, "result type ", getType(),
                   " differs from the values' type ", trueType);
  return success();
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  if (getTrueValue() == getFalseValue())
    return sameTypeOr(getTrueValue(), getType());
  if (auto cond = dyn_cast_or_null<SplatElementsAttr>(adaptor.getCond());
      cond && cond.getElementType().isSignlessInteger(1))
    return sameTypeOr(cond.getSplatValue<bool>() ? getTrueValue()
                                                 : getFalseValue(),
                      getType());
  return {};
}

//===----------------------------------------------------------------------===//
// CastOp
//===----------------------------------------------------------------------===//

LogicalResult CastOp::verifyShapes() {
  if (getInput().getType().getShape() != getType().getShape())
    return opError(*this, "shape changes from ", getInput().getType(), " to ",
                   getType(), "; npg.cast only converts element types");
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  return sameTypeOr(getInput(), getType());
}

//===----------------------------------------------------------------------===//
// BroadcastToOp
//===----------------------------------------------------------------------===//

void BroadcastToOp::build(OpBuilder &builder, OperationState &state,
                          Value input, ArrayRef<int64_t> shape) {
  // Right alignment; a bad rank shows up as negative dims in the verifier.
  auto inputType = dyn_cast<ShapedType>(input.getType());
  int64_t inputRank =
      inputType && inputType.hasRank() ? inputType.getRank() : 0;
  int64_t offset = static_cast<int64_t>(shape.size()) - inputRank;
  SmallVector<int64_t> dims;
  for (int64_t i = 0; i < inputRank; ++i)
    dims.push_back(offset + i);
  Type resultType =
      RankedTensorType::get(shape, getElementTypeOrSelf(input.getType()));
  build(builder, state, resultType, input, dims);
}

LogicalResult BroadcastToOp::verifyShapes() {
  RankedTensorType input = getInput().getType();
  RankedTensorType result = getType();
  ArrayRef<int64_t> dims = getDimensions();
  if (input.getElementType() != result.getElementType())
    return opError(*this, "element type changes from ", input, " to ", result);
  if (static_cast<int64_t>(dims.size()) != input.getRank())
    return opError(*this, "dims ", ints(dims), " have ", dims.size(),
                   " entries but operand ", input, " has rank ",
                   input.getRank());
  if (input.getRank() > result.getRank())
    return opError(*this, "operand ", input, " has a higher rank than result ",
                   result);
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (d < 0 || d >= result.getRank())
      return opError(*this, "dims ", ints(dims), " map operand dimension ", i,
                     " to ", d, ", out of range for result ", result,
                     " of rank ", result.getRank());
    if (i > 0 && d <= dims[i - 1])
      return opError(*this, "dims ", ints(dims),
                     " are not strictly increasing (", input, " to ", result,
                     ")");
  }
  for (auto [i, d] : llvm::enumerate(dims)) {
    int64_t from = input.getDimSize(i), to = result.getDimSize(d);
    if (from != 1 && from != to)
      return opError(*this, "operand ", input, " dimension ", i, " (size ",
                     from, ") cannot broadcast to result ", result,
                     " dimension ", d, " (size ", to, ")");
  }
  return success();
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() && isIdentity(getDimensions()))
    return getInput();
  if (OpFoldResult splat = resplat(adaptor.getInput(), getType()))
    return splat;
  // broadcast_to(broadcast_to(x)): x's dimension i lands on dims[inner[i]].
  if (auto inner = getInput().getDefiningOp<BroadcastToOp>()) {
    ArrayRef<int64_t> dims = getDimensions();
    SmallVector<int64_t> composed;
    for (int64_t d : inner.getDimensions()) {
      if (d < 0 || d >= static_cast<int64_t>(dims.size()))
        return {};
      composed.push_back(dims[d]);
    }
    setDimensions(composed);
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

static FailureOr<RankedTensorType> inferReduce(RankedTensorType input,
                                               ArrayRef<int64_t> axes,
                                               bool keepdims, ShapeError &err) {
  int64_t rank = input.getRank();
  SmallVector<bool> reduced(rank, false);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= rank)
      return err.fail("axis ", axis, " in axes ", ints(axes),
                      " is out of range for operand ", input, " of rank ",
                      rank);
    if (i > 0 && axis == axes[i - 1])
      return err.fail("axes ", ints(axes), " repeat axis ", axis, " (operand ",
                      input, ")");
    if (i > 0 && axis < axes[i - 1])
      return err.fail("axes ", ints(axes),
                      " are not in increasing order (operand ", input, ")");
    reduced[axis] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced[d])
      shape.push_back(input.getDimSize(d));
    else if (keepdims)
      shape.push_back(1);
  }
  return RankedTensorType::get(shape, input.getElementType());
}

template <typename ReduceOp>
static LogicalResult inferReduceReturnTypes(std::optional<Location> loc,
                                            typename ReduceOp::Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeError err;
  if (adaptor.getOperands().size() != 1 || !adaptor.getAxesAttr())
    return emitOptionalError(loc, "'", ReduceOp::getOperationName(),
                             "' op expects one operand and 'axes'");
  FailureOr<RankedTensorType> input =
      staticTensor(adaptor.getInput().getType(), "operand", err);
  BoolAttr keepdims = adaptor.getKeepdimsAttr();
  FailureOr<RankedTensorType> result =
      failed(input) ? FailureOr<RankedTensorType>(failure())
                    : inferReduce(*input, adaptor.getAxes(),
                                  keepdims && keepdims.getValue(), err);
  if (failed(result))
    return reportInference(loc, ReduceOp::getOperationName(), err);
  types.push_back(*result);
  return success();
}

template <typename ReduceOp> static LogicalResult verifyReduce(ReduceOp op) {
  ShapeError err;
  return checkResultType(
      op, op.getType(),
      inferReduce(op.getInput().getType(), op.getAxes(), op.getKeepdims(), err),
      err);
}

#define NPG_REDUCE_OP(Op)                                                      \
  LogicalResult Op::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &types) {                                          \
    return inferReduceReturnTypes<Op>(loc, adaptor, types);                    \
  }                                                                            \
  LogicalResult Op::verifyShapes() { return verifyReduce(*this); }             \
  /* Reducing nothing, or size-1 axes with keepdims, is the identity. */       \
  OpFoldResult Op::fold(FoldAdaptor) {                                         \
    return sameTypeOr(getInput(), getType());                                  \
  }

NPG_REDUCE_OP(ReduceSumOp)
NPG_REDUCE_OP(ReduceMaxOp)
NPG_REDUCE_OP(ReduceMinOp)

#undef NPG_REDUCE_OP

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

void ReshapeOp::build(OpBuilder &builder, OperationState &state, Value input,
                      ArrayRef<int64_t> shape) {
  build(builder, state,
        RankedTensorType::get(shape, getElementTypeOrSelf(input.getType())),
        input);
}

LogicalResult ReshapeOp::verifyShapes() {
  RankedTensorType input = getInput().getType();
  RankedTensorType result = getType();
  if (input.getElementType() != result.getElementType())
    return opError(*this, "element type changes from ", input, " to ", result,
                   "; use npg.cast");
  if (input.getNumElements() != result.getNumElements())
    return opError(*this, "operand ", input, " has ", input.getNumElements(),
                   " elements but result ", result, " has ",
                   result.getNumElements());
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
      dense && dense.getType().getElementType() == getType().getElementType() &&
      dense.getNumElements() == getType().getNumElements())
    return dense.reshape(getType());
  // Reshapes only reinterpret the row-major order, so the inner one goes.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    if (inner.getInput().getType() == getType())
      return inner.getInput();
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

static FailureOr<RankedTensorType> inferTranspose(RankedTensorType input,
                                                  ArrayRef<int64_t> perm,
                                                  ShapeError &err) {
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(perm.size()) != rank)
    return err.fail("permutation ", ints(perm), " has ", perm.size(),
                    " entries but operand ", input, " has rank ", rank);
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return err.fail("permutation ", ints(perm),
                      " is not a permutation of 0..", rank - 1, " (operand ",
                      input, ")");
    seen[p] = true;
    shape.push_back(input.getDimSize(p));
  }
  return RankedTensorType::get(shape, input.getElementType());
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeError err;
  if (adaptor.getOperands().size() != 1 || !adaptor.getPermutationAttr())
    return emitOptionalError(
        loc, "'npg.transpose' op expects one operand and 'permutation'");
  FailureOr<RankedTensorType> input =
      staticTensor(adaptor.getInput().getType(), "operand", err);
  FailureOr<RankedTensorType> result =
      failed(input) ? FailureOr<RankedTensorType>(failure())
                    : inferTranspose(*input, adaptor.getPermutation(), err);
  if (failed(result))
    return reportInference(loc, getOperationName(), err);
  types.push_back(*result);
  return success();
}

LogicalResult TransposeOp::verifyShapes() {
  ShapeError err;
  return checkResultType(
      *this, getType(),
      inferTranspose(getInput().getType(), getPermutation(), err), err);
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  if (isIdentity(getPermutation()))
    return sameTypeOr(getInput(), getType());
  if (OpFoldResult splat = resplat(adaptor.getInput(), getType()))
    return splat;
  // transpose(transpose(x, p), q) = transpose(x, [p[q[0]], p[q[1]], ...]).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> p = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t q : getPermutation()) {
      if (q < 0 || q >= static_cast<int64_t>(p.size()))
        return {};
      composed.push_back(p[q]);
    }
    if (isIdentity(composed))
      return sameTypeOr(inner.getInput(), getType());
    setPermutation(composed);
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

static FailureOr<RankedTensorType>
inferMatmul(RankedTensorType lhs, RankedTensorType rhs, ShapeError &err) {
  if (lhs.getElementType() != rhs.getElementType())
    return err.fail("element types differ: lhs ", lhs, ", rhs ", rhs);
  if (lhs.getRank() == 0 || rhs.getRank() == 0)
    return err.fail("operands must have rank >= 1, got lhs ", lhs, ", rhs ",
                    rhs);
  ArrayRef<int64_t> l = lhs.getShape(), r = rhs.getShape();
  // A 1-D lhs is a row [1, k], a 1-D rhs a column [k, 1].
  int64_t kl = l.back();
  int64_t kr = r.size() == 1 ? r[0] : r[r.size() - 2];
  if (kl != kr)
    return err.fail("contraction dimensions differ: lhs ", lhs, " has ", kl,
                    ", rhs ", rhs, " has ", kr);
  ArrayRef<int64_t> bl = l.drop_back(std::min<size_t>(2, l.size()));
  ArrayRef<int64_t> br = r.drop_back(std::min<size_t>(2, r.size()));
  size_t batchRank = std::max(bl.size(), br.size());
  SmallVector<int64_t> shape;
  // Batch dimensions broadcast right-aligned, as numpy's.
  for (size_t i = 0; i < batchRank; ++i) {
    int64_t a = i + bl.size() < batchRank ? 1 : bl[i + bl.size() - batchRank];
    int64_t b = i + br.size() < batchRank ? 1 : br[i + br.size() - batchRank];
    if (a != b && a != 1 && b != 1)
      return err.fail("batch dimensions do not broadcast: lhs ", lhs, ", rhs ",
                      rhs);
    shape.push_back(a == 1 ? b : a);
  }
  if (l.size() >= 2)
    shape.push_back(l[l.size() - 2]);
  if (r.size() >= 2)
    shape.push_back(r.back());
  return RankedTensorType::get(shape, lhs.getElementType());
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeError err;
  if (adaptor.getOperands().size() != 2)
    return emitOptionalError(loc, "'npg.matmul' op expects 2 operands");
  FailureOr<RankedTensorType> lhs =
      staticTensor(adaptor.getLhs().getType(), "lhs", err);
  FailureOr<RankedTensorType> rhs =
      failed(lhs) ? FailureOr<RankedTensorType>(failure())
                  : staticTensor(adaptor.getRhs().getType(), "rhs", err);
  FailureOr<RankedTensorType> result =
      failed(rhs) ? FailureOr<RankedTensorType>(failure())
                  : inferMatmul(*lhs, *rhs, err);
  if (failed(result))
    return reportInference(loc, getOperationName(), err);
  types.push_back(*result);
  return success();
}

LogicalResult MatmulOp::verifyShapes() {
  ShapeError err;
  return checkResultType(
      *this, getType(),
      inferMatmul(getLhs().getType(), getRhs().getType(), err), err);
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

static FailureOr<RankedTensorType>
inferSlice(RankedTensorType input, ArrayRef<int64_t> starts,
           ArrayRef<int64_t> limits, ArrayRef<int64_t> steps, ShapeError &err) {
  size_t rank = input.getRank();
  if (starts.size() != rank || limits.size() != rank || steps.size() != rank)
    return err.fail("starts, limits and steps need one entry per dimension "
                    "of operand ",
                    input, " (rank ", rank, "), got ", starts.size(), ", ",
                    limits.size(), " and ", steps.size());
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    int64_t n = input.getDimSize(d), start = starts[d], limit = limits[d],
            step = steps[d];
    if (step == 0)
      return err.fail("step of dimension ", d, " is 0 (operand ", input, ")");
    bool inRange = step > 0 ? 0 <= start && start <= limit && limit <= n
                            : -1 <= limit && limit <= start && start <= n - 1;
    if (!inRange)
      return err.fail("dimension ", d, " of operand ", input, " (size ", n,
                      "): start ", start, ", limit ", limit, ", step ", step,
                      step > 0 ? " need 0 <= start <= limit <= size"
                               : " need -1 <= limit <= start <= size - 1");
    // len(range(start, limit, step)), without overflow for any step.
    uint64_t span = step > 0 ? static_cast<uint64_t>(limit - start)
                             : static_cast<uint64_t>(start - limit);
    uint64_t stride = step > 0 ? static_cast<uint64_t>(step)
                               : static_cast<uint64_t>(-(step + 1)) + 1;
    shape.push_back(span == 0 ? 0
                              : static_cast<int64_t>((span - 1) / stride + 1));
  }
  return RankedTensorType::get(shape, input.getElementType());
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ShapeError err;
  if (adaptor.getOperands().size() != 1 || !adaptor.getStartsAttr() ||
      !adaptor.getLimitsAttr() || !adaptor.getStepsAttr())
    return emitOptionalError(loc, "'npg.slice' op expects one operand and "
                                  "'starts', 'limits', 'steps'");
  FailureOr<RankedTensorType> input =
      staticTensor(adaptor.getInput().getType(), "operand", err);
  FailureOr<RankedTensorType> result =
      failed(input) ? FailureOr<RankedTensorType>(failure())
                    : inferSlice(*input, adaptor.getStarts(),
                                 adaptor.getLimits(), adaptor.getSteps(), err);
  if (failed(result))
    return reportInference(loc, getOperationName(), err);
  types.push_back(*result);
  return success();
}

LogicalResult SliceOp::verifyShapes() {
  ShapeError err;
  return checkResultType(*this, getType(),
                         inferSlice(getInput().getType(), getStarts(),
                                    getLimits(), getSteps(), err),
                         err);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult splat = resplat(adaptor.getInput(), getType()))
    return splat;
  // Same type and step 1 wherever there is more than one element: every
  // element, in order (starts are then 0).
  if (getInput().getType() != getType())
    return {};
  ArrayRef<int64_t> shape = getType().getShape(), steps = getSteps();
  if (steps.size() != shape.size())
    return {};
  for (auto [n, step] : llvm::zip_equal(shape, steps))
    if (n > 1 && step != 1)
      return {};
  return getInput();
}

//===----------------------------------------------------------------------===//
// InsertSliceOp
//===----------------------------------------------------------------------===//

LogicalResult InsertSliceOp::verifyShapes() {
  RankedTensorType source = getSource().getType();
  RankedTensorType dest = getDest().getType();
  ShapeError err;
  FailureOr<RankedTensorType> slice =
      inferSlice(dest, getStarts(), getLimits(), getSteps(), err);
  if (failed(slice))
    return reportVerifier(*this, err);
  if (source != *slice)
    return opError(*this, "source type ", source,
                   " differs from the slice type ", *slice, " of dest ", dest);
  return success();
}

OpFoldResult InsertSliceOp::fold(FoldAdaptor) {
  // Every element of dest in order (same rule as SliceOp's fold).
  if (getSource().getType() != getType())
    return {};
  ArrayRef<int64_t> shape = getType().getShape(), steps = getSteps();
  if (steps.size() != shape.size())
    return {};
  for (auto [n, step] : llvm::zip_equal(shape, steps))
    if (n > 1 && step != 1)
      return {};
  return getSource();
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

/// `%a, %b, axis = 0`: the operand list, then the axis.
static ParseResult
parseConcatInputs(OpAsmParser &parser,
                  SmallVectorImpl<OpAsmParser::UnresolvedOperand> &inputs,
                  IntegerAttr &axis) {
  while (failed(parser.parseOptionalKeyword("axis"))) {
    if (parser.parseOperand(inputs.emplace_back()) || parser.parseComma())
      return failure();
  }
  int64_t value = 0;
  if (parser.parseEqual() || parser.parseInteger(value))
    return failure();
  axis = parser.getBuilder().getI64IntegerAttr(value);
  return success();
}

static void printConcatInputs(OpAsmPrinter &printer, Operation *,
                              OperandRange inputs, IntegerAttr axis) {
  for (Value input : inputs)
    printer << input << ", ";
  printer << "axis = ";
  if (axis)
    printer << axis.getValue().getSExtValue();
}

static FailureOr<RankedTensorType>
inferConcat(ArrayRef<RankedTensorType> inputs, int64_t axis, ShapeError &err) {
  if (inputs.empty())
    return err.fail("requires at least one operand");
  RankedTensorType first = inputs.front();
  int64_t rank = first.getRank();
  if (axis < 0 || axis >= rank)
    return err.fail("axis ", axis, " is out of range for operand #0 ", first,
                    " of rank ", rank);
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, input] : llvm::enumerate(inputs.drop_front())) {
    size_t index = i + 1;
    if (input.getElementType() != first.getElementType())
      return err.fail("operand #", index, " ", input,
                      " differs in element type from operand #0 ", first);
    if (input.getRank() != rank)
      return err.fail("operand #", index, " ", input,
                      " differs in rank from operand #0 ", first);
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis)
        continue;
      if (input.getDimSize(d) != first.getDimSize(d))
        return err.fail("operand #", index, " ", input,
                        " differs from operand #0 ", first, " in dimension ", d,
                        " (only axis ", axis, " may differ)");
    }
    if (llvm::AddOverflow(shape[axis], input.getDimSize(axis), shape[axis]))
      return err.fail("concatenated size along axis ", axis, " overflows");
  }
  return RankedTensorType::get(shape, first.getElementType());
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeError err;
  if (!adaptor.getAxisAttr())
    return emitOptionalError(loc, "'npg.concat' op expects 'axis'");
  SmallVector<RankedTensorType> inputs;
  for (auto [i, value] : llvm::enumerate(adaptor.getInputs())) {
    std::string what = "operand #" + std::to_string(i);
    FailureOr<RankedTensorType> input =
        staticTensor(value.getType(), what, err);
    if (failed(input))
      return reportInference(loc, getOperationName(), err);
    inputs.push_back(*input);
  }
  FailureOr<RankedTensorType> result =
      inferConcat(inputs, adaptor.getAxisAttr().getValue().getSExtValue(), err);
  if (failed(result))
    return reportInference(loc, getOperationName(), err);
  types.push_back(*result);
  return success();
}

LogicalResult ConcatOp::verifyShapes() {
  SmallVector<RankedTensorType> inputs;
  for (Value input : getInputs())
    inputs.push_back(cast<RankedTensorType>(input.getType()));
  ShapeError err;
  return checkResultType(
      *this, getType(),
      inferConcat(inputs, getAxisAttr().getValue().getSExtValue(), err), err);
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return sameTypeOr(getInputs().front(), getType());
  return {};
}

//===----------------------------------------------------------------------===//
// GatherOp, ScatterAddOp
//===----------------------------------------------------------------------===//

/// input.shape[:axis] + indices.shape + input.shape[axis+1:].
static FailureOr<RankedTensorType> inferGather(RankedTensorType input,
                                               RankedTensorType indices,
                                               int64_t axis, ShapeError &err) {
  int64_t rank = input.getRank();
  if (rank == 0)
    return err.fail("operand ", input, " is 0-d: it has no axis to index");
  if (axis < 0 || axis >= rank)
    return err.fail("axis ", axis, " is out of range for operand ", input,
                    " of rank ", rank);
  Type index = indices.getElementType();
  if (!index.isSignlessInteger(32) && !index.isSignlessInteger(64))
    return err.fail("indices ", indices, " must have element type i32 or i64");
  ArrayRef<int64_t> shape = input.getShape();
  SmallVector<int64_t> result(shape.begin(), shape.begin() + axis);
  llvm::append_range(result, indices.getShape());
  result.append(shape.begin() + axis + 1, shape.end());
  return RankedTensorType::get(result, input.getElementType());
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeError err;
  if (adaptor.getOperands().size() != 2 || !adaptor.getAxisAttr())
    return emitOptionalError(loc,
                             "'npg.gather' op expects two operands and 'axis'");
  FailureOr<RankedTensorType> input =
      staticTensor(adaptor.getInput().getType(), "operand", err);
  FailureOr<RankedTensorType> indices =
      failed(input)
          ? FailureOr<RankedTensorType>(failure())
          : staticTensor(adaptor.getIndices().getType(), "indices", err);
  FailureOr<RankedTensorType> result =
      failed(indices)
          ? FailureOr<RankedTensorType>(failure())
          : inferGather(*input, *indices,
                        adaptor.getAxisAttr().getValue().getSExtValue(), err);
  if (failed(result))
    return reportInference(loc, getOperationName(), err);
  types.push_back(*result);
  return success();
}

LogicalResult GatherOp::verifyShapes() {
  ShapeError err;
  return checkResultType(
      *this, getType(),
      inferGather(getInput().getType(), getIndices().getType(),
                  getAxisAttr().getValue().getSExtValue(), err),
      err);
}

LogicalResult ScatterAddOp::verifyShapes() {
  RankedTensorType dest = getDest().getType();
  RankedTensorType indices = getIndices().getType();
  ShapeError err;
  FailureOr<RankedTensorType> gathered =
      inferGather(dest, indices, getAxisAttr().getValue().getSExtValue(), err);
  if (failed(gathered))
    return reportVerifier(*this, err);
  if (getUpdates().getType() != *gathered)
    return opError(*this, "updates type ", getUpdates().getType(),
                   " differs from the type ", *gathered, " that dest ", dest,
                   " gathered at indices ", indices, " along axis ",
                   getAxisAttr().getValue().getSExtValue(), " has");
  return success();
}

#define GET_OP_CLASSES
#include "npg/IR/NpgOps.cpp.inc"

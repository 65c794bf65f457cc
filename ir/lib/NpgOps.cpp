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

#include "npg/IR/ElementTypes.h"
#include "npg/rules/ShapeRules.h"

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

/// An operand as the shared shape rules name it: "lhs tensor<2x3xf32>".
static ::npg::rules::Arg arg(StringRef role, Type type) {
  std::string name;
  llvm::raw_string_ostream os(name);
  os << role << ' ' << type;
  return {shapeOf(type), name};
}

/// A shared shape rule's answer as a tensor type of `element`.
static FailureOr<RankedTensorType> fromRule(const ::npg::rules::Inferred &rule,
                                            Type element, ShapeError &err) {
  if (!rule.ok())
    return err.fail(rule.error);
  return RankedTensorType::get(rule.shape, element);
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
  if (input.getElementType() != result.getElementType())
    return opError(*this, "element type changes from ", input, " to ", result);
  ShapeError err;
  if (failed(fromRule(::npg::rules::broadcast_in_dim(arg("operand", input),
                                                     arg("result", result),
                                                     getDimensions()),
                      result.getElementType(), err)))
    return reportVerifier(*this, err);
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
  return fromRule(::npg::rules::reduce(arg("operand", input), axes, keepdims),
                  input.getElementType(), err);
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
NPG_REDUCE_OP(ReduceProdOp)
NPG_REDUCE_OP(ReduceMeanOp)
NPG_REDUCE_OP(LogSumExpOp)

#undef NPG_REDUCE_OP

//===----------------------------------------------------------------------===//
// LinearScanOp
//===----------------------------------------------------------------------===//

LogicalResult LinearScanOp::verifyShapes() {
  RankedTensorType type = getType();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= type.getRank())
    return opError(*this, "axis ", axis, " is out of range for ", type,
                   " of rank ", type.getRank());
  if (type.getElementType().isInteger(1))
    return opError(*this, "cannot scan ", type,
                   ": bools have no products or sums");
  return success();
}

//===----------------------------------------------------------------------===//
// ArgMaxOp, ArgMinOp
//===----------------------------------------------------------------------===//

static FailureOr<RankedTensorType> inferArgReduce(RankedTensorType input,
                                                  int64_t axis, bool keepdims,
                                                  ShapeError &err) {
  return fromRule(
      ::npg::rules::arg_reduce(arg("operand", input), axis, keepdims),
      IntegerType::get(input.getContext(), 64), err);
}

template <typename ArgReduceOp>
static LogicalResult
inferArgReduceReturnTypes(std::optional<Location> loc,
                          typename ArgReduceOp::Adaptor adaptor,
                          SmallVectorImpl<Type> &types) {
  ShapeError err;
  if (adaptor.getOperands().size() != 1 || !adaptor.getAxisAttr())
    return emitOptionalError(loc, "'", ArgReduceOp::getOperationName(),
                             "' op expects one operand and 'axis'");
  FailureOr<RankedTensorType> input =
      staticTensor(adaptor.getInput().getType(), "operand", err);
  BoolAttr keepdims = adaptor.getKeepdimsAttr();
  FailureOr<RankedTensorType> result =
      failed(input) ? FailureOr<RankedTensorType>(failure())
                    : inferArgReduce(*input, adaptor.getAxis(),
                                     keepdims && keepdims.getValue(), err);
  if (failed(result))
    return reportInference(loc, ArgReduceOp::getOperationName(), err);
  types.push_back(*result);
  return success();
}

#define NPG_ARG_REDUCE_OP(Op)                                                  \
  LogicalResult Op::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &types) {                                          \
    return inferArgReduceReturnTypes<Op>(loc, adaptor, types);                 \
  }                                                                            \
  LogicalResult Op::verifyShapes() {                                           \
    ShapeError err;                                                            \
    return checkResultType(                                                    \
        *this, getType(),                                                      \
        inferArgReduce(getInput().getType(), getAxis(), getKeepdims(), err),   \
        err);                                                                  \
  }

NPG_ARG_REDUCE_OP(ArgMaxOp)
NPG_ARG_REDUCE_OP(ArgMinOp)

#undef NPG_ARG_REDUCE_OP

//===----------------------------------------------------------------------===//
// VarOp, StdOp
//===----------------------------------------------------------------------===//

// Their shape rule is a reduction's; ddof does not change it.
#define NPG_VARIANCE_OP(Op)                                                    \
  LogicalResult Op::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &types) {                                          \
    return inferReduceReturnTypes<Op>(loc, adaptor, types);                    \
  }                                                                            \
  LogicalResult Op::verifyShapes() { return verifyReduce(*this); }

NPG_VARIANCE_OP(VarOp)
NPG_VARIANCE_OP(StdOp)

#undef NPG_VARIANCE_OP

//===----------------------------------------------------------------------===//
// SoftmaxOp, LogSoftmaxOp
//===----------------------------------------------------------------------===//

template <typename SoftmaxLikeOp>
static LogicalResult verifySoftmaxLike(SoftmaxLikeOp op) {
  RankedTensorType type = op.getInput().getType();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0 || axis >= type.getRank())
    return opError(op, "axis ", axis, " is out of range for operand ", type,
                   " of rank ", type.getRank());
  return success();
}

LogicalResult SoftmaxOp::verifyShapes() { return verifySoftmaxLike(*this); }
LogicalResult LogSoftmaxOp::verifyShapes() { return verifySoftmaxLike(*this); }

//===----------------------------------------------------------------------===//
// ClipOp
//===----------------------------------------------------------------------===//

LogicalResult ClipOp::verify() {
  if (!getLo() && !getHi())
    return emitOpError("needs at least one of the bounds 'lo' and 'hi'");
  if (getType().getElementType().isInteger(1))
    return opError(*this, "cannot clip ", getType(),
                   ": bools have no order "
                   "to clip to");
  return success();
}

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
  ShapeError err;
  if (failed(fromRule(
          ::npg::rules::reshape(arg("operand", input), arg("result", result)),
          result.getElementType(), err)))
    return reportVerifier(*this, err);
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
  return fromRule(::npg::rules::transpose(arg("operand", input), perm),
                  input.getElementType(), err);
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
  return fromRule(::npg::rules::matmul(arg("lhs", lhs), arg("rhs", rhs)),
                  lhs.getElementType(), err);
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
  return fromRule(
      ::npg::rules::slice(arg("operand", input), starts, limits, steps),
      input.getElementType(), err);
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
  std::vector<::npg::rules::Arg> args;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    if (input.getElementType() != inputs.front().getElementType())
      return err.fail("operand #", i, " ", input,
                      " differs in element type from operand #0 ",
                      inputs.front());
    args.push_back(arg("operand #" + std::to_string(i), input));
  }
  return fromRule(::npg::rules::concat(args, axis),
                  inputs.front().getElementType(), err);
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
  Type index = indices.getElementType();
  if (input.getRank() > 0 && axis >= 0 && axis < input.getRank() &&
      !index.isSignlessInteger(32) && !index.isSignlessInteger(64))
    return err.fail("indices ", indices, " must have element type i32 or i64");
  return fromRule(::npg::rules::gather(arg("operand", input),
                                       arg("indices", indices), axis),
                  input.getElementType(), err);
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

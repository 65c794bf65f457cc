// numpy's matmul (`@`): 1-D operands are promoted to matrices and the added
// axis removed again, batch axes broadcast; float products go to BLAS.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include "npg/rules/ShapeRules.h"

#include "npg/runtime/Blas.h"

namespace npg {

namespace {

/// How one matrix operand is handed to gemm without copying, if possible.
struct MatrixLayout {
  bool transposed;
  std::int64_t ld;
};

std::optional<MatrixLayout> blas_layout(std::int64_t rows, std::int64_t cols,
                                        std::int64_t row_stride,
                                        std::int64_t col_stride) {
  if (col_stride == 1 && row_stride >= std::max<std::int64_t>(cols, 1))
    return MatrixLayout{false, row_stride};
  if (row_stride == 1 && col_stride >= std::max<std::int64_t>(rows, 1))
    return MatrixLayout{true, col_stride};
  if (rows == 1 && col_stride == 1) // a single row: any row stride will do
    return MatrixLayout{false, std::max<std::int64_t>(cols, 1)};
  return std::nullopt;
}

/// out(batch..., n, m) = a(batch..., n, k) @ b(batch..., k, m) with a and b
/// already at least 2-D and of dtype T.
template <class T>
void batched_gemm(const Array &a0, const Array &b0, Array &out) {
  const std::int64_t nd = out.ndim();
  const std::int64_t n = out.shape()[nd - 2], m = out.shape()[nd - 1];
  const std::int64_t k = a0.shape()[a0.ndim() - 1];
  auto usable = [](const Array &x) {
    const std::int64_t d = x.ndim();
    return blas_layout(x.shape()[d - 2], x.shape()[d - 1], x.strides()[d - 2],
                       x.strides()[d - 1]);
  };
  const Array a = usable(a0) ? a0 : detail::copy_data(a0);
  const Array b = usable(b0) ? b0 : detail::copy_data(b0);
  const MatrixLayout la = *usable(a), lb = *usable(b);

  const Shape batch(out.shape().begin(), out.shape().end() - 2);
  auto batch_strides = [&](const Array &x) {
    const Shape xs(x.shape().begin(), x.shape().end() - 2);
    const Strides xst(x.strides().begin(), x.strides().end() - 2);
    return broadcast_strides(xs, xst, batch);
  };
  const Strides sa = batch_strides(a), sb = batch_strides(b);
  const T *pa = static_cast<const T *>(a.raw_data());
  const T *pb = static_cast<const T *>(b.raw_data());
  T *po = static_cast<T *>(out.raw_data());
  const std::int64_t batches = numel(batch);
  for (std::int64_t i = 0; i < batches; ++i) {
    std::int64_t oa = 0, ob = 0, rest = i;
    for (std::int64_t d = static_cast<std::int64_t>(batch.size()) - 1; d >= 0;
         --d) {
      const std::int64_t idx = rest % batch[d];
      rest /= batch[d];
      oa += idx * sa[d];
      ob += idx * sb[d];
    }
    if (k == 0) {
      std::fill(po + i * n * m, po + (i + 1) * n * m, T(0));
      continue;
    }
    blas::gemm<T>(la.transposed, lb.transposed, n, m, k, pa + oa, la.ld,
                  pb + ob, lb.ld, po + i * n * m, m);
  }
}

} // namespace

Array matmul(const Array &a, const Array &b, Loc loc) {
  tracing::OpScope op(loc);
  const rules::Inferred shape = rules::matmul(
      {a.shape(), "operand 0 of shape " + format_shape(a.shape())},
      {b.shape(), "operand 1 of shape " + format_shape(b.shape())});
  if (!shape.ok())
    fail("matmul: ", shape.error);
  const Shape &result = shape.shape;
  // 1-D operands become (1,k) and (k,1); those axes are dropped at the end.
  const Array a2 = a.ndim() == 1 ? a.detach().unsqueeze(0) : a.detach();
  const Array b2 = b.ndim() == 1 ? b.detach().unsqueeze(1) : b.detach();
  Shape full(result.begin(), result.end() - (a.ndim() > 1) - (b.ndim() > 1));
  full.push_back(a2.shape()[a2.ndim() - 2]);
  full.push_back(b2.shape()[b2.ndim() - 1]);

  const DType dtype = promote_types(a.dtype(), b.dtype());
  const DType compute = dtype == bool_ ? int64 : dtype;
  Array out = detail::empty(full, compute);
  visit(compute, [&]<class T>(std::type_identity<T>) {
    if constexpr (std::is_same_v<T, bool>)
      return; // never: bool computes as int64
    else
      batched_gemm<T>(a2.dtype() == compute ? a2 : a2.astype(compute),
                      b2.dtype() == compute ? b2 : b2.astype(compute), out);
  });
  if (compute != dtype)
    out = out.astype(dtype);

  out = out.reshape(result);
  if (tracing::Recorder *rec = op.recorder()) {
    const int product = rec->emit(ops::OpKind::Matmul,
                                  {rec->operand(a, a.shape(), compute, loc),
                                   rec->operand(b, b.shape(), compute, loc)},
                                  {result, compute}, {}, loc);
    rec->bind(out, rec->coerce(product, tracing::type_of(out), loc));
  }

  if (detail::needs_grad(a, b))
    detail::attach_rule<ops::OpKind::Matmul>(out, "MatMul", {a, b}, {});
  return out;
}

} // namespace npg

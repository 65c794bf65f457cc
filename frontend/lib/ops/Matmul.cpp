// numpy's matmul (`@`): 1-D operands are promoted to matrices and the added
// axis removed again, batch axes broadcast; float products go to BLAS.
#include "Internal.h"
#include "Tracing.h"

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

/// Whether numpy's broadcasting joins shapes a and b.
bool broadcastable(const Shape &a, const Shape &b) {
  for (std::size_t i = 1; i <= std::min(a.size(), b.size()); ++i) {
    const std::int64_t da = a[a.size() - i], db = b[b.size() - i];
    if (da != db && da != 1 && db != 1)
      return false;
  }
  return true;
}

} // namespace

Array matmul(const Array &a, const Array &b, Loc loc) {
  tracing::OpScope op(loc);
  for (const Array *x : {&a, &b})
    if (x->ndim() == 0)
      fail("matmul: operand ", x == &a ? 0 : 1,
           " is 0-d (shape ()); matmul needs at least 1 dimension");
  // 1-D operands become (1,k) and (k,1); those axes are dropped at the end.
  const Array a2 = a.ndim() == 1 ? a.detach().unsqueeze(0) : a.detach();
  const Array b2 = b.ndim() == 1 ? b.detach().unsqueeze(1) : b.detach();
  const std::int64_t k = a2.shape()[a2.ndim() - 1];
  if (b2.shape()[b2.ndim() - 2] != k)
    fail("matmul: shapes ", format_shape(a.shape()), " and ",
         format_shape(b.shape()), " are not aligned: ", k,
         " (last dim of the first) != ", b2.shape()[b2.ndim() - 2], " (",
         b.ndim() == 1 ? "only" : "second-to-last", " dim of the second)");
  const Shape batch_a(a2.shape().begin(), a2.shape().end() - 2);
  const Shape batch_b(b2.shape().begin(), b2.shape().end() - 2);
  if (!broadcastable(batch_a, batch_b)) {
    // numpy's words: each operand's batch axes, its matrix axes "newaxis".
    auto remapped = [](const Array &x, const Shape &batch) {
      std::string s = format_shape(x.shape()) + "->(";
      for (const std::int64_t d : batch)
        s += std::to_string(d) + ",";
      return s + "newaxis,newaxis)";
    };
    fail("matmul: operands could not be broadcast together with remapped "
         "shapes [original->remapped]: ",
         remapped(a, batch_a), " ", remapped(b, batch_b),
         " and requested shape (", a2.shape()[a2.ndim() - 2], ",",
         b2.shape()[b2.ndim() - 1], ")");
  }
  Shape batch = broadcast_shapes(batch_a, batch_b);
  Shape full = batch;
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

  Shape result = batch;
  if (a.ndim() > 1)
    result.push_back(full[full.size() - 2]);
  if (b.ndim() > 1)
    result.push_back(full.back());
  out = out.reshape(result);
  if (tracing::Recorder *rec = op.recorder()) {
    const int product = rec->emit("npg.matmul",
                                  {rec->operand(a, a.shape(), compute, loc),
                                   rec->operand(b, b.shape(), compute, loc)},
                                  {result, compute}, {}, loc);
    rec->bind(out, rec->coerce(product, tracing::type_of(out), loc));
  }

  if (detail::needs_grad(a, b))
    detail::attach(out, "MatMul", {a, b}, {a, b},
                   [full](const Array &g, const BackwardContext &c) -> Grads {
                     const Array &x = c.saved[0], &y = c.saved[1];
                     const Array x2 = x.ndim() == 1 ? x.unsqueeze(0) : x;
                     const Array y2 = y.ndim() == 1 ? y.unsqueeze(1) : y;
                     const Array g2 = g.reshape(full);
                     Array gx, gy;
                     if (c.needs(0))
                       gx =
                           detail::sum_to(npg::matmul(g2, swapaxes(y2, -1, -2)),
                                          x2.shape())
                               .reshape(x.shape());
                     if (c.needs(1))
                       gy =
                           detail::sum_to(npg::matmul(swapaxes(x2, -1, -2), g2),
                                          y2.shape())
                               .reshape(y.shape());
                     return {gx, gy};
                   });
  return out;
}

} // namespace npg

// 2-D convolution (PyTorch's conv2d, a cross-correlation): each image is
// unfolded into a column matrix (im2col) so that its convolution is one BLAS
// matrix product with the weight; the backward pass is two more products and
// the fold back (col2im). In a trace it is the same im2col written with npg
// ops (conv2d_by_ops), so compiled code takes its gradient from their rules.
#include "Internal.h"
#include "compile/Tracing.h"

#include "npg/runtime/Blas.h"

#include <algorithm>
#include <vector>

namespace npg {

namespace {

/// The sizes of one conv2d call.
struct Geometry {
  std::int64_t n, c, h, w;     // input (N, C, H, W)
  std::int64_t o, kh, kw;      // weight (O, C, kH, kW)
  std::int64_t sh, sw, ph, pw; // stride, padding
  std::int64_t oh, ow;         // output (N, O, oh, ow)
  /// Rows of an image's column matrix: one per weight element of a filter.
  std::int64_t k() const { return c * kh * kw; }
  /// Its columns: one per output pixel.
  std::int64_t l() const { return oh * ow; }
};

/// The column matrix (K, L) of one image x (C, H, W): row (c, i, j), column
/// (y, x) holds x[c, y*sh - ph + i, x*sw - pw + j], or 0 in the padding.
template <class T> void im2col(const T *x, const Geometry &g, T *cols) {
  for (std::int64_t c = 0; c < g.c; ++c)
    for (std::int64_t i = 0; i < g.kh; ++i)
      for (std::int64_t j = 0; j < g.kw; ++j) {
        T *row = cols + ((c * g.kh + i) * g.kw + j) * g.l();
        for (std::int64_t y = 0; y < g.oh; ++y) {
          T *dst = row + y * g.ow;
          const std::int64_t iy = y * g.sh - g.ph + i;
          if (iy < 0 || iy >= g.h) {
            std::fill(dst, dst + g.ow, T(0));
            continue;
          }
          const T *src = x + (c * g.h + iy) * g.w;
          for (std::int64_t ox = 0; ox < g.ow; ++ox) {
            const std::int64_t ix = ox * g.sw - g.pw + j;
            dst[ox] = ix >= 0 && ix < g.w ? src[ix] : T(0);
          }
        }
      }
}

/// The adjoint of im2col: adds every entry of cols to the pixel of x it was
/// read from (padding entries are dropped).
template <class T> void col2im(const T *cols, const Geometry &g, T *x) {
  for (std::int64_t c = 0; c < g.c; ++c)
    for (std::int64_t i = 0; i < g.kh; ++i)
      for (std::int64_t j = 0; j < g.kw; ++j) {
        const T *row = cols + ((c * g.kh + i) * g.kw + j) * g.l();
        for (std::int64_t y = 0; y < g.oh; ++y) {
          const std::int64_t iy = y * g.sh - g.ph + i;
          if (iy < 0 || iy >= g.h)
            continue;
          const T *src = row + y * g.ow;
          T *dst = x + (c * g.h + iy) * g.w;
          for (std::int64_t ox = 0; ox < g.ow; ++ox) {
            const std::int64_t ix = ox * g.sw - g.pw + j;
            if (ix >= 0 && ix < g.w)
              dst[ix] += src[ox];
          }
        }
      }
}

/// gemm that also takes empty products (BLAS rejects zero sizes): with k = 0
/// the product is zeros.
template <class T>
void product(bool ta, bool tb, std::int64_t m, std::int64_t n, std::int64_t k,
             const T *a, std::int64_t lda, const T *b, std::int64_t ldb, T *c,
             std::int64_t ldc) {
  if (m == 0 || n == 0)
    return;
  if (k == 0) {
    for (std::int64_t r = 0; r < m; ++r)
      std::fill(c + r * ldc, c + r * ldc + n, T(0));
    return;
  }
  blas::gemm<T>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
}

/// f(std::type_identity<T>{}) for a float dtype's T.
template <class F> decltype(auto) visit_float(DType d, F &&f) {
  return d == float32 ? f(std::type_identity<float>{})
                      : f(std::type_identity<double>{});
}

/// x in dtype `d`, contiguous, outside the graph (copied only if needed).
Array prepared(const Array &x, DType d) {
  Array c = x.detach();
  if (c.dtype() != d)
    c = c.astype(d);
  return c.is_contiguous() ? c : detail::copy_data(c);
}

/// out (N, O, L) = weight (O, K) @ cols(x[n]) (K, L) + bias, image by image.
template <class T>
void forward(const Array &x, const Array &w, const Array &b, const Geometry &g,
             Array &out) {
  const T *px = static_cast<const T *>(x.raw_data());
  const T *pw = static_cast<const T *>(w.raw_data());
  T *po = static_cast<T *>(out.raw_data());
  const std::int64_t K = g.k(), L = g.l();
  std::vector<T> cols(static_cast<std::size_t>(K * L));
  for (std::int64_t n = 0; n < g.n; ++n) {
    im2col(px + n * g.c * g.h * g.w, g, cols.data());
    T *on = po + n * g.o * L;
    product<T>(false, false, g.o, L, K, pw, K, cols.data(), L, on, L);
    if (b.defined()) {
      const T *pb = static_cast<const T *>(b.raw_data());
      for (std::int64_t o = 0; o < g.o; ++o)
        for (std::int64_t l = 0; l < L; ++l)
          on[o * L + l] += pb[o];
    }
  }
}

/// The gradients of input, weight and bias from the output's gradient gy
/// (N, O, L): dW = sum_n gy[n] @ cols(x[n])^T, dx[n] = col2im(W^T @ gy[n]),
/// db = gy summed over n and L. Only those asked for are computed.
template <class T>
Grads backward(const Array &gy, const Array &x, const Array &w,
               const Geometry &g, bool want_x, bool want_w, bool want_b) {
  const T *pg = static_cast<const T *>(gy.raw_data());
  const T *px = static_cast<const T *>(x.raw_data());
  const T *pw = static_cast<const T *>(w.raw_data());
  const std::int64_t K = g.k(), L = g.l();
  const DType d = dtype_of<T>();
  Array gx, gw, gb;
  std::vector<T> cols(static_cast<std::size_t>(K * L));
  std::vector<T> step(static_cast<std::size_t>(g.o * K));
  T *dx = nullptr, *dw = nullptr;
  if (want_x) {
    gx = zeros({g.n, g.c, g.h, g.w}, d);
    dx = static_cast<T *>(gx.raw_data());
  }
  if (want_w) {
    gw = zeros({g.o, g.c, g.kh, g.kw}, d);
    dw = static_cast<T *>(gw.raw_data());
  }
  for (std::int64_t n = 0; n < g.n; ++n) {
    const T *gn = pg + n * g.o * L;
    if (want_w) {
      im2col(px + n * g.c * g.h * g.w, g, cols.data());
      product<T>(false, true, g.o, K, L, gn, L, cols.data(), L, step.data(), K);
      for (std::int64_t i = 0; i < g.o * K; ++i)
        dw[i] += step[i];
    }
    if (want_x) {
      product<T>(true, false, K, L, g.o, pw, K, gn, L, cols.data(), L);
      col2im(cols.data(), g, dx + n * g.c * g.h * g.w);
    }
  }
  if (want_b) {
    gb = zeros({g.o}, d);
    T *db = static_cast<T *>(gb.raw_data());
    for (std::int64_t n = 0; n < g.n; ++n)
      for (std::int64_t o = 0; o < g.o; ++o) {
        const T *row = pg + (n * g.o + o) * L;
        for (std::int64_t l = 0; l < L; ++l)
          db[o] += row[l];
      }
  }
  return {gx, gw, gb};
}

/// The geometry of a call, or npg::Error naming what does not fit.
Geometry geometry(const Array &x, const Array &w, const Array &b, Size2 stride,
                  Size2 padding) {
  if (x.ndim() != 4)
    fail("conv2d: expected a 3-D (unbatched) or 4-D (batched) input, but got "
         "input of shape ",
         format_shape(x.shape()));
  if (w.ndim() != 4)
    fail("conv2d: expected a 4-D weight (out_channels, in_channels, kH, kW), "
         "but got weight of shape ",
         format_shape(w.shape()));
  if (stride.h <= 0 || stride.w <= 0)
    fail("conv2d: non-positive stride is not supported, got stride (", stride.h,
         ", ", stride.w, ")");
  if (padding.h < 0 || padding.w < 0)
    fail("conv2d: negative padding is not supported, got padding (", padding.h,
         ", ", padding.w, ")");
  Geometry g{};
  g.n = x.shape()[0];
  g.c = x.shape()[1];
  g.h = x.shape()[2];
  g.w = x.shape()[3];
  g.o = w.shape()[0];
  g.kh = w.shape()[2];
  g.kw = w.shape()[3];
  g.sh = stride.h;
  g.sw = stride.w;
  g.ph = padding.h;
  g.pw = padding.w;
  if (w.shape()[1] != g.c)
    fail("conv2d: weight of shape ", format_shape(w.shape()),
         " expects input of shape ", format_shape(x.shape()), " to have ",
         w.shape()[1], " channels, but it has ", g.c, " channels");
  if (b.defined() && (b.ndim() != 1 || b.shape()[0] != g.o))
    fail("conv2d: bias must have shape (", g.o,
         ",) (one per output channel of weight ", format_shape(w.shape()),
         "), but has shape ", format_shape(b.shape()));
  const std::int64_t ph = g.h + 2 * g.ph, pw = g.w + 2 * g.pw;
  if (g.kh > ph || g.kw > pw)
    fail("conv2d: calculated padded input size per channel: (", ph, " x ", pw,
         "). Kernel size: (", g.kh, " x ", g.kw,
         "). Kernel size can't be greater than actual input size (input ",
         format_shape(x.shape()), ", weight ", format_shape(w.shape()),
         ", padding (", g.ph, ", ", g.pw, "))");
  g.oh = (ph - g.kh) / g.sh + 1;
  g.ow = (pw - g.kw) / g.sw + 1;
  return g;
}

/// conv2d as im2col written with npg ops, for traces: each op records
/// itself and attaches its rule, so a compiled conv2d is dialect ops with no
/// loop per image, whose gradient (backward() inside the trace included) is
/// those rules'. x, channels first (C, N, H, W), zero-padded; one strided
/// window per kernel offset (i, j), concatenated into the columns
/// (C*kH*kW, N*L) of every image at once; so the forward product and both
/// gradient products are single 2-D matmuls, BLAS gemms (a broadcast matmul
/// per image made the weight's gradient a sum of per-image products, which
/// did not reach BLAS: 8x slower than eager).
Array conv2d_by_ops(const Array &input, const Array &weight, const Array &bias,
                    const Geometry &g, const Loc &loc) {
  // No astype (it has no gradient): matmul and add promote mixed dtypes.
  Array x = input.reshape({g.n, g.c, g.h, g.w}, loc).permute({1, 0, 2, 3}, loc);
  const DType dtype = x.dtype();
  if (g.ph != 0) {
    const Array rows = zeros({g.c, g.n, g.ph, g.w}, {dtype});
    x = concatenate({rows, x, rows}, 2, loc);
  }
  if (g.pw != 0) {
    const Array cols = zeros({g.c, g.n, g.h + 2 * g.ph, g.pw}, {dtype});
    x = concatenate({cols, x, cols}, 3, loc);
  }
  // The columns along W first, shared by every kernel row: kW + kH*kW
  // slices (and as many slice gradients) instead of 2*kH*kW.
  std::vector<Array> columns;
  for (std::int64_t j = 0; j < g.kw; ++j)
    columns.push_back(x.slice(3, j, j + (g.ow - 1) * g.sw + 1, g.sw, loc));
  std::vector<Array> windows;
  for (std::int64_t i = 0; i < g.kh; ++i)
    for (std::int64_t j = 0; j < g.kw; ++j)
      windows.push_back(columns[static_cast<std::size_t>(j)]
                            .slice(2, i, i + (g.oh - 1) * g.sh + 1, g.sh, loc)
                            .reshape({g.c, 1, g.n * g.l()}, loc));
  const Array cols =
      concatenate(windows, 1, loc).reshape({g.k(), g.n * g.l()}, loc);
  Array y = matmul(weight.reshape({g.o, g.k()}, loc), cols, loc)
                .reshape({g.o, g.n, g.oh, g.ow}, loc)
                .permute({1, 0, 2, 3}, loc);
  if (bias.defined())
    y = add(y, bias.reshape({g.o, 1, 1}, loc), loc);
  return input.ndim() == 3 ? y.reshape({g.o, g.oh, g.ow}, loc) : y;
}

} // namespace

Array conv2d(const Array &input, const Array &weight,
             const std::optional<Array> &bias, Size2 stride, Size2 padding,
             Loc loc) {
  const Array b = bias ? *bias : Array();
  const bool unbatched = input.ndim() == 3;
  Geometry g;
  DType dtype;
  {
    const tracing::OpScope checks(loc); // records nothing
    g = geometry(unbatched ? input.detach().unsqueeze(0) : input.detach(),
                 weight, b, stride, padding);
    dtype = promote_types(input.dtype(), weight.dtype());
    if (b.defined())
      dtype = promote_types(dtype, b.dtype());
    if (!is_floating(dtype))
      fail("conv2d: needs floating arrays, got input ", input.dtype(),
           ", weight ", weight.dtype(),
           b.defined() ? std::string(", bias ") + std::string(name(b.dtype()))
                       : std::string());
  }
  if (tracing::user_level())
    return conv2d_by_ops(input, weight, b, g, loc);

  tracing::OpScope op(loc);
  const Array x = unbatched ? input.detach().unsqueeze(0) : input.detach();
  Array out = detail::empty({g.n, g.o, g.oh, g.ow}, dtype);
  visit_float(dtype, [&]<class T>(std::type_identity<T>) {
    forward<T>(prepared(x, dtype), prepared(weight, dtype),
               b.defined() ? prepared(b, dtype) : Array(), g, out);
  });
  if (unbatched)
    out = out.reshape({g.o, g.oh, g.ow});

  std::vector<Array> parents = {input, weight};
  if (b.defined())
    parents.push_back(b);
  const bool grads = b.defined() ? detail::needs_grad(input, weight, b)
                                 : detail::needs_grad(input, weight);
  if (grads)
    detail::attach(
        out, "Conv2d", parents, {input, weight},
        [g, dtype](const Array &gy, const BackwardContext &c) -> Grads {
          const Shape full = {g.n, g.o, g.oh, g.ow};
          const Array x4 =
              prepared(c.saved[0], dtype).reshape({g.n, g.c, g.h, g.w});
          const Array gy4 = prepared(gy, dtype).reshape(full);
          const bool want_b = c.parents.size() == 3 && c.needs(2);
          Grads r = visit_float(dtype, [&]<class T>(std::type_identity<T>) {
            return backward<T>(gy4, x4, prepared(c.saved[1], dtype), g,
                               c.needs(0), c.needs(1), want_b);
          });
          if (r[0].defined())
            r[0] = r[0].reshape(c.parents[0].shape());
          if (c.parents.size() == 2)
            r.pop_back();
          return r;
        });
  return out;
}

} // namespace npg

#pragma once
// The op table as free functions; every differentiable op records its
// derivative when grad mode is on (see docs/api.md for each gradient rule).
#include "npg/Array.h"

namespace npg {

// --- Elementwise binary, numpy broadcasting --------------------------------
Array add(const Array &a, const Array &b, Loc loc = Loc::current());
Array sub(const Array &a, const Array &b, Loc loc = Loc::current());
Array mul(const Array &a, const Array &b, Loc loc = Loc::current());
/// True division: integer operands give float64, as numpy's `/`.
Array div(const Array &a, const Array &b, Loc loc = Loc::current());
Array pow(const Array &a, const Array &b, Loc loc = Loc::current());
Array pow(const Array &a, Scalar b, Loc loc = Loc::current());
Array pow(Scalar a, const Array &b, Loc loc = Loc::current());

Array operator+(Operand a, const Array &b);
Array operator-(Operand a, const Array &b);
Array operator*(Operand a, const Array &b);
Array operator/(Operand a, const Array &b);
Array operator+(Operand a, Scalar b);
Array operator-(Operand a, Scalar b);
Array operator*(Operand a, Scalar b);
Array operator/(Operand a, Scalar b);
Array operator+(Scalar a, Operand b);
Array operator-(Scalar a, Operand b);
Array operator*(Scalar a, Operand b);
Array operator/(Scalar a, Operand b);
Array operator-(Operand a);

// --- Comparisons: bool arrays, never part of the graph ----------------------
Array operator==(Operand a, const Array &b);
Array operator!=(Operand a, const Array &b);
Array operator<(Operand a, const Array &b);
Array operator<=(Operand a, const Array &b);
Array operator>(Operand a, const Array &b);
Array operator>=(Operand a, const Array &b);
Array operator==(Operand a, Scalar b);
Array operator!=(Operand a, Scalar b);
Array operator<(Operand a, Scalar b);
Array operator<=(Operand a, Scalar b);
Array operator>(Operand a, Scalar b);
Array operator>=(Operand a, Scalar b);

// --- Elementwise unary ------------------------------------------------------
Array neg(const Array &x, Loc loc = Loc::current());
Array exp(const Array &x, Loc loc = Loc::current());
Array log(const Array &x, Loc loc = Loc::current());
/// log(1 + x) and exp(x) - 1, accurate for small x (numpy.log1p, expm1).
Array log1p(const Array &x, Loc loc = Loc::current());
Array expm1(const Array &x, Loc loc = Loc::current());
Array sqrt(const Array &x, Loc loc = Loc::current());
Array abs(const Array &x, Loc loc = Loc::current());
Array tanh(const Array &x, Loc loc = Loc::current());
Array sigmoid(const Array &x, Loc loc = Loc::current());
Array relu(const Array &x, Loc loc = Loc::current());
/// -1, 0 or 1; its gradient is zero.
Array sign(const Array &x, Loc loc = Loc::current());

// --- More elementwise math (float results; integers compute in float64) ------
Array sin(const Array &x, Loc loc = Loc::current());
Array cos(const Array &x, Loc loc = Loc::current());
Array tan(const Array &x, Loc loc = Loc::current());
/// floor and ceil have zero gradient.
Array floor(const Array &x, Loc loc = Loc::current());
Array ceil(const Array &x, Loc loc = Loc::current());
/// log(1 + exp(x)), computed without overflow; its gradient is sigmoid(x).
Array softplus(const Array &x, Loc loc = Loc::current());
/// GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
Array gelu(const Array &x, Loc loc = Loc::current());

// --- Elementwise choice, numpy broadcasting --------------------------------
/// numpy's maximum/minimum: NaN if either is NaN; ties give each side half
/// of the gradient.
Array maximum(const Array &a, const Array &b, Loc loc = Loc::current());
Array minimum(const Array &a, const Array &b, Loc loc = Loc::current());
Array maximum(const Array &a, Scalar b, Loc loc = Loc::current());
Array minimum(const Array &a, Scalar b, Loc loc = Loc::current());
/// minimum(maximum(x, lo), hi), either bound optional; the gradient is 1 on
/// the closed interval [lo, hi] and 0 outside.
Array clip(const Array &x, std::optional<Scalar> lo, std::optional<Scalar> hi,
           Loc loc = Loc::current());
/// a where cond is true, else b; cond must be bool; all three broadcast.
Array where(const Array &cond, const Array &a, const Array &b,
            Loc loc = Loc::current());
Array where(const Array &cond, const Array &a, Scalar b,
            Loc loc = Loc::current());
Array where(const Array &cond, Scalar a, const Array &b,
            Loc loc = Loc::current());
/// Two numbers: the result has their promoted dtype (float64 for 1.0).
Array where(const Array &cond, Scalar a, Scalar b, Loc loc = Loc::current());

// --- Predicates: bool arrays, never part of the graph -----------------------
Array isnan(const Array &x, Loc loc = Loc::current());
Array isinf(const Array &x, Loc loc = Loc::current());
Array isfinite(const Array &x, Loc loc = Loc::current());

// --- Matrix product, numpy's `@` ---------------------------------------------
Array matmul(const Array &a, const Array &b, Loc loc = Loc::current());

// --- Convolution, PyTorch's conv2d
// ---------------------------------------------
/// A 2-D size (stride, padding): one number for both axes, or {h, w}.
struct Size2 {
  Size2(std::int64_t both) : h(both), w(both) {}
  Size2(std::int64_t height, std::int64_t width) : h(height), w(width) {}
  std::int64_t h, w;
};
/// Cross-correlation of input (N, C, H, W) (or unbatched (C, H, W)) with
/// weight (O, C, kH, kW), plus bias (O) if given; zero padding. Floats only.
Array conv2d(const Array &input, const Array &weight,
             const std::optional<Array> &bias = std::nullopt, Size2 stride = 1,
             Size2 padding = 0, Loc loc = Loc::current());

// --- Reductions (all axes when none are given)
// --------------------------------
Array sum(const Array &x, Axes axis = {}, bool keepdims = false,
          Loc loc = Loc::current());
Array mean(const Array &x, Axes axis = {}, bool keepdims = false,
           Loc loc = Loc::current());
/// Ties split the gradient evenly between the tied elements.
Array max(const Array &x, Axes axis = {}, bool keepdims = false,
          Loc loc = Loc::current());
Array min(const Array &x, Axes axis = {}, bool keepdims = false,
          Loc loc = Loc::current());
Array all(const Array &x, Axes axis = {}, bool keepdims = false,
          Loc loc = Loc::current());
Array any(const Array &x, Axes axis = {}, bool keepdims = false,
          Loc loc = Loc::current());

// --- More reductions ---------------------------------------------------------
/// Product over `axis`; integers and bool give int64. Zeros are handled
/// exactly in the gradient (no division by the input).
Array prod(const Array &x, Axes axis = {}, bool keepdims = false,
           Loc loc = Loc::current());
/// The index of the first maximum (minimum) along `axis`, or in the
/// flattened array without one; int64, no gradient. NaN counts as extreme.
Array argmax(const Array &x, std::optional<std::int64_t> axis = std::nullopt,
             bool keepdims = false, Loc loc = Loc::current());
Array argmin(const Array &x, std::optional<std::int64_t> axis = std::nullopt,
             bool keepdims = false, Loc loc = Loc::current());
/// The variance: squared deviations from the mean, summed, divided by
/// max(N - ddof, 0) (N = elements per output): ddof >= N gives inf (NaN for
/// constant data), as numpy and PyTorch.
Array var(const Array &x, Axes axis = {}, std::int64_t ddof = 0,
          bool keepdims = false, Loc loc = Loc::current());
/// sqrt(var(x, axis, ddof, keepdims)).
Array std(const Array &x, Axes axis = {}, std::int64_t ddof = 0,
          bool keepdims = false, Loc loc = Loc::current());
/// log(sum(exp(x))), computed as m + log(sum(exp(x - m))) with m the max.
Array logsumexp(const Array &x, Axes axis = {}, bool keepdims = false,
                Loc loc = Loc::current());
/// exp(x) / sum(exp(x)) along `axis`, computed as PyTorch does (the max
/// subtracted first). An empty x (a zero-length axis) gives an empty result.
Array softmax(const Array &x, std::int64_t axis = -1, Loc loc = Loc::current());
/// x - logsumexp(x) along `axis`.
Array log_softmax(const Array &x, std::int64_t axis = -1,
                  Loc loc = Loc::current());
/// Running sum (product) along `axis`, or of the flattened array without
/// one; integers and bool give int64.
Array cumsum(const Array &x, std::optional<std::int64_t> axis = std::nullopt,
             Loc loc = Loc::current());
Array cumprod(const Array &x, std::optional<std::int64_t> axis = std::nullopt,
              Loc loc = Loc::current());

// --- Shape -------------------------------------------------------------------
/// One dimension may be -1 and is inferred.
Array reshape(const Array &x, Shape shape, Loc loc = Loc::current());
/// All axes reversed.
Array transpose(const Array &x, Loc loc = Loc::current());
Array transpose(const Array &x, std::vector<std::int64_t> axes,
                Loc loc = Loc::current());
Array swapaxes(const Array &x, std::int64_t axis1, std::int64_t axis2,
               Loc loc = Loc::current());
Array permute(const Array &x, std::vector<std::int64_t> axes,
              Loc loc = Loc::current());
Array squeeze(const Array &x, Axes axis = {}, Loc loc = Loc::current());
Array unsqueeze(const Array &x, std::int64_t axis, Loc loc = Loc::current());
Array flatten(const Array &x, Loc loc = Loc::current());
Array slice(const Array &x, std::int64_t axis,
            std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
            std::int64_t step = 1, Loc loc = Loc::current());
Array select(const Array &x, std::int64_t axis, std::int64_t index,
             Loc loc = Loc::current());
/// A read-only-in-spirit view with zero strides on broadcast axes.
Array broadcast_to(const Array &x, Shape shape, Loc loc = Loc::current());
Array contiguous(const Array &x, Loc loc = Loc::current());
Array copy(const Array &x, Loc loc = Loc::current());

// --- Linear algebra, joining and splitting (numpy semantics)
// ------------------
/// numpy's dot: a product for 0-d operands, the inner product of two 1-D
/// arrays, matmul when b has at most two axes or a one, and otherwise the
/// sum over a's last axis and b's second-to-last (shape a[:-1] + b[:-2] +
/// b[-1:]).
Array dot(const Array &a, const Array &b, Loc loc = Loc::current());
/// numpy's linalg.norm. Without ord: sqrt(sum(x^2)) over `axis` (all axes
/// when none, the Frobenius norm over two). With ord, a vector norm over one
/// axis (or of a 1-D x): inf, -inf (max/min |x|), 0 (nonzero count), 1, or
/// any p: (sum |x|^p)^(1/p). Matrix ords other than Frobenius are not
/// implemented. Ints give float64. Gradients are PyTorch's: 0 at a zero
/// vector.
Array norm(const Array &x, std::optional<double> ord = std::nullopt,
           Axes axis = {}, bool keepdims = false, Loc loc = Loc::current());
/// The diagonal of the (axis1, axis2) planes as a view, moved to the last
/// axis; offset > 0 is above the main diagonal, < 0 below.
Array diagonal(const Array &x, std::int64_t offset = 0, std::int64_t axis1 = 0,
               std::int64_t axis2 = 1, Loc loc = Loc::current());
/// sum(diagonal(x, offset, axis1, axis2), -1).
Array trace(const Array &x, std::int64_t offset = 0, std::int64_t axis1 = 0,
            std::int64_t axis2 = 1, Loc loc = Loc::current());
/// numpy's repeat: each element `repeats` times along `axis`, or of the
/// flattened array without one.
Array repeat(const Array &x, std::int64_t repeats,
             std::optional<std::int64_t> axis = std::nullopt,
             Loc loc = Loc::current());
/// The upper (lower) triangle of the last two axes: zero below the k-th
/// diagonal (above it); a 1-D x is taken as every row of a square, as numpy's.
Array triu(const Array &x, std::int64_t k = 0, Loc loc = Loc::current());
Array tril(const Array &x, std::int64_t k = 0, Loc loc = Loc::current());
/// numpy's split into `sections` equal views along `axis` (an error unless
/// they divide it), or at `indices` (Python slice bounds). split(x, {2}) is
/// two sections: pass a std::vector for a single index.
std::vector<Array> split(const Array &x, std::int64_t sections,
                         std::int64_t axis = 0, Loc loc = Loc::current());
std::vector<Array> split(const Array &x, std::vector<std::int64_t> indices,
                         std::int64_t axis = 0, Loc loc = Loc::current());
/// Joins arrays along an existing axis; dtypes promote.
Array concatenate(const std::vector<Array> &arrays, std::int64_t axis = 0,
                  Loc loc = Loc::current());
Array cat(const std::vector<Array> &arrays, std::int64_t axis = 0,
          Loc loc = Loc::current());
/// Joins arrays of one shape along a new axis.
Array stack(const std::vector<Array> &arrays, std::int64_t axis = 0,
            Loc loc = Loc::current());
/// A view with new axes of length 1 at `axes` (positions in the result).
Array expand_dims(const Array &x, std::int64_t axis, Loc loc = Loc::current());
Array expand_dims(const Array &x, std::vector<std::int64_t> axes,
                  Loc loc = Loc::current());

// --- Not differentiable ------------------------------------------------------
Array astype(const Array &x, DType dtype, Loc loc = Loc::current());
/// One int64 index array per dimension, as numpy.
std::vector<Array> nonzero(const Array &x, Loc loc = Loc::current());
/// Rounds half to even, as numpy.
Array round(const Array &x, int decimals = 0, Loc loc = Loc::current());
/// A sorted copy (numpy's np.sort); Array::sort sorts in place.
Array sort(const Array &x, std::int64_t axis = -1, Loc loc = Loc::current());

// --- Comparing whole arrays
// ----------------------------------------------------
/// numpy's allclose: |a - b| <= atol + rtol * |b| elementwise, broadcasting.
bool allclose(const Array &a, const Array &b, double rtol = 1e-5,
              double atol = 1e-8, bool equal_nan = false,
              Loc loc = Loc::current());
bool array_equal(const Array &a, const Array &b, Loc loc = Loc::current());

} // namespace npg

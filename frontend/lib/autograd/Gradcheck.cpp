// gradcheck: every entry of the Jacobian from backward() against central
// differences, in float64.
#include "Internal.h"

#include "npg/Gradcheck.h"

#include <cmath>
#include <sstream>

namespace npg {

namespace {
/// The unravelled index of flat position `i` in `shape`, numpy-style.
std::string index_of(std::int64_t i, const Shape &shape) {
  Shape idx(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    idx[d] = i % shape[d];
    i /= shape[d];
  }
  return format_shape(idx);
}
} // namespace

bool gradcheck(const std::function<Array(const std::vector<Array> &)> &fn,
               const std::vector<Array> &inputs, GradcheckOptions options) {
  std::vector<Array> xs;
  for (const Array &x : inputs) {
    Array c =
        is_floating(x.dtype()) ? x.detach().astype(float64) : x.detach().copy();
    if (x.requires_grad())
      c.requires_grad_(true);
    xs.push_back(c);
  }
  const Array out = fn(xs);
  if (!out.requires_grad())
    fail("gradcheck: the function's output does not require grad; give at "
         "least one input requires_grad");
  const std::int64_t n_out = out.size();

  // Analytical Jacobian, one backward per output element.
  std::vector<std::vector<std::vector<double>>> analytical(xs.size());
  for (std::int64_t j = 0; j < n_out; ++j) {
    for (Array &x : xs)
      x.zero_grad();
    Array seed = zeros(out.shape(), float64);
    static_cast<double *>(seed.raw_data())[j] = 1;
    out.backward(seed, /*retain_graph=*/true);
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (xs[i].requires_grad()) {
        const auto g = xs[i].grad();
        analytical[i].push_back(g ? g->to_vector<double>()
                                  : std::vector<double>(xs[i].size(), 0.0));
      }
  }

  NoGradGuard no_grad;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!xs[i].requires_grad())
      continue;
    double *p = static_cast<double *>(xs[i].raw_data());
    for (std::int64_t k = 0; k < xs[i].size(); ++k) {
      const double saved = p[k];
      p[k] = saved + options.eps;
      const std::vector<double> plus = fn(xs).to_vector<double>();
      p[k] = saved - options.eps;
      const std::vector<double> minus = fn(xs).to_vector<double>();
      p[k] = saved;
      for (std::int64_t j = 0; j < n_out; ++j) {
        const double numerical = (plus[j] - minus[j]) / (2 * options.eps);
        const double a = analytical[i][j][k];
        const bool both_nan = std::isnan(numerical) && std::isnan(a);
        if (both_nan || std::abs(a - numerical) <=
                            options.atol + options.rtol * std::abs(numerical))
          continue;
        if (!options.raise_on_failure)
          return false;
        fail("gradcheck: Jacobian mismatch for output element ",
             index_of(j, out.shape()), " with respect to input ", i,
             " element ", index_of(k, xs[i].shape()), ": numerical ", numerical,
             ", analytical ", a, " (atol ", options.atol, ", rtol ",
             options.rtol, ")");
      }
    }
  }
  return true;
}

} // namespace npg

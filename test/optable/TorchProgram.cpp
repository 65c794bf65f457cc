// The op-case table as LibTorch computes it, and the eager-vs-LibTorch check
// of a whole program.
#include "TorchProgram.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

namespace difftest {

namespace {

using T = torch::Tensor;
using Ts = std::vector<T>;

std::vector<std::int64_t> axes_or_all(const Node &n, std::int64_t nd) {
  if (!n.has("axes") || n.attr("axes") == "all") {
    std::vector<std::int64_t> all(static_cast<std::size_t>(nd));
    for (std::int64_t i = 0; i < nd; ++i)
      all[static_cast<std::size_t>(i)] = i;
    return all;
  }
  std::vector<std::int64_t> axes = n.ints("axes");
  for (auto &a : axes)
    a = a < 0 ? a + nd : a;
  std::sort(axes.begin(), axes.end());
  return axes;
}

bool keep(const Node &n) { return n.has("keep") && n.integer("keep") != 0; }

std::optional<double> opt(const Node &n, const std::string &key) {
  if (!n.has(key) || n.attr(key) == "none")
    return std::nullopt;
  return n.num(key);
}

/// A reduction over `axes` with LibTorch's dim list. An empty list means
/// "reduce nothing" in npg (each element alone: var over one element), and
/// "reduce everything" in LibTorch: it becomes a reduction over a new
/// trailing axis of size 1.
T reduce(const T &x, const std::vector<std::int64_t> &axes, bool keepdim,
         const std::function<T(const T &, at::IntArrayRef, bool)> &f) {
  if (axes.empty())
    return f(x.unsqueeze(-1), {x.dim()}, false);
  return f(x, axes, keepdim);
}

/// numpy's argmax/argmin as a number of x's dtype: along "axis", or of the
/// flattened x ("none", then with keepdims every dimension kept as 1).
T arg_extremum(const Node &n, const T &x, bool max) {
  const bool keepdim = keep(n);
  if (n.attr("axis") == "none") {
    const T flat = x.reshape({-1});
    T i = max ? torch::argmax(flat, 0) : torch::argmin(flat, 0);
    if (keepdim)
      i = i.reshape(
          std::vector<std::int64_t>(static_cast<std::size_t>(x.dim()), 1));
    return i.to(x.scalar_type());
  }
  const std::int64_t axis = n.integer("axis");
  return (max ? torch::argmax(x, axis, keepdim)
              : torch::argmin(x, axis, keepdim))
      .to(x.scalar_type());
}

/// x less its (finite) first element along `d`, a constant: var and std are
/// unchanged, and a constant slice is exactly 0, as npg computes it (so its
/// std's gradient is PyTorch's 0 at std 0, not the rounding of a mean).
T shifted(const T &x, at::IntArrayRef d) {
  T first = x.detach();
  for (std::int64_t axis : d) {
    if (first.size(axis) == 0)
      return x;
    first = first.narrow(axis, 0, 1);
  }
  return x -
         torch::where(torch::isfinite(first), first, torch::zeros_like(first));
}

T scalar_like(const T &x, double v) {
  return torch::full({}, v, torch::TensorOptions().dtype(x.scalar_type()));
}

/// Python's range(start, stop, step) over an axis of n, as an index tensor.
T range_indices(std::int64_t n, std::optional<std::int64_t> start,
                std::optional<std::int64_t> stop, std::int64_t step) {
  const auto clamp = [&](std::int64_t i, std::int64_t lo, std::int64_t hi) {
    if (i < 0)
      i += n;
    return std::clamp(i, lo, hi);
  };
  std::int64_t s, e;
  if (step > 0) {
    s = start ? clamp(*start, 0, n) : 0;
    e = stop ? clamp(*stop, 0, n) : n;
  } else {
    s = start ? clamp(*start, -1, n - 1) : n - 1;
    e = stop ? clamp(*stop, -1, n - 1) : -1;
  }
  std::vector<std::int64_t> idx;
  for (std::int64_t i = s; step > 0 ? i < e : i > e; i += step)
    idx.push_back(i);
  return torch::tensor(idx, torch::kInt64);
}

T wrapped(const std::vector<std::int64_t> &idx, std::int64_t n) {
  std::vector<std::int64_t> w = idx;
  for (auto &i : w)
    i = i < 0 ? i + n : i;
  return torch::tensor(w, torch::kInt64);
}

std::int64_t dim_of(std::int64_t a, std::int64_t nd) {
  return a < 0 ? a + nd : a;
}

using Fn = std::function<T(const Node &, const Ts &)>;

const std::map<std::string, Fn> &mappings() {
  static const std::map<std::string, Fn> m = {
      {"neg", [](const Node &, const Ts &a) { return -a[0]; }},
      {"exp", [](const Node &, const Ts &a) { return torch::exp(a[0]); }},
      {"log", [](const Node &, const Ts &a) { return torch::log(a[0]); }},
      {"log1p", [](const Node &, const Ts &a) { return torch::log1p(a[0]); }},
      {"expm1", [](const Node &, const Ts &a) { return torch::expm1(a[0]); }},
      {"sqrt", [](const Node &, const Ts &a) { return torch::sqrt(a[0]); }},
      {"abs", [](const Node &, const Ts &a) { return torch::abs(a[0]); }},
      {"tanh", [](const Node &, const Ts &a) { return torch::tanh(a[0]); }},
      {"sigmoid",
       [](const Node &, const Ts &a) { return torch::sigmoid(a[0]); }},
      {"relu", [](const Node &, const Ts &a) { return torch::relu(a[0]); }},
      {"sign", [](const Node &, const Ts &a) { return torch::sign(a[0]); }},
      {"sin", [](const Node &, const Ts &a) { return torch::sin(a[0]); }},
      {"cos", [](const Node &, const Ts &a) { return torch::cos(a[0]); }},
      {"tan", [](const Node &, const Ts &a) { return torch::tan(a[0]); }},
      {"floor", [](const Node &, const Ts &a) { return torch::floor(a[0]); }},
      {"ceil", [](const Node &, const Ts &a) { return torch::ceil(a[0]); }},
      {"softplus",
       [](const Node &, const Ts &a) { return torch::softplus(a[0]); }},
      {"gelu", [](const Node &, const Ts &a) { return torch::gelu(a[0], "tanh"); }},
      {"flatten",
       [](const Node &, const Ts &a) { return torch::reshape(a[0], {-1}); }},
      {"contiguous", [](const Node &, const Ts &a) { return a[0]; }},
      {"copy", [](const Node &, const Ts &a) { return a[0].clone(); }},
      {"add", [](const Node &, const Ts &a) { return a[0] + a[1]; }},
      {"sub", [](const Node &, const Ts &a) { return a[0] - a[1]; }},
      {"mul", [](const Node &, const Ts &a) { return a[0] * a[1]; }},
      {"div", [](const Node &, const Ts &a) { return a[0] / a[1]; }},
      {"pow", [](const Node &, const Ts &a) { return torch::pow(a[0], a[1]); }},
      {"maximum",
       [](const Node &, const Ts &a) { return torch::maximum(a[0], a[1]); }},
      {"minimum",
       [](const Node &, const Ts &a) { return torch::minimum(a[0], a[1]); }},
      {"adds", [](const Node &n, const Ts &a) { return a[0] + n.num("s"); }},
      {"rsubs", [](const Node &n, const Ts &a) { return n.num("s") - a[0]; }},
      {"muls", [](const Node &n, const Ts &a) { return n.num("s") * a[0]; }},
      {"divs", [](const Node &n, const Ts &a) { return a[0] / n.num("s"); }},
      {"rdivs", [](const Node &n, const Ts &a) { return n.num("s") / a[0]; }},
      {"pows",
       [](const Node &n, const Ts &a) { return torch::pow(a[0], n.num("s")); }},
      {"rpows",
       [](const Node &n, const Ts &a) { return torch::pow(n.num("s"), a[0]); }},
      {"maximums",
       [](const Node &n, const Ts &a) {
         return torch::maximum(a[0], scalar_like(a[0], n.num("s")));
       }},
      {"minimums",
       [](const Node &n, const Ts &a) {
         return torch::minimum(a[0], scalar_like(a[0], n.num("s")));
       }},
      {"clip",
       [](const Node &n, const Ts &a) {
         const auto lo = opt(n, "lo"), hi = opt(n, "hi");
         return torch::clamp(a[0], lo ? c10::optional<c10::Scalar>(*lo)
                                      : c10::nullopt,
                             hi ? c10::optional<c10::Scalar>(*hi)
                                : c10::nullopt);
       }},
      {"where",
       [](const Node &n, const Ts &a) {
         return torch::where(a[0] > n.num("c"), a[1], a[2]);
       }},
      {"where_l",
       [](const Node &n, const Ts &a) {
         return torch::where(a[0] > n.num("c"), scalar_like(a[1], n.num("s")),
                             a[1]);
       }},
      {"where_r",
       [](const Node &n, const Ts &a) {
         return torch::where(a[0] > n.num("c"), a[1],
                             scalar_like(a[1], n.num("s")));
       }},
      {"conv2d",
       [](const Node &n, const Ts &a) {
         const std::vector<std::int64_t> s = n.ints("stride"),
                                         p = n.ints("pad");
         return torch::conv2d(a[0], a[1], a.size() == 3 ? a[2] : T(), s, p);
       }},
      {"matmul",
       [](const Node &, const Ts &a) { return torch::matmul(a[0], a[1]); }},
      {"sum",
       [](const Node &n, const Ts &a) {
         return reduce(a[0], axes_or_all(n, a[0].dim()), keep(n),
                       [](const T &x, at::IntArrayRef d, bool k) {
                         return torch::sum(x, d, k);
                       });
       }},
      {"mean",
       [](const Node &n, const Ts &a) {
         return reduce(a[0], axes_or_all(n, a[0].dim()), keep(n),
                       [](const T &x, at::IntArrayRef d, bool k) {
                         return torch::mean(x, d, k);
                       });
       }},
      {"max",
       [](const Node &n, const Ts &a) {
         return reduce(a[0], axes_or_all(n, a[0].dim()), keep(n),
                       [](const T &x, at::IntArrayRef d, bool k) {
                         return torch::amax(x, d, k);
                       });
       }},
      {"min",
       [](const Node &n, const Ts &a) {
         return reduce(a[0], axes_or_all(n, a[0].dim()), keep(n),
                       [](const T &x, at::IntArrayRef d, bool k) {
                         return torch::amin(x, d, k);
                       });
       }},
      {"prod",
       [](const Node &n, const Ts &a) {
         T x = a[0];
         const std::vector<std::int64_t> axes = axes_or_all(n, x.dim());
         for (auto it = axes.rbegin(); it != axes.rend(); ++it)
           x = torch::prod(x, *it, keep(n));
         return x;
       }},
      {"logsumexp",
       [](const Node &n, const Ts &a) {
         return reduce(a[0], axes_or_all(n, a[0].dim()), keep(n),
                       [](const T &x, at::IntArrayRef d, bool k) {
                         return torch::logsumexp(x, d, k);
                       });
       }},
      {"var",
       [](const Node &n, const Ts &a) {
         const std::int64_t ddof = n.integer("ddof");
         return reduce(a[0], axes_or_all(n, a[0].dim()), keep(n),
                       [ddof](const T &x, at::IntArrayRef d, bool k) {
                         return torch::var(shifted(x, d), d, ddof, k);
                       });
       }},
      {"std",
       [](const Node &n, const Ts &a) {
         const std::int64_t ddof = n.integer("ddof");
         return reduce(a[0], axes_or_all(n, a[0].dim()), keep(n),
                       [ddof](const T &x, at::IntArrayRef d, bool k) {
                         return torch::std(shifted(x, d), d, ddof, k);
                       });
       }},
      {"softmax",
       [](const Node &n, const Ts &a) {
         return torch::softmax(a[0], n.integer("axis"));
       }},
      {"log_softmax",
       [](const Node &n, const Ts &a) {
         return torch::log_softmax(a[0], n.integer("axis"));
       }},
      {"cumsum",
       [](const Node &n, const Ts &a) {
         return n.attr("axis") == "none"
                    ? torch::cumsum(torch::reshape(a[0], {-1}), 0)
                    : torch::cumsum(a[0], n.integer("axis"));
       }},
      {"cumprod",
       [](const Node &n, const Ts &a) {
         return n.attr("axis") == "none"
                    ? torch::cumprod(torch::reshape(a[0], {-1}), 0)
                    : torch::cumprod(a[0], n.integer("axis"));
       }},
      {"reshape",
       [](const Node &n, const Ts &a) {
         return torch::reshape(a[0], n.ints("shape"));
       }},
      {"transpose",
       [](const Node &n, const Ts &a) {
         std::vector<std::int64_t> perm;
         if (n.has("perm")) {
           perm = n.ints("perm");
         } else {
           for (std::int64_t i = a[0].dim() - 1; i >= 0; --i)
             perm.push_back(i);
         }
         return a[0].permute(perm);
       }},
      {"permute",
       [](const Node &n, const Ts &a) { return a[0].permute(n.ints("perm")); }},
      {"swapaxes",
       [](const Node &n, const Ts &a) {
         return torch::transpose(a[0], n.integer("a"), n.integer("b"));
       }},
      {"squeeze",
       [](const Node &n, const Ts &a) {
         if (!n.has("axes") || n.attr("axes") == "all")
           return torch::squeeze(a[0]);
         T x = a[0];
         const std::vector<std::int64_t> axes = axes_or_all(n, x.dim());
         for (auto it = axes.rbegin(); it != axes.rend(); ++it)
           x = torch::squeeze(x, *it);
         return x;
       }},
      {"unsqueeze",
       [](const Node &n, const Ts &a) {
         return torch::unsqueeze(a[0], n.integer("axis"));
       }},
      {"slice",
       [](const Node &n, const Ts &a) {
         const std::int64_t ax = dim_of(n.integer("axis"), a[0].dim());
         const auto o = [&](const char *k) -> std::optional<std::int64_t> {
           if (n.attr(k) == "none")
             return std::nullopt;
           return n.integer(k);
         };
         return torch::index_select(
             a[0], ax,
             range_indices(a[0].size(ax), o("start"), o("stop"),
                           n.integer("step")));
       }},
      {"select",
       [](const Node &n, const Ts &a) {
         return torch::select(a[0], n.integer("axis"), n.integer("index"));
       }},
      {"broadcast_to",
       [](const Node &n, const Ts &a) { return a[0].expand(n.ints("shape")); }},
      {"concatenate",
       [](const Node &n, const Ts &a) {
         return torch::cat(a, n.integer("axis"));
       }},
      {"take",
       [](const Node &n, const Ts &a) {
         const std::int64_t ax = dim_of(n.integer("axis"), a[0].dim());
         return torch::index_select(a[0], ax,
                                    wrapped(n.ints("idx"), a[0].size(ax)));
       }},
      {"index_add",
       [](const Node &n, const Ts &a) {
         const std::int64_t ax = n.integer("axis");
         return torch::index_add(a[0], ax,
                                 wrapped(n.ints("idx"), a[0].size(ax)), a[1]);
       }},
      {"setitem",
       [](const Node &n, const Ts &a) {
         const std::int64_t ax = n.integer("axis");
         const T idx = range_indices(a[0].size(ax), n.integer("start"),
                                     std::nullopt, n.integer("step"));
         std::vector<std::int64_t> target = a[0].sizes().vec();
         target[static_cast<std::size_t>(ax)] = idx.size(0);
         return a[0].index_copy(ax, idx, a[1].expand(target));
       }},
      {"diagonal",
       [](const Node &n, const Ts &a) {
         return torch::diagonal(a[0], n.integer("offset"), n.integer("a"),
                                n.integer("b"));
       }},
      {"norm",
       [](const Node &n, const Ts &a) {
         const double ord = n.has("ord") ? n.num("ord") : 2.0;
         return torch::linalg_vector_norm(a[0], ord,
                                          axes_or_all(n, a[0].dim()), keep(n));
       }},
      {"detach", [](const Node &, const Ts &a) { return a[0].detach(); }},
      // No gradient flows through round in npg (numpy's, no grad_fn).
      {"round",
       [](const Node &, const Ts &a) { return torch::round(a[0].detach()); }},
      {"astype_f32",
       [](const Node &, const Ts &a) {
         return a[0].detach().to(torch::kFloat32);
       }},
      {"isnan",
       [](const Node &, const Ts &a) {
         return torch::isnan(a[0]).to(a[0].scalar_type());
       }},
      {"isinf",
       [](const Node &, const Ts &a) {
         return torch::isinf(a[0]).to(a[0].scalar_type());
       }},
      {"isfinite",
       [](const Node &, const Ts &a) {
         return torch::isfinite(a[0]).to(a[0].scalar_type());
       }},
      {"argmax",
       [](const Node &n, const Ts &a) { return arg_extremum(n, a[0], true); }},
      {"argmin",
       [](const Node &n, const Ts &a) {
         return arg_extremum(n, a[0], false);
       }},
  };
  return m;
}

/// The first element where `actual` (npg) and `expected` (LibTorch) differ
/// beyond `rel` (relative) plus `floor` (NaN and infinities exactly),
/// described.
std::optional<std::string> differ(const Array &actual, const T &expected,
                                  double rel, double floor,
                                  bool order_dependent) {
  const T e = expected.detach().to(torch::kFloat64).contiguous();
  const std::vector<std::int64_t> shape = e.sizes().vec();
  if (actual.shape() != npg::Shape(shape.begin(), shape.end()))
    return "shape " + npg::format_shape(actual.shape()) + " vs LibTorch's " +
           npg::format_shape(npg::Shape(shape.begin(), shape.end()));
  const std::vector<double> a = actual.astype(npg::float64).to_vector<double>();
  const double *ep = e.data_ptr<double>();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double x = a[i], y = ep[i];
    if ((std::isnan(x) && std::isnan(y)) || x == y)
      continue;
    if (order_dependent && !(std::isfinite(x) && std::isfinite(y)))
      continue; // see overflow_is_order_dependent
    if (!(std::abs(x - y) <= rel * 1e-2 + rel * std::abs(y) + floor)) {
      std::ostringstream s;
      s.precision(17);
      s << "flat index " << i << ": npg " << x << ", LibTorch " << y;
      return s.str();
    }
  }
  return std::nullopt;
}

T to_torch(const Array &a) {
  const Array c = a.detach().astype(npg::float64).contiguous();
  const std::vector<std::int64_t> sizes(c.shape().begin(), c.shape().end());
  return torch::from_blob(c.raw_data(), sizes, torch::kFloat64).clone();
}

Outcome failed(std::string what, std::string detail) {
  return {Outcome::Failed, std::move(what), std::move(detail)};
}

} // namespace

torch::Tensor torch_eval(const Node &n, const std::vector<torch::Tensor> &a) {
  auto it = mappings().find(n.op);
  if (it == mappings().end())
    throw std::runtime_error("op '" + n.op + "' has no LibTorch mapping");
  return it->second(n, a);
}

bool numpy_values(const std::string &op) {
  // numpy's sign(NaN) is NaN, LibTorch's 0 (both give a zero gradient);
  // numpy's power is C's pow (pow(-inf, 0.5) is inf), LibTorch's x ** 0.5
  // is sqrt (NaN there).
  return op == "sign" || op == "pow" || op == "pows" || op == "rpows";
}

bool edge_gradients_differ(const std::string &op) {
  // LibTorch's amax/amin give NaN gradients where a reduced slice holds
  // NaN; its max() routes the gradient to the NaN elements, as npg does
  // over any axes (numpy has one max). LibTorch's prod and cumprod
  // gradients divide the output by the input (NaN at inf, 0 where the
  // product underflowed) unless an element is zero, and then take exact
  // products of the others everywhere; npg's prod divides in each slice
  // without a zero, its cumprod never. C's pow (npg's, numpy's) of -inf is ±inf
  // where LibTorch's is NaN, and so are their slopes.
  return op == "max" || op == "min" || op == "prod" || op == "cumprod" ||
         numpy_values(op);
}

Outcome check_against_torch(const Program &p) {
  // npg, eager, float64.
  std::vector<Array> in;
  for (const Node &n : p.nodes)
    if (n.op == "input") {
      Array x = make_input(n, npg::float64);
      if (!n.has("nograd"))
        x.requires_grad_(true);
      in.push_back(x);
    }
  std::vector<Array> vals;
  try {
    vals = run(p, in);
  } catch (const npg::Error &e) {
    return failed("eager-error", e.what());
  }
  std::vector<Array> w;
  for (int s : sinks(p))
    w.push_back(sink_weight(s, vals[static_cast<std::size_t>(s)].shape(),
                            npg::float64));
  const Array loss = loss_of(p, vals, w);
  if (loss.requires_grad())
    loss.backward();

  // LibTorch, float64, the same inputs and weights.
  std::vector<T> tin, tvals;
  std::size_t next = 0;
  for (const Node &n : p.nodes) {
    if (n.op == "input") {
      T x = to_torch(in[next++]);
      if (!n.has("nograd"))
        x.requires_grad_(true);
      tin.push_back(x);
      tvals.push_back(x);
      continue;
    }
    Ts args;
    for (int a : n.args)
      args.push_back(tvals[static_cast<std::size_t>(a)]);
    try {
      tvals.push_back(torch_eval(n, args));
    } catch (const c10::Error &e) {
      // LibTorch refuses what npg accepts (an empty reduction, say):
      // nothing to compare.
      return {Outcome::Invalid, "",
              n.op + ": LibTorch refused: " +
                  std::string(e.what_without_backtrace())};
    }
  }
  T tloss;
  const std::vector<int> out = sinks(p);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const T term =
        torch::sum(tvals[static_cast<std::size_t>(out[i])] * to_torch(w[i]));
    tloss = tloss.defined() ? tloss + term : term;
  }
  if (tloss.requires_grad())
    tloss.backward();

  bool numpy_only = false, nan_differs = false;
  for (const Node &n : p.nodes)
    if (n.op != "input") {
      numpy_only = numpy_only || numpy_values(n.op);
      nan_differs = nan_differs || edge_gradients_differ(n.op);
    }
  // Edge values anywhere in the program: an input's, or one an op made
  // (x ** 2 of 1e300 is inf).
  bool has_edges = false;
  for (const Array &v : vals) {
    if (!npg::is_floating(v.dtype()))
      continue;
    const Array x = v.detach();
    has_edges = has_edges || !npg::all(npg::isfinite(x)).item<bool>() ||
                npg::any(npg::abs(x) < 1e-300).item<bool>();
  }
  if (nan_differs && has_edges)
    return {}; // values compared by the compiled check; see above
  // A few float32 ulps where values pass through float32.
  const bool f32 =
      std::any_of(p.nodes.begin(), p.nodes.end(),
                  [](const Node &n) { return n.op == "astype_f32"; });
  const double rel = f32 ? 1e-6 : 1e-8;
  const double largest = largest_finite(vals, in);
  const double floor = rel * largest;
  const bool order_dependent = overflow_is_order_dependent(largest);
  if (!numpy_only) {
    for (int s : out)
      if (auto d = differ(vals[static_cast<std::size_t>(s)],
                          tvals[static_cast<std::size_t>(s)], rel, floor,
                          order_dependent))
        return failed("torch-value",
                      "sink " + ref(static_cast<std::size_t>(s)) + ": " + *d);
  }
  // A tie rounding decides: LibTorch may take the other branch.
  const bool gradients_comparable = !has_rounding_tie(p, vals);
  for (std::size_t k = 0; k < in.size() && gradients_comparable; ++k) {
    if (!in[k].requires_grad())
      continue;
    const Array g =
        in[k].grad() ? *in[k].grad() : npg::zeros(in[k].shape(), npg::float64);
    const T tg =
        tin[k].grad().defined() ? tin[k].grad() : torch::zeros_like(tin[k]);
    if (auto d = differ(g, tg, rel, floor, order_dependent))
      return failed("torch-grad",
                    "gradient of input " + std::to_string(k) + ": " + *d);
  }
  return {};
}

} // namespace difftest

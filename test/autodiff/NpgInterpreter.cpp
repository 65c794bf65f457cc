// Reference interpreter for npg functions (see NpgInterpreter.h).
#include "NpgInterpreter.h"

#include "npg/IR/NpgOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace npg::testing {

using namespace mlir;
namespace ops = mlir::npg;
using Shape = std::vector<std::int64_t>;

namespace {

/// Messages are built by streaming: g++ 12 warns (-Wrestrict, a false
/// positive) on some std::string concatenations.
template <typename... Parts> std::string cat(const Parts &...parts) {
  std::ostringstream os;
  (os << ... << parts);
  return os.str();
}

[[noreturn]] void fail(Operation *op, const std::string &what) {
  std::string name = op ? op->getName().getStringRef().str() : "npg";
  throw std::runtime_error(cat(name, ": ", what));
}

std::int64_t product(const Shape &shape) {
  std::int64_t n = 1;
  for (std::int64_t d : shape)
    n *= d;
  return n;
}

Shape stridesOf(const Shape &shape) {
  Shape strides(shape.size(), 1);
  for (std::size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  return strides;
}

/// Calls f(index, flat) for every index of `shape` in row-major order.
void forEachIndex(const Shape &shape,
                  const std::function<void(const Shape &, std::int64_t)> &f) {
  std::int64_t n = product(shape);
  Shape index(shape.size(), 0);
  for (std::int64_t flat = 0; flat < n; ++flat) {
    f(index, flat);
    for (std::size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

std::int64_t flatten(const Shape &index, const Shape &strides) {
  std::int64_t flat = 0;
  for (std::size_t d = 0; d < index.size(); ++d)
    flat += index[d] * strides[d];
  return flat;
}

/// The index of gather/scatter_add read at `index[axis, axis + k)`, wrapped
/// if negative (numpy).
std::int64_t indexAt(const RefTensor &indices, const Shape &index,
                     std::int64_t axis, std::int64_t k, const Shape &strides,
                     std::int64_t n) {
  Shape at(index.begin() + axis, index.begin() + axis + k);
  auto i = static_cast<std::int64_t>(indices.data[flatten(at, strides)]);
  return i < 0 ? i + n : i;
}

/// A value stored as `kind`: f32 rounding, i1 as 0/1.
double store(double v, ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return static_cast<double>(static_cast<float>(v));
  case ElementKind::I1:
    return v != 0 ? 1.0 : 0.0;
  default:
    return v;
  }
}

Shape shapeOf(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return Shape(tensor.getShape().begin(), tensor.getShape().end());
}

RefTensor resultLike(Value result) {
  return RefTensor(shapeOf(result.getType()), elementKindOf(result.getType()));
}

double intPow(double base, double exp, Operation *op) {
  if (exp < 0)
    fail(op, "integers to negative integer powers");
  double result = 1;
  for (std::int64_t e = static_cast<std::int64_t>(exp); e > 0; --e)
    result *= base;
  return result;
}

RefTensor elementwise(Operation *op, const std::vector<const RefTensor *> &in,
                      const std::function<double(const double *)> &f) {
  RefTensor out = resultLike(op->getResult(0));
  std::vector<double> args(in.size());
  for (std::int64_t i = 0; i < out.numel(); ++i) {
    for (std::size_t k = 0; k < in.size(); ++k)
      args[k] = in[k]->data[i];
    out.data[i] = store(f(args.data()), out.kind);
  }
  return out;
}

template <typename ReduceOp>
RefTensor reduce(ReduceOp op, const RefTensor &x, double init,
                 const std::function<double(double, double)> &f) {
  RefTensor out = resultLike(op.getResult());
  std::fill(out.data.begin(), out.data.end(), init);
  std::vector<bool> reduced(x.shape.size(), false);
  for (std::int64_t axis : op.getAxes())
    reduced[axis] = true;
  Shape kept = x.shape;
  for (std::size_t d = 0; d < kept.size(); ++d)
    if (reduced[d])
      kept[d] = 1;
  Shape keptStrides = stridesOf(kept);
  forEachIndex(x.shape, [&](const Shape &index, std::int64_t flat) {
    std::int64_t o = 0;
    for (std::size_t d = 0; d < index.size(); ++d)
      if (!reduced[d])
        o += index[d] * keptStrides[d];
    out.data[o] = f(out.data[o], x.data[flat]);
  });
  for (double &v : out.data)
    v = store(v, out.kind);
  return out;
}

RefTensor matmul(ops::MatmulOp op, const RefTensor &a, const RefTensor &b) {
  // numpy: 1-D operands become [1, k] / [k, 1]; batches broadcast.
  Shape as = a.shape.size() == 1 ? Shape{1, a.shape[0]} : a.shape;
  Shape bs = b.shape.size() == 1 ? Shape{b.shape[0], 1} : b.shape;
  std::int64_t n = as[as.size() - 2], k = as.back(), m = bs.back();
  Shape ab(as.begin(), as.end() - 2), bb(bs.begin(), bs.end() - 2);
  std::size_t rank = std::max(ab.size(), bb.size());
  ab.insert(ab.begin(), rank - ab.size(), 1);
  bb.insert(bb.begin(), rank - bb.size(), 1);
  Shape batch(rank);
  for (std::size_t d = 0; d < rank; ++d)
    batch[d] = std::max(ab[d], bb[d]);
  Shape abStrides = stridesOf(ab), bbStrides = stridesOf(bb);
  RefTensor out = resultLike(op.getResult());
  forEachIndex(batch, [&](const Shape &index, std::int64_t flat) {
    std::int64_t ao = 0, bo = 0;
    for (std::size_t d = 0; d < rank; ++d) {
      ao += (ab[d] == 1 ? 0 : index[d]) * abStrides[d];
      bo += (bb[d] == 1 ? 0 : index[d]) * bbStrides[d];
    }
    const double *pa = a.data.data() + ao * n * k;
    const double *pb = b.data.data() + bo * k * m;
    double *po = out.data.data() + flat * n * m;
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t j = 0; j < m; ++j) {
        double sum = 0;
        for (std::int64_t l = 0; l < k; ++l)
          sum += pa[i * k + l] * pb[l * m + j];
        po[i * m + j] = store(sum, out.kind);
      }
  });
  return out;
}

/// For each element of a tensor of `shape`, the group it falls in when the
/// `axes` are reduced (row-major over the kept dimensions).
std::vector<std::int64_t> groupsOf(const Shape &shape,
                                   ArrayRef<std::int64_t> axes) {
  Shape kept = shape;
  for (std::int64_t axis : axes)
    kept[axis] = 1;
  Shape keptStrides = stridesOf(kept);
  std::vector<std::int64_t> groups;
  forEachIndex(shape, [&](const Shape &index, std::int64_t) {
    std::int64_t g = 0;
    for (std::size_t d = 0; d < index.size(); ++d)
      g += (kept[d] == 1 ? 0 : index[d]) * keptStrides[d];
    groups.push_back(g);
  });
  return groups;
}

/// Per group of `groups` (numGroups of them): the sum of f(element, group).
std::vector<double>
groupSums(const RefTensor &x, const std::vector<std::int64_t> &groups,
          std::int64_t numGroups,
          const std::function<double(double, std::int64_t)> &f) {
  std::vector<double> sums(numGroups, 0.0);
  for (std::size_t i = 0; i < groups.size(); ++i)
    sums[groups[i]] += f(x.data[i], groups[i]);
  return sums;
}

/// The composite reductions, straight from their definitions: mean, var and
/// std (`ddof`, `root`), logsumexp.
enum class Composite { Mean, Var, Std, LogSumExp };
RefTensor compositeReduce(Operation *op, const RefTensor &x,
                          ArrayRef<std::int64_t> axes, Composite kind,
                          std::int64_t ddof = 0) {
  RefTensor out = resultLike(op->getResult(0));
  const std::vector<std::int64_t> groups = groupsOf(x.shape, axes);
  const std::int64_t n = out.numel();
  double count = 1;
  for (std::int64_t axis : axes)
    count *= static_cast<double>(x.shape[axis]);
  auto identity = [](double v, std::int64_t) { return v; };
  std::vector<double> mean = groupSums(x, groups, n, identity);
  for (double &m : mean)
    m /= count;
  if (kind == Composite::Mean) {
    out.data = mean;
  } else if (kind == Composite::LogSumExp) {
    std::vector<double> m(n, -std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < groups.size(); ++i)
      m[groups[i]] = std::isnan(x.data[i]) || std::isnan(m[groups[i]])
                         ? NAN
                         : std::max(m[groups[i]], x.data[i]);
    for (double &v : m)
      v = std::isinf(v) ? 0.0 : v;
    std::vector<double> sums =
        groupSums(x, groups, n,
                  [&](double v, std::int64_t g) { return std::exp(v - m[g]); });
    for (std::int64_t g = 0; g < n; ++g)
      out.data[g] = std::log(sums[g]) + m[g];
  } else {
    std::vector<double> squares =
        groupSums(x, groups, n, [&](double v, std::int64_t g) {
          return (v - mean[g]) * (v - mean[g]);
        });
    const double divisor = std::max(0.0, count - static_cast<double>(ddof));
    for (std::int64_t g = 0; g < n; ++g)
      out.data[g] = kind == Composite::Std ? std::sqrt(squares[g] / divisor)
                                           : squares[g] / divisor;
  }
  for (double &v : out.data)
    v = store(v, out.kind);
  return out;
}

/// softmax (or log_softmax) along `axis`.
RefTensor softmaxAlong(Operation *op, const RefTensor &x, std::int64_t axis,
                       bool log) {
  RefTensor out = resultLike(op->getResult(0));
  const std::vector<std::int64_t> groups = groupsOf(x.shape, {axis});
  std::int64_t n = 1;
  for (std::size_t d = 0; d < x.shape.size(); ++d)
    if (static_cast<std::int64_t>(d) != axis)
      n *= x.shape[d];
  std::vector<double> m(n, -std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < groups.size(); ++i)
    m[groups[i]] = std::max(m[groups[i]], x.data[i]);
  std::vector<double> sums =
      groupSums(x, groups, n,
                [&](double v, std::int64_t g) { return std::exp(v - m[g]); });
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const double shifted = x.data[i] - m[groups[i]];
    out.data[i] = store(log ? shifted - std::log(sums[groups[i]])
                            : std::exp(shifted) / sums[groups[i]],
                        out.kind);
  }
  return out;
}

/// Calls f(sliceIndex flat, source flat) for the positions a slice takes.
void forEachSliced(const Shape &sliceShape, const Shape &sourceShape,
                   ArrayRef<std::int64_t> starts, ArrayRef<std::int64_t> steps,
                   const std::function<void(std::int64_t, std::int64_t)> &f) {
  Shape strides = stridesOf(sourceShape);
  forEachIndex(sliceShape, [&](const Shape &index, std::int64_t flat) {
    std::int64_t src = 0;
    for (std::size_t d = 0; d < index.size(); ++d)
      src += (starts[d] + index[d] * steps[d]) * strides[d];
    f(flat, src);
  });
}

class Interpreter {
public:
  std::vector<RefTensor> run(func::FuncOp func,
                             const std::vector<RefTensor> &args) {
    if (func.isExternal())
      fail(func, cat("function @", func.getSymName().str(), " has no body"));
    if (args.size() != func.getNumArguments())
      fail(func, cat("@", func.getSymName().str(), " takes ",
                     func.getNumArguments(), " arguments, got ", args.size()));
    llvm::DenseMap<Value, RefTensor> env;
    for (auto [arg, value] : llvm::zip_equal(func.getArguments(), args)) {
      if (!value.hasType(arg.getType()))
        fail(func, cat("argument #", arg.getArgNumber(), " expects ",
                       typeName(arg.getType()), ", got ", value.typeString()));
      env[arg] = value;
    }
    for (Operation &op : func.getBody().front()) {
      auto get = [&](Value v) -> const RefTensor & {
        auto it = env.find(v);
        if (it == env.end())
          fail(&op, "operand not evaluated");
        return it->second;
      };
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        std::vector<RefTensor> results;
        for (Value v : ret.getOperands())
          results.push_back(get(v));
        return results;
      }
      if (auto call = dyn_cast<func::CallOp>(op)) {
        auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
            call, call.getCalleeAttr());
        if (!callee)
          fail(&op, "unknown callee");
        std::vector<RefTensor> in;
        for (Value v : call.getOperands())
          in.push_back(get(v));
        std::vector<RefTensor> out = run(callee, in);
        for (auto [result, value] : llvm::zip_equal(call.getResults(), out))
          env[result] = value;
        continue;
      }
      if (op.getNumResults() != 1)
        fail(&op, "unsupported op");
      RefTensor value = evalOp(&op, get);
      if (!value.hasType(op.getResult(0).getType()))
        fail(&op, cat("interpreter produced ", value.typeString()));
      env[op.getResult(0)] = std::move(value);
    }
    fail(func, "no return");
  }

private:
  static std::string typeName(Type type) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << type;
    return s;
  }

  template <typename Get> RefTensor evalOp(Operation *op, Get &&get) {
    auto in = [&](unsigned i) -> const RefTensor & {
      return get(op->getOperand(i));
    };
    auto unary = [&](double (*f)(double)) {
      return elementwise(op, {&in(0)},
                         [f](const double *v) { return f(v[0]); });
    };
    auto binary = [&](const std::function<double(double, double)> &f) {
      return elementwise(op, {&in(0), &in(1)},
                         [&](const double *v) { return f(v[0], v[1]); });
    };
    bool isFloat = op->getNumOperands() > 0 && in(0).isFloat();
    return llvm::TypeSwitch<Operation *, RefTensor>(op)
        .Case([&](ops::ConstantOp c) {
          return RefTensor::fromAttr(c.getValue());
        })
        .Case([&](ops::AddOp) {
          return binary([](double a, double b) { return a + b; });
        })
        .Case([&](ops::SubOp) {
          return binary([](double a, double b) { return a - b; });
        })
        .Case([&](ops::MulOp) {
          return binary([](double a, double b) { return a * b; });
        })
        .Case([&](ops::DivOp) {
          return binary([&](double a, double b) {
            if (isFloat)
              return a / b;
            if (b == 0)
              fail(op, "integer division by zero");
            return std::trunc(a / b);
          });
        })
        .Case([&](ops::PowOp) {
          return binary([&](double a, double b) {
            return isFloat ? std::pow(a, b) : intPow(a, b, op);
          });
        })
        .Case([&](ops::MaximumOp) {
          return binary([](double a, double b) {
            return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
          });
        })
        .Case([&](ops::MinimumOp) {
          return binary([](double a, double b) {
            return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
          });
        })
        .Case([&](ops::NegOp) { return unary([](double v) { return -v; }); })
        .Case([&](ops::AbsOp) {
          return unary([](double v) { return std::fabs(v); });
        })
        .Case([&](ops::SignOp) {
          return unary([](double v) {
            return std::isnan(v) ? v : double((0 < v) - (v < 0));
          });
        })
        .Case([&](ops::ReluOp) {
          return unary([](double v) { return v > 0 ? v : 0.0; });
        })
        .Case([&](ops::ExpOp) {
          return unary([](double v) { return std::exp(v); });
        })
        .Case([&](ops::LogOp) {
          return unary([](double v) { return std::log(v); });
        })
        .Case([&](ops::Log1pOp) {
          return unary([](double v) { return std::log1p(v); });
        })
        .Case([&](ops::Expm1Op) {
          return unary([](double v) { return std::expm1(v); });
        })
        .Case([&](ops::SqrtOp) {
          return unary([](double v) { return std::sqrt(v); });
        })
        .Case([&](ops::TanhOp) {
          return unary([](double v) { return std::tanh(v); });
        })
        .Case([&](ops::SigmoidOp) {
          return unary([](double v) {
            if (v >= 0)
              return 1 / (1 + std::exp(-v));
            double e = std::exp(v);
            return e / (1 + e);
          });
        })
        .Case([&](ops::SoftplusOp) {
          return unary([](double v) {
            return (v > 0 ? v : 0.0) + std::log1p(std::exp(-std::fabs(v)));
          });
        })
        .Case([&](ops::GeluOp) {
          return unary([](double v) {
            const double beta = 0.7978845608028654, kappa = 0.044715;
            return 0.5 * v * (1 + std::tanh(beta * (v + kappa * v * v * v)));
          });
        })
        .Case([&](ops::ClipOp c) {
          std::optional<double> lo, hi;
          if (auto l = c.getLo())
            lo = l->convertToDouble();
          if (auto h = c.getHi())
            hi = h->convertToDouble();
          if (!isFloat) { // integer bounds truncate
            lo = lo ? std::optional(std::trunc(*lo)) : std::nullopt;
            hi = hi ? std::optional(std::trunc(*hi)) : std::nullopt;
          }
          return elementwise(op, {&in(0)}, [lo, hi](const double *v) {
            double r = lo && v[0] < *lo ? *lo : v[0];
            return hi && r > *hi ? *hi : r;
          });
        })
        .Case([&](ops::ReduceMeanOp r) {
          return compositeReduce(op, in(0), r.getAxes(), Composite::Mean);
        })
        .Case([&](ops::VarOp r) {
          return compositeReduce(op, in(0), r.getAxes(), Composite::Var,
                                 static_cast<std::int64_t>(r.getDdof()));
        })
        .Case([&](ops::StdOp r) {
          return compositeReduce(op, in(0), r.getAxes(), Composite::Std,
                                 static_cast<std::int64_t>(r.getDdof()));
        })
        .Case([&](ops::LogSumExpOp r) {
          return compositeReduce(op, in(0), r.getAxes(), Composite::LogSumExp);
        })
        .Case([&](ops::SoftmaxOp s) {
          return softmaxAlong(op, in(0), static_cast<std::int64_t>(s.getAxis()),
                              false);
        })
        .Case([&](ops::LogSoftmaxOp s) {
          return softmaxAlong(op, in(0), static_cast<std::int64_t>(s.getAxis()),
                              true);
        })
        .Case([&](ops::SinOp) {
          return unary([](double v) { return std::sin(v); });
        })
        .Case([&](ops::CosOp) {
          return unary([](double v) { return std::cos(v); });
        })
        .Case([&](ops::TanOp) {
          return unary([](double v) { return std::tan(v); });
        })
        .Case([&](ops::FloorOp) {
          return unary([](double v) { return std::floor(v); });
        })
        .Case([&](ops::CeilOp) {
          return unary([](double v) { return std::ceil(v); });
        })
        .Case([&](ops::RoundOp) {
          return unary([](double v) { return std::nearbyint(v); });
        })
        .Case([&](ops::CompareOp c) {
          ops::CompareMode mode = c.getPredicate();
          return binary([mode](double a, double b) -> double {
            switch (mode) {
            case ops::CompareMode::eq:
              return a == b;
            case ops::CompareMode::ne:
              return a != b;
            case ops::CompareMode::lt:
              return a < b;
            case ops::CompareMode::le:
              return a <= b;
            case ops::CompareMode::gt:
              return a > b;
            case ops::CompareMode::ge:
              return a >= b;
            }
            return 0;
          });
        })
        .Case([&](ops::SelectOp) {
          return elementwise(op, {&in(0), &in(1), &in(2)}, [](const double *v) {
            return v[0] ? v[1] : v[2];
          });
        })
        .Case([&](ops::StopGradientOp) { return in(0); })
        .Case([&](ops::CastOp c) {
          ElementKind to = elementKindOf(c.getType());
          bool toInt = to == ElementKind::I32 || to == ElementKind::I64;
          return unary(toInt ? +[](double v) { return std::trunc(v); }
                             : +[](double v) { return v; });
        })
        .Case([&](ops::BroadcastToOp b) {
          const RefTensor &x = in(0);
          RefTensor out = resultLike(b.getResult());
          ArrayRef<std::int64_t> dims = b.getDimensions();
          Shape xStrides = stridesOf(x.shape);
          forEachIndex(out.shape, [&](const Shape &index, std::int64_t flat) {
            std::int64_t src = 0;
            for (std::size_t i = 0; i < dims.size(); ++i)
              src += (x.shape[i] == 1 ? 0 : index[dims[i]]) * xStrides[i];
            out.data[flat] = x.data[src];
          });
          return out;
        })
        .Case([&](ops::ReduceSumOp r) {
          return reduce(r, in(0), 0.0,
                        [](double a, double v) { return a + v; });
        })
        .Case([&](ops::ReduceMaxOp r) {
          return reduce(r, in(0), -std::numeric_limits<double>::infinity(),
                        [](double a, double v) {
                          return std::isnan(a) || std::isnan(v)
                                     ? NAN
                                     : std::max(a, v);
                        });
        })
        .Case([&](ops::ReduceMinOp r) {
          return reduce(r, in(0), std::numeric_limits<double>::infinity(),
                        [](double a, double v) {
                          return std::isnan(a) || std::isnan(v)
                                     ? NAN
                                     : std::min(a, v);
                        });
        })
        .Case([&](ops::LinearScanOp s) {
          // In scan order along the axis: s_0 = b_0, s_k = a_k s_{k-1} + b_k
          // (a zero a_k ends the chain with strong_zero).
          const RefTensor &a = in(0), &b = in(1);
          RefTensor out = resultLike(s.getResult());
          const auto axis = static_cast<std::size_t>(s.getAxis());
          const std::int64_t n = a.shape[axis];
          const std::int64_t stride = stridesOf(a.shape)[axis];
          forEachIndex(a.shape, [&](const Shape &index, std::int64_t flat) {
            const std::int64_t k =
                s.getReverse() ? n - 1 - index[axis] : index[axis];
            if (k != 0)
              return; // each lane is computed from its first position
            const std::int64_t step = s.getReverse() ? -stride : stride;
            double carried = b.data[flat];
            out.data[flat] = carried;
            for (std::int64_t j = 1; j < n; ++j) {
              const std::int64_t at = flat + j * step;
              const double term = s.getStrongZero() && a.data[at] == 0
                                      ? 0.0
                                      : a.data[at] * carried;
              carried = term + b.data[at];
              out.data[at] = carried;
            }
          });
          return out;
        })
        .Case([&](ops::ReduceProdOp r) {
          return reduce(r, in(0), 1.0,
                        [](double a, double v) { return a * v; });
        })
        .Case([&](ops::ReshapeOp r) {
          RefTensor out = in(0);
          out.shape = shapeOf(r.getType());
          return out;
        })
        .Case([&](ops::TransposeOp t) {
          const RefTensor &x = in(0);
          RefTensor out = resultLike(t.getResult());
          ArrayRef<std::int64_t> perm = t.getPermutation();
          Shape xStrides = stridesOf(x.shape);
          forEachIndex(out.shape, [&](const Shape &index, std::int64_t flat) {
            std::int64_t src = 0;
            for (std::size_t i = 0; i < perm.size(); ++i)
              src += index[i] * xStrides[perm[i]];
            out.data[flat] = x.data[src];
          });
          return out;
        })
        .Case([&](ops::MatmulOp m) { return matmul(m, in(0), in(1)); })
        .Case([&](ops::SliceOp s) {
          const RefTensor &x = in(0);
          RefTensor out = resultLike(s.getResult());
          forEachSliced(out.shape, x.shape, s.getStarts(), s.getSteps(),
                        [&](std::int64_t flat, std::int64_t src) {
                          out.data[flat] = x.data[src];
                        });
          return out;
        })
        .Case([&](ops::InsertSliceOp s) {
          const RefTensor &source = in(0);
          RefTensor out = in(1);
          forEachSliced(source.shape, out.shape, s.getStarts(), s.getSteps(),
                        [&](std::int64_t flat, std::int64_t dst) {
                          out.data[dst] = source.data[flat];
                        });
          return out;
        })
        .Case([&](ops::ConcatOp c) {
          RefTensor out = resultLike(c.getResult());
          std::int64_t axis = static_cast<std::int64_t>(c.getAxis());
          Shape outStrides = stridesOf(out.shape);
          std::int64_t offset = 0;
          for (unsigned i = 0; i < op->getNumOperands(); ++i) {
            const RefTensor &x = in(i);
            forEachIndex(x.shape, [&](const Shape &index, std::int64_t flat) {
              Shape at = index;
              at[axis] += offset;
              out.data[flatten(at, outStrides)] = x.data[flat];
            });
            offset += x.shape[axis];
          }
          return out;
        })
        .Case([&](ops::GatherOp g) {
          const RefTensor &x = in(0), &idx = in(1);
          RefTensor out = resultLike(g.getResult());
          std::int64_t axis = static_cast<std::int64_t>(g.getAxis());
          std::int64_t k = static_cast<std::int64_t>(idx.shape.size());
          Shape xStrides = stridesOf(x.shape), iStrides = stridesOf(idx.shape);
          forEachIndex(out.shape, [&](const Shape &index, std::int64_t flat) {
            Shape at(index.begin(), index.begin() + axis);
            at.push_back(indexAt(idx, index, axis, k, iStrides, x.shape[axis]));
            at.insert(at.end(), index.begin() + axis + k, index.end());
            out.data[flat] = x.data[flatten(at, xStrides)];
          });
          return out;
        })
        .Case([&](ops::ScatterAddOp s) {
          const RefTensor &idx = in(1), &updates = in(2);
          RefTensor out = in(0);
          std::int64_t axis = static_cast<std::int64_t>(s.getAxis());
          std::int64_t k = static_cast<std::int64_t>(idx.shape.size());
          Shape outStrides = stridesOf(out.shape),
                iStrides = stridesOf(idx.shape);
          forEachIndex(
              updates.shape, [&](const Shape &index, std::int64_t flat) {
                Shape at(index.begin(), index.begin() + axis);
                at.push_back(
                    indexAt(idx, index, axis, k, iStrides, out.shape[axis]));
                at.insert(at.end(), index.begin() + axis + k, index.end());
                out.data[flatten(at, outStrides)] += updates.data[flat];
              });
          return out;
        })
        .Default([&](Operation *) -> RefTensor { fail(op, "unsupported op"); });
  }
};

} // namespace

ElementKind elementKindOf(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (element.isF32())
    return ElementKind::F32;
  if (element.isF64())
    return ElementKind::F64;
  if (element.isSignlessInteger(1))
    return ElementKind::I1;
  if (element.isSignlessInteger(32))
    return ElementKind::I32;
  if (element.isSignlessInteger(64))
    return ElementKind::I64;
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  throw std::runtime_error(cat("npg interpreter: unsupported type ", s));
}

const char *elementKindName(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "f32";
  case ElementKind::F64:
    return "f64";
  case ElementKind::I1:
    return "i1";
  case ElementKind::I32:
    return "i32";
  case ElementKind::I64:
    return "i64";
  }
  return "?";
}

RefTensor::RefTensor(std::vector<std::int64_t> shape, ElementKind kind,
                     std::vector<double> data)
    : shape(std::move(shape)), kind(kind), data(std::move(data)) {
  if (static_cast<std::int64_t>(this->data.size()) != numel())
    throw std::runtime_error(
        cat("RefTensor: ", this->data.size(), " elements for ", typeString()));
  for (double &v : this->data)
    v = store(v, kind);
}

RefTensor::RefTensor(std::vector<std::int64_t> shape, ElementKind kind)
    : shape(std::move(shape)), kind(kind), data(product(this->shape), 0.0) {}

std::int64_t RefTensor::numel() const { return product(shape); }

std::string RefTensor::typeString() const {
  std::ostringstream os;
  os << "tensor<";
  for (std::int64_t d : shape)
    os << d << "x";
  os << elementKindName(kind) << ">";
  return os.str();
}

bool RefTensor::hasType(Type type) const {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor &&
         Shape(tensor.getShape().begin(), tensor.getShape().end()) == shape &&
         elementKindOf(type) == kind;
}

RefTensor RefTensor::fromAttr(ElementsAttr attr) {
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    throw std::runtime_error("npg interpreter: only dense constants");
  RefTensor out(shapeOf(dense.getType()), elementKindOf(dense.getType()));
  std::int64_t i = 0;
  if (out.isFloat()) {
    for (const APFloat &v : dense.getValues<APFloat>())
      out.data[i++] = v.convertToDouble();
  } else if (out.kind == ElementKind::I1) {
    for (bool v : dense.getValues<bool>())
      out.data[i++] = v;
  } else {
    for (const APInt &v : dense.getValues<APInt>())
      out.data[i++] = static_cast<double>(v.getSExtValue());
  }
  return out;
}

std::vector<RefTensor> evaluate(func::FuncOp func,
                                const std::vector<RefTensor> &args) {
  return Interpreter().run(func, args);
}

} // namespace npg::testing

// numpy's repr: array([[1. , 2.5],\n       [3. , 4. ]], dtype=float32), and
// PyTorch's autograd suffix: array([2., 4.], grad_fn=<Add>).
#include "Internal.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <ostream>
#include <sstream>

namespace npg {

namespace {

constexpr std::int64_t summary_threshold = 1000; // numpy's threshold
constexpr std::int64_t edge_items = 3;
constexpr std::size_t line_width = 75;

std::string printf_string(const char *format, double v, int precision) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, precision, v);
  return buf;
}

/// Formats every element alike, as numpy's FloatingFormat does in its
/// default 'maxprec' mode: each value with the fewest digits (at most 8
/// after the point) that read back as the same value in its own precision,
/// so 0.1f prints as 0.1; decimal points aligned.
class FloatFormat {
public:
  FloatFormat(const std::vector<double> &values, bool single)
      : single_(single) {
    double max_abs = 0, min_abs = INFINITY;
    bool any_finite = false;
    for (double v : values)
      if (std::isfinite(v)) {
        any_finite = true;
        max_abs = std::max(max_abs, std::abs(v));
        if (v != 0)
          min_abs = std::min(min_abs, std::abs(v));
      }
    scientific_ =
        any_finite && (max_abs >= 1e8 || (min_abs < 1e-4 && min_abs > 0) ||
                       (min_abs < INFINITY && max_abs / min_abs > 1e3));
    for (double v : values)
      if (std::isfinite(v))
        precision_ = std::max(precision_, unique_precision(v));
    for (double v : values) {
      const std::string s = raw(v);
      if (std::isfinite(v)) {
        const std::size_t dot = s.find('.');
        int_width_ = std::max(int_width_, dot);
        frac_width_ = std::max(frac_width_, s.size() - dot);
      } else {
        width_ = std::max(width_, s.size());
      }
    }
    width_ = std::max(width_, int_width_ + frac_width_);
  }

  std::string operator()(double v) const {
    std::string s = raw(v);
    if (std::isfinite(v)) {
      const std::size_t dot = s.find('.');
      s = std::string(int_width_ - dot, ' ') + s +
          std::string(frac_width_ - (s.size() - dot), ' ');
    }
    return std::string(width_ - s.size(), ' ') + s;
  }

private:
  /// The fewest digits after the point (at most 8) with which v reads back
  /// unchanged in its own precision.
  int unique_precision(double v) const {
    for (int p = 0; p < 8; ++p) {
      const double back = std::strtod(
          printf_string(scientific_ ? "%.*e" : "%.*f", v, p).c_str(), nullptr);
      if (single_ ? static_cast<float>(back) == static_cast<float>(v)
                  : back == v)
        return p;
    }
    return 8;
  }
  std::string raw(double v) const {
    if (std::isnan(v))
      return "nan";
    if (std::isinf(v))
      return v > 0 ? "inf" : "-inf";
    if (scientific_) {
      std::string s = printf_string("%.*e", v, precision_);
      if (precision_ == 0)
        s.insert(s.find('e'), ".");
      return s;
    }
    // Positional values keep their own digits; padding aligns them.
    const int p = unique_precision(v);
    std::string s = printf_string("%.*f", v, p);
    if (p == 0)
      return s + '.';
    // Cut at 8 digits, a value can round to trailing zeros, which numpy
    // drops (3.3593432000001 prints as 3.3593432).
    s.erase(std::max(s.find_last_not_of('0') + 1, s.find('.') + 1));
    return s;
  }

  bool single_;
  bool scientific_ = false;
  int precision_ = 0;
  std::size_t int_width_ = 0, frac_width_ = 0, width_ = 0;
};

class Printer {
public:
  explicit Printer(const Array &a)
      : a_(a.contiguous()), summarize_(a.size() > summary_threshold) {
    visit(a_.dtype(), [&]<class T>(std::type_identity<T>) {
      const T *p = static_cast<const T *>(a_.raw_data());
      std::vector<double> shown;
      for_each_shown(0, 0, [&](std::int64_t i) {
        shown.push_back(static_cast<double>(p[i]));
      });
      if constexpr (std::is_floating_point_v<T>) {
        const FloatFormat format(shown, std::is_same_v<T, float>);
        element_ = [format, p](std::int64_t i) {
          return format(static_cast<double>(p[i]));
        };
      } else {
        std::size_t width = 0;
        auto text = [](T v) {
          if constexpr (std::is_same_v<T, bool>)
            return std::string(v ? "True" : "False");
          else
            return std::to_string(v);
        };
        for_each_shown(0, 0, [&](std::int64_t i) {
          width = std::max(width, text(p[i]).size());
        });
        element_ = [text, width, p](std::int64_t i) {
          const std::string s = text(p[i]);
          return std::string(width - s.size(), ' ') + s;
        };
      }
    });
  }

  std::string body(std::size_t indent) {
    if (a_.ndim() == 0)
      return element_(0);
    return block(0, 0, indent);
  }

private:
  bool elided(std::int64_t n) const { return summarize_ && n > 2 * edge_items; }

  template <class F>
  void for_each_shown(std::int64_t dim, std::int64_t base, F &&f) {
    if (dim == a_.ndim()) {
      f(base);
      return;
    }
    const std::int64_t n = a_.shape()[dim], stride = a_.strides()[dim];
    for (std::int64_t i = 0; i < n; ++i) {
      if (elided(n) && i == edge_items)
        i = n - edge_items;
      for_each_shown(dim + 1, base + i * stride, f);
    }
  }

  std::string block(std::int64_t dim, std::int64_t base, std::size_t indent) {
    const std::int64_t n = a_.shape()[dim], stride = a_.strides()[dim];
    const bool last = dim == a_.ndim() - 1;
    const std::string pad(indent + dim + 1, ' ');
    const std::string between =
        last ? ", " : "," + std::string(a_.ndim() - dim - 1, '\n') + pad;
    std::string out = "[";
    std::size_t column = indent + dim + 1;
    for (std::int64_t i = 0; i < n; ++i) {
      if (elided(n) && i == edge_items) {
        out += last ? "..., " : std::string("...") + between;
        column += 5;
        i = n - edge_items;
      }
      std::string item = last ? element_(base + i * stride)
                              : block(dim + 1, base + i * stride, indent);
      if (last && i > 0 && column + item.size() + 2 > line_width) {
        out.pop_back(); // the space of ", "
        out += "\n" + pad;
        column = pad.size();
      }
      out += item;
      column += item.size() + 2;
      if (i + 1 < n)
        out += between;
    }
    return out + "]";
  }

  Array a_;
  bool summarize_;
  std::function<std::string(std::int64_t)> element_;
};

/// PyTorch's: ", grad_fn=<Add>" for an array an op recorded, ",
/// requires_grad=True" for a leaf that requires grad, else nothing.
std::string autograd_suffix(const Array &a) {
  if (const auto &fn = a.grad_fn())
    return ", grad_fn=<" + std::string(fn->name()) + ">";
  return a.requires_grad() ? ", requires_grad=True" : "";
}

} // namespace

std::string repr(const Array &a) {
  if (!a.defined())
    return "Array(undefined)";
  const bool default_dtype =
      a.dtype() == float64 || a.dtype() == int64 || a.dtype() == bool_;
  std::string s = "array(";
  if (a.size() == 0) {
    s += "[]";
    if (a.ndim() > 1) {
      std::string shape = format_shape(a.shape());
      for (std::size_t i = 0; i < shape.size(); ++i)
        if (shape[i] == ',' && i + 1 < shape.size() && shape[i + 1] != ')')
          shape.insert(++i, " ");
      s += ", shape=" + shape;
    }
    return s + ", dtype=" + std::string(name(a.dtype())) + autograd_suffix(a) +
           ")";
  }
  s += Printer(a).body(s.size());
  if (!default_dtype)
    s += ", dtype=" + std::string(name(a.dtype()));
  return s + autograd_suffix(a) + ")";
}

std::ostream &operator<<(std::ostream &os, const Array &a) {
  return os << repr(a);
}

} // namespace npg

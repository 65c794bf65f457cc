// The .npy format (numpy's NEP 1): a magic string, a version, a header that
// is a Python dict literal ({'descr': '<f8', 'fortran_order': False,
// 'shape': (2, 3), }) padded to a multiple of 64 bytes, then the elements.
#include "IoUtil.h"
#include "npg/Creation.h"
#include "npg/Extension.h"
#include "npg/npg.h"

#include "npg/io.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstring>
#include <sstream>

namespace npg {

namespace {

constexpr char magic[] = "\x93NUMPY";
constexpr std::size_t magic_len = 6;

/// numpy's descr for a dtype, little-endian.
std::string descr_of(DType d) {
  switch (d) {
  case DType::Bool:
    return "|b1";
  case DType::Int32:
    return "<i4";
  case DType::Int64:
    return "<i8";
  case DType::Float32:
    return "<f4";
  case DType::Float64:
    break;
  }
  return "<f8";
}

std::string shape_literal(const Shape &shape) {
  std::ostringstream os;
  os << "(";
  for (std::size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  if (shape.size() == 1)
    os << ",";
  os << ")";
  return os.str();
}

/// Reverses the bytes of every `width`-byte element of `data`.
void swap_bytes(char *data, std::size_t count, std::size_t width) {
  for (std::size_t i = 0; i < count; ++i)
    std::reverse(data + i * width, data + (i + 1) * width);
}

// --- Reading the header: a small parser for the dict literal
// -------------------

struct Header {
  std::string descr;
  bool fortran_order = false;
  Shape shape;
  bool has_descr = false, has_order = false, has_shape = false;
};

class HeaderParser {
public:
  HeaderParser(std::string_view text, const std::string &what)
      : s_(text), what_(what) {}

  Header parse() {
    Header h;
    expect('{');
    while (true) {
      skip();
      if (peek() == '}')
        break;
      const std::string key = string();
      expect(':');
      if (key == "descr") {
        h.descr = string();
        h.has_descr = true;
      } else if (key == "fortran_order") {
        h.fortran_order = boolean();
        h.has_order = true;
      } else if (key == "shape") {
        h.shape = tuple();
        h.has_shape = true;
      } else {
        bad("an unknown key '" + key + "'");
      }
      skip();
      if (peek() == ',') {
        ++at_;
        continue;
      }
      skip();
      if (peek() != '}')
        bad("',' or '}' after the value of '" + key + "'");
    }
    ++at_;
    if (!h.has_descr || !h.has_order || !h.has_shape)
      bad("the keys 'descr', 'fortran_order' and 'shape'");
    return h;
  }

private:
  [[noreturn]] void bad(const std::string &wanted) const {
    fail(what_, ": not a valid .npy header (expected ", wanted,
         " at character ", at_, " of \"", std::string(s_), "\")");
  }
  void skip() {
    while (at_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[at_])))
      ++at_;
  }
  char peek() const { return at_ < s_.size() ? s_[at_] : '\0'; }
  void expect(char c) {
    skip();
    if (peek() != c)
      bad(std::string("'") + c + "'");
    ++at_;
  }
  std::string string() {
    skip();
    const char q = peek();
    if (q != '\'' && q != '"')
      bad("a quoted string");
    const std::size_t end = s_.find(q, at_ + 1);
    if (end == std::string_view::npos)
      bad("a closing quote");
    std::string out(s_.substr(at_ + 1, end - at_ - 1));
    at_ = end + 1;
    return out;
  }
  bool boolean() {
    skip();
    for (const auto &[word, value] :
         {std::pair<std::string_view, bool>{"True", true}, {"False", false}})
      if (s_.substr(at_, word.size()) == word) {
        at_ += word.size();
        return value;
      }
    bad("True or False");
  }
  Shape tuple() {
    expect('(');
    Shape shape;
    while (true) {
      skip();
      if (peek() == ')')
        break;
      std::int64_t v = 0;
      bool digits = false;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, peek() - '0', &v))
          bad("a shape extent that fits in int64");
        digits = true;
        ++at_;
      }
      if (!digits)
        bad("a non-negative integer in the shape");
      if (peek() == 'L') // Python 2's long literals
        ++at_;
      shape.push_back(v);
      skip();
      if (peek() == ',')
        ++at_;
      else if (peek() != ')')
        bad("',' or ')' in the shape");
    }
    ++at_;
    return shape;
  }

  std::string_view s_;
  const std::string &what_;
  std::size_t at_ = 0;
};

/// The npg dtype of a numpy descr, and whether its bytes need swapping.
std::pair<DType, bool> dtype_of_descr(const std::string &descr,
                                      const std::string &what) {
  if (descr.size() >= 2) {
    const char order = descr[0];
    const std::string kind = descr.substr(1);
    const bool big = order == '>' ||
                     (order == '=' && std::endian::native == std::endian::big);
    const bool known_order =
        order == '<' || order == '>' || order == '|' || order == '=';
    const bool swap = big != (std::endian::native == std::endian::big);
    if (known_order) {
      if (kind == "b1")
        return {bool_, false};
      if (kind == "i4")
        return {int32, swap};
      if (kind == "i8")
        return {int64, swap};
      if (kind == "f4")
        return {float32, swap};
      if (kind == "f8")
        return {float64, swap};
    }
  }
  fail(what, ": unsupported dtype '", descr,
       "' (npg reads bool '|b1', int32 '<i4', int64 '<i8', float32 '<f4' and "
       "float64 '<f8', in either byte order)");
}

} // namespace

std::string to_npy(const Array &a) {
  const Array c = ext::copy_untracked(a);
  std::string dict =
      "{'descr': '" + descr_of(c.dtype()) +
      "', 'fortran_order': False, 'shape': " + shape_literal(c.shape()) + ", }";
  // Version 1.0 has a 2-byte header length, 2.0 a 4-byte one; the header
  // (with its final '\n') pads the preamble to a multiple of 64 bytes.
  bool v2 = false;
  std::size_t preamble = magic_len + 2 + 2;
  std::size_t total = (preamble + dict.size() + 1 + 63) / 64 * 64;
  if (total - preamble > 65535) {
    v2 = true;
    preamble = magic_len + 2 + 4;
    total = (preamble + dict.size() + 1 + 63) / 64 * 64;
  }
  dict.append(total - preamble - dict.size() - 1, ' ');
  dict += '\n';
  std::string out(magic, magic_len);
  out += static_cast<char>(v2 ? 2 : 1);
  out += '\0';
  io::put_le(out, static_cast<std::uint32_t>(dict.size()), v2 ? 4 : 2);
  out += dict;
  const std::size_t data_at = out.size();
  out.append(static_cast<const char *>(c.raw_data()), c.nbytes());
  if (std::endian::native == std::endian::big)
    swap_bytes(out.data() + data_at, static_cast<std::size_t>(c.size()),
               c.itemsize());
  return out;
}

Array from_npy(std::string_view bytes, const std::string &what) {
  if (bytes.size() < magic_len + 4 ||
      bytes.substr(0, magic_len) != std::string_view(magic, magic_len))
    fail(what, ": not a .npy file (it does not start with the magic string "
               "\"\\x93NUMPY\")");
  const int major = static_cast<unsigned char>(bytes[magic_len]);
  if (major < 1 || major > 3)
    fail(what, ": unsupported .npy format version ", major, ".",
         static_cast<int>(static_cast<unsigned char>(bytes[magic_len + 1])),
         " (npg reads 1.0, 2.0 and 3.0)");
  const std::size_t len_bytes = major == 1 ? 2 : 4;
  if (bytes.size() < magic_len + 2 + len_bytes)
    fail(what, ": truncated .npy header");
  const std::size_t header_len =
      io::get_le(bytes.data() + magic_len + 2, len_bytes);
  const std::size_t data_at = magic_len + 2 + len_bytes + header_len;
  if (bytes.size() < data_at)
    fail(what, ": truncated .npy header (", header_len,
         " bytes announced, the file has ",
         bytes.size() - (magic_len + 2 + len_bytes), ")");
  const Header h =
      HeaderParser(bytes.substr(magic_len + 2 + len_bytes, header_len), what)
          .parse();
  const auto [dtype, swap] = dtype_of_descr(h.descr, what);
  // Fortran order is C order of the reversed shape, transposed.
  Shape stored = h.shape;
  if (h.fortran_order)
    std::reverse(stored.begin(), stored.end());
  // The size check comes before the allocation: a corrupt header must not
  // allocate what it announces.
  const std::size_t available = bytes.size() - data_at;
  std::uint64_t needed = itemsize(dtype);
  for (std::int64_t d : stored)
    if (__builtin_mul_overflow(needed, static_cast<std::uint64_t>(d), &needed))
      fail(what, ": the shape ", format_shape(h.shape), " of dtype ", dtype,
           " has more bytes than can be addressed");
  if (available < needed)
    fail(what, ": truncated data: shape ", format_shape(h.shape), " of dtype ",
         dtype, " needs ", needed, " bytes, the file has ", available);
  Array a = empty(stored, dtype);
  char *p = static_cast<char *>(a.raw_data());
  if (a.nbytes() > 0) // an empty array's data may be null
    std::memcpy(p, bytes.data() + data_at, a.nbytes());
  if (swap)
    swap_bytes(p, static_cast<std::size_t>(a.size()), a.itemsize());
  if (dtype == bool_)
    for (std::int64_t i = 0; i < a.size(); ++i)
      p[i] = p[i] != 0;
  if (h.fortran_order) {
    Strides reversed = a.strides();
    std::reverse(reversed.begin(), reversed.end());
    a = ext::copy_untracked(ext::as_strided(a, h.shape, reversed, 0));
  }
  return a;
}

void save(const std::filesystem::path &path, const Array &a) {
  io::write_file(path, to_npy(a), "save");
}

Array load(const std::filesystem::path &path) {
  return from_npy(io::read_file(path, "load"), path.string());
}

} // namespace npg

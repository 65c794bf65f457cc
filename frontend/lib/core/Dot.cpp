// to_dot: the autograd graph as Graphviz DOT.
#include "Internal.h"

#include "npg/Graph.h"

#include <sstream>
#include <unordered_map>

namespace npg {

namespace {

std::string describe(const Array &a) {
  std::ostringstream os;
  os << format_shape(a.shape()) << " " << a.dtype();
  return os.str();
}

/// The array's label as the first line of its node's text (escaped for a
/// DOT string), or nothing.
std::string label_line(const Array &a) {
  std::string out;
  for (const char c : a.label()) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out.empty() ? out : out + "\\n";
}

} // namespace

std::string to_dot(const Array &root) {
  if (!root.defined())
    fail("to_dot: the array is undefined");
  std::ostringstream os;
  os << "digraph autograd {\n"
     << "  rankdir=BT;\n"
     << "  node [fontname=\"Helvetica\", fontsize=11];\n";
  std::unordered_map<const void *, std::string> ids;
  int next = 0;
  auto id_of = [&](const void *key, bool &fresh) -> const std::string & {
    std::string id = "n";
    id += std::to_string(next);
    auto [it, inserted] = ids.try_emplace(key, std::move(id));
    fresh = inserted;
    if (inserted)
      ++next;
    return it->second;
  };
  // Each node is named once: a Function by its name and the shape of the
  // array it produced, a leaf by its shape and whether it requires grad.
  std::vector<Array> stack;
  auto node = [&](const Array &a) -> std::string {
    bool fresh = false;
    if (const auto &fn = a.grad_fn()) {
      const std::string id = id_of(fn.get(), fresh);
      if (fresh) {
        os << "  " << id << " [label=\"" << label_line(a) << fn->name() << "\\n"
           << describe(a) << "\", shape=ellipse, style=filled, "
           << "fillcolor=\"#fff2cc\"];\n";
        stack.push_back(a);
      }
      return id;
    }
    const std::string id = id_of(a.impl().get(), fresh);
    if (fresh)
      os << "  " << id << " [label=\"" << label_line(a)
         << (a.requires_grad() ? "leaf" : "constant") << "\\n"
         << describe(a) << "\", shape=box, style=filled, fillcolor=\""
         << (a.requires_grad() ? "#cfe2f3" : "#eeeeee") << "\"];\n";
    return id;
  };
  const std::string top = node(root);
  os << "  output [label=\"output\\n"
     << describe(root)
     << "\", shape=box, style=\"filled,bold\", fillcolor=\"#d9ead3\"];\n"
     << "  " << top << " -> output;\n";
  while (!stack.empty()) {
    const Array a = stack.back();
    stack.pop_back();
    const std::string consumer = ids.at(a.grad_fn().get());
    for (const Array &p : a.grad_fn()->parents())
      os << "  " << node(p) << " -> " << consumer << ";\n";
  }
  os << "}\n";
  return os.str();
}

} // namespace npg

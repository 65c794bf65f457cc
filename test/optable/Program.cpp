// The text form of a program: one node per line,
//   %0 = input shape=2,3 lo=-2 hi=2 seed=17
//   %1 = exp %0
//   %2 = sum %1 axes=0 keep=1
// ids are dense and in order; doubles print exactly (%.17g).
#include "OpTable.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace difftest {

bool Node::has(const std::string &key) const {
  for (const auto &[k, v] : attrs)
    if (k == key)
      return true;
  return false;
}

const std::string &Node::attr(const std::string &key) const {
  for (const auto &[k, v] : attrs)
    if (k == key)
      return v;
  throw std::runtime_error("node " + op + " lacks attribute " + key);
}

double Node::num(const std::string &key) const {
  // strtod, not stod: stod throws on denormals (ERANGE), which edge values
  // hold.
  const std::string &text = attr(key);
  char *end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str())
    throw std::runtime_error("attribute " + key + " of " + op +
                             " is not a number: " + text);
  return value;
}

std::int64_t Node::integer(const std::string &key) const {
  return std::stoll(attr(key));
}

std::vector<std::int64_t> Node::ints(const std::string &key) const {
  std::vector<std::int64_t> out;
  std::stringstream in(attr(key));
  std::string item;
  while (std::getline(in, item, ','))
    out.push_back(std::stoll(item));
  return out;
}

void Node::set(const std::string &key, std::string value) {
  for (auto &[k, v] : attrs)
    if (k == key) {
      v = std::move(value);
      return;
    }
  attrs.emplace_back(key, std::move(value));
}

void Node::set(const std::string &key, double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  set(key, std::string(buf));
}

void Node::set(const std::string &key, std::int64_t value) {
  set(key, std::to_string(value));
}

void Node::set(const std::string &key, const std::vector<std::int64_t> &value) {
  std::string s;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (i > 0)
      s.push_back(',');
    s.append(std::to_string(value[i]));
  }
  set(key, s);
}

std::string ref(std::size_t id) {
  std::string s = "%";
  s.append(std::to_string(id));
  return s;
}

std::string print(const Program &p) {
  std::ostringstream out;
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    const Node &n = p.nodes[i];
    out << '%' << i << " = " << n.op;
    for (int a : n.args)
      out << " %" << a;
    for (const auto &[k, v] : n.attrs)
      out << ' ' << k << '=' << v;
    out << '\n';
  }
  return out.str();
}

Program parse(const std::string &text) {
  Program p;
  std::istringstream in(text);
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (auto hash = line.find('#'); hash != std::string::npos)
      line.erase(hash);
    std::istringstream words(line);
    std::string id, eq;
    if (!(words >> id))
      continue;
    const auto bad = [&](const std::string &why) {
      return std::runtime_error("line " + std::to_string(lineno) + ": " + why);
    };
    if (id != ref(p.nodes.size()) || !(words >> eq) || eq != "=")
      throw bad("expected '" + ref(p.nodes.size()) + " ='");
    Node n;
    if (!(words >> n.op))
      throw bad("missing op");
    std::string w;
    while (words >> w) {
      if (w[0] == '%') {
        const int a = std::stoi(w.substr(1));
        if (a < 0 || a >= static_cast<int>(p.nodes.size()))
          throw bad("operand " + w + " is not an earlier node");
        n.args.push_back(a);
      } else if (auto eqpos = w.find('='); eqpos != std::string::npos) {
        n.attrs.emplace_back(w.substr(0, eqpos), w.substr(eqpos + 1));
      } else {
        throw bad("cannot read '" + w + "'");
      }
    }
    p.nodes.push_back(std::move(n));
  }
  return p;
}

} // namespace difftest

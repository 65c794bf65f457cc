#include "Corpus.h"

#include <algorithm>
#include <array>

namespace npg_examples::gpt {

namespace {
template <std::size_t N>
const char *pick(npg::random::Generator &g,
                 const std::array<const char *, N> &words) {
  return words[static_cast<std::size_t>(g.integer(0, N))];
}
} // namespace

std::string generate_corpus(std::size_t chars, std::uint64_t seed) {
  static constexpr std::array<const char *, 8> subjects = {
      "the king",    "the queen",    "a fox",       "my brother",
      "the old man", "a small bird", "the captain", "her daughter"};
  static constexpr std::array<const char *, 8> verbs = {
      "sees", "follows", "loves", "finds", "calls", "fears", "knows", "helps"};
  static constexpr std::array<const char *, 8> objects = {
      "the river", "a stranger",    "the sea",    "his horse",
      "the moon",  "an old friend", "the castle", "the children"};
  static constexpr std::array<const char *, 6> places = {
      "in the garden",  "at night",    "by the water",
      "in the morning", "on the hill", "before the storm"};
  npg::random::Generator g(seed);
  std::string text;
  while (text.size() < chars) {
    std::string sentence = pick(g, subjects);
    sentence += ' ';
    sentence += pick(g, verbs);
    sentence += ' ';
    sentence += pick(g, objects);
    if (g.integer(0, 2) == 0) {
      sentence += ' ';
      sentence += pick(g, places);
    }
    sentence[0] = static_cast<char>(sentence[0] - 'a' + 'A');
    text += sentence;
    text += g.integer(0, 4) == 0 ? "!\n" : ".\n";
  }
  return text;
}

CharCorpus::CharCorpus(const std::string &text) {
  std::fill(std::begin(index_), std::end(index_), -1);
  vocab_ = text;
  std::sort(vocab_.begin(), vocab_.end());
  vocab_.erase(std::unique(vocab_.begin(), vocab_.end()), vocab_.end());
  for (std::size_t i = 0; i < vocab_.size(); ++i)
    index_[static_cast<unsigned char>(vocab_[i])] = static_cast<int>(i);
  tokens_ = encode(text);
}

npg::Array CharCorpus::encode(const std::string &text) const {
  std::vector<std::int64_t> out;
  for (char ch : text) {
    const int i = index_[static_cast<unsigned char>(ch)];
    if (i < 0)
      throw npg::Error(std::string("character '") + ch +
                       "' is not in the corpus");
    out.push_back(i);
  }
  return npg::array(out, {static_cast<std::int64_t>(out.size())});
}

std::string CharCorpus::decode(const npg::Array &tokens) const {
  std::string text;
  for (std::int64_t t : tokens.flatten().to_vector<std::int64_t>())
    text += vocab_.at(static_cast<std::size_t>(t));
  return text;
}

NextTokenWindows::NextTokenWindows(npg::Array tokens, std::int64_t context)
    : tokens_(tokens.to_vector<std::int64_t>()), context_(context) {
  if (static_cast<std::int64_t>(tokens_.size()) <= context)
    throw npg::Error("the corpus is shorter than one context window");
}

std::int64_t NextTokenWindows::size() const {
  return static_cast<std::int64_t>(tokens_.size()) - context_;
}

npg::data::Batch
NextTokenWindows::get_batch(const std::vector<std::int64_t> &indices) const {
  const auto b = static_cast<std::int64_t>(indices.size());
  std::vector<std::int64_t> x, y;
  x.reserve(static_cast<std::size_t>(b * context_));
  y.reserve(x.capacity());
  for (std::int64_t i : indices) {
    x.insert(x.end(), tokens_.begin() + i, tokens_.begin() + i + context_);
    y.insert(y.end(), tokens_.begin() + i + 1,
             tokens_.begin() + i + 1 + context_);
  }
  return {npg::array(x, {b, context_}), npg::array(y, {b, context_})};
}

} // namespace npg_examples::gpt

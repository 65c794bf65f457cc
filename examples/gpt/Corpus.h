#pragma once
// The text the GPT example trains on, generated rather than downloaded:
// sentences from a small grammar (who does what to whom, where, and how),
// enough structure for a character model to learn words, agreement and
// punctuation in a few hundred steps. Characters are the tokens.
#include <npg/npg.h>

#include <cstdint>
#include <string>

namespace npg_examples::gpt {

/// About `chars` characters of sentences, reproducible from `seed`.
std::string generate_corpus(std::size_t chars, std::uint64_t seed);

/// A text's characters as tokens 0..vocab_size-1 (in sorted order).
class CharCorpus {
public:
  explicit CharCorpus(const std::string &text);
  std::int64_t vocab_size() const {
    return static_cast<std::int64_t>(vocab_.size());
  }
  /// The whole text as int64 tokens.
  const npg::Array &tokens() const { return tokens_; }
  npg::Array encode(const std::string &text) const;
  std::string decode(const npg::Array &tokens) const;

private:
  std::string vocab_;
  int index_[256];
  npg::Array tokens_;
};

/// Every window of `context` tokens, with the tokens after each as its
/// targets: item i is (tokens[i : i + context], tokens[i + 1 : i + 1 +
/// context]), as numpygrad's ShakespeareDataset.
class NextTokenWindows : public npg::data::Dataset {
public:
  NextTokenWindows(npg::Array tokens, std::int64_t context);
  std::int64_t size() const override;
  npg::data::Batch
  get_batch(const std::vector<std::int64_t> &indices) const override;

private:
  std::vector<std::int64_t> tokens_;
  std::int64_t context_;
};

} // namespace npg_examples::gpt

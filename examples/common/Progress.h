#pragma once
// A training progress bar on stdout. On a terminal it redraws one line with
// '\r'; when stdout is not a terminal, or CI is set, it prints a plain line
// every `every` steps instead, so logs stay readable.
#include <cstdio>
#include <string>

namespace npg_examples {

class Progress {
public:
  Progress(int total, int every);
  /// Whether step `step` (1-based) should be reported: every step's
  /// hundredth of the run on a terminal, every `every` steps otherwise, and
  /// the first and last steps.
  bool due(int step) const;
  /// Reports step `step` with a status such as "loss 0.12".
  void update(int step, const std::string &status);
  /// Ends the bar's line (on a terminal).
  void finish();
  bool interactive() const { return interactive_; }

private:
  int total_, every_, redraw_;
  bool interactive_;
  bool open_ = false; // a '\r' line is on screen
};

} // namespace npg_examples

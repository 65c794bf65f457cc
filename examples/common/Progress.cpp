#include "Progress.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace npg_examples {

namespace {
bool stdout_is_interactive() {
  const char *ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0' && std::strcmp(ci, "0") != 0 &&
      std::strcmp(ci, "false") != 0)
    return false;
  return isatty(fileno(stdout)) != 0;
}
} // namespace

Progress::Progress(int total, int every)
    : total_(total), every_(every > 0 ? every : 1),
      redraw_(total / 100 > 0 ? total / 100 : 1),
      interactive_(stdout_is_interactive()) {}

bool Progress::due(int step) const {
  return step == 1 || step == total_ ||
         step % (interactive_ ? redraw_ : every_) == 0;
}

void Progress::update(int step, const std::string &status) {
  if (interactive_) {
    constexpr int width = 30;
    const int filled = total_ > 0 ? width * step / total_ : width;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::printf("\r[%s] %5d/%d  %s\033[K", bar.c_str(), step, total_,
                status.c_str());
    std::fflush(stdout);
    open_ = true;
  } else {
    std::printf("step %5d/%d  %s\n", step, total_, status.c_str());
    std::fflush(stdout);
  }
}

void Progress::finish() {
  if (open_)
    std::printf("\n");
  open_ = false;
}

} // namespace npg_examples

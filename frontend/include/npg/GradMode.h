#pragma once
// Grad mode: whether ops record the autograd graph. Per thread, on by default.
namespace npg {

bool is_grad_enabled();
void set_grad_enabled(bool enabled);

/// Turns grad mode off for its scope (torch::NoGradGuard).
class NoGradGuard {
public:
  NoGradGuard() : previous_(is_grad_enabled()) { set_grad_enabled(false); }
  ~NoGradGuard() { set_grad_enabled(previous_); }
  NoGradGuard(const NoGradGuard &) = delete;
  NoGradGuard &operator=(const NoGradGuard &) = delete;

private:
  bool previous_;
};

/// Turns grad mode on for its scope, e.g. inside a NoGradGuard.
class EnableGradGuard {
public:
  EnableGradGuard() : previous_(is_grad_enabled()) { set_grad_enabled(true); }
  ~EnableGradGuard() { set_grad_enabled(previous_); }
  EnableGradGuard(const EnableGradGuard &) = delete;
  EnableGradGuard &operator=(const EnableGradGuard &) = delete;

private:
  bool previous_;
};

} // namespace npg

#pragma once
// Reference-counted, 64-byte aligned element storage shared by an array and
// its views. Its version counter is bumped by every in-place write, so the
// autograd engine can tell when a saved array changed under it.
#include <cstddef>
#include <cstdint>
#include <memory>

namespace npg {

class Storage {
public:
  static constexpr std::size_t alignment = 64;

  /// Allocates `nbytes` uninitialised bytes; throws npg::Error (not
  /// std::bad_alloc) when the memory cannot be had.
  static std::shared_ptr<Storage> allocate(std::size_t nbytes);
  ~Storage();
  Storage(const Storage &) = delete;
  Storage &operator=(const Storage &) = delete;

  void *data() const { return data_; }
  std::size_t nbytes() const { return nbytes_; }

  std::uint64_t version() const { return version_; }
  void bump_version() { ++version_; }

  /// A bare block of at least `nbytes`, 64-byte aligned, from the same
  /// cache of large blocks arrays use (compiled code's buffers); nullptr
  /// when the memory cannot be had. Give it back with release_block and the
  /// same size.
  static void *allocate_block(std::size_t nbytes);
  static void release_block(void *data, std::size_t nbytes);

  /// Bytes and storages alive in this process: what leak tests watch.
  static std::int64_t live_bytes();
  static std::int64_t live_count();

private:
  Storage(void *data, std::size_t nbytes) : data_(data), nbytes_(nbytes) {}
  void *data_;
  std::size_t nbytes_;
  std::uint64_t version_ = 0;
};

} // namespace npg

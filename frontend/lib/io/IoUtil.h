#pragma once
// What the .npy and .npz code shares: whole-file reads and writes with
// errors that name the file, little-endian integers, and CRC-32.
#include "npg/runtime/Error.h"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace npg::io {

inline std::string read_file(const std::filesystem::path &path,
                             const char *fn) {
  // An ifstream opens a directory; reading it would throw
  // std::ios_base::failure.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail(fn, ": cannot read '", path.string(), "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(fn, ": cannot open '", path.string(),
         "' for reading: ", std::strerror(errno));
  std::string bytes;
  try {
    bytes.assign(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure &e) {
    fail(fn, ": error reading '", path.string(), "': ", e.what());
  }
  if (in.bad())
    fail(fn, ": error reading '", path.string(), "'");
  return bytes;
}

inline void write_file(const std::filesystem::path &path,
                       const std::string &bytes, const char *fn) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    fail(fn, ": cannot open '", path.string(),
         "' for writing: ", std::strerror(errno));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out)
    fail(fn, ": error writing '", path.string(), "'");
}

/// Appends the `width` low bytes of v, least significant first.
inline void put_le(std::string &out, std::uint64_t v, int width) {
  for (int i = 0; i < width; ++i)
    out += static_cast<char>((v >> (8 * i)) & 0xff);
}

inline std::uint64_t get_le(const char *p, std::size_t width) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i]))
         << (8 * i);
  return v;
}

/// The CRC-32 of zip (and PNG, gzip): reflected polynomial 0xEDB88320.
inline std::uint32_t crc32(const char *data, std::size_t n) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k)
        c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i)
    c = table[(c ^ static_cast<unsigned char>(data[i])) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

} // namespace npg::io

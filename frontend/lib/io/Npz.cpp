// The .npz format: a zip archive of .npy files, one per array, stored
// without compression (np.savez). Written and read here directly: local file
// headers, the central directory and its end record, and CRC-32; zip64
// extra fields (which numpy writes into local headers) are understood when
// reading.
#include "IoUtil.h"
#include "npg/npg.h"

#include "npg/io.h"
#include "npg/nn/Module.h"

#include <set>

namespace npg {

namespace {

constexpr std::uint32_t local_sig = 0x04034b50;
constexpr std::uint32_t central_sig = 0x02014b50;
constexpr std::uint32_t end_sig = 0x06054b50;
constexpr std::uint32_t zip64_end_sig = 0x06064b50;
constexpr std::uint32_t zip64_locator_sig = 0x07064b50;
constexpr std::uint16_t version = 20; // 2.0: what stored entries need
constexpr std::uint16_t dos_time = 0;
constexpr std::uint16_t dos_date = (0 << 9) | (1 << 5) | 1; // 1980-01-01

struct Entry {
  std::string name;
  std::uint32_t crc;
  std::uint64_t size;
  std::uint64_t offset;
};

} // namespace

void savez(const std::filesystem::path &path, const NamedArrays &arrays) {
  const std::string where = path.string();
  std::set<std::string> seen;
  for (const auto &[name, a] : arrays) {
    if (name.empty())
      fail("savez: '", where, "': an array has an empty name");
    if (!seen.insert(name).second)
      fail("savez: '", where, "': the name '", name, "' is used twice");
    if (!a.defined())
      fail("savez: '", where, "': the array '", name, "' is undefined");
  }
  if (arrays.size() > 0xFFFF)
    fail("savez: '", where, "': ", arrays.size(),
         " arrays need zip64, which npg does not write");
  std::string out;
  std::vector<Entry> entries;
  for (const auto &[name, a] : arrays) {
    const std::string file = name + ".npy";
    const std::string data = to_npy(a);
    if (data.size() >= 0xFFFFFFFFu || out.size() >= 0xFFFFFFFFu)
      fail("savez: '", where,
           "': the archive would exceed 4 GiB, which "
           "needs zip64 (not written by npg)");
    entries.push_back(
        {file, io::crc32(data.data(), data.size()), data.size(), out.size()});
    io::put_le(out, local_sig, 4);
    io::put_le(out, version, 2);
    io::put_le(out, 0, 2); // flags
    io::put_le(out, 0, 2); // method: stored
    io::put_le(out, dos_time, 2);
    io::put_le(out, dos_date, 2);
    io::put_le(out, entries.back().crc, 4);
    io::put_le(out, data.size(), 4); // compressed size
    io::put_le(out, data.size(), 4); // uncompressed size
    io::put_le(out, file.size(), 2);
    io::put_le(out, 0, 2); // extra length
    out += file;
    out += data;
  }
  const std::uint64_t central_at = out.size();
  for (const Entry &e : entries) {
    io::put_le(out, central_sig, 4);
    io::put_le(out, version, 2); // made by
    io::put_le(out, version, 2); // needed
    io::put_le(out, 0, 2);
    io::put_le(out, 0, 2);
    io::put_le(out, dos_time, 2);
    io::put_le(out, dos_date, 2);
    io::put_le(out, e.crc, 4);
    io::put_le(out, e.size, 4);
    io::put_le(out, e.size, 4);
    io::put_le(out, e.name.size(), 2);
    io::put_le(out, 0, 2); // extra
    io::put_le(out, 0, 2); // comment
    io::put_le(out, 0, 2); // disk
    io::put_le(out, 0, 2); // internal attributes
    io::put_le(out, 0, 4); // external attributes
    io::put_le(out, e.offset, 4);
    out += e.name;
  }
  const std::uint64_t central_size = out.size() - central_at;
  if (out.size() >= 0xFFFFFFFFu)
    fail("savez: '", where,
         "': the archive would exceed 4 GiB, which needs "
         "zip64 (not written by npg)");
  io::put_le(out, end_sig, 4);
  io::put_le(out, 0, 2); // this disk
  io::put_le(out, 0, 2); // disk with the central directory
  io::put_le(out, entries.size(), 2);
  io::put_le(out, entries.size(), 2);
  io::put_le(out, central_size, 4);
  io::put_le(out, central_at, 4);
  io::put_le(out, 0, 2); // comment
  io::write_file(path, out, "savez");
}

NamedArrays loadz(const std::filesystem::path &path) {
  const std::string bytes = io::read_file(path, "loadz");
  const std::string where = path.string();
  auto bad = [&](const std::string &what) {
    fail("loadz: '", where, "' is not a valid .npz archive: ", what);
  };
  // Offsets and sizes come from the file (zip64: any 64-bit value), so the
  // bounds checks must not overflow.
  auto u = [&](std::uint64_t at, std::size_t width) {
    if (at > bytes.size() || width > bytes.size() - at)
      bad("a record runs past the end of the file");
    return io::get_le(bytes.data() + at, width);
  };
  // The end-of-central-directory record: the last one in the file (it may
  // be followed by a comment of up to 64 KiB).
  if (bytes.size() < 22)
    bad("it is too short to be a zip file");
  std::uint64_t end = bytes.size() - 22;
  const std::uint64_t lowest =
      bytes.size() > 22 + 0xFFFF ? bytes.size() - 22 - 0xFFFF : 0;
  while (u(end, 4) != end_sig) {
    if (end == lowest)
      bad("no end-of-central-directory record (not a zip file)");
    --end;
  }
  std::uint64_t count = u(end + 10, 2);
  std::uint64_t central_at = u(end + 16, 4);
  if ((count == 0xFFFF || central_at == 0xFFFFFFFF) && end >= 20 &&
      u(end - 20, 4) == zip64_locator_sig) {
    const std::uint64_t z = u(end - 20 + 8, 8);
    if (u(z, 4) != zip64_end_sig)
      bad("a zip64 locator points to no zip64 end record");
    count = u(z + 32, 8);
    central_at = u(z + 48, 8);
  }
  NamedArrays out;
  std::uint64_t at = central_at;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (u(at, 4) != central_sig)
      bad("central directory entry " + std::to_string(i) + " is damaged");
    const std::uint64_t method = u(at + 10, 2);
    const auto crc = static_cast<std::uint32_t>(u(at + 16, 4));
    std::uint64_t csize = u(at + 20, 4), usize = u(at + 24, 4);
    const std::uint64_t name_len = u(at + 28, 2), extra_len = u(at + 30, 2),
                        comment_len = u(at + 32, 2);
    std::uint64_t offset = u(at + 42, 4);
    if (at + 46 + name_len > bytes.size())
      bad("a file name runs past the end of the file");
    const std::string name = bytes.substr(at + 46, name_len);
    // zip64: the 8-byte values of fields that hold 0xFFFFFFFF.
    for (std::uint64_t x = at + 46 + name_len;
         x + 4 <= at + 46 + name_len + extra_len;) {
      const std::uint64_t id = u(x, 2), len = u(x + 2, 2);
      if (id == 1) {
        std::uint64_t f = x + 4;
        for (std::uint64_t *field : {&usize, &csize, &offset})
          if (*field == 0xFFFFFFFF && f + 8 <= x + 4 + len) {
            *field = u(f, 8);
            f += 8;
          }
      }
      x += 4 + len;
    }
    at += 46 + name_len + extra_len + comment_len;
    if (method != 0)
      fail("loadz: '", where, "': entry '", name, "' is compressed (method ",
           method,
           method == 8 ? ", deflate, as np.savez_compressed writes" : "",
           "); npg reads uncompressed archives (np.savez)");
    if (csize != usize)
      bad("entry '" + name + "' is stored with different sizes");
    if (u(offset, 4) != local_sig)
      bad("the local header of entry '" + name + "' is missing");
    const std::uint64_t data_at =
        offset + 30 + u(offset + 26, 2) + u(offset + 28, 2);
    if (data_at > bytes.size() || usize > bytes.size() - data_at)
      bad("the data of entry '" + name + "' runs past the end of the file");
    const std::string_view data(bytes.data() + data_at, usize);
    if (io::crc32(data.data(), data.size()) != crc)
      fail("loadz: '", where, "': entry '", name,
           "' is corrupt (its CRC-32 does not match)");
    if (name.size() < 4 || name.substr(name.size() - 4) != ".npy")
      fail("loadz: '", where, "': entry '", name,
           "' is not a .npy file; .npz archives hold only .npy files");
    const std::string key = name.substr(0, name.size() - 4);
    out.emplace_back(key, from_npy(data, where + ":" + name));
  }
  return out;
}

namespace nn {

void save(const Module &module, const std::filesystem::path &path) {
  savez(path, module.state_dict());
}

void load(Module &module, const std::filesystem::path &path, bool strict) {
  module.load_state_dict(loadz(path), strict);
}

} // namespace nn

} // namespace npg

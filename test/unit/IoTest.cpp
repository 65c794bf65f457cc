// .npy and .npz: round trips of every dtype and layout, the exact header
// numpy writes, hand-made files (a header typed by hand, Fortran order,
// big-endian, version 2.0), an archive written the way np.savez writes one
// (zip64 extra fields in the local headers), module state_dicts, and errors
// that name the file and what is wrong.
#include "Expect.h"

#include <filesystem>
#include <fstream>

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;
namespace fs = std::filesystem;

namespace {

/// A fresh directory for this test's files.
class Io : public ::testing::Test {
protected:
  void SetUp() override {
    dir =
        fs::temp_directory_path() /
        ("npg-io-test-" +
         std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

std::string read_bytes(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path &p, const std::string &bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

/// A .npy file with `header` (padded as numpy pads it) and raw `data`.
std::string npy_bytes(const std::string &header, const std::string &data,
                      int major = 1) {
  std::string dict = header;
  const std::size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + dict.size() + 1) % 64)
    dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (std::size_t i = 0; i < (major == 1 ? 2u : 4u); ++i)
    out += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
  return out + dict + data;
}

template <class T> std::string raw(std::initializer_list<T> values) {
  std::string s;
  for (T v : values)
    s.append(reinterpret_cast<const char *>(&v), sizeof(T));
  return s;
}

} // namespace

TEST_F(Io, NpyRoundTripsEveryDtypeAndShape) {
  npg::random::manual_seed(1);
  const Array base = npg::random::randn({3, 4}) * 10.0;
  int n = 0;
  for (npg::DType d :
       {npg::bool_, npg::int32, npg::int64, npg::float32, npg::float64})
    for (const Array &a :
         {base.astype(d), base.astype(d).T(),
          base.astype(d).slice(1, std::nullopt, std::nullopt, -2),
          base.astype(d).select(0, 1).select(0, 2), npg::zeros({0, 3}, d),
          base.astype(d).reshape({2, 3, 2})}) {
      SCOPED_TRACE(std::string(npg::name(d)) + " " +
                   npg::format_shape(a.shape()));
      const fs::path p = dir / (std::to_string(n++) + ".npy");
      npg::save(p, a);
      const Array b = npg::load(p);
      EXPECT_EQ(b.dtype(), a.dtype());
      EXPECT_EQ(b.shape(), a.shape());
      EXPECT_TRUE(b.is_contiguous());
      EXPECT_TRUE(npg::array_equal(b, a));
    }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Array special = npg::array({nan, -0.0, 1e300});
  npg::save(dir / "s.npy", special);
  EXPECT_TRUE(ArraysClose(npg::load(dir / "s.npy"), special, 0, 0));
}

TEST_F(Io, NpyHeaderIsNumpys) {
  npg::save(dir / "h.npy", npg::zeros({2, 3}));
  const std::string bytes = read_bytes(dir / "h.npy");
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  const std::size_t len = static_cast<unsigned char>(bytes[8]) |
                          static_cast<unsigned char>(bytes[9]) << 8;
  EXPECT_EQ((10 + len) % 64, 0u);
  EXPECT_EQ(bytes.size(), 10 + len + 6 * 8);
  const std::string header = bytes.substr(10, len);
  EXPECT_EQ(header.substr(0, header.find_last_not_of(" \n") + 1),
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }");
  EXPECT_EQ(header.back(), '\n');
  EXPECT_NE(npg::to_npy(npg::array({1, 2})).find("'descr': '<i8'"),
            std::string::npos);
  EXPECT_NE(npg::to_npy(npg::array({1, 2})).find("'shape': (2,)"),
            std::string::npos);
  EXPECT_NE(npg::to_npy(npg::array(true)).find("'descr': '|b1'"),
            std::string::npos);
  EXPECT_NE(npg::to_npy(npg::array(1.0f)).find("'shape': ()"),
            std::string::npos);
}

TEST_F(Io, HandMadeNpyFiles) {
  // The header of the brief, float32, C order.
  write_bytes(dir / "f4.npy",
              npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': "
                        "(2, 3), }",
                        raw<float>({1, 2, 3, 4, 5, 6})));
  EXPECT_TRUE(
      ArraysClose(npg::load(dir / "f4.npy"),
                  npg::array({{1.0f, 2.0f, 3.0f}, {4.0f, 5.0f, 6.0f}})));
  EXPECT_EQ(npg::load(dir / "f4.npy").dtype(), npg::float32);
  // Fortran order: the elements column by column.
  write_bytes(dir / "fortran.npy",
              npy_bytes("{'descr': '<i8', 'fortran_order': True, 'shape': "
                        "(2, 3), }",
                        raw<std::int64_t>({1, 4, 2, 5, 3, 6})));
  EXPECT_EQ(npg::load(dir / "fortran.npy").to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(npg::load(dir / "fortran.npy").shape(), (Shape{2, 3}));
  write_bytes(dir / "fortran3.npy",
              npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': "
                        "(2, 2, 2), }",
                        raw<double>({0, 4, 2, 6, 1, 5, 3, 7})));
  EXPECT_TRUE(ArraysClose(npg::load(dir / "fortran3.npy"),
                          npg::arange(8.0).reshape({2, 2, 2})));
  // Big-endian int32, keys in another order, double quotes, version 2.0.
  std::string be;
  for (std::uint32_t v : {1u, 256u, 0xFFFFFFFFu})
    for (int i = 3; i >= 0; --i)
      be += static_cast<char>((v >> (8 * i)) & 0xff);
  write_bytes(dir / "be.npy",
              npy_bytes("{\"shape\": (3,), \"fortran_order\": False, "
                        "\"descr\": \">i4\"}",
                        be, 2));
  const Array b = npg::load(dir / "be.npy");
  EXPECT_EQ(b.dtype(), npg::int32);
  EXPECT_EQ(b.to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{1, 256, -1}));
  // A 0-d array and an empty one.
  write_bytes(
      dir / "scalar.npy",
      npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                raw<double>({2.5})));
  EXPECT_TRUE(ArraysClose(npg::load(dir / "scalar.npy"), npg::array(2.5)));
  write_bytes(
      dir / "empty.npy",
      npy_bytes("{'descr': '|b1', 'fortran_order': False, 'shape': (0, 4), }",
                ""));
  EXPECT_EQ(npg::load(dir / "empty.npy").shape(), (Shape{0, 4}));
}

TEST_F(Io, NpyErrorsNameTheFile) {
  const std::string f = (dir / "bad.npy").string();
  write_bytes(f, "PK\x03\x04 not npy");
  EXPECT_TRUE(ThrowsWith([&] { npg::load(f); },
                         f + ": not a .npy file (it does not start with the "
                             "magic string"));
  write_bytes(f, npy_bytes("{'descr': '<u2', 'fortran_order': False, 'shape': "
                           "(2,), }",
                           "abcd"));
  EXPECT_TRUE(
      ThrowsWith([&] { npg::load(f); }, f + ": unsupported dtype '<u2'"));
  write_bytes(f, npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': "
                           "(2, 3), }",
                           raw<double>({1, 2, 3})));
  EXPECT_TRUE(ThrowsWith([&] { npg::load(f); },
                         f + ": truncated data: shape (2,3) of dtype float64 "
                             "needs 48 bytes, the file has 24"));
  write_bytes(f, npy_bytes("{'descr': '<f8', 'shape': (2,), }", ""));
  EXPECT_TRUE(ThrowsWith([&] { npg::load(f); },
                         f + ": not a valid .npy header (expected the keys "
                             "'descr', 'fortran_order' and 'shape'"));
  write_bytes(f, npy_bytes("{'descr': '<f8', 'fortran_order': Maybe, "
                           "'shape': (2,), }",
                           ""));
  EXPECT_TRUE(ThrowsWith([&] { npg::load(f); }, "expected True or False"));
  std::string v9 = npy_bytes("{'descr': '<f8', 'fortran_order': False, "
                             "'shape': (), }",
                             raw<double>({1}));
  v9[6] = 9;
  write_bytes(f, v9);
  EXPECT_TRUE(
      ThrowsWith([&] { npg::load(f); }, "unsupported .npy format version 9.0"));
  EXPECT_TRUE(ThrowsWith([&] { npg::load(dir / "missing.npy"); },
                         "load: cannot open '" +
                             (dir / "missing.npy").string() + "' for reading"));
  EXPECT_TRUE(ThrowsWith(
      [&] { npg::save(dir / "no" / "such" / "dir.npy", npg::ones({1})); },
      "save: cannot open"));
}

TEST_F(Io, LoadingADirectoryNamesThePath) {
  // An ifstream opens a directory, and reading it threw
  // std::ios_base::failure.
  const fs::path sub = dir / "arrays.npy";
  fs::create_directories(sub);
  EXPECT_TRUE(ThrowsWith([&] { npg::load(sub); }, "load: cannot read '" +
                                                      sub.string() +
                                                      "': it is a directory"));
  EXPECT_TRUE(ThrowsWith([&] { npg::loadz(dir); }, "loadz: cannot read '" +
                                                       dir.string() +
                                                       "': it is a directory"));
  npg::nn::Linear model(2, 1);
  EXPECT_TRUE(ThrowsWith([&] { npg::nn::load(model, dir); },
                         dir.string() + "': it is a directory"));
  EXPECT_TRUE(ThrowsWith([&] { npg::save(dir, npg::ones({1})); },
                         "save: cannot open '" + dir.string() + "'"));
}

TEST_F(Io, NpzRoundTripKeepsNamesAndOrder) {
  const npg::NamedArrays arrays = {
      {"weights", npg::random::randn({3, 2}, npg::float32)},
      {"labels", npg::array({2, 0, 1})},
      {"0.bias", npg::zeros({})},
      {"mask", npg::array({true, false})},
      {"nested/name", npg::arange(6.0).reshape({2, 3}).T()}};
  const fs::path p = dir / "a.npz";
  npg::savez(p, arrays);
  const npg::NamedArrays back = npg::loadz(p);
  ASSERT_EQ(back.size(), arrays.size());
  for (std::size_t i = 0; i < arrays.size(); ++i) {
    EXPECT_EQ(back[i].first, arrays[i].first);
    EXPECT_EQ(back[i].second.dtype(), arrays[i].second.dtype());
    EXPECT_TRUE(npg::array_equal(back[i].second, arrays[i].second));
  }
  npg::savez(dir / "empty.npz", {});
  EXPECT_TRUE(npg::loadz(dir / "empty.npz").empty());
}

TEST_F(Io, NpzWrittenTheWayNumpyWritesIt) {
  // np.savez(f, x=[[1.5, -2, 3], [4, 5.25, 6]], y=[7, -8, 9]) as written by
  // numpy's zipfile code: ZIP_STORED entries opened with force_zip64, so
  // every local header has 0xFFFFFFFF sizes and a zip64 extra field.
  static const char archive[] =
      "\x50\x4b\x03\x04\x2d\x00\x00\x00\x00\x00\x00\x00\x21\x00\x65\x2c\xbd\x44"
      "\xff\xff\xff\xff\xff\xff\xff\xff\x05\x00\x14\x00\x78\x2e\x6e\x70\x79\x01"
      "\x00\x10\x00\xb0\x00\x00\x00\x00\x00\x00\x00\xb0\x00\x00\x00\x00\x00\x00"
      "\x00\x93\x4e\x55\x4d\x50\x59\x01\x00\x76\x00\x7b\x27\x64\x65\x73\x63\x72"
      "\x27\x3a\x20\x27\x3c\x66\x38\x27\x2c\x20\x27\x66\x6f\x72\x74\x72\x61\x6e"
      "\x5f\x6f\x72\x64\x65\x72\x27\x3a\x20\x46\x61\x6c\x73\x65\x2c\x20\x27\x73"
      "\x68\x61\x70\x65\x27\x3a\x20\x28\x32\x2c\x20\x33\x29\x2c\x20\x7d\x20\x20"
      "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
      "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
      "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
      "\x20\x20\x0a\x00\x00\x00\x00\x00\x00\xf8\x3f\x00\x00\x00\x00\x00\x00\x00"
      "\xc0\x00\x00\x00\x00\x00\x00\x08\x40\x00\x00\x00\x00\x00\x00\x10\x40\x00"
      "\x00\x00\x00\x00\x00\x15\x40\x00\x00\x00\x00\x00\x00\x18\x40\x50\x4b\x03"
      "\x04\x2d\x00\x00\x00\x00\x00\x00\x00\x21\x00\x08\x8f\x9f\x42\xff\xff\xff"
      "\xff\xff\xff\xff\xff\x05\x00\x14\x00\x79\x2e\x6e\x70\x79\x01\x00\x10\x00"
      "\x98\x00\x00\x00\x00\x00\x00\x00\x98\x00\x00\x00\x00\x00\x00\x00\x93\x4e"
      "\x55\x4d\x50\x59\x01\x00\x76\x00\x7b\x27\x64\x65\x73\x63\x72\x27\x3a\x20"
      "\x27\x3c\x69\x38\x27\x2c\x20\x27\x66\x6f\x72\x74\x72\x61\x6e\x5f\x6f\x72"
      "\x64\x65\x72\x27\x3a\x20\x46\x61\x6c\x73\x65\x2c\x20\x27\x73\x68\x61\x70"
      "\x65\x27\x3a\x20\x28\x33\x2c\x29\x2c\x20\x7d\x20\x20\x20\x20\x20\x20\x20"
      "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
      "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
      "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x0a"
      "\x07\x00\x00\x00\x00\x00\x00\x00\xf8\xff\xff\xff\xff\xff\xff\xff\x09\x00"
      "\x00\x00\x00\x00\x00\x00\x50\x4b\x01\x02\x2d\x03\x2d\x00\x00\x00\x00\x00"
      "\x00\x00\x21\x00\x65\x2c\xbd\x44\xb0\x00\x00\x00\xb0\x00\x00\x00\x05\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x01\x00\x00\x00\x00\x78\x2e"
      "\x6e\x70\x79\x50\x4b\x01\x02\x2d\x03\x2d\x00\x00\x00\x00\x00\x00\x00\x21"
      "\x00\x08\x8f\x9f\x42\x98\x00\x00\x00\x98\x00\x00\x00\x05\x00\x00\x00\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x80\x01\xe7\x00\x00\x00\x79\x2e\x6e\x70\x79"
      "\x50\x4b\x05\x06\x00\x00\x00\x00\x02\x00\x02\x00\x66\x00\x00\x00\xb6\x01"
      "\x00\x00\x00\x00";
  write_bytes(dir / "numpy.npz", std::string(archive, sizeof(archive) - 1));
  const npg::NamedArrays a = npg::loadz(dir / "numpy.npz");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].first, "x");
  EXPECT_TRUE(ArraysClose(a[0].second,
                          npg::array({{1.5, -2.0, 3.0}, {4.0, 5.25, 6.0}})));
  EXPECT_EQ(a[1].first, "y");
  EXPECT_EQ(a[1].second.to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{7, -8, 9}));
}

TEST_F(Io, NpzErrors) {
  const fs::path p = dir / "a.npz";
  const std::string f = p.string();
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::savez(p, {{"a", npg::ones({1})}, {"a", npg::ones({2})}});
      },
      "savez: '" + f + "': the name 'a' is used twice"));
  npg::savez(p, {{"a", npg::arange(4.0)}, {"b", npg::ones({2})}});
  const std::string good = read_bytes(p);
  // A flipped data byte: the CRC-32 no longer matches.
  std::string corrupt = good;
  corrupt[good.find("a.npy") + 5 + 128] ^= 0x40;
  write_bytes(p, corrupt);
  EXPECT_TRUE(
      ThrowsWith([&] { npg::loadz(p); }, "loadz: '" + f +
                                             "': entry 'a.npy' is corrupt (its "
                                             "CRC-32 does not match)"));
  // Deflate-compressed entries (np.savez_compressed) are refused by name.
  std::string deflated = good;
  for (std::size_t at = 0; (at = deflated.find("PK", at)) != std::string::npos;
       ++at) {
    if (deflated.compare(at, 4, "PK\x03\x04") == 0)
      deflated[at + 8] = 8;
    else if (deflated.compare(at, 4, "PK\x01\x02") == 0)
      deflated[at + 10] = 8;
  }
  write_bytes(p, deflated);
  EXPECT_TRUE(ThrowsWith([&] { npg::loadz(p); },
                         "entry 'a.npy' is compressed (method 8, deflate"));
  write_bytes(p, good.substr(0, good.size() - 10));
  EXPECT_TRUE(ThrowsWith([&] { npg::loadz(p); },
                         "loadz: '" + f + "' is not a valid .npz archive"));
  npg::save(dir / "x.npy", npg::ones({2}));
  EXPECT_TRUE(ThrowsWith([&] { npg::loadz(dir / "x.npy"); },
                         "no end-of-central-directory record"));
}

TEST_F(Io, ModuleStateDictAsNpz) {
  npg::nn::MLP a(3, {4}, 2), b(3, {4}, 2);
  const fs::path p = dir / "model.npz";
  npg::nn::save(a, p);
  const npg::NamedArrays file = npg::loadz(p);
  ASSERT_EQ(file.size(), 4u);
  EXPECT_EQ(file[0].first, "0.weight");
  EXPECT_EQ(file[3].first, "2.bias");
  npg::nn::load(b, p);
  const Array x = npg::random::randn({5, 3});
  EXPECT_TRUE(ArraysClose(b(x), a(x), 0, 0));
  // The same through the general functions.
  npg::savez(dir / "sd.npz", a.state_dict());
  b.load_state_dict(npg::loadz(dir / "sd.npz"));
  npg::nn::MLP wrong(3, {5}, 2);
  EXPECT_TRUE(ThrowsWith([&] { npg::nn::load(wrong, p); },
                         "size mismatch for 0.weight"));
}

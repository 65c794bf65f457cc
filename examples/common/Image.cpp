#include "Image.h"

#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

namespace npg_examples {

Image::Image(int width, int height, Rgb background)
    : width_(width), height_(height),
      rgb_(static_cast<std::size_t>(width) * height * 3) {
  if (width <= 0 || height <= 0)
    throw std::runtime_error("Image: width and height must be positive");
  fill_rect(0, 0, width, height, background);
}

Rgb Image::pixel(int x, int y) const {
  const std::size_t i = (static_cast<std::size_t>(y) * width_ + x) * 3;
  return {rgb_[i], rgb_[i + 1], rgb_[i + 2]};
}

void Image::set(int x, int y, Rgb color) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_)
    return;
  const std::size_t i = (static_cast<std::size_t>(y) * width_ + x) * 3;
  rgb_[i] = color.r;
  rgb_[i + 1] = color.g;
  rgb_[i + 2] = color.b;
}

void Image::blend(int x, int y, Rgb color, double alpha) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_)
    return;
  const Rgb old = pixel(x, y);
  auto mix = [alpha](std::uint8_t a, std::uint8_t b) {
    return static_cast<std::uint8_t>(std::lround(a * (1 - alpha) + b * alpha));
  };
  set(x, y, {mix(old.r, color.r), mix(old.g, color.g), mix(old.b, color.b)});
}

void Image::fill_rect(int x0, int y0, int x1, int y1, Rgb color) {
  for (int y = std::max(y0, 0); y < std::min(y1, height_); ++y)
    for (int x = std::max(x0, 0); x < std::min(x1, width_); ++x)
      set(x, y, color);
}

void Image::disc(double cx, double cy, double radius, Rgb color) {
  const int x0 = static_cast<int>(std::floor(cx - radius - 1));
  const int x1 = static_cast<int>(std::ceil(cx + radius + 1));
  const int y0 = static_cast<int>(std::floor(cy - radius - 1));
  const int y1 = static_cast<int>(std::ceil(cy + radius + 1));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      // Coverage of the pixel centre, with a one-pixel soft edge.
      const double d = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
      const double alpha = std::clamp(radius + 0.5 - d, 0.0, 1.0);
      if (alpha > 0)
        blend(x, y, color, alpha);
    }
}

void Image::line(double x0, double y0, double x1, double y1, double width,
                 Rgb color) {
  const double length = std::hypot(x1 - x0, y1 - y0);
  const int n = std::max(1, static_cast<int>(std::ceil(length * 2)));
  for (int i = 0; i <= n; ++i) {
    const double t = static_cast<double>(i) / n;
    disc(x0 + t * (x1 - x0), y0 + t * (y1 - y0), width / 2, color);
  }
}

void Image::frame(int x0, int y0, int x1, int y1, Rgb color) {
  fill_rect(x0, y0, x1, y0 + 1, color);
  fill_rect(x0, y1 - 1, x1, y1, color);
  fill_rect(x0, y0, x0 + 1, y1, color);
  fill_rect(x1 - 1, y0, x1, y1, color);
}

void Image::write_png(const std::filesystem::path &path) const {
  const std::string name = path.string();
  std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(
      std::fopen(name.c_str(), "wb"), &std::fclose);
  if (!file)
    throw std::runtime_error("cannot open " + name + " for writing");
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    throw std::runtime_error("libpng: out of memory");
  }
  // libpng reports errors by longjmp; nothing with a destructor lives
  // between here and the writes below.
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng failed to write " + name);
  }
  png_init_io(png, file.get());
  png_set_IHDR(png, info, static_cast<png_uint_32>(width_),
               static_cast<png_uint_32>(height_), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < height_; ++y)
    png_write_row(png, rgb_.data() + static_cast<std::size_t>(y) * width_ * 3);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  if (std::fflush(file.get()) != 0)
    throw std::runtime_error("cannot write " + name);
}

Rgb palette(int index) {
  static const Rgb colors[] = {{31, 119, 180},  {255, 127, 14},  {44, 160, 44},
                               {214, 39, 40},   {148, 103, 189}, {140, 86, 75},
                               {227, 119, 194}, {127, 127, 127}, {188, 189, 34},
                               {23, 190, 207}};
  return colors[static_cast<std::size_t>(index) % std::size(colors)];
}

Rgb lighten(Rgb color, double t) {
  auto mix = [t](std::uint8_t c) {
    return static_cast<std::uint8_t>(std::lround(c + (255 - c) * t));
  };
  return {mix(color.r), mix(color.g), mix(color.b)};
}

} // namespace npg_examples

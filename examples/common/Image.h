#pragma once
// A small RGB raster for the examples' plots (decision regions, fitted
// curves), written as PNG with libpng. Coordinates are pixels, (0, 0) at the
// top left; drawing outside the image is clipped.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace npg_examples {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

class Image {
public:
  Image(int width, int height, Rgb background = {255, 255, 255});

  int width() const { return width_; }
  int height() const { return height_; }
  Rgb pixel(int x, int y) const;
  void set(int x, int y, Rgb color);
  /// Mixes `color` into the pixel with weight `alpha` in [0, 1].
  void blend(int x, int y, Rgb color, double alpha);

  void fill_rect(int x0, int y0, int x1, int y1, Rgb color);
  /// A filled disc centred at (cx, cy) (sub-pixel positions allowed).
  void disc(double cx, double cy, double radius, Rgb color);
  /// A line of the given width, drawn as overlapping discs.
  void line(double x0, double y0, double x1, double y1, double width,
            Rgb color);
  /// A one-pixel rectangle outline.
  void frame(int x0, int y0, int x1, int y1, Rgb color);

  /// Writes an 8-bit RGB PNG; throws std::runtime_error on failure.
  void write_png(const std::filesystem::path &path) const;

private:
  int width_, height_;
  std::vector<std::uint8_t> rgb_; // row-major, 3 bytes per pixel
};

/// A qualitative palette (matplotlib's tab10), for class colours.
Rgb palette(int index);
/// `color` mixed with white: t = 0 is the colour, t = 1 white.
Rgb lighten(Rgb color, double t);

} // namespace npg_examples

#pragma once
// Decoding one image file for the folder source: size limits checked from the header
// before any pixel is decoded, 16-bit and float images brought to 8 bits, BGR(A) turned
// into RGB(A), then converted to the requested channel count.
#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <string>

namespace rcmae {

// Larger images are decoded reduced (JPEG, via cv::IMREAD_REDUCED_*) or rejected.
constexpr int64_t kMaxImagePixels = 100'000'000;

struct ImageHeader {
  std::string format;  // "png", "jpeg", "bmp", "webp"
  int width = 0;
  int height = 0;
  int64_t pixels() const { return int64_t{width} * height; }
};

// Width and height from the file header alone (PNG, JPEG, BMP, WebP); nullopt for other
// formats or a header that cannot be read.
std::optional<ImageHeader> read_image_header(const std::string& path);

// Decodes `path` (UTF-8) to uint8 HWC with `channels` (1-4) channels, RGB(A) order.
// Throws DataError naming the file: unreadable or corrupt, unsupported pixel format, or
// over `max_pixels` with no reduced decode available.
cv::Mat decode_image_file(const std::string& path, int channels,
                          int64_t max_pixels = kMaxImagePixels);

}  // namespace rcmae

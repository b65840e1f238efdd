#include "rcmae/data/image_file.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "rcmae/data/augment.h"
#include "rcmae/data/data_error.h"

namespace rcmae {

namespace {

uint32_t be16(const uint8_t* p) { return (uint32_t{p[0]} << 8) | p[1]; }
uint32_t be32(const uint8_t* p) { return (be16(p) << 16) | be16(p + 2); }
uint32_t le16(const uint8_t* p) { return uint32_t{p[0]} | (uint32_t{p[1]} << 8); }
uint32_t le24(const uint8_t* p) { return le16(p) | (uint32_t{p[2]} << 16); }
uint32_t le32(const uint8_t* p) { return le24(p) | (uint32_t{p[3]} << 24); }

std::optional<ImageHeader> make(const char* format, int64_t width, int64_t height) {
  if (width <= 0 || height <= 0 || width > (1 << 30) || height > (1 << 30)) return std::nullopt;
  return ImageHeader{format, static_cast<int>(width), static_cast<int>(height)};
}

bool is_jpeg_sof(uint8_t marker) {
  // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Walks the JPEG segments up to the frame header; EXIF blocks can put it far from the start.
std::optional<ImageHeader> read_jpeg(std::ifstream& in) {
  in.seekg(2);
  uint8_t buf[7];
  for (int segments = 0; segments < 1000 && in; ++segments) {
    int byte = in.get();
    if (byte != 0xFF) return std::nullopt;
    while (byte == 0xFF) byte = in.get();  // fill bytes
    if (byte == EOF) return std::nullopt;
    const auto marker = static_cast<uint8_t>(byte);
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (!in.read(reinterpret_cast<char*>(buf), 2)) return std::nullopt;
    const uint32_t length = be16(buf);
    if (length < 2) return std::nullopt;
    if (is_jpeg_sof(marker)) {
      if (!in.read(reinterpret_cast<char*>(buf), 5)) return std::nullopt;
      return make("jpeg", be16(buf + 3), be16(buf + 1));
    }
    in.seekg(length - 2, std::ios::cur);
  }
  return std::nullopt;
}

std::optional<ImageHeader> read_webp(const uint8_t* h) {
  if (std::equal(h + 12, h + 16, "VP8 ")) {
    return make("webp", le16(h + 26) & 0x3FFF, le16(h + 28) & 0x3FFF);
  }
  if (std::equal(h + 12, h + 16, "VP8L")) {
    const uint32_t bits = le32(h + 21);
    return make("webp", 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
  }
  if (std::equal(h + 12, h + 16, "VP8X")) {
    return make("webp", 1 + int64_t{le24(h + 24)}, 1 + int64_t{le24(h + 27)});
  }
  return std::nullopt;
}

cv::Mat to_8bit(const cv::Mat& image, const std::string& path) {
  cv::Mat out;
  switch (image.depth()) {
    case CV_8U:
      return image;
    case CV_16U:
      image.convertTo(out, CV_8U, 1.0 / 257.0);
      return out;
    case CV_32F:
    case CV_64F:  // float images (TIFF, EXR) are taken as [0, 1]
      image.convertTo(out, CV_8U, 255.0);
      return out;
    default:
      throw DataError(
          path, "unsupported pixel depth (OpenCV depth " + std::to_string(image.depth()) + ")");
  }
}

// OpenCV decodes to BGR(A); the data layer works in RGB(A).
cv::Mat to_rgb(const cv::Mat& image) {
  cv::Mat out;
  if (image.channels() == 3) {
    cv::cvtColor(image, out, cv::COLOR_BGR2RGB);
  } else if (image.channels() == 4) {
    cv::cvtColor(image, out, cv::COLOR_BGRA2RGBA);
  } else {
    out = image;
  }
  return out;
}

// The smallest JPEG reduction (1/2, 1/4, 1/8 per side) that brings the image under the limit.
int reduced_flags(const ImageHeader& header, int channels, int64_t max_pixels) {
  static const std::array<std::array<int, 3>, 3> kFlags = {{
      {2, cv::IMREAD_REDUCED_GRAYSCALE_2, cv::IMREAD_REDUCED_COLOR_2},
      {4, cv::IMREAD_REDUCED_GRAYSCALE_4, cv::IMREAD_REDUCED_COLOR_4},
      {8, cv::IMREAD_REDUCED_GRAYSCALE_8, cv::IMREAD_REDUCED_COLOR_8},
  }};
  if (header.format != "jpeg") return -1;
  for (const auto& [factor, gray, colour] : kFlags) {
    const int64_t w = (header.width + factor - 1) / factor;
    const int64_t h = (header.height + factor - 1) / factor;
    if (w * h <= max_pixels) return channels == 1 ? gray : colour;
  }
  return -1;
}

std::string megapixels(int64_t pixels) {
  const int64_t tenths = (pixels + 50'000) / 100'000;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

}  // namespace

std::optional<ImageHeader> read_image_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  uint8_t h[32] = {};
  if (!in.read(reinterpret_cast<char*>(h), sizeof h) && in.gcount() < 4) return std::nullopt;
  const auto got = static_cast<size_t>(in.gcount());
  in.clear();
  static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (got >= 24 && std::equal(kPng, kPng + 8, h) && std::equal(h + 12, h + 16, "IHDR")) {
    return make("png", be32(h + 16), be32(h + 20));
  }
  if (h[0] == 0xFF && h[1] == 0xD8) return read_jpeg(in);
  if (got >= 26 && h[0] == 'B' && h[1] == 'M') {
    if (le32(h + 14) == 12) return make("bmp", le16(h + 18), le16(h + 20));  // OS/2 header
    const auto height = static_cast<int32_t>(le32(h + 22));  // negative: top-down rows
    return make("bmp", static_cast<int32_t>(le32(h + 18)), std::abs(int64_t{height}));
  }
  if (got >= 30 && std::equal(h, h + 4, "RIFF") && std::equal(h + 8, h + 12, "WEBP")) {
    return read_webp(h);
  }
  return std::nullopt;
}

cv::Mat decode_image_file(const std::string& path, int channels, int64_t max_pixels) {
  // IMREAD_UNCHANGED keeps alpha and 16-bit depth, which the conversions below handle.
  int flags = cv::IMREAD_UNCHANGED;
  if (const auto header = read_image_header(path); header && header->pixels() > max_pixels) {
    flags = reduced_flags(*header, channels, max_pixels);
    if (flags < 0) {
      throw DataError(path, "image is " + std::to_string(header->width) + "x" +
                                std::to_string(header->height) + " (" +
                                megapixels(header->pixels()) + " megapixels), over the " +
                                megapixels(max_pixels) + "-megapixel limit");
    }
  }
  cv::Mat image;
  try {
    image = cv::imread(path, flags);
  } catch (const cv::Exception& error) {
    throw DataError(path, "cannot be decoded: " + error.msg);
  }
  if (image.empty()) {
    std::ifstream probe(path);
    throw DataError(path, probe ? "cannot be decoded (corrupt or not a supported image format)"
                                : "file not found or not readable");
  }
  if (image.channels() > 4 || image.channels() == 2) {
    throw DataError(path, "unsupported channel count " + std::to_string(image.channels()));
  }
  return convert_channels(to_rgb(to_8bit(image, path)), channels);
}

}  // namespace rcmae

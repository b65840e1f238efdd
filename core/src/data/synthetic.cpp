#include "rcmae/data/synthetic.h"

#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "rcmae/data/augment.h"
#include "rcmae/data/channel_stats.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/random.h"

namespace rcmae {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kShift = 4;  // sub-pixel bits for OpenCV drawing: shapes move smoothly
constexpr double kOne = 1 << kShift;

enum SyntheticClass {
  kCircle,
  kSquare,
  kTriangle,
  kRing,
  kCross,
  kStripesFlat,
  kStripesSteep,
  kStripesDiagonal,
  kChecker,
  kBlobs
};

cv::Point fixed(double x, double y) {
  return {static_cast<int>(std::lround(x * kOne)), static_cast<int>(std::lround(y * kOne))};
}

// A point given in a frame rotated by `angle` around (cx, cy).
cv::Point rotated(double cx, double cy, double angle, double u, double v) {
  const double c = std::cos(angle), s = std::sin(angle);
  return fixed(cx + u * c - v * s, cy + u * s + v * c);
}

void fill_polygon(cv::Mat& mask, const std::vector<cv::Point>& points) {
  cv::fillConvexPoly(mask, points, cv::Scalar(255), cv::LINE_AA, kShift);
}

// A rectangle [u0,u1] x [v0,v1] in the rotated frame.
void fill_rotated_rect(cv::Mat& mask, double cx, double cy, double angle, double u0, double u1,
                       double v0, double v1) {
  fill_polygon(mask, {rotated(cx, cy, angle, u0, v0), rotated(cx, cy, angle, u1, v0),
                      rotated(cx, cy, angle, u1, v1), rotated(cx, cy, angle, u0, v1)});
}

// Parallel bands of width period/2 covering the whole image.
void draw_stripes(cv::Mat& mask, double angle, double period, double phase) {
  const double c = mask.cols / 2.0;
  const double reach = mask.cols;  // > half-diagonal: bands cover every corner
  for (double v = -reach + phase; v < reach; v += period) {
    fill_rotated_rect(mask, c, c, angle, -reach, reach, v, v + period / 2);
  }
}

void draw_shape(cv::Mat& mask, int label, Rng& rng) {
  const double s = mask.cols;
  const double cx = rng.uniform(0.3, 0.7) * s;
  const double cy = rng.uniform(0.3, 0.7) * s;
  const double r = rng.uniform(0.15, 0.32) * s;
  const double angle = rng.uniform(0, 2 * kPi);
  switch (label) {
    case kCircle:
      cv::circle(mask, fixed(cx, cy), static_cast<int>(r * kOne), cv::Scalar(255), cv::FILLED,
                 cv::LINE_AA, kShift);
      break;
    case kSquare:
      fill_rotated_rect(mask, cx, cy, angle, -r * 0.75, r * 0.75, -r * 0.75, r * 0.75);
      break;
    case kTriangle:
      fill_polygon(mask, {rotated(cx, cy, angle, r, 0), rotated(cx, cy, angle + 2 * kPi / 3, r, 0),
                          rotated(cx, cy, angle + 4 * kPi / 3, r, 0)});
      break;
    case kRing:
      cv::circle(mask, fixed(cx, cy), static_cast<int>(r * kOne), cv::Scalar(255),
                 std::max(1, static_cast<int>(r * 0.3)), cv::LINE_AA, kShift);
      break;
    default:  // kCross
      fill_rotated_rect(mask, cx, cy, angle, -r, r, -r * 0.22, r * 0.22);
      fill_rotated_rect(mask, cx, cy, angle, -r * 0.22, r * 0.22, -r, r);
      break;
  }
}

double stripe_angle(int label, Rng& rng) {
  const double deg = kPi / 180;
  switch (label) {
    case kStripesFlat:
      return rng.uniform(-20, 20) * deg;
    case kStripesSteep:
      return rng.uniform(70, 110) * deg;
    default:  // diagonal, either way
      return (rng.coin() ? 45 : 135) * deg + rng.uniform(-15, 15) * deg;
  }
}

// Coverage mask (0..255, anti-aliased) of the foreground pattern of `label`.
cv::Mat draw_mask(int label, int size, Rng& rng) {
  cv::Mat mask(size, size, CV_8UC1, cv::Scalar(0));
  const double s = size;
  if (label <= kCross) {
    draw_shape(mask, label, rng);
  } else if (label <= kStripesDiagonal) {
    const double angle = stripe_angle(label, rng);
    const double period = rng.uniform(0.12, 0.3) * s;
    draw_stripes(mask, angle, period, rng.uniform(0, period));
  } else if (label == kChecker) {
    // Two perpendicular stripe sets XOR'ed: a rotated checkerboard in two draws.
    const double angle = rng.uniform(0, kPi / 2);
    const double period = rng.uniform(0.18, 0.4) * s;
    cv::Mat other(size, size, CV_8UC1, cv::Scalar(0));
    draw_stripes(mask, angle, period, rng.uniform(0, period));
    draw_stripes(other, angle + kPi / 2, period, rng.uniform(0, period));
    cv::absdiff(mask, other, mask);
  } else {  // kBlobs: upscaled coarse noise, soft-thresholded
    const int cells = static_cast<int>(rng.uniform_int(3, 6));
    cv::Mat coarse(cells, cells, CV_8UC1);
    cv::RNG cv_rng(rng.bits());
    cv_rng.fill(coarse, cv::RNG::UNIFORM, 0, 256);
    // Stretch to the full range so the threshold always leaves both colours.
    cv::normalize(coarse, coarse, 0, 255, cv::NORM_MINMAX);
    cv::resize(coarse, mask, cv::Size(size, size), 0, 0, cv::INTER_CUBIC);
    mask.convertTo(mask, CV_8U, 6.0, -128.0 * 6.0 + 128.0);
  }
  return mask;
}

cv::Scalar random_colour(Rng& rng) {
  return cv::Scalar(rng.uniform_int(0, 255), rng.uniform_int(0, 255), rng.uniform_int(0, 255));
}

double luminance(const cv::Scalar& rgb) { return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]; }

// Background: a smooth gradient between random corner colours near a base colour.
cv::Mat draw_background(int size, const cv::Scalar& base, Rng& rng) {
  cv::Mat corners(2, 2, CV_8UC3);
  for (int i = 0; i < 4; ++i) {
    cv::Vec3b& px = corners.at<cv::Vec3b>(i / 2, i % 2);
    for (int c = 0; c < 3; ++c) {
      px[c] = cv::saturate_cast<uchar>(base[c] + rng.uniform(-40, 40));
    }
  }
  cv::Mat background;
  cv::resize(corners, background, cv::Size(size, size), 0, 0, cv::INTER_LINEAR);
  return background;
}

}  // namespace

const std::vector<std::string>& synthetic_class_names() {
  static const std::vector<std::string> names = {
      "circle",       "square",        "triangle",         "ring",    "cross",
      "stripes-flat", "stripes-steep", "stripes-diagonal", "checker", "blobs"};
  return names;
}

cv::Mat render_synthetic(uint64_t seed, int64_t index, int size, int channels) {
  if (size < 1) throw std::invalid_argument("render_synthetic: size must be >= 1");
  Rng rng(mix_seed(seed, static_cast<uint64_t>(index)));
  const int label = static_cast<int>(index % kSyntheticClasses);
  const cv::Scalar background_colour = random_colour(rng);
  cv::Scalar foreground = random_colour(rng);
  // Keep the pattern visible in gray too: insist on luminance contrast that survives the
  // background gradient (+-40), else fall back to black or white.
  constexpr double kMinContrast = 90;
  const double background_luminance = luminance(background_colour);
  for (int tries = 0;
       tries < 8 && std::abs(luminance(foreground) - background_luminance) < kMinContrast;
       ++tries) {
    foreground = random_colour(rng);
  }
  if (std::abs(luminance(foreground) - background_luminance) < kMinContrast) {
    foreground = background_luminance > 127 ? cv::Scalar(0, 0, 0) : cv::Scalar(255, 255, 255);
  }
  cv::Mat image = draw_background(size, background_colour, rng);
  const cv::Mat mask = draw_mask(label, size, rng);
  // Alpha-composite the foreground colour through the anti-aliased mask.
  cv::Mat weights, inverse;
  mask.convertTo(weights, CV_32F, 1.0 / 255.0);
  cv::subtract(cv::Scalar(1.0), weights, inverse);
  const cv::Mat fill(size, size, CV_8UC3, foreground);
  cv::blendLinear(fill, image, weights, inverse, image);
  return convert_channels(image, channels);
}

SyntheticDataset::SyntheticDataset(Split split, int size, int channels, uint64_t seed)
    : offset_(split == Split::Train ? 0 : kSyntheticTrainSize),
      size_(split == Split::Train ? kSyntheticTrainSize : kSyntheticTestSize),
      side_(size),
      channels_(channels),
      seed_(seed) {
  if (size < 1 || size > 4096) {
    throw DataError("synthetic", "image size must be in 1-4096, got " + std::to_string(size));
  }
  if (channels < 1 || channels > 4) {
    throw DataError("synthetic", "channels must be 1-4, got " + std::to_string(channels));
  }
  info_.name = "synthetic";
  info_.train_size = kSyntheticTrainSize;
  info_.test_size = kSyntheticTestSize;
  info_.channels = channels;
  info_.native_height = size;
  info_.native_width = size;
  info_.num_classes = kSyntheticClasses;
  info_.class_names = synthetic_class_names();
  // Statistics of the train split, so both splits normalise the same way.
  // Consecutive indices: every class equally often.
  const ChannelStats stats = compute_channel_stats(
      [&](int64_t i) { return render_synthetic(seed, i, size, channels); }, 200);
  info_.mean = stats.mean;
  info_.std = stats.std;
}

int64_t SyntheticDataset::size() const { return size_; }

int64_t SyntheticDataset::label(int64_t index) const {
  return (offset_ + index) % kSyntheticClasses;
}

cv::Mat SyntheticDataset::image(int64_t index) const {
  return render_synthetic(seed_, offset_ + index, side_, channels_);
}

}  // namespace rcmae

// MAE augmentation: RandomResizedCrop bounds over many draws, flips, eval transform,
// normalisation and channel conversion.
#include <QtTest/QtTest>

#include <opencv2/imgproc.hpp>

#include <cmath>

#include "rcmae/data/augment.h"
#include "rcmae/data/random.h"

using namespace rcmae;

namespace {
cv::Mat gradient_image(int rows, int cols, int channels) {
  cv::Mat image(rows, cols, CV_8UC(channels));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      for (int k = 0; k < channels; ++k) {
        image.ptr<uint8_t>(r)[c * channels + k] = static_cast<uint8_t>((r * 7 + c * 3 + k * 50) % 256);
      }
    }
  }
  return image;
}
}  // namespace

class TestDataAugment : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void crop_boxes_respect_scale_and_ratio_bounds() {
    Rng rng(123);
    const int height = 224, width = 224;
    double min_scale = 1, max_scale = 0, min_ratio = 10, max_ratio = 0;
    for (int draw = 0; draw < 100000; ++draw) {
      const CropBox box = sample_resized_crop(height, width, rng);
      QVERIFY(box.top >= 0 && box.left >= 0);
      QVERIFY(box.top + box.height <= height && box.left + box.width <= width);
      const double scale = double(box.height) * box.width / (height * width);
      const double ratio = double(box.width) / box.height;
      min_scale = std::min(min_scale, scale);
      max_scale = std::max(max_scale, scale);
      min_ratio = std::min(min_ratio, ratio);
      max_ratio = std::max(max_ratio, ratio);
    }
    // Bounds hold up to the rounding of width and height to whole pixels...
    QVERIFY2(min_scale >= 0.2 - 0.01, qPrintable(QString::number(min_scale)));
    QVERIFY2(max_scale <= 1.0, qPrintable(QString::number(max_scale)));
    QVERIFY2(min_ratio >= 0.75 - 0.01, qPrintable(QString::number(min_ratio)));
    QVERIFY2(max_ratio <= 4.0 / 3.0 + 0.01, qPrintable(QString::number(max_ratio)));
    // ...and the draws actually span the ranges.
    QVERIFY(min_scale < 0.21 && max_scale > 0.97);
    QVERIFY(min_ratio < 0.77 && max_ratio > 1.30);
  }

  void crop_scale_is_uniform() {
    // Accepted draws have area fraction uniform in [0.2, 1]: mean ~0.6 on a square image
    // large enough that rounding is negligible (the fallback is rare there).
    Rng rng(5);
    double sum = 0;
    const int draws = 20000;
    for (int i = 0; i < draws; ++i) {
      const CropBox box = sample_resized_crop(512, 512, rng);
      sum += double(box.height) * box.width / (512.0 * 512.0);
    }
    QVERIFY2(std::abs(sum / draws - 0.6) < 0.01, qPrintable(QString::number(sum / draws)));
  }

  void extreme_aspect_falls_back_to_a_clamped_centre_crop() {
    Rng rng(1);
    // 8 x 400: no box with ratio <= 4/3 and area >= 20 % fits, so all 10 attempts fail.
    const CropBox wide = sample_resized_crop(8, 400, rng);
    QCOMPARE(wide.height, 8);
    QCOMPARE(wide.width, 11);  // round(8 * 4/3)
    QCOMPARE(wide.left, (400 - 11) / 2);
    const CropBox tall = sample_resized_crop(400, 8, rng);
    QCOMPARE(tall.width, 8);
    QCOMPARE(tall.height, 11);  // round(8 / (3/4))
    QCOMPARE(tall.top, (400 - 11) / 2);
  }

  void tiny_images_always_give_valid_boxes() {
    Rng rng(9);
    for (int h = 1; h <= 6; ++h) {
      for (int w = 1; w <= 6; ++w) {
        for (int i = 0; i < 200; ++i) {
          const CropBox box = sample_resized_crop(h, w, rng);
          QVERIFY(box.height >= 1 && box.width >= 1);
          QVERIFY(box.top + box.height <= h && box.left + box.width <= w);
        }
      }
    }
  }

  void train_transform_shape_range_and_flips() {
    const cv::Mat image = gradient_image(28, 40, 3);
    Rng rng(3);
    int flipped = 0;
    const int draws = 400;
    for (int i = 0; i < draws; ++i) {
      const cv::Mat out = augment_train(image, 32, rng);
      QCOMPARE(out.rows, 32);
      QCOMPARE(out.cols, 32);
      QCOMPARE(out.type(), CV_8UC3);
      // The horizontal gradient (+3 per column) runs backwards in a flipped crop.
      if (out.at<cv::Vec3b>(16, 0)[0] > out.at<cv::Vec3b>(16, 31)[0]) ++flipped;
    }
    QVERIFY2(flipped > draws * 0.4 && flipped < draws * 0.6, qPrintable(QString::number(flipped)));
  }

  void same_seed_same_augmentation() {
    const cv::Mat image = gradient_image(50, 50, 1);
    Rng a(77), b(77), c(78);
    const cv::Mat first = augment_train(image, 24, a);
    QCOMPARE(cv::norm(first, augment_train(image, 24, b), cv::NORM_INF), 0.0);
    // A different seed gives a different crop (with overwhelming probability: check 5).
    bool differs = false;
    Rng a2(77);
    for (int i = 0; i < 5; ++i) {
      differs |= cv::norm(augment_train(image, 24, a2), augment_train(image, 24, c),
                          cv::NORM_INF) > 0;
    }
    QVERIFY(differs);
  }

  void eval_transform_resizes_and_centre_crops() {
    const cv::Mat square = gradient_image(32, 32, 3);
    QCOMPARE(cv::norm(eval_transform(square, 32), square, cv::NORM_INF), 0.0);
    const cv::Mat wide = gradient_image(20, 60, 1);
    const cv::Mat out = eval_transform(wide, 10);
    QCOMPARE(out.rows, 10);
    QCOMPARE(out.cols, 10);
    // The centre crop of the half-size image equals resizing then taking the middle.
    cv::Mat half;
    cv::resize(wide, half, cv::Size(30, 10), 0, 0, cv::INTER_CUBIC);
    QCOMPARE(cv::norm(out, half(cv::Rect(10, 0, 10, 10)), cv::NORM_INF), 0.0);
    // Small images are upscaled.
    QCOMPARE(eval_transform(gradient_image(5, 7, 3), 32).size(), cv::Size(32, 32));
  }

  void normalize_writes_chw_with_mean_and_std() {
    cv::Mat image(2, 3, CV_8UC3);
    for (int i = 0; i < 6; ++i) image.at<cv::Vec3b>(i / 3, i % 3) = cv::Vec3b(i, 100 + i, 255);
    std::vector<float> out(18, -99.f);
    normalize_into(image, {0.f, 0.5f, 1.f}, {1.f, 0.5f, 2.f}, out.data());
    for (int i = 0; i < 6; ++i) {
      QVERIFY(std::abs(out[i] - i / 255.f) < 1e-6f);
      QVERIFY(std::abs(out[6 + i] - ((100 + i) / 255.f - 0.5f) / 0.5f) < 1e-5f);
      QVERIFY(std::abs(out[12 + i] - 0.f) < 1e-6f);
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, normalize_into(image, {0.f}, {1.f}, out.data()));
  }

  void channel_conversions() {
    cv::Mat rgb(1, 1, CV_8UC3, cv::Scalar(200, 100, 50));  // R, G, B
    const cv::Mat gray = convert_channels(rgb, 1);
    QCOMPARE(int(gray.at<uint8_t>(0, 0)), int(std::lround(0.299 * 200 + 0.587 * 100 + 0.114 * 50)));
    const cv::Mat rgba = convert_channels(rgb, 4);
    QCOMPARE(rgba.at<cv::Vec4b>(0, 0), cv::Vec4b(200, 100, 50, 255));
    const cv::Mat back = convert_channels(rgba, 3);
    QCOMPARE(back.at<cv::Vec3b>(0, 0), cv::Vec3b(200, 100, 50));
    cv::Mat g(1, 1, CV_8UC1, cv::Scalar(42));
    QCOMPARE(convert_channels(g, 3).at<cv::Vec3b>(0, 0), cv::Vec3b(42, 42, 42));
    QCOMPARE(convert_channels(g, 2).at<cv::Vec2b>(0, 0), cv::Vec2b(42, 255));
    QCOMPARE(convert_channels(convert_channels(g, 2), 4).at<cv::Vec4b>(0, 0),
             cv::Vec4b(42, 42, 42, 255));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, convert_channels(g, 5));
  }

  void permutation_is_a_seeded_shuffle() {
    const auto a = permutation(1000, 4);
    QCOMPARE(a, permutation(1000, 4));
    QVERIFY(a != permutation(1000, 5));
    std::vector<int64_t> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (int64_t i = 0; i < 1000; ++i) QCOMPARE(sorted[i], i);
    int fixed_points = 0;
    for (int64_t i = 0; i < 1000; ++i) fixed_points += a[i] == i;
    QVERIFY(fixed_points < 10);  // expected ~1 for a random permutation
  }
};

QTEST_GUILESS_MAIN(TestDataAugment)
#include "test_data_augment.moc"

// MAE augmentation: RandomResizedCrop bounds over many draws, flips, eval transform,
// normalisation and channel conversion.
#include <QtTest/QtTest>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "harness/qtest_registry.h"
#include "rcmae/data/augment.h"
#include "rcmae/data/random.h"

using namespace rcmae;

namespace {
cv::Mat gradient_image(int rows, int cols, int channels) {
  cv::Mat image(rows, cols, CV_8UC(channels));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      for (int k = 0; k < channels; ++k) {
        image.ptr<uint8_t>(r)[c * channels + k] =
            static_cast<uint8_t>((r * 7 + c * 3 + k * 50) % 256);
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
    // 32x48 (ratio 1.5) cannot hold a 4:3 box of more than 32x43 = 0.896 of its area.
    struct Case {
      int height, width;
      double reachable_scale;
    };
    for (const auto& [height, width, reachable] :
         {Case{224, 224, 0.95}, Case{28, 28, 0.95}, Case{32, 48, 0.88}}) {
      const double area = double(height) * width;
      double min_scale = 1, max_scale = 0, min_ratio = 10, max_ratio = 0;
      for (int draw = 0; draw < 50000; ++draw) {
        const CropBox box = sample_resized_crop(height, width, rng);
        QVERIFY(box.top >= 0 && box.left >= 0 && box.height >= 1 && box.width >= 1);
        QVERIFY(box.top + box.height <= height && box.left + box.width <= width);
        // Width and height are rounded to whole pixels, so the unrounded box, which obeys
        // the bounds exactly, is within half a pixel of this one on each side.
        const double h = box.height, w = box.width;
        QVERIFY2((h - 0.5) * (w - 0.5) <= area + 1e-9, qPrintable(QString("%1x%2").arg(h).arg(w)));
        QVERIFY2((h + 0.5) * (w + 0.5) >= 0.2 * area - 1e-9,
                 qPrintable(QString("%1x%2").arg(h).arg(w)));
        QVERIFY2((w - 0.5) / (h + 0.5) <= 4.0 / 3.0 + 1e-9,
                 qPrintable(QString("%1x%2").arg(h).arg(w)));
        QVERIFY2((w + 0.5) / (h - 0.5) >= 3.0 / 4.0 - 1e-9,
                 qPrintable(QString("%1x%2").arg(h).arg(w)));
        min_scale = std::min(min_scale, h * w / area);
        max_scale = std::max(max_scale, h * w / area);
        min_ratio = std::min(min_ratio, w / h);
        max_ratio = std::max(max_ratio, w / h);
      }
      // The draws actually span the ranges (up to rounding on the small images).
      QVERIFY2(min_scale < 0.23 && max_scale > reachable,
               qPrintable(QString("%1 %2").arg(min_scale).arg(max_scale)));
      QVERIFY2(min_ratio < 0.8 && max_ratio > 1.25,
               qPrintable(QString("%1 %2").arg(min_ratio).arg(max_ratio)));
    }
  }

  void crop_scale_distribution_matches_torchvision() {
    // Draws that do not fit are retried, which biases accepted areas downwards: the mean
    // area fraction of torchvision's algorithm on a 512x512 image is 0.5391 (Monte Carlo,
    // 400k draws of the reference Python code), not the naive 0.6.
    Rng rng(5);
    double sum = 0;
    const int draws = 40000;
    for (int i = 0; i < draws; ++i) {
      const CropBox box = sample_resized_crop(512, 512, rng);
      sum += double(box.height) * box.width / (512.0 * 512.0);
    }
    QVERIFY2(std::abs(sum / draws - 0.5391) < 0.005, qPrintable(QString::number(sum / draws)));
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
      differs |=
          cv::norm(augment_train(image, 24, a2), augment_train(image, 24, c), cv::NORM_INF) > 0;
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
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             normalize_into(image, {0.f}, {1.f}, out.data()));
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

RCMAE_QTEST_GUILESS(TestDataAugment)
#include "test_data_augment.moc"

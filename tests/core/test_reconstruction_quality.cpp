// Held-out reconstruction quality and honest placement: rec_nmse on a hand-made example, its
// two reference predictors (mean fill = 1, truth = 0), placement that never reads a hidden
// patch, and a trainer snapshot that does not change when a hidden patch's truth does.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "../micro_config.h"
#include "fixed_batch_source.h"
#include "harness/qtest_registry.h"
#include "rcmae/eval/reconstruction_quality.h"
#include "rcmae/model/masking.h"
#include "rcmae/model/patchify.h"
#include "rcmae/train/trainer.h"

namespace {

// Every hidden patch filled with its image's mean visible pixel, per channel.
torch::Tensor mean_fill(const torch::Tensor& truth, const torch::Tensor& mask, int channels) {
  const int64_t n = truth.size(0), l = truth.size(1);
  auto t = truth.reshape({n, l, -1, channels});
  auto visible = (1 - mask).to(torch::kFloat32).reshape({n, l, 1, 1});
  auto fill = (t * visible).sum({1, 2}, true) / (visible.sum(1, true) * t.size(2));
  auto hidden = mask.to(torch::kFloat32).reshape({n, l, 1, 1});
  return (t * visible + fill.expand_as(t) * hidden).reshape({n, l, -1});
}

}  // namespace

class TestReconstructionQuality : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  // One image, two patches of two grey pixels: patch 0 visible [0.2, 0.4], patch 1 hidden
  // [0.9, 0.5]. Mean fill 0.3: errors 0.6^2 and 0.2^2, mse 0.2. Prediction [0.7, 0.7]:
  // errors 0.2^2 and 0.2^2, mse 0.04. nmse = 0.04 / 0.2 = 0.2; psnr = 10 log10(1/0.04).
  void scores_a_hand_made_example() {
    auto truth = torch::tensor({0.2f, 0.4f, 0.9f, 0.5f}).reshape({1, 2, 2});
    auto predicted = torch::tensor({0.0f, 0.0f, 0.7f, 0.7f}).reshape({1, 2, 2});
    auto mask = torch::tensor({0.0f, 1.0f}).reshape({1, 2});
    const auto s = rcmae::score_reconstruction(predicted, truth, mask, 1);
    QVERIFY(std::abs(s.mse - 0.04) < 1e-6);
    QVERIFY(std::abs(s.nmse - 0.2) < 1e-6);
    QVERIFY(std::abs(s.psnr - 10 * std::log10(25.0)) < 1e-4);
  }

  void mean_fill_scores_one_and_truth_scores_zero() {
    torch::manual_seed(3);
    const int channels = 3;
    auto truth = torch::rand({4, 16, 4 * channels});
    auto mask = (torch::rand({4, 16}) < 0.75).to(torch::kFloat32);
    mask.index_put_({torch::indexing::Slice(), 0}, 0.0f);  // at least one visible patch each
    mask.index_put_({torch::indexing::Slice(), 1}, 1.0f);  // and one hidden
    const auto fill =
        rcmae::score_reconstruction(mean_fill(truth, mask, channels), truth, mask, channels);
    QVERIFY2(std::abs(fill.nmse - 1.0) < 1e-6, qPrintable(QString::number(fill.nmse)));
    const auto exact = rcmae::score_reconstruction(truth, truth, mask, channels);
    QCOMPARE(exact.mse, 0.0);
    QCOMPARE(exact.nmse, 0.0);
    // Visible positions never count: garbage there changes nothing.
    auto garbage = truth * mask.unsqueeze(-1) + 5.0 * (1 - mask.unsqueeze(-1));
    QCOMPARE(rcmae::score_reconstruction(garbage, truth, mask, channels).mse, 0.0);
  }

  // Norm-pix placement uses the visible patches' statistics: a hidden patch's truth does not
  // enter. Pixel targets are placed as they are.
  void placement_never_reads_a_hidden_patch() {
    torch::manual_seed(5);
    auto original = torch::randn({2, 9, 12});
    auto pred = torch::randn({2, 9, 12});
    auto mask = torch::zeros({2, 9});
    mask.index_put_({0, 4}, 1.0f);
    mask.index_put_({1, 0}, 1.0f);
    mask.index_put_({1, 8}, 1.0f);
    auto changed = original.clone();
    changed.index_put_({0, 4}, torch::randn({12}) * 7 + 3);
    changed.index_put_({1, 8}, torch::randn({12}) * 0.1 - 2);
    QVERIFY(torch::equal(rcmae::place_prediction(pred, original, mask, true),
                         rcmae::place_prediction(pred, changed, mask, true)));
    QVERIFY(torch::equal(rcmae::place_prediction(pred, original, mask, false), pred));
    // The oracle placement does read it: that is why it is only a labelled toggle.
    QVERIFY(!torch::equal(rcmae::place_prediction_with_true_stats(pred, original, true),
                          rcmae::place_prediction_with_true_stats(pred, changed, true)));
    // Hidden patch 4 of image 0 gets the mean of the visible patches' means and stds.
    auto visible = original[0].index({torch::tensor({0, 1, 2, 3, 5, 6, 7, 8})});
    auto mean = visible.mean(-1).mean();
    auto stdev = torch::sqrt(visible.var(-1, true) + 1e-6).mean();
    auto expected = pred[0][4] * stdev + mean;
    QVERIFY(torch::allclose(rcmae::place_prediction(pred, original, mask, true)[0][4], expected,
                            1e-5, 1e-5));
  }

  // What the views display for a hidden patch's prediction does not change when that patch's
  // ground truth does (student, teacher, and the pasted row), with either target type.
  void snapshot_of_a_hidden_patch_ignores_its_truth() {
    for (bool norm_pix : {true, false}) {
      auto config = rcmae::testing::micro_train_config(1);
      config.model.norm_pix_loss = norm_pix;
      config.mode = rcmae::TeacherMode::RcMae;
      config.batch = 2;
      auto source = std::make_unique<FixedBatchSource>(2, 1, 16, /*seed=*/1);
      auto images = source->batch_.images.clone();
      rcmae::Trainer trainer(config, std::move(source));
      trainer.step();
      const uint64_t seed = 42;
      const auto before = trainer.reconstruct(images, seed);
      // A hidden patch of image 0 (grid 4 x 4, patch 4).
      int hidden = -1;
      for (int p = 0; p < 16 && hidden < 0; ++p)
        if (before.mask[size_t(p)]) hidden = p;
      QVERIFY(hidden >= 0);
      auto changed = images.clone();
      const int row = hidden / 4, col = hidden % 4;
      changed.index_put_({0, 0, torch::indexing::Slice(row * 4, row * 4 + 4),
                          torch::indexing::Slice(col * 4, col * 4 + 4)},
                         torch::randn({4, 4}) * 3 + 2);
      const auto after = trainer.reconstruct(changed, seed);
      QVERIFY(after.original != before.original);  // the truth did change
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
          const size_t i = size_t((row * 4 + y) * 16 + col * 4 + x);
          QCOMPARE(after.student[i], before.student[i]);
          QCOMPARE(after.teacher[i], before.teacher[i]);
          QCOMPARE(after.pasted[i], before.pasted[i]);
        }
      QCOMPARE(before.student_oracle.empty(), !norm_pix);
    }
  }
};

RCMAE_QTEST_GUILESS(TestReconstructionQuality)
#include "test_reconstruction_quality.moc"

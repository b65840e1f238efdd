// Linear probe: near 100 % on linearly separable features, near chance on random labels,
// blind to the features' scale and offset (standardised with train statistics), and above
// chance on a real (untrained) encoder's features of the synthetic data.
#include <torch/torch.h>

#include <QtTest>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/eval/labelled_eval_set.h"
#include "rcmae/eval/linear_probe.h"

namespace {

// `per_class` points with std `spread` around each of `classes` centres drawn (std 4) from
// `centre_seed` in `dims` dimensions; `point_seed` draws the points.
std::pair<torch::Tensor, torch::Tensor> blobs(int64_t classes, int64_t per_class, int64_t dims,
                                              double spread, uint64_t centre_seed,
                                              uint64_t point_seed) {
  auto centre_gen = at::detail::createCPUGenerator(centre_seed);
  auto point_gen = at::detail::createCPUGenerator(point_seed);
  auto centres = torch::randn({classes, dims}, centre_gen, torch::kFloat32) * 4.0;
  auto labels = torch::arange(classes, torch::kInt64).repeat_interleave(per_class);
  auto features = centres.index_select(0, labels) +
                  spread * torch::randn({classes * per_class, dims}, point_gen, torch::kFloat32);
  return {features, labels};
}

}  // namespace

class TestLinearProbe : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void separable_features_are_classified_almost_perfectly() {
    auto [train_x, train_y] = blobs(5, 120, 16, 1.0, 1, 10);
    auto [test_x, test_y] = blobs(5, 60, 16, 1.0, 1, 11);  // same centres, fresh points
    const auto probe = rcmae::LinearProbe::fit(train_x, train_y, 5);
    const double train_acc = probe.accuracy(train_x, train_y);
    const double test_acc = probe.accuracy(test_x, test_y);
    qInfo("separable blobs: train %.3f test %.3f", train_acc, test_acc);
    QVERIFY(train_acc > 0.99);
    QVERIFY(test_acc > 0.97);
  }

  void random_labels_stay_near_chance_on_held_out_points() {
    auto gen = at::detail::createCPUGenerator(7);
    auto train_x = torch::randn({1000, 32}, gen, torch::kFloat32);
    auto train_y = torch::randint(10, {1000}, gen, torch::kInt64);
    auto test_x = torch::randn({1000, 32}, gen, torch::kFloat32);
    auto test_y = torch::randint(10, {1000}, gen, torch::kInt64);
    const auto probe = rcmae::LinearProbe::fit(train_x, train_y, 10);
    const double train_acc = probe.accuracy(train_x, train_y);
    const double test_acc = probe.accuracy(test_x, test_y);
    qInfo("random labels (chance 0.10): train %.3f test %.3f", train_acc, test_acc);
    QVERIFY(test_acc > 0.05 && test_acc < 0.16);
    QVERIFY(train_acc > test_acc);  // it can memorise some of the training noise, no more
  }

  void standardisation_makes_scale_and_offset_irrelevant() {
    auto [x, y] = blobs(4, 80, 8, 8.0, 3, 30);  // overlapping blobs: accuracy well below 100 %
    const auto plain = rcmae::LinearProbe::fit(x, y, 4);
    const auto scaled_x = x * 1000.0 + 50.0;
    const auto scaled = rcmae::LinearProbe::fit(scaled_x, y, 4);
    const double a = plain.accuracy(x, y), b = scaled.accuracy(scaled_x, y);
    qInfo("overlapping blobs: %.4f, scaled x1000 + 50: %.4f", a, b);
    QVERIFY(a < 0.99);
    // Float32 rounding of x * 1000 + 50 may move one point across the boundary, no more.
    QVERIFY(std::abs(a - b) <= 1.0 / double(x.size(0)) + 1e-12);
    // A constant feature column (zero spread) must not turn the logits into NaN.
    auto with_constant = torch::cat({x, torch::full({x.size(0), 1}, 5.0f)}, 1);
    const auto constant = rcmae::LinearProbe::fit(with_constant, y, 4);
    QVERIFY(!torch::isnan(constant.logits(with_constant)).any().item<bool>());
    QVERIFY(std::abs(constant.accuracy(with_constant, y) - a) < 0.02);
  }

  void eval_subset_covers_every_class_of_periodic_labels() {
    // The synthetic data's label is index % 10: a plain stride of 25 (2000 of 50000) would
    // only ever pick classes 0 and 5, a stride of 10 (1000 of 10000) one class.
    for (auto [size, count] :
         {std::pair<int64_t, int64_t>{50000, 2000}, {10000, 1000}, {10000, 200}}) {
      const auto indices = rcmae::spaced_indices(size, count);
      QCOMPARE(int64_t(indices.size()), count);
      std::vector<int> per_class(10, 0);
      for (size_t i = 0; i < indices.size(); ++i) {
        QVERIFY(indices[i] >= 0 && indices[i] < size);
        if (i > 0) QVERIFY(indices[i] > indices[i - 1]);  // distinct, in order
        ++per_class[size_t(indices[i] % 10)];
      }
      for (int n : per_class) QVERIFY2(n > count / 20, "a class is missing or rare");
    }
    QCOMPARE(rcmae::spaced_indices(5, 10), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  }

  void probe_on_an_untrained_encoder_beats_chance() {
    const rcmae::ModelConfig model = rcmae::testing::micro_train_config().model;
    torch::manual_seed(0);
    rcmae::MaeVit vit(model);
    rcmae::LabelledEvalSet data("synthetic", model, {0.5f, 0.5f, 0.5f}, {0.25f, 0.25f, 0.25f}, 1000,
                                500);
    const double accuracy = rcmae::probe_accuracy(vit, data, /*mean_pooling=*/true);
    qInfo("untrained micro, mean pooling: probe top-1 %.3f", accuracy);
    // 10 classes: chance is 0.10, with a std of 0.013 over 500 queries. Random-weight
    // features carry little class information: expect clearly above chance, not much more.
    QVERIFY(accuracy > 0.14);
    QVERIFY(accuracy <= 1.0);
    QCOMPARE(rcmae::probe_accuracy(vit, data, true), accuracy);  // deterministic
  }
};

RCMAE_QTEST_GUILESS(TestLinearProbe)
#include "test_linear_probe.moc"

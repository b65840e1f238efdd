// The linear-model lab against its closed form: in the one-history-term case
// cos(g_c,1, G_0) = -|cos(x_1, x_0)|, and the correction vanishes for orthogonal inputs.
#include <QtTest>
#include <cmath>
#include <random>

#include "harness/qtest_registry.h"
#include "rcmae/lab/linear_lab.h"

namespace {
std::vector<double> random_vector(std::mt19937_64& rng, int dim) {
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> v(dim);
  for (auto& x : v) x = normal(rng);
  return v;
}
double cosine(const std::vector<double>& a, const std::vector<double>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / std::sqrt(aa * bb);
}
}  // namespace

class TestLinearLab : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void one_history_term_matches_closed_form() {
    std::mt19937_64 rng(5);
    for (int trial = 0; trial < 200; ++trial) {
      const int dim = 3 + trial % 40;
      auto x0 = random_vector(rng, dim), x1 = random_vector(rng, dim);
      // Mix in x0 so that the input similarity spans (-1, 1).
      const double mix = std::uniform_real_distribution<double>(-3, 3)(rng);
      for (int i = 0; i < dim; ++i) x1[i] += mix * x0[i];
      auto theta = random_vector(rng, dim), w = random_vector(rng, dim);
      const double measured = rcmae::one_history_cosine(x0, x1, theta, w, 0.1, 0.9);
      const double closed_form = -std::abs(cosine(x1, x0));
      QVERIFY2(std::abs(measured - closed_form) < 1e-6,
               qPrintable(QString("trial %1: %2 vs %3").arg(trial).arg(measured).arg(closed_form)));
    }
  }

  void orthogonal_inputs_give_no_correction() {
    std::vector<double> x0 = {1, 2, 0, 0}, x1 = {0, 0, 3, -1};
    std::vector<double> theta = {0.5, -1, 2, 0.1}, w = {1, 1, 1, 1};
    double correction = -1;
    const double c = rcmae::one_history_cosine(x0, x1, theta, w, 0.2, 0.99, &correction);
    QCOMPARE(correction, 0.0);
    QCOMPARE(c, 0.0);
    // Parallel inputs: strongest, exactly opposite to the previous gradient.
    std::vector<double> same = {2, 4, 0, 0};
    QVERIFY(std::abs(rcmae::one_history_cosine(x0, same, theta, w, 0.2, 0.99) + 1.0) < 1e-12);
  }

  void lab_run_is_deterministic_and_teacher_regularises() {
    rcmae::LinearLabConfig c;
    c.steps = 300;
    auto a = rcmae::run_linear_lab(c), b = rcmae::run_linear_lab(c);
    QCOMPARE(a.loss_teacher, b.loss_teacher);
    QCOMPARE(int(a.loss_plain.size()), 300);
    QCOMPARE(int(a.one_history.size()), c.episodes);
    for (const auto& p : a.one_history)
      QVERIFY(std::abs(p.grad_cos + std::abs(p.input_cos)) < 1e-6);
    // All three models learn.
    QVERIFY(a.loss_plain.back() < 0.5 * a.loss_plain.front());
    QVERIFY(a.loss_teacher.back() < 0.5 * a.loss_teacher.front());
    QVERIFY(a.loss_heavy_ball.back() < 0.5 * a.loss_heavy_ball.front());
    // Along the run the correction points against the previous gradient on average.
    double mean = 0;
    for (const auto& p : a.trajectory) mean += p.grad_cos / a.trajectory.size();
    QVERIFY(mean < 0);
    c.seed = 1;
    QVERIFY(rcmae::run_linear_lab(c).loss_teacher != a.loss_teacher);
  }
};

RCMAE_QTEST_GUILESS(TestLinearLab)
#include "test_linear_lab.moc"

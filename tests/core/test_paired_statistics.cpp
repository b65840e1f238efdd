// The paired statistics (rcmae/stats): values, differences, intervals and McNemar p-values
// worked out by hand; bit-identical arms that must give exactly 0; A/A comparisons under noise
// that may call a difference only about 5 % of the time; and calibration: over thousands of
// simulated comparisons with a known effect, the 95 % interval must cover it 93-97 % of the
// time, for one replicate (bootstrap) and for several (delta method), for a mean, a ratio and
// a 0/1 metric. Torch-free, so it also runs under ASan/UBSan (tests/sanitize).
#include <QtTest>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/qtest_registry.h"
#include "rcmae/stats/chi_squared.h"
#include "rcmae/stats/mcnemar.h"
#include "rcmae/stats/paired_difference.h"
#include "rcmae/stats/proportion_difference.h"
#include "rcmae/stats/student_t.h"

using namespace rcmae::stats;

namespace {

// Draws fixed by the standard: mt19937_64's output and our own mappings (the standard
// library's distributions differ between libstdc++ and libc++), so every build simulates the
// same comparisons, up to the last bit of std::log and std::cos, and measures the same
// coverage (GCC and Clang builds print the same numbers).
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double normal() {                                                 // Box-Muller
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double radius = std::sqrt(-2 * std::log(1 - uniform()));
    const double angle = 2 * M_PI * uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

ItemScores mean_of(std::vector<double> values) {
  ItemScores scores;
  scores.denominator.assign(values.size(), 1.0);
  scores.numerator = std::move(values);
  return scores;
}

ItemScores ratio_of(std::vector<double> numerator, std::vector<double> denominator) {
  return ItemScores{std::move(numerator), std::move(denominator)};
}

// Random positive ratio scores (squared errors over mean-fill errors) for identical-arm tests.
ItemScores random_ratio(Rng& rng, int items) {
  ItemScores scores;
  for (int i = 0; i < items; ++i) {
    const double energy = std::exp(0.5 * rng.normal());
    scores.denominator.push_back(energy);
    scores.numerator.push_back(energy * (0.4 + 0.1 * rng.normal()));
  }
  return scores;
}

ItemScores random_correct(Rng& rng, int items, double p) {
  std::vector<double> correct(size_t(items), 0.0);
  for (double& c : correct) c = rng.uniform() < p ? 1 : 0;
  return mean_of(std::move(correct));
}

// The message of the std::invalid_argument `call` throws; "" when it throws none.
std::string rejection(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Tally {
  int hits = 0, total = 0;
  void add(bool hit) {
    hits += hit ? 1 : 0;
    ++total;
  }
  double percent() const { return 100.0 * hits / total; }
};

bool covers(const PairedDifference& d, double truth) {
  return d.ci_low <= truth && truth <= d.ci_high;
}

// Simulations run fewer resamples than the default: the percentiles move by a little, the
// coverage hardly, and the test stays quick under ASan.
IntervalOptions simulation_options(int comparison) {
  IntervalOptions options;
  options.resamples = 1000;
  options.seed = uint64_t(comparison) + 1;
  return options;
}

// Mixes of the three sources of noise in a multi-replicate comparison, as standard deviations
// of the per-item relative error: the seed (one shift per arm and replicate), the item x arm
// effect (an image the arm handles better in every replicate) and the item x replicate noise.
struct NoiseMix {
  const char* name;
  double replicate, item, noise;
};

// R replicates x n items of a held-out NMSE: each image has an energy (its mean-fill error,
// the denominator, the same in every arm and replicate) and a relative error; the arm's is
// the control's plus `effect`, so the true difference of the ratio of totals is `effect`.
void simulate_nmse(Rng& rng, int replicates, int items, double effect, const NoiseMix& mix,
                   std::vector<ItemScores>& arm, std::vector<ItemScores>& control) {
  const size_t n = size_t(items);
  std::vector<double> energy(n), difficulty(n), arm_item(n), control_item(n);
  for (int i = 0; i < items; ++i) {
    energy[i] = std::exp(0.5 * rng.normal());
    difficulty[i] = 0.3 * rng.normal();  // hard for both arms: cancels in the pairing
    arm_item[i] = mix.item * rng.normal();
    control_item[i] = mix.item * rng.normal();
  }
  arm.assign(size_t(replicates), ItemScores{});
  control.assign(size_t(replicates), ItemScores{});
  for (int r = 0; r < replicates; ++r) {
    const double arm_seed = mix.replicate * rng.normal();
    const double control_seed = mix.replicate * rng.normal();
    for (int i = 0; i < items; ++i) {
      const double base = 0.5 + difficulty[i];
      const double arm_error = base + effect + arm_item[i] + arm_seed + mix.noise * rng.normal();
      const double control_error = base + control_item[i] + control_seed + mix.noise * rng.normal();
      arm[r].numerator.push_back(energy[i] * arm_error);
      arm[r].denominator.push_back(energy[i]);
      control[r].numerator.push_back(energy[i] * control_error);
      control[r].denominator.push_back(energy[i]);
    }
  }
}

// One query's pair of outcomes drawn from a joint table: both right, only the arm, only the
// control (the rest: both wrong).
void draw_pair(Rng& rng, double both, double arm_only, double control_only, double& arm,
               double& control) {
  const double u = rng.uniform();
  arm = (u < both + arm_only) ? 1 : 0;
  control = (u < both || (u >= both + arm_only && u < both + arm_only + control_only)) ? 1 : 0;
}

}  // namespace

class TestPairedStatistics : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // --- values and verdicts by hand ----------------------------------------------------------

  // A ratio of totals, not a mean of ratios: (1 + 6) / (2 + 3) = 1.4, where the mean of the
  // per-item ratios would be (0.5 + 2) / 2 = 1.25.
  void valueIsARatioOfSums() {
    QCOMPARE(ratio_of({1, 6}, {2, 3}).value(), 1.4);
    QCOMPARE(mean_of({1, 0, 1, 1}).value(), 0.75);
    QVERIFY(std::isnan(ItemScores{}.value()));
    QVERIFY(std::isnan(ratio_of({1, 2}, {1, -1}).value()));  // denominators sum to 0
    QVERIFY(mentions(rejection([] { ratio_of({1, 2}, {1}).value(); }), "2 numerators"));
  }

  void verdictNeedsTheWholeIntervalOnOneSide() {
    QCOMPARE(to_string(Verdict::Better), std::string("better"));
    QCOMPARE(to_string(Verdict::Worse), std::string("worse"));
    QCOMPARE(to_string(Verdict::CantTell), std::string("can't tell"));
    // An error that went down: better when lower is better, worse when higher is.
    QCOMPARE(verdict_for(-0.3, -0.1, Direction::LowerIsBetter), Verdict::Better);
    QCOMPARE(verdict_for(-0.3, -0.1, Direction::HigherIsBetter), Verdict::Worse);
    QCOMPARE(verdict_for(0.1, 0.3, Direction::LowerIsBetter), Verdict::Worse);
    QCOMPARE(verdict_for(0.1, 0.3, Direction::HigherIsBetter), Verdict::Better);
    // Touching or straddling 0, or not known: can't tell.
    QCOMPARE(verdict_for(0.0, 0.3, Direction::HigherIsBetter), Verdict::CantTell);
    QCOMPARE(verdict_for(-0.3, 0.0, Direction::LowerIsBetter), Verdict::CantTell);
    QCOMPARE(verdict_for(-0.1, 0.3, Direction::HigherIsBetter), Verdict::CantTell);
    QCOMPARE(verdict_for(0.0, 0.0, Direction::LowerIsBetter), Verdict::CantTell);
    QCOMPARE(verdict_for(NAN, 0.3, Direction::HigherIsBetter), Verdict::CantTell);
  }

  // Two items, one replicate: arm (1 + 6) / (2 + 3) = 1.4, control (2 + 3) / (2 + 3) = 1, so
  // diff = 0.4. A resample holds item 0 twice (arm 2/4 - control 4/4 = -0.5), item 1 twice
  // (12/6 - 6/6 = 1) or both (0.4); each extreme has probability 1/4, far more than the 2.5 %
  // in each tail, so the interval is exactly [-0.5, 1].
  // Two fine-tunes' top-1 on 10,000 test images each, by hand: 0.7613 - 0.7456 = 0.0157,
  // se = sqrt(0.7613 * 0.2387 / 1e4 + 0.7456 * 0.2544 / 1e4) = 0.0060943, half width
  // 1.96 * se = 0.011945.
  void proportionDifferenceByHand() {
    const auto d = rcmae::stats::proportion_difference(0.7613, 10000, 0.7456, 10000);
    QVERIFY(std::abs(d.difference - 0.0157) < 1e-12);
    QVERIFY2(std::abs(d.ci_low - 0.003755) < 2e-6, qPrintable(QString::number(d.ci_low, 'g', 8)));
    QVERIFY2(std::abs(d.ci_high - 0.027645) < 2e-6, qPrintable(QString::number(d.ci_high, 'g', 8)));
    // 100 images each: the same difference cannot be told apart from 0.
    const auto small = rcmae::stats::proportion_difference(0.7613, 100, 0.7456, 100);
    QVERIFY(small.ci_low < 0 && small.ci_high > 0);
    // A count below 1 or an accuracy outside [0, 1] has no interval.
    QVERIFY(std::isnan(rcmae::stats::proportion_difference(0.5, 0, 0.4, 10).ci_low));
    QVERIFY(std::isnan(rcmae::stats::proportion_difference(1.5, 10, 0.4, 10).ci_high));
  }

  void oneReplicateDifferenceByHand() {
    const PairedDifference d = paired_difference(
        {ratio_of({1, 6}, {2, 3})}, {ratio_of({2, 3}, {2, 3})}, Direction::LowerIsBetter);
    QVERIFY(std::abs(d.diff - 0.4) < 1e-15);
    QCOMPARE(d.ci_low, -0.5);
    QCOMPARE(d.ci_high, 1.0);
    QCOMPARE(d.verdict, Verdict::CantTell);
    QCOMPARE(d.replicates, 1);
    QCOMPARE(d.items, int64_t(2));
    QCOMPARE(d.method, std::string("paired bootstrap over 2 items (2000 resamples)"));
  }

  // A side whose denominators sum to 0 has no value: no difference, no verdict. A resample
  // that draws only zero-denominator items (here item 1, a quarter of the time) is left out;
  // every other resample holds item 0 and differs by exactly 2 - 1.
  void zeroDenominatorsHaveNoValue() {
    PairedDifference d =
        paired_difference({ratio_of({1}, {0})}, {ratio_of({1}, {1})}, Direction::LowerIsBetter);
    QVERIFY(std::isnan(d.diff) && std::isnan(d.ci_low) && std::isnan(d.ci_high));
    QCOMPARE(d.verdict, Verdict::CantTell);
    d = paired_difference({ratio_of({2, 0}, {1, 0})}, {ratio_of({1, 0}, {1, 0})},
                          Direction::LowerIsBetter);
    QCOMPARE(d.diff, 1.0);
    QCOMPARE(d.ci_low, 1.0);
    QCOMPARE(d.ci_high, 1.0);
    QCOMPARE(d.verdict, Verdict::Worse);
    QVERIFY2(mentions(d.method, "with zero denominators left out)"), d.method.c_str());
  }

  // The same inputs and seed give the same interval; another seed moves it a little.
  void bootstrapIsDeterministic() {
    Rng rng(7);
    const ItemScores arm = random_ratio(rng, 100), control = random_ratio(rng, 100);
    const PairedDifference first = paired_difference({arm}, {control}, Direction::LowerIsBetter);
    const PairedDifference again = paired_difference({arm}, {control}, Direction::LowerIsBetter);
    QVERIFY(first.ci_low == again.ci_low && first.ci_high == again.ci_high);
    IntervalOptions other;
    other.seed = 2;
    const PairedDifference moved =
        paired_difference({arm}, {control}, Direction::LowerIsBetter, other);
    QVERIFY(moved.ci_low != first.ci_low);
    QVERIFY(std::abs(moved.ci_low - first.ci_low) < 0.2 * (first.ci_high - first.ci_low));
  }

  // Two replicates of two items, a mean metric.
  //   replicate 0: arm {1, 5} (mean 3), control {0, 2} (mean 1): d_0 = 2
  //   replicate 1: arm {3, 7} (mean 5), control {1, 3} (mean 2): d_1 = 3
  //   diff = 2.5; s²_rep = 0.5, A = 0.5 / 2 = 0.25
  //   z (arm minus control distance from the mean): (-2 - -1, 2 - 1) = (-1, 1) in both
  //   s²_item = 2, B = 2 / 2 = 1; residuals 0, C = 0
  //   SE² = 1.25; the df takes A at its 75 % bound, A' = 0.25 / χ²_1(0.25) = 0.25 / 0.1015:
  //   df = (A' + 1)² / (A'² / 1 + 1² / 1) = 1.70
  void replicateDifferenceByHand() {
    const PairedDifference d =
        paired_difference({mean_of({1, 5}), mean_of({3, 7})}, {mean_of({0, 2}), mean_of({1, 3})},
                          Direction::HigherIsBetter);
    QCOMPARE(d.diff, 2.5);
    const double a_upper = 0.25 / chi_squared_quantile(0.25, 1);
    const double se = std::sqrt(1.25), df = std::pow(a_upper + 1, 2) / (a_upper * a_upper + 1);
    const double t = (d.ci_high - d.diff) / se;
    QVERIFY(std::abs((d.diff - d.ci_low) / se - t) < 1e-12);  // symmetric
    QVERIFY(std::abs(student_t_cdf(t, df) - 0.975) < 1e-12);
    QVERIFY(t > 4.30 && t < 12.71);  // between the t quantiles of df 2 and df 1
    QCOMPARE(d.verdict, Verdict::CantTell);
    QCOMPARE(d.method,
             std::string("2 replicates x 2 items (delta method, Welch-Satterthwaite t, df 1.7)"));
  }

  // A ratio metric over replicates: the influence is (a_i - Q b_i) / mean(b), not a_i - Q.
  //   arm r0 {2, 2}/{1, 3}: Q = 1, z = ((2 - 1) / 2, (2 - 3) / 2) = (0.5, -0.5)
  //   arm r1 {3, 3}/{1, 3}: Q = 1.5, z = ((3 - 1.5) / 2, (3 - 4.5) / 2) = (0.75, -0.75)
  //   control {1, 3}/{1, 3} in both: Q = 1, z = (0, 0)
  //   d = (0, 0.5): diff 0.25, A = 0.125 / 2; item means (0.625, -0.625): s²_item = 0.78125,
  //   B = 0.390625; residuals ±0.125: s²_res = 0.0625, C = 0.015625; SE² = 0.4375
  void replicateRatioByHand() {
    const ItemScores control = ratio_of({1, 3}, {1, 3});
    const PairedDifference d =
        paired_difference({ratio_of({2, 2}, {1, 3}), ratio_of({3, 3}, {1, 3})}, {control, control},
                          Direction::LowerIsBetter);
    QCOMPARE(d.diff, 0.25);
    const double a = 0.0625, b = 0.390625, c = 0.015625;
    const double variance = a + b - c, a_upper = a / chi_squared_quantile(0.25, 1);
    const double df = std::pow(a_upper + b - c, 2) / (a_upper * a_upper + b * b + c * c);
    const double t = (d.ci_high - d.diff) / std::sqrt(variance);
    QVERIFY(std::abs(student_t_cdf(t, df) - 0.975) < 1e-12);
  }

  // --- Student t --------------------------------------------------------------------------

  void studentTAgainstClosedFormsAndTables() {
    QCOMPARE(regularized_incomplete_beta(1, 1, 0.3), 0.3);
    QCOMPARE(regularized_incomplete_beta(3, 1, 0.5), 0.125);  // x^a
    QCOMPARE(regularized_incomplete_beta(7.5, 7.5, 0.5), 0.5);
    for (double t : {-30.0, -2.0, -0.1, 0.0, 1e-9, 0.7, 3.0, 250.0}) {
      // df 1 is the Cauchy distribution, df 2 has a closed form too.
      QVERIFY(std::abs(student_t_cdf(t, 1) - (0.5 + std::atan(t) / M_PI)) < 1e-13);
      QVERIFY(std::abs(student_t_cdf(t, 2) - (0.5 + t / (2 * std::sqrt(2 + t * t)))) < 1e-13);
    }
    // Tabulated 97.5 % quantiles; a huge df is the normal's.
    QVERIFY(std::abs(student_t_quantile(0.975, 1) - 12.706204736174707) < 1e-9);
    QVERIFY(std::abs(student_t_quantile(0.975, 2) - 4.302652729749464) < 1e-10);
    QVERIFY(std::abs(student_t_quantile(0.975, 10) - 2.228138851986274) < 1e-10);
    QVERIFY(std::abs(student_t_quantile(0.975, 30) - 2.042272456301238) < 1e-10);
    QVERIFY(std::abs(student_t_quantile(0.975, 1e5) - 1.9599877077017) < 1e-9);
    QVERIFY(std::abs(student_t_quantile(0.975, 1e9) - 1.959963985) < 1e-8);
    QVERIFY(std::abs(student_t_quantile(0.025, 10) + 2.228138851986274) < 1e-10);
    // A fractional df, against numerical integration of the density.
    QVERIFY(std::abs(student_t_quantile(0.95, 7.4) - 1.8792839736485) < 1e-9);
    QVERIFY(std::isnan(student_t_quantile(1.0, 5)));
    QVERIFY(std::isnan(student_t_quantile(0.9, 0)));
  }

  void chiSquaredAgainstClosedForms() {
    for (double x : {0.01, 0.5, 1.386, 4.0, 30.0}) {
      // 2 degrees of freedom: 1 - e^(-x/2); 1 degree: P(|Z| <= sqrt(x)).
      QVERIFY(std::abs(chi_squared_cdf(x, 2) - (1 - std::exp(-x / 2))) < 1e-14);
      QVERIFY(std::abs(chi_squared_cdf(x, 1) - std::erf(std::sqrt(x / 2))) < 1e-14);
    }
    QVERIFY(std::abs(chi_squared_quantile(0.25, 2) - -2 * std::log(0.75)) < 1e-12);
    QVERIFY(std::abs(chi_squared_quantile(0.25, 1) - 0.10153104426762156) < 1e-12);
    QVERIFY(std::abs(chi_squared_quantile(0.975, 10) - 20.483177350807) < 1e-9);
    QVERIFY(std::isnan(chi_squared_quantile(0.5, 0)));
  }

  // --- McNemar ----------------------------------------------------------------------------

  void mcnemarByHand() {
    // b = 0, c = 5: P(X <= 0) = 1/32, p = 2/32.
    McNemarResult r = mcnemar_exact({0, 0, 0, 0, 0, 1, 0}, {1, 1, 1, 1, 1, 1, 0});
    QCOMPARE(r.arm_only, int64_t(0));
    QCOMPARE(r.control_only, int64_t(5));
    QCOMPARE(r.p_value, 0.0625);
    // b = 1, c = 9: P(X <= 1) = (1 + 10) / 1024, p = 22 / 1024.
    std::vector<double> arm(10, 0.0), control(10, 1.0);
    arm[3] = 1;
    control[3] = 0;
    r = mcnemar_exact(arm, control);
    QCOMPARE(r.arm_only, int64_t(1));
    QCOMPARE(r.control_only, int64_t(9));
    QCOMPARE(r.p_value, 0.021484375);
    QCOMPARE(binomial_half_cdf(1, 10), 11.0 / 1024);
    QCOMPARE(binomial_half_cdf(8, 10), 1 - 11.0 / 1024);  // past the middle: 1 - P(X >= 9)
    // b = c: 2 * P(X <= 3 of 6) = 2 * 42 / 64 > 1, capped.
    r = mcnemar_exact({1, 1, 1, 0, 0, 0}, {0, 0, 0, 1, 1, 1});
    QCOMPARE(r.p_value, 1.0);
    // No discordant pair: nothing tells the arms apart.
    r = mcnemar_exact({1, 0, 1}, {1, 0, 1});
    QCOMPARE(r.arm_only + r.control_only, int64_t(0));
    QCOMPARE(r.p_value, 1.0);
    QCOMPARE(mcnemar_exact({}, {}).p_value, 1.0);
  }

  // b = 40000, c = 40500: far past where 2^-n underflows. The normal approximation with
  // continuity correction, 2 Φ(-(|b - c| - 1) / sqrt(b + c)), agrees to well under 1 %.
  void mcnemarLargeCounts() {
    const int64_t b = 40000, c = 40500;
    std::vector<double> arm, control;
    for (int64_t i = 0; i < b; ++i) arm.push_back(1), control.push_back(0);
    for (int64_t i = 0; i < c; ++i) arm.push_back(0), control.push_back(1);
    for (int i = 0; i < 1000; ++i) arm.push_back(1), control.push_back(1);
    const McNemarResult r = mcnemar_exact(arm, control);
    QCOMPARE(r.arm_only, b);
    QCOMPARE(r.control_only, c);
    QVERIFY(std::isfinite(r.p_value) && r.p_value > 0 && r.p_value < 1);
    const double normal =
        std::erfc((double(c - b) - 1) / std::sqrt(double(b + c)) / std::sqrt(2.0));
    QVERIFY2(std::abs(r.p_value / normal - 1) < 0.01, qPrintable(QString::number(r.p_value)));
    qInfo("McNemar b=40000 c=40500: p = %.6f (normal approximation %.6f)", r.p_value, normal);
  }

  // --- A/A ----------------------------------------------------------------------------------

  // Bit-identical arm and control: diff and interval exactly 0, never a verdict, for one
  // replicate and three, a ratio metric and a 0/1 metric.
  void identicalArmsGiveExactlyZero() {
    Rng rng(11);
    for (int replicates : {1, 3}) {
      std::vector<ItemScores> ratio, correct;
      for (int r = 0; r < replicates; ++r) {
        ratio.push_back(random_ratio(rng, 500));
        correct.push_back(random_correct(rng, 1000, 0.8));
      }
      for (const auto* scores : {&ratio, &correct}) {
        const PairedDifference d = paired_difference(*scores, *scores, Direction::HigherIsBetter);
        QVERIFY(d.diff == 0.0);
        QVERIFY(d.ci_low == 0.0);
        QVERIFY(d.ci_high == 0.0);
        QCOMPARE(d.verdict, Verdict::CantTell);
        QCOMPARE(d.replicates, replicates);
      }
    }
  }

  // Arm and control drawn independently from the same distribution: a verdict is a false
  // alarm, and a 95 % interval should raise one about 5 % of the time. One replicate: 200
  // images with a shared difficulty. Three replicates: per-seed shifts and per-item noise,
  // the case where counting the item x replicate noise twice would make false alarms rare.
  // And arms copied exactly, with any spread of scores, are never told apart.
  void aaComparisonsRarelyCallADifference() {
    Rng rng(21);
    Tally one, three;
    for (int sim = 0; sim < 1000; ++sim) {
      std::vector<double> arm(200), control(200);
      for (int i = 0; i < 200; ++i) {
        const double difficulty = rng.normal();
        arm[i] = difficulty + rng.normal();
        control[i] = difficulty + rng.normal();
      }
      const PairedDifference d = paired_difference(
          {mean_of(arm)}, {mean_of(control)}, Direction::LowerIsBetter, simulation_options(sim));
      one.add(d.verdict != Verdict::CantTell);
    }
    const NoiseMix mix{"A/A", 0.02, 0.0, 0.3};
    for (int sim = 0; sim < 2000; ++sim) {
      std::vector<ItemScores> arm, control;
      simulate_nmse(rng, 3, 200, 0.0, mix, arm, control);
      three.add(paired_difference(arm, control, Direction::LowerIsBetter).verdict !=
                Verdict::CantTell);
    }
    qInfo("A/A false verdicts: R=1 %.1f %% of %d, R=3 %.1f %% of %d", one.percent(), one.total,
          three.percent(), three.total);
    QVERIFY2(one.percent() >= 2 && one.percent() <= 8, qPrintable(QString::number(one.percent())));
    QVERIFY2(three.percent() >= 2 && three.percent() <= 8,
             qPrintable(QString::number(three.percent())));

    for (int sim = 0; sim < 100; ++sim) {
      std::vector<ItemScores> same;
      for (int r = 0; r < 1 + sim % 3; ++r) same.push_back(random_ratio(rng, 50 + sim));
      const PairedDifference d =
          paired_difference(same, same, Direction::LowerIsBetter, simulation_options(sim));
      QVERIFY(d.ci_low == 0.0 && d.ci_high == 0.0);
      QCOMPARE(d.verdict, Verdict::CantTell);
    }
  }

  // --- calibration --------------------------------------------------------------------------

  // (a) One replicate, 300 items of a mean metric: a difficulty both arms share plus
  // independent noise; the arm is better by 0.1.
  void coverageOneReplicateMean() {
    const double effect = 0.1;
    Rng rng(31);
    Tally covered;
    for (int sim = 0; sim < 1000; ++sim) {
      std::vector<double> arm(300), control(300);
      for (int i = 0; i < 300; ++i) {
        const double difficulty = rng.normal();
        arm[i] = difficulty + effect + 0.5 * rng.normal();
        control[i] = difficulty + 0.5 * rng.normal();
      }
      covered.add(covers(paired_difference({mean_of(arm)}, {mean_of(control)},
                                           Direction::HigherIsBetter, simulation_options(sim)),
                         effect));
    }
    qInfo("coverage (a) R=1, 300 items, mean: %.1f %% of %d", covered.percent(), covered.total);
    QVERIFY2(covered.percent() >= 93 && covered.percent() <= 97,
             qPrintable(QString::number(covered.percent())));
  }

  // (b) Three replicates of a held-out NMSE (ratio of totals over 300 images of unequal
  // energy), the arm 0.05 worse: under noise dominated by the seed, by the item x arm effect,
  // by the item x replicate noise, and a balanced mix. Each must be calibrated on its own.
  void coverageThreeReplicatesRatio() {
    const double effect = 0.05;
    const NoiseMix mixes[] = {{"balanced", 0.02, 0.2, 0.3},
                              {"seed-dominated", 0.08, 0.05, 0.1},
                              {"item-dominated", 0.005, 0.4, 0.1},
                              {"noise-dominated", 0.005, 0.02, 0.6}};
    Rng rng(41);
    for (const NoiseMix& mix : mixes) {
      Tally covered;
      for (int sim = 0; sim < 2000; ++sim) {
        std::vector<ItemScores> arm, control;
        simulate_nmse(rng, 3, 300, effect, mix, arm, control);
        covered.add(covers(paired_difference(arm, control, Direction::LowerIsBetter), effect));
      }
      qInfo("coverage (b) R=3, 300 items, ratio, %s: %.1f %% of %d", mix.name, covered.percent(),
            covered.total);
      QVERIFY2(covered.percent() >= 93 && covered.percent() <= 97,
               qPrintable(QString("%1: %2").arg(mix.name).arg(covered.percent())));
    }
  }

  // (c) One replicate, 1000 queries of 0/1 accuracy: both right 60 %, only the arm 15.25 %,
  // only the control 10 %, so the arm is right 75.25 % of the time and the control 70 %:
  // +0.0525. (Not a multiple of 1/1000: every difference the bootstrap can produce is one, and
  // a true value on that grid would make "covered" hinge on the last bit of a tie.)
  void coverageOneReplicateAccuracy() {
    const double effect = 0.0525;
    Rng rng(51);
    Tally covered;
    for (int sim = 0; sim < 2000; ++sim) {
      std::vector<double> arm(1000), control(1000);
      for (int i = 0; i < 1000; ++i) draw_pair(rng, 0.60, 0.1525, 0.10, arm[i], control[i]);
      covered.add(covers(paired_difference({mean_of(arm)}, {mean_of(control)},
                                           Direction::HigherIsBetter, simulation_options(sim)),
                         effect));
    }
    qInfo("coverage (c) R=1, 1000 queries, 0/1: %.1f %% of %d", covered.percent(), covered.total);
    QVERIFY2(covered.percent() >= 93 && covered.percent() <= 97,
             qPrintable(QString::number(covered.percent())));
  }

  // --- input errors -------------------------------------------------------------------------

  void inputErrorsNameWhatDiffers() {
    const ItemScores three = mean_of({1, 2, 3}), two = mean_of({1, 2});
    const auto direction = Direction::LowerIsBetter;
    std::string message = rejection([&] { paired_difference({three, three}, {three}, direction); });
    QVERIFY2(mentions(message, "2 arm replicates but 1 control replicates"), message.c_str());
    message = rejection([&] { paired_difference({three, three}, {three, two}, direction); });
    QVERIFY2(mentions(message, "replicate 1 has 3 arm items but 2 control items"), message.c_str());
    message = rejection([&] { paired_difference({three, two}, {three, two}, direction); });
    QVERIFY2(mentions(message, "replicate 1 has 2 items but replicate 0 has 3"), message.c_str());
    message = rejection([&] { paired_difference({}, {}, direction); });
    QVERIFY2(mentions(message, "no replicates"), message.c_str());
    message = rejection([&] { paired_difference({ItemScores{}}, {ItemScores{}}, direction); });
    QVERIFY2(mentions(message, "no items"), message.c_str());
    message = rejection([&] {
      paired_difference({three}, {ratio_of({1, 2, 3}, {1, 1})}, direction);
    });
    QVERIFY2(mentions(message, "control replicate 0 has 3 numerators but 2 denominators"),
             message.c_str());
    message = rejection([&] { paired_difference({mean_of({1, NAN})}, {two}, direction); });
    QVERIFY2(mentions(message, "arm replicate 0 item 1 has a numerator that is not finite"),
             message.c_str());
    IntervalOptions options;
    options.level = 1.0;
    message = rejection([&] { paired_difference({three}, {three}, direction, options); });
    QVERIFY2(mentions(message, "level"), message.c_str());

    message = rejection([] { mcnemar_exact({1, 0}, {1}); });
    QVERIFY2(mentions(message, "2 arm items but 1 control items"), message.c_str());
    message = rejection([] { mcnemar_exact({1, 0.5}, {1, 1}); });
    QVERIFY2(mentions(message, "arm item 1 is 0.5"), message.c_str());
  }
};

RCMAE_QTEST_APPLESS(TestPairedStatistics)
#include "test_paired_statistics.moc"

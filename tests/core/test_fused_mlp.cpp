// The fused bias + GELU of the MLP (fused_linear_gelu) against hand-computed values, against
// stock ATen (gelu(linear(x))) in float within 1e-5 relative, forward and all three
// gradients, on row counts and widths that are not multiples of the vector width, and
// against central finite differences in double.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "rcmae/model/fused_mlp.h"
#include "rcmae/model/kernel_choice.h"
#include "rcmae/model/vit_block.h"
#include "tensor_checks.h"

namespace {

using rcmae::testing::max_relative_error;

// Φ(x) from the closed form, independently of the kernels under test.
double gelu(double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }

struct Shape {
  std::vector<int64_t> input;  // [..., K]
  int64_t hidden;
};

}  // namespace

class TestFusedMlp : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    if (!rcmae::fused_linear_gelu_supports(torch::zeros({1, 4}), torch::zeros({4, 4})))
      QSKIP("this CPU or build has no AVX2 kernels: the MLP runs stock ATen");
  }

  void hand_computed_values() {
    // W = I, b = (0.5, 0, −2): out = (gelu(1.5), gelu(−1), gelu(1)).
    auto x = torch::tensor({1.0, -1.0, 3.0}, torch::kDouble).reshape({1, 3});
    auto w = torch::eye(3, torch::kDouble);
    auto b = torch::tensor({0.5, 0.0, -2.0}, torch::kDouble);
    auto out = rcmae::fused_linear_gelu(x, w, b);
    QVERIFY(std::abs(out[0][0].item<double>() - 1.3997892) < 1e-7);  // 1.5 · Φ(1.5)
    QVERIFY(std::abs(out[0][1].item<double>() + 0.1586553) < 1e-7);  // −1 · Φ(−1)
    QVERIFY(std::abs(out[0][2].item<double>() - gelu(1.0)) < 1e-12);
  }

  void forward_and_gradients_equal_stock_aten_in_float() {
    // The encoder / decoder MLPs of the presets, 3-D inputs, widths around the vector
    // width (8 floats), a single row.
    const Shape shapes[] = {{{4, 17, 192}, 768}, {{3, 65, 128}, 512}, {{2, 13, 96}, 384},
                            {{5, 7}, 9},         {{1, 3}, 1},         {{6, 8}, 16},
                            {{2, 3, 11}, 13}};
    uint64_t seed = 1;
    for (const Shape& s : shapes) {
      torch::manual_seed(seed++);
      const int64_t k = s.input.back();
      auto x = torch::randn(s.input);
      auto w = torch::randn({s.hidden, k}) / std::sqrt(double(k));
      auto b = torch::randn({s.hidden});
      auto upstream_shape = s.input;
      upstream_shape.back() = s.hidden;
      auto upstream = torch::randn(upstream_shape);
      auto leaves = [&] {
        return std::vector<torch::Tensor>{x.clone().requires_grad_(true),
                                          w.clone().requires_grad_(true),
                                          b.clone().requires_grad_(true)};
      };
      auto fused_in = leaves(), stock_in = leaves();
      auto fused = rcmae::fused_linear_gelu(fused_in[0], fused_in[1], fused_in[2]);
      auto stock = rcmae::composite_linear_gelu(stock_in[0], stock_in[1], stock_in[2]);
      (fused * upstream).sum().backward();
      (stock * upstream).sum().backward();
      const QString name = QString("input %1, hidden %2").arg(x.numel()).arg(s.hidden);
      QCOMPARE(fused.sizes().vec(), stock.sizes().vec());
      QVERIFY2(max_relative_error(fused, stock) < 1e-5, qPrintable(name + " forward"));
      const char* what[] = {" dx", " dW", " db"};
      for (int i = 0; i < 3; ++i) {
        const double error = max_relative_error(fused_in[i].grad(), stock_in[i].grad());
        QVERIFY2(error < 1e-5, qPrintable(name + what[i] + " " + QString::number(error)));
      }
    }
  }

  void gradients_match_finite_differences_in_double() {
    torch::manual_seed(42);
    auto x = torch::randn({3, 2, 5}, torch::kDouble);
    auto w = torch::randn({7, 5}, torch::kDouble);
    auto b = torch::randn({7}, torch::kDouble);
    auto upstream = torch::randn({3, 2, 7}, torch::kDouble);
    std::vector<torch::Tensor> inputs{x, w, b};
    for (size_t which = 0; which < inputs.size(); ++which) {
      auto leaves = inputs;
      leaves[which] = inputs[which].clone().requires_grad_(true);
      (rcmae::fused_linear_gelu(leaves[0], leaves[1], leaves[2]) * upstream).sum().backward();
      auto analytic = leaves[which].grad().flatten();
      auto flat = inputs[which].flatten();
      const double eps = 1e-6;
      double worst = 0;
      for (int64_t e = 0; e < flat.numel(); ++e) {
        auto value = [&](double delta) {
          auto moved = flat.clone();
          moved[e] += delta;
          auto args = inputs;
          args[which] = moved.view_as(inputs[which]);
          return (rcmae::fused_linear_gelu(args[0], args[1], args[2]) * upstream)
              .sum()
              .item<double>();
        };
        const double numeric = (value(eps) - value(-eps)) / (2 * eps);
        worst = std::max(worst, std::abs(numeric - analytic[e].item<double>()));
      }
      QVERIFY2(worst < 1e-7, qPrintable(QString("input %1: %2").arg(which).arg(worst)));
    }
  }

  void without_a_graph_the_output_is_the_same() {
    torch::manual_seed(7);
    auto x = torch::randn({9, 24});
    auto w = torch::randn({40, 24});
    auto b = torch::randn({40});
    torch::Tensor inference;
    {
      torch::InferenceMode guard;
      inference = rcmae::fused_linear_gelu(x, w, b);
    }
    QVERIFY(max_relative_error(inference, rcmae::composite_linear_gelu(x, w, b)) < 1e-5);
  }

  void the_mlp_module_is_the_same_function_with_either_kernel() {
    torch::manual_seed(3);
    rcmae::Mlp mlp(24, 96);
    auto x = torch::randn({4, 13, 24});
    auto run = [&](rcmae::Kernels kernels) {
      rcmae::set_kernels(kernels);
      mlp->zero_grad();
      auto y = mlp->forward(x);
      y.pow(2).sum().backward();
      return std::make_pair(y.detach(), mlp->fc1->bias.grad().clone());
    };
    const auto [fused_y, fused_grad] = run(rcmae::Kernels::none().with(rcmae::Kernel::Mlp));
    const auto [stock_y, stock_grad] = run(rcmae::Kernels::none());
    rcmae::set_kernels(rcmae::Kernels::fused());
    QVERIFY(max_relative_error(fused_y, stock_y) < 1e-5);
    QVERIFY(max_relative_error(fused_grad, stock_grad) < 1e-5);
  }

  void unsupported_inputs_go_to_stock_aten() {
    QVERIFY(!rcmae::fused_linear_gelu_supports(torch::zeros({2, 4}, torch::kHalf),
                                               torch::zeros({3, 4}, torch::kHalf)));
    QVERIFY(!rcmae::fused_linear_gelu_supports(torch::zeros({2, 4}), torch::zeros({3, 5})));
    QVERIFY(!rcmae::fused_linear_gelu_supports(torch::zeros({2, 4}),
                                               torch::zeros({3, 4}, torch::kDouble)));
  }
};

RCMAE_QTEST_GUILESS(TestFusedMlp)
#include "test_fused_mlp.moc"

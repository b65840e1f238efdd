// The fused attention kernel against hand-computed values, against the stock ATen composite
// (forward and gradients within 1e-5 relative in float), and against central finite
// differences in double (a full Jacobian check, as gradcheck does), on odd shapes too.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "rcmae/model/fused_attention.h"
#include "rcmae/model/kernel_choice.h"
#include "rcmae/model/vit_block.h"
#include "tensor_checks.h"

namespace {

using rcmae::testing::max_relative_error;

struct Case {
  int64_t batch, tokens, heads, head_dim;
};

torch::Tensor random_qkv(const Case& c, torch::Dtype type, uint64_t seed) {
  torch::manual_seed(seed);
  return torch::randn({c.batch, c.tokens, 3 * c.heads * c.head_dim}, torch::dtype(type));
}

// A tensor of qkv [1, N, 3·D] for one head from per-token q, k, v values (D = 1).
torch::Tensor one_head(const std::vector<double>& q, const std::vector<double>& k,
                       const std::vector<double>& v) {
  auto qkv = torch::zeros({1, int64_t(q.size()), 3}, torch::kDouble);
  for (size_t i = 0; i < q.size(); ++i) {
    qkv[0][int64_t(i)][0] = q[i];
    qkv[0][int64_t(i)][1] = k[i];
    qkv[0][int64_t(i)][2] = v[i];
  }
  return qkv;
}

}  // namespace

class TestFusedAttention : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void single_token_returns_its_value() {
    // softmax over one key is 1: out = v, whatever q and k are.
    auto qkv = torch::tensor({0.3, -2.0, 5.0, 7.0, 1.5, -4.0}, torch::kDouble).reshape({1, 1, 6});
    auto out = rcmae::fused_attention(qkv, 2, 0.5);
    QCOMPARE(out.size(2), int64_t(2));
    QCOMPARE(out[0][0][0].item<double>(), 1.5);   // head 0: v = qkv[..., 4]
    QCOMPARE(out[0][0][1].item<double>(), -4.0);  // head 1: v = qkv[..., 5]
  }

  void hand_computed_two_tokens() {
    // q = (1, 0), k = (0, ln 3), v = (10, 2), scale 1. Token 0: scores (0, ln 3) -> weights
    // (1/4, 3/4) -> 2.5 + 1.5 = 4. Token 1: q = 0, uniform weights -> mean of v = 6.
    auto qkv = one_head({1.0, 0.0}, {0.0, std::log(3.0)}, {10.0, 2.0});
    auto out = rcmae::fused_attention(qkv, 1, 1.0);
    QVERIFY(std::abs(out[0][0][0].item<double>() - 4.0) < 1e-12);
    QVERIFY(std::abs(out[0][1][0].item<double>() - 6.0) < 1e-12);
  }

  void forward_and_gradients_equal_the_composite_in_float() {
    // Encoder-, decoder- and 64 px-sized sequences, odd sizes, one and several heads.
    const Case cases[] = {{2, 17, 3, 64}, {3, 65, 4, 16}, {2, 257, 2, 8}, {3, 5, 3, 7},
                          {1, 1, 1, 1},   {2, 13, 1, 5},  {4, 50, 4, 24}};
    uint64_t seed = 1;
    for (const Case& c : cases) {
      const double scale = 1.0 / std::sqrt(double(c.head_dim));
      auto input = random_qkv(c, torch::kFloat, seed++);
      auto upstream = torch::randn({c.batch, c.tokens, c.heads * c.head_dim});
      auto fused_in = input.clone().requires_grad_(true);
      auto composite_in = input.clone().requires_grad_(true);
      auto fused = rcmae::fused_attention(fused_in, c.heads, scale);
      auto composite = rcmae::composite_attention(composite_in, c.heads, scale);
      (fused * upstream).sum().backward();
      (composite * upstream).sum().backward();
      const QString name =
          QString("B%1 N%2 H%3 D%4").arg(c.batch).arg(c.tokens).arg(c.heads).arg(c.head_dim);
      const double forward_error = max_relative_error(fused, composite);
      const double grad_error = max_relative_error(fused_in.grad(), composite_in.grad());
      QVERIFY2(forward_error < 1e-5,
               qPrintable(name + " forward " + QString::number(forward_error)));
      QVERIFY2(grad_error < 1e-5, qPrintable(name + " grad " + QString::number(grad_error)));
    }
  }

  void gradients_match_finite_differences_in_double() {
    // Every input element: (f(x + e) − f(x − e)) / 2e · w against the backward's ∂(f · w)/∂x.
    const Case cases[] = {{2, 5, 2, 3}, {1, 4, 3, 1}, {2, 3, 1, 4}};
    uint64_t seed = 100;
    for (const Case& c : cases) {
      const double scale = 0.7;
      auto x = random_qkv(c, torch::kDouble, seed++);
      auto w = torch::randn({c.batch, c.tokens, c.heads * c.head_dim}, torch::kDouble);
      auto leaf = x.clone().requires_grad_(true);
      (rcmae::fused_attention(leaf, c.heads, scale) * w).sum().backward();
      auto analytic = leaf.grad().flatten();
      auto flat = x.flatten();
      const double eps = 1e-6;
      double worst = 0;
      for (int64_t e = 0; e < flat.numel(); ++e) {
        auto plus = flat.clone(), minus = flat.clone();
        plus[e] += eps;
        minus[e] -= eps;
        const double f_plus =
            (rcmae::fused_attention(plus.view_as(x), c.heads, scale) * w).sum().item<double>();
        const double f_minus =
            (rcmae::fused_attention(minus.view_as(x), c.heads, scale) * w).sum().item<double>();
        const double numeric = (f_plus - f_minus) / (2 * eps);
        worst = std::max(worst, std::abs(numeric - analytic[e].item<double>()));
      }
      QVERIFY2(
          worst < 1e-7,
          qPrintable(
              QString("N%1 H%2 D%3: %4").arg(c.tokens).arg(c.heads).arg(c.head_dim).arg(worst)));
    }
  }

  void unsupported_inputs_go_to_the_composite_path() {
    QVERIFY(rcmae::fused_attention_supports(torch::zeros({2, 257, 48}), 4));
    QVERIFY(!rcmae::fused_attention_supports(torch::zeros({2, 258, 48}), 4));  // too long
    QVERIFY(!rcmae::fused_attention_supports(torch::zeros({2, 17, 50}), 4));   // not 3·H·D
    QVERIFY(!rcmae::fused_attention_supports(torch::zeros({2, 17, 48}, torch::kHalf), 4));
    QVERIFY(!rcmae::fused_attention_supports(torch::zeros({17, 48}), 4));  // no batch
  }

  void attention_layer_is_the_same_function_on_both_paths() {
    // The model's Attention module with either kernel choice: same output, same weight grads.
    torch::manual_seed(3);
    rcmae::Attention layer(48, 3);
    auto x = torch::randn({4, 17, 48});
    auto run = [&](rcmae::Kernels kernels) {
      rcmae::set_kernels(kernels);
      layer->zero_grad();
      auto y = layer->forward(x);
      y.pow(2).sum().backward();
      return std::make_pair(y.detach(), layer->qkv->weight.grad().clone());
    };
    const auto [fused_y, fused_grad] = run(rcmae::Kernels::none().with(rcmae::Kernel::Attention));
    const auto [composite_y, composite_grad] = run(rcmae::Kernels::none());
    rcmae::set_kernels(rcmae::Kernels::fused());
    QVERIFY(max_relative_error(fused_y, composite_y) < 1e-5);
    QVERIFY(max_relative_error(fused_grad, composite_grad) < 1e-5);
  }

  void kernel_choices_are_spelled_as_documented() {
    using rcmae::Kernel;
    using rcmae::Kernels;
    QVERIFY(rcmae::kernels_from_string("composite") == Kernels::none());
    QVERIFY(rcmae::kernels_from_string("fused") == Kernels::fused());
    QVERIFY(Kernels::fused().uses(Kernel::Attention) && Kernels::fused().uses(Kernel::AdamW));
    QVERIFY(!Kernels::fused().uses(Kernel::Mlp));  // opt-in: at parity with stock ATen
    const auto some = rcmae::kernels_from_string("adamw,mlp");
    QVERIFY(some.has_value());
    QVERIFY(some->uses(Kernel::Mlp) && some->uses(Kernel::AdamW) && !some->uses(Kernel::Attention));
    QCOMPARE(rcmae::to_string(*some), std::string("mlp,adamw"));
    QCOMPARE(rcmae::to_string(*rcmae::kernels_from_string("adamw,attention")),
             std::string("fused"));
    QCOMPARE(rcmae::to_string(*rcmae::kernels_from_string("adamw,mlp,attention")),
             std::string("attention,mlp,adamw"));
    QCOMPARE(rcmae::to_string(Kernels::none()), std::string("composite"));
    for (const char* bad : {"fast", "", ",", "mlp,", "attention,,mlp", "MLP", "fused,mlp"})
      QVERIFY2(!rcmae::kernels_from_string(bad).has_value(), bad);
  }
};

RCMAE_QTEST_GUILESS(TestFusedAttention)
#include "test_fused_attention.moc"

// The one-pass AdamW step (fused_adamw_step) against a hand-computed first step and against
// torch::optim::AdamW over several steps (two parameter groups with and without weight
// decay, a parameter without gradient), and its state read back by torch's own step after
// a save and load.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "rcmae/train/fused_adamw.h"
#include "rcmae/train/optimizer_setup.h"
#include "tensor_checks.h"

namespace {

using rcmae::testing::max_relative_error;

// Two identical small networks (Linear layers with biases: both parameter groups).
torch::nn::Sequential network(uint64_t seed) {
  torch::manual_seed(seed);
  return torch::nn::Sequential(torch::nn::Linear(13, 37), torch::nn::GELU(),
                               torch::nn::Linear(37, 5));
}

void backward_on(torch::nn::Sequential& net, const torch::Tensor& x) {
  net->zero_grad();
  net->forward(x).pow(2).mean().backward();
}

}  // namespace

class TestFusedAdamW : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    auto p = torch::zeros({4}, torch::requires_grad());
    p.mutable_grad() = torch::zeros({4});
    torch::optim::AdamW probe({p});
    if (!rcmae::fused_adamw_supports(probe))
      QSKIP("this CPU or build has no AVX2 kernels: AdamW runs torch's own step");
  }

  void hand_computed_first_step() {
    // p = 1, g = 0.5, lr 0.1, wd 0.01, betas (0.9, 0.95): decay to 0.999; m = 0.05,
    // v = 0.0125; m̂ = m / 0.1 = 0.5, √v / √0.05 = 0.5, so p = 0.999 − 0.1 · 0.5 / 0.5 = 0.899.
    auto p = torch::ones({11}, torch::requires_grad());  // 11: a vector and a scalar tail
    p.mutable_grad() = torch::full({11}, 0.5);
    torch::optim::AdamW optimizer(
        {p}, torch::optim::AdamWOptions(0.1).betas({0.9, 0.95}).weight_decay(0.01).eps(1e-8));
    rcmae::fused_adamw_step(optimizer);
    for (int64_t i = 0; i < 11; ++i) QVERIFY(std::abs(p[i].item<double>() - 0.899) < 1e-6);
  }

  void equals_torch_adamw_over_several_steps() {
    auto fused_net = network(5), torch_net = network(5);
    auto fused_opt = rcmae::make_adamw(*fused_net, 3e-3, 0.05);
    auto torch_opt = rcmae::make_adamw(*torch_net, 3e-3, 0.05);
    for (int step = 0; step < 6; ++step) {
      auto x = torch::randn({8, 13});
      backward_on(fused_net, x);
      backward_on(torch_net, x);
      // The last layer's bias has no gradient on odd steps: both optimisers skip it.
      if (step % 2 == 1) {
        fused_net[2]->named_parameters()["bias"].mutable_grad() = torch::Tensor();
        torch_net[2]->named_parameters()["bias"].mutable_grad() = torch::Tensor();
      }
      rcmae::set_learning_rate(*fused_opt, 3e-3 * (step + 1));
      rcmae::set_learning_rate(*torch_opt, 3e-3 * (step + 1));
      rcmae::fused_adamw_step(*fused_opt);
      torch_opt->step();
    }
    auto fused_params = fused_net->parameters(), torch_params = torch_net->parameters();
    for (size_t i = 0; i < fused_params.size(); ++i) {
      const double error = max_relative_error(fused_params[i], torch_params[i]);
      QVERIFY2(error < 1e-6, qPrintable(QString("parameter %1: %2").arg(i).arg(error)));
    }
    // The moments live where torch keeps them: torch's state holds the fused step count.
    for (const auto& item : fused_opt->state()) {
      const auto& state = static_cast<const torch::optim::AdamWParamState&>(*item.second);
      QVERIFY(state.step() == 6 || state.step() == 3);  // the skipped bias took 3 steps
    }
  }

  void a_checkpoint_of_fused_steps_continues_under_torch_step() {
    auto net = network(9), twin = network(9);
    auto optimizer = rcmae::make_adamw(*net, 1e-2, 0.05);
    auto twin_optimizer = rcmae::make_adamw(*twin, 1e-2, 0.05);
    for (int step = 0; step < 3; ++step) {
      auto x = torch::randn({8, 13});
      backward_on(net, x);
      backward_on(twin, x);
      rcmae::fused_adamw_step(*optimizer);
      rcmae::fused_adamw_step(*twin_optimizer);
    }
    // Save the fused optimiser, load it into a fresh torch AdamW over the twin network.
    torch::serialize::OutputArchive archive;
    optimizer->save(archive);
    std::stringstream bytes;
    archive.save_to(bytes);
    auto reloaded = rcmae::make_adamw(*twin, 1e-2, 0.05);
    torch::serialize::InputArchive input;
    input.load_from(bytes);
    reloaded->load(input);
    auto x = torch::randn({8, 13});
    backward_on(net, x);
    backward_on(twin, x);
    rcmae::fused_adamw_step(*optimizer);
    reloaded->step();
    auto a = net->parameters(), b = twin->parameters();
    for (size_t i = 0; i < a.size(); ++i) QVERIFY(max_relative_error(a[i], b[i]) < 1e-6);
  }
};

RCMAE_QTEST_GUILESS(TestFusedAdamW)
#include "test_fused_adamw.moc"

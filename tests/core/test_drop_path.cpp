// Stochastic depth (drop path): the per-block rates are timm's linspace, the draws drop each
// branch with its block's rate and scale what they keep so the expectation is 1, a seed gives
// the same draws, a block applies them as x + keep_a * attn(norm1(x)) then
// + keep_m * mlp(norm2(x)) (hand-composed), and a classifier whose every branch is dropped no
// longer depends on the blocks' weights.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/eval/encoder_classifier.h"
#include "rcmae/model/drop_path.h"
#include "rcmae/model/masking.h"
#include "rcmae/model/vit_block.h"

namespace {

double max_difference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

}  // namespace

class DropPathTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void ratesRiseLinearlyFromZeroAtTheFirstBlock() {
    const auto rates = rcmae::drop_path_rates(4, 0.3);
    QCOMPARE(int(rates.size()), 4);
    const double expected[] = {0.0, 0.1, 0.2, 0.3};
    for (int i = 0; i < 4; ++i) QVERIFY(std::abs(rates[size_t(i)] - expected[i]) < 1e-12);
    QCOMPARE(rcmae::drop_path_rates(1, 0.3), std::vector<double>{0.0});
  }

  void drawsDropAtTheBlocksRateAndKeepTheExpectation() {
    auto generator = at::detail::createCPUGenerator(11);
    const int64_t n = 20000;
    const auto keep = rcmae::draw_branch_keep(n, 3, 0.4, generator, torch::kCPU);
    QCOMPARE(keep.sizes(), (torch::IntArrayRef{n, 3, 2}));
    // Block 0 (rate 0) always keeps, unscaled.
    QVERIFY(torch::equal(keep.select(1, 0), torch::ones({n, 2})));
    // Block 2 (rate 0.4): 0 or 1 / 0.6, dropped 40 % of the time (2 * 20,000 draws: sd of the
    // fraction 0.0024), mean 1 (sd 0.0058).
    const auto last = keep.select(1, 2);
    const auto kept = last.gt(0);
    QVERIFY(torch::allclose(last.masked_select(kept),
                            torch::full({kept.sum().item<int64_t>()}, 1.0 / 0.6), 1e-6, 1e-6));
    const double dropped = 1.0 - kept.to(torch::kDouble).mean().item<double>();
    QVERIFY2(std::abs(dropped - 0.4) < 0.012, qPrintable(QString::number(dropped)));
    const double mean = last.to(torch::kDouble).mean().item<double>();
    QVERIFY2(std::abs(mean - 1.0) < 0.03, qPrintable(QString::number(mean)));
    // Block 1 (rate 0.2) drops about half as often.
    const double middle = 1.0 - keep.select(1, 1).gt(0).to(torch::kDouble).mean().item<double>();
    QVERIFY2(std::abs(middle - 0.2) < 0.012, qPrintable(QString::number(middle)));
  }

  void aSeedGivesTheSameDrawsAndBadRatesAreRefused() {
    auto a = at::detail::createCPUGenerator(5), b = at::detail::createCPUGenerator(5);
    QVERIFY(torch::equal(rcmae::draw_branch_keep(64, 4, 0.5, a, torch::kCPU),
                         rcmae::draw_branch_keep(64, 4, 0.5, b, torch::kCPU)));
    QVERIFY(!torch::equal(rcmae::draw_branch_keep(64, 4, 0.5, a, torch::kCPU),
                          rcmae::draw_branch_keep(64, 4, 0.5, b, torch::kCPU).flip(0)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             rcmae::draw_branch_keep(4, 2, 1.0, a, torch::kCPU));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             rcmae::draw_branch_keep(4, 2, -0.1, a, torch::kCPU));
  }

  void aBlockScalesEachResidualBranchPerImage() {
    torch::manual_seed(2);
    rcmae::Block block(32, 2, 2);
    torch::NoGradGuard no_grad;
    const auto x = torch::randn({3, 5, 32});
    // Image 0 keeps both branches, image 1 drops both, image 2 keeps only the MLP, doubled.
    const auto keep = torch::tensor({1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 2.0f}).view({3, 2});
    const auto out = block->forward(x, keep);
    const auto plain = block->forward(x);
    QVERIFY(max_difference(out[0], plain[0]) < 1e-6);
    QVERIFY(torch::equal(out[1], x[1]));  // nothing added: the identity
    const auto x2 = x.narrow(0, 2, 1);
    const auto mlp_only = x2 + 2 * block->mlp(block->norm2(x2));
    QVERIFY(max_difference(out.narrow(0, 2, 1), mlp_only) < 1e-6);
    // Undefined draws: the plain forward.
    QVERIFY(torch::equal(block->forward(x, torch::Tensor()), plain));
  }

  void aClassifierWithEveryBranchDroppedIgnoresTheBlocks() {
    torch::manual_seed(4);
    rcmae::EncoderClassifier model(rcmae::MaeVit(rcmae::testing::micro_train_config(1).model), 4);
    torch::NoGradGuard no_grad;
    model->head->weight.normal_(0, 0.5);
    const auto images = torch::randn({2, 1, 16, 16});
    const int64_t depth = model->encoder->config().enc_depth;
    const auto plan =
        rcmae::keep_all_patches(2, model->encoder->config().num_patches(), torch::kCPU);
    const auto none = torch::zeros({2, depth, 2}), all = torch::ones({2, depth, 2});
    const auto dropped_before = model->forward(images, plan, none);
    const auto kept_before = model->forward(images, plan, all);
    QVERIFY(max_difference(kept_before, model->forward(images)) < 1e-6);
    for (const auto& p : model->encoder->blocks->parameters()) p.add_(torch::randn_like(p));
    QVERIFY(torch::equal(model->forward(images, plan, none), dropped_before));
    QVERIFY(max_difference(model->forward(images, plan, all), kept_before) > 1e-3);
  }
};

RCMAE_QTEST_APPLESS(DropPathTest)
#include "test_drop_path.moc"

// AdamW setup: weight decay on weights and tokens, none on biases and 1-D parameters.
#include <torch/torch.h>

#include <QtTest>
#include <algorithm>

#include "harness/qtest_registry.h"
#include "rcmae/model/mae_vit.h"
#include "rcmae/train/optimizer_setup.h"

namespace {
bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}
}  // namespace

class TestOptimizerGroups : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void decay_split_follows_mae_rule() {
    rcmae::ModelConfig config;
    config.img_size = 16;
    config = *rcmae::apply_preset("micro", config);
    rcmae::MaeVit model(config);
    auto groups = rcmae::split_weight_decay(*model);
    QVERIFY(contains(groups.decay_names, "cls_token"));
    QVERIFY(contains(groups.decay_names, "mask_token"));
    QVERIFY(contains(groups.decay_names, "patch_embed.proj.weight"));
    QVERIFY(contains(groups.decay_names, "blocks.0.attn.qkv.weight"));
    QVERIFY(contains(groups.no_decay_names, "blocks.0.attn.qkv.bias"));
    QVERIFY(contains(groups.no_decay_names, "blocks.0.norm1.weight"));
    QVERIFY(contains(groups.no_decay_names, "decoder_norm.weight"));
    QVERIFY(contains(groups.no_decay_names, "patch_embed.proj.bias"));
    // Buffers are not parameters at all.
    QVERIFY(!contains(groups.decay_names, "pos_embed"));
    QCOMPARE(groups.decay.size() + groups.no_decay.size(), model->parameters().size());
    for (const auto& t : groups.no_decay) QCOMPARE(t.dim(), 1);
  }

  void optimizer_groups_carry_decay_and_betas() {
    rcmae::ModelConfig config;
    config.img_size = 16;
    config = *rcmae::apply_preset("micro", config);
    rcmae::MaeVit model(config);
    auto adamw = rcmae::make_adamw(*model, 1e-3, 0.05);
    QCOMPARE(adamw->param_groups().size(), size_t(2));
    auto& decay = static_cast<torch::optim::AdamWOptions&>(adamw->param_groups()[0].options());
    auto& no_decay = static_cast<torch::optim::AdamWOptions&>(adamw->param_groups()[1].options());
    QCOMPARE(decay.weight_decay(), 0.05);
    QCOMPARE(no_decay.weight_decay(), 0.0);
    QCOMPARE(std::get<1>(decay.betas()), 0.95);
    rcmae::set_learning_rate(*adamw, 2e-4);
    QCOMPARE(decay.lr(), 2e-4);
    QCOMPARE(no_decay.lr(), 2e-4);
  }
};

RCMAE_QTEST_GUILESS(TestOptimizerGroups)
#include "test_optimizer_groups.moc"

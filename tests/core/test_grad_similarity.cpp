// Gradient diagnostics: separated gradients add up to the combined one, g_c vanishes while
// teacher == student, per-group squared norms add up to the total, and the trainer applies
// the same update with or without the measurement.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "../micro_config.h"
#include "fixed_batch_source.h"
#include "harness/qtest_registry.h"
#include "rcmae/model/loss.h"
#include "rcmae/train/ema_teacher.h"
#include "rcmae/train/gradient_probe.h"
#include "rcmae/train/trainer.h"

namespace {
rcmae::ModelConfig micro_model() {
  rcmae::ModelConfig m;
  m.img_size = 16;
  return *rcmae::apply_preset("micro", m);
}

rcmae::TrainConfig micro_config(int every) {
  rcmae::TrainConfig c = rcmae::testing::micro_train_config();
  c.steps = 10;
  c.warmup_steps = 1;
  c.base_lr = 0.05;
  c.momentum = 0.9;
  c.seed = 4;
  c.grad_sim_every = every;
  return c;
}

std::vector<torch::Tensor> trainable(rcmae::MaeVit& model) {
  std::vector<torch::Tensor> out;
  for (auto& p : model->parameters()) out.push_back(p);
  return out;
}

std::vector<std::string> names(rcmae::MaeVit& model) {
  std::vector<std::string> out;
  for (auto& item : model->named_parameters()) out.push_back(item.key());
  return out;
}

double squared_norm(const std::vector<torch::Tensor>& tensors) {
  double total = 0;
  for (const auto& t : tensors) total += t.to(torch::kFloat64).pow(2).sum().item<double>();
  return total;
}
}  // namespace

class TestGradSimilarity : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void group_names_follow_the_modules() {
    QCOMPARE(rcmae::parameter_group("patch_embed.proj.weight"), std::string("patch_embed"));
    QCOMPARE(rcmae::parameter_group("cls_token"), std::string("patch_embed"));
    QCOMPARE(rcmae::parameter_group("blocks.11.mlp.fc1.bias"), std::string("block_11"));
    QCOMPARE(rcmae::parameter_group("norm.weight"), std::string("encoder_norm"));
    QCOMPARE(rcmae::parameter_group("decoder_blocks.0.attn.qkv.weight"), std::string("decoder"));
    QCOMPARE(rcmae::parameter_group("mask_token"), std::string("decoder"));
    QCOMPARE(rcmae::parameter_group("decoder_pred.weight"), std::string("head"));
  }

  void separated_gradients_sum_to_combined_and_groups_add_up() {
    torch::manual_seed(3);
    rcmae::MaeVit student(micro_model());
    rcmae::EmaTeacher teacher(student);
    {  // make the teacher differ so g_c is not zero
      torch::NoGradGuard no_grad;
      for (auto& p : teacher.model()->parameters()) p.add_(0.05 * torch::randn_like(p));
    }
    auto images = torch::randn({6, 3, 16, 16});
    auto gen = at::detail::createCPUGenerator(8);
    auto plan = rcmae::random_masking(6, 16, 0.75, gen, torch::kCPU);
    auto target = rcmae::patch_targets(images, 4, true);
    auto latent = student->forward_encoder(images, plan);
    auto pred = student->forward_decoder(latent, plan);
    auto loss_rec = rcmae::masked_mse(pred, target, plan.mask);
    auto loss_cons = rcmae::masked_mse(pred, teacher.predict(images, plan), plan.mask);
    const double gamma = 0.7;
    auto params = trainable(student);
    auto g_r = torch::autograd::grad({loss_rec}, params, {}, true);
    auto g_c = torch::autograd::grad({loss_cons}, params, {}, true);
    auto g_total = torch::autograd::grad({loss_rec + gamma * loss_cons}, params, {}, true);
    double diff = 0, norm = 0;
    for (size_t i = 0; i < params.size(); ++i) {
      diff +=
          (g_r[i] + gamma * g_c[i] - g_total[i]).to(torch::kFloat64).pow(2).sum().item<double>();
      norm += g_total[i].to(torch::kFloat64).pow(2).sum().item<double>();
    }
    qInfo("relative error of g_r + gamma g_c: %.3g", std::sqrt(diff / norm));
    QVERIFY(std::sqrt(diff / norm) < 1e-5);

    rcmae::GradientProbe probe(names(student), rcmae::FeaturePooling::Cls);
    auto record = probe.measure(1, g_r, g_c, latent);
    double group_r = 0, group_c = 0;
    for (const auto& g : record.groups) {
      group_r += g.norm_r_sq;
      group_c += g.norm_c_sq;
    }
    QVERIFY(std::abs(group_r - squared_norm(g_r)) <= 1e-9 * squared_norm(g_r));
    QVERIFY(std::abs(group_c - squared_norm(g_c)) <= 1e-9 * squared_norm(g_c));
    QVERIFY(std::abs(record.norm_ratio - std::sqrt(squared_norm(g_c) / squared_norm(g_r))) < 1e-9);
    QCOMPARE(int(record.groups.size()),
             2 + 1 + 1 + 1 + 1);               // patch_embed, 2 blocks, norm, decoder, head
    QVERIFY(std::isnan(record.cos_c_r_prev));  // no previous measurement yet
    QVERIFY(record.cos_c_r >= -1 && record.cos_c_r <= 1);
    // A second measurement against itself: cos(g_c, g_r_prev) == cos(g_c, g_r), and the
    // same batch gives feature similarity 1.
    auto again = probe.measure(2, g_r, g_c, latent);
    QVERIFY(std::abs(again.cos_c_r_prev - again.cos_c_r) < 1e-9);
    QVERIFY(std::abs(again.feature_similarity - 1.0) < 1e-5);
    QVERIFY(std::abs(again.nearest_neighbour_similarity - 1.0) < 1e-5);
  }

  void consistency_gradient_is_zero_while_teacher_equals_student() {
    auto c = micro_config(1);
    rcmae::Trainer trainer(c, std::make_unique<FixedBatchSource>(8, 3, 16, 2));
    auto r = trainer.step();
    auto record = trainer.take_grad_similarity();
    QVERIFY(record.has_value());
    for (const auto& g : record->groups) QCOMPARE(g.norm_c_sq, 0.0);
    QCOMPARE(record->norm_ratio, 0.0);
    QCOMPARE(r.grad_norm_ratio, 0.0);
    QVERIFY(!trainer.take_grad_similarity().has_value());  // drained
    // After the first update the teacher lags: g_c is no longer zero.
    trainer.step();
    auto second = trainer.take_grad_similarity();
    QVERIFY(second && second->norm_ratio > 0);
    QVERIFY(std::isfinite(second->cos_c_r_prev));
  }

  void measurement_applies_the_total_gradient() {
    // RC-MAE-D: the teacher sees another mask, so g_c != 0 from the first step on.
    auto with_probe = micro_config(1), without = micro_config(0);
    with_probe.mode = without.mode = rcmae::TeacherMode::RcMaeD;
    rcmae::Trainer measured(with_probe, std::make_unique<FixedBatchSource>(8, 3, 16, 2));
    rcmae::Trainer plain(without, std::make_unique<FixedBatchSource>(8, 3, 16, 2));
    const auto a = measured.step(), b = plain.step();
    QCOMPARE(a.loss, b.loss);
    QVERIFY(a.grad_norm_ratio > 0);
    // The gradient the optimiser used (left in .grad()) is the same total gradient.
    auto pa = measured.student()->parameters(), pb = plain.student()->parameters();
    double diff = 0, norm = 0;
    for (size_t i = 0; i < pa.size(); ++i) {
      diff += (pa[i].grad() - pb[i].grad()).to(torch::kFloat64).pow(2).sum().item<double>();
      norm += pb[i].grad().to(torch::kFloat64).pow(2).sum().item<double>();
    }
    qInfo("relative difference of applied gradients: %.3g", std::sqrt(diff / norm));
    QVERIFY(std::sqrt(diff / norm) < 1e-5);
  }

  void every_k_steps_only() {
    rcmae::Trainer trainer(micro_config(3), std::make_unique<FixedBatchSource>(8, 3, 16, 2));
    std::vector<int> measured_steps;
    for (int i = 0; i < 7; ++i) {
      auto r = trainer.step();
      if (trainer.take_grad_similarity()) measured_steps.push_back(int(r.step));
      QCOMPARE(std::isnan(r.cos_c_r), r.step % 3 != 0);
    }
    QCOMPARE(measured_steps, std::vector<int>({3, 6}));
  }
};

RCMAE_QTEST_GUILESS(TestGradSimilarity)
#include "test_grad_similarity.moc"

#pragma once
// A configuration with every TrainConfig and ModelConfig field set to a value of its own,
// none the default, and a field-by-field comparison: a codec, parser or store that drops or
// swaps a field fails by the field's name. A field added to TrainConfig belongs in both.
// Torch-free, so window tests use it too.
#include <QTest>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "rcmae/train/train_config.h"

namespace rcmae::testing {

inline TrainConfig every_field_config() {
  TrainConfig c;
  c.preset = "small";
  c.model.img_size = 24;
  c.model.channels = 1;
  c.model.patch = 3;
  c.model.enc_dim = 48;
  c.model.enc_depth = 5;
  c.model.enc_heads = 6;
  c.model.dec_dim = 40;
  c.model.dec_depth = 3;
  c.model.dec_heads = 5;
  c.model.mlp_ratio = 2;
  c.model.norm_pix_loss = false;
  c.dataset = "fashion-mnist:/data/fmnist";
  c.mode = TeacherMode::RcMaeD;
  c.mask_ratio = 0.6;
  c.momentum = 0.9993;
  c.momentum_schedule = MomentumSchedule::Cosine;
  c.gamma = 0.35;
  c.base_lr = 2.5e-3;
  c.weight_decay = 0.07;
  c.warmup_steps = 11;
  c.steps = 321;
  c.batch = 12;
  c.seed = std::numeric_limits<uint64_t>::max() - 6;  // beyond int64: seeds are 64-bit
  c.threads = 3;
  c.data_workers = 2;
  c.step_workers = 3;
  c.min_crop_scale = 0.45;
  c.device = "cpu";
  c.grad_sim_every = 7;
  c.feature_pooling = "mean";
  c.kernels = "composite";
  c.mask_strategy = "block";
  c.knn_every = 13;
  c.knn_bank = 300;
  c.knn_queries = 150;
  c.init_from = "/weights/pretrained.pth";
  c.recipe = "research";
  c.time_budget_s = 95.5;
  c.quality = false;
  c.quality_bank = 700;
  c.quality_queries = 260;
  return c;
}

// every_field_config() as training flags, one per field (--recipe sets `recipe`; what it
// sets besides is overridden by the flags after it).
inline std::vector<std::string> every_field_flags() {
  return {"--recipe",
          "research",
          "--preset",
          "small",
          "--img",
          "24",
          "--channels",
          "1",
          "--patch",
          "3",
          "--enc-dim",
          "48",
          "--enc-depth",
          "5",
          "--enc-heads",
          "6",
          "--dec-dim",
          "40",
          "--dec-depth",
          "3",
          "--dec-heads",
          "5",
          "--mlp-ratio",
          "2",
          "--no-norm-pix",
          "--dataset",
          "fashion-mnist:/data/fmnist",
          "--mode",
          "rcmae-d",
          "--mask-ratio",
          "0.6",
          "--momentum",
          "0.9993",
          "--momentum-schedule",
          "cosine",
          "--gamma",
          "0.35",
          "--base-lr",
          "2.5e-3",
          "--weight-decay",
          "0.07",
          "--warmup-steps",
          "11",
          "--steps",
          "321",
          "--batch",
          "12",
          "--seed",
          "18446744073709551609",
          "--threads",
          "3",
          "--workers",
          "2",
          "--step-workers",
          "3",
          "--crop-scale",
          "0.45",
          "--device",
          "cpu",
          "--grad-sim-every",
          "7",
          "--feature-pooling",
          "mean",
          "--kernels",
          "composite",
          "--mask-strategy",
          "block",
          "--knn-every",
          "13",
          "--knn-bank",
          "300",
          "--knn-queries",
          "150",
          "--init-from",
          "/weights/pretrained.pth",
          "--time-budget",
          "95.5",
          "--no-quality",
          "--quality-bank",
          "700",
          "--quality-queries",
          "260"};
}

// QCOMPARE per field, so a failure names the field. Call with QVERIFY(!QTest::currentTestFailed())
// after it, or as the last statement of a test.
inline void compare_every_field(const TrainConfig& got, const TrainConfig& want) {
  QCOMPARE(got.preset, want.preset);
  QCOMPARE(got.model.img_size, want.model.img_size);
  QCOMPARE(got.model.channels, want.model.channels);
  QCOMPARE(got.model.patch, want.model.patch);
  QCOMPARE(got.model.enc_dim, want.model.enc_dim);
  QCOMPARE(got.model.enc_depth, want.model.enc_depth);
  QCOMPARE(got.model.enc_heads, want.model.enc_heads);
  QCOMPARE(got.model.dec_dim, want.model.dec_dim);
  QCOMPARE(got.model.dec_depth, want.model.dec_depth);
  QCOMPARE(got.model.dec_heads, want.model.dec_heads);
  QCOMPARE(got.model.mlp_ratio, want.model.mlp_ratio);
  QCOMPARE(got.model.norm_pix_loss, want.model.norm_pix_loss);
  QCOMPARE(got.dataset, want.dataset);
  QCOMPARE(got.mode, want.mode);
  QCOMPARE(got.mask_ratio, want.mask_ratio);
  QCOMPARE(got.momentum, want.momentum);
  QCOMPARE(got.momentum_schedule, want.momentum_schedule);
  QCOMPARE(got.gamma, want.gamma);
  QCOMPARE(got.base_lr, want.base_lr);
  QCOMPARE(got.weight_decay, want.weight_decay);
  QCOMPARE(got.warmup_steps, want.warmup_steps);
  QCOMPARE(got.steps, want.steps);
  QCOMPARE(got.batch, want.batch);
  QCOMPARE(got.seed, want.seed);
  QCOMPARE(got.threads, want.threads);
  QCOMPARE(got.data_workers, want.data_workers);
  QCOMPARE(got.step_workers, want.step_workers);
  QCOMPARE(got.min_crop_scale, want.min_crop_scale);
  QCOMPARE(got.device, want.device);
  QCOMPARE(got.grad_sim_every, want.grad_sim_every);
  QCOMPARE(got.feature_pooling, want.feature_pooling);
  QCOMPARE(got.kernels, want.kernels);
  QCOMPARE(got.mask_strategy, want.mask_strategy);
  QCOMPARE(got.knn_every, want.knn_every);
  QCOMPARE(got.knn_bank, want.knn_bank);
  QCOMPARE(got.knn_queries, want.knn_queries);
  QCOMPARE(got.init_from, want.init_from);
  QCOMPARE(got.recipe, want.recipe);
  QCOMPARE(got.time_budget_s, want.time_budget_s);
  QCOMPARE(got.quality, want.quality);
  QCOMPARE(got.quality_bank, want.quality_bank);
  QCOMPARE(got.quality_queries, want.quality_queries);
}

}  // namespace rcmae::testing

// The encoder's attention maps for display: each block's weights equal softmax(Q Kᵀ / sqrt(d))
// recomputed here from the block's own parameters, the cls rows sum to 1 over the cls token
// and the visible patches, the rollout matches hand-computed cases, the visible patches come
// out in raster order, snapshots carry the maps of both encoders, and snapshot files keep them.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "../micro_config.h"
#include "fixed_batch_source.h"
#include "harness/qtest_registry.h"
#include "rcmae/io/snapshot_io.h"
#include "rcmae/model/attention_rollout.h"
#include "rcmae/model/mae_vit.h"
#include "rcmae/model/masking.h"
#include "rcmae/train/attention_capture.h"
#include "rcmae/train/trainer.h"

namespace {

// micro preset at 16 px, patch 4: 16 patches, 2 blocks of 2 heads, head width 16.
rcmae::ModelConfig micro_model() { return rcmae::testing::micro_train_config(1).model; }

struct Setup {
  rcmae::MaeVit model{nullptr};
  torch::Tensor images;
  rcmae::MaskPlan plan;
};

Setup micro_setup(double mask_ratio = 0.75) {
  torch::manual_seed(3);
  Setup s;
  s.model = rcmae::MaeVit(micro_model());
  s.model->eval();
  s.images = torch::randn({3, 1, 16, 16});
  auto generator = at::detail::createCPUGenerator(17);
  s.plan = rcmae::random_masking(3, 16, mask_ratio, generator, torch::kCPU);
  return s;
}

// The encoder's input tokens, built here from the public pieces: cls + its position first,
// then the kept patches' embeddings plus their positions.
torch::Tensor input_tokens(Setup& s) {
  auto patches = s.model->patch_embed(s.images) + s.model->pos_embed.narrow(1, 1, 16);
  auto kept = torch::stack({patches[0].index_select(0, s.plan.ids_keep[0]),
                            patches[1].index_select(0, s.plan.ids_keep[1]),
                            patches[2].index_select(0, s.plan.ids_keep[2])});
  auto cls = (s.model->cls_token + s.model->pos_embed.narrow(1, 0, 1)).expand({3, 1, -1});
  return torch::cat({cls, kept}, 1);
}

// softmax(q kᵀ / sqrt(d)) of head `head` for image `image`, by explicit exp and sum.
torch::Tensor reference_weights(rcmae::BlockImpl& block, const torch::Tensor& x, int image,
                                int head) {
  const int64_t dim = x.size(2), heads = block.attn->heads, d = dim / heads;
  auto h = torch::layer_norm(x[image], {dim}, block.norm1->weight, block.norm1->bias, 1e-6);
  auto w = block.attn->qkv->weight, b = block.attn->qkv->bias;
  auto q = torch::matmul(h, w.narrow(0, head * d, d).t()) + b.narrow(0, head * d, d);
  auto k = torch::matmul(h, w.narrow(0, dim + head * d, d).t()) + b.narrow(0, dim + head * d, d);
  auto scores = torch::matmul(q, k.t()) / std::sqrt(double(d));
  auto e = (scores - std::get<0>(scores.max(1, true))).exp();
  return e / e.sum(1, true);
}

// [1, heads, T, T] from per-head T x T tables.
torch::Tensor layer_of(const std::vector<std::vector<std::vector<double>>>& heads) {
  std::vector<torch::Tensor> tables;
  for (const auto& rows : heads) {
    std::vector<torch::Tensor> r;
    for (const auto& row : rows) r.push_back(torch::tensor(row, torch::kDouble));
    tables.push_back(torch::stack(r));
  }
  return torch::stack(tables).unsqueeze(0);
}

double max_row_sum_error(const std::vector<float>& values, int row_length) {
  double worst = 0;
  for (size_t start = 0; start < values.size(); start += size_t(row_length)) {
    double sum = 0;
    for (int i = 0; i < row_length; ++i) sum += values[start + size_t(i)];
    worst = std::max(worst, std::abs(sum - 1.0));
  }
  return worst;
}

rcmae::TrainConfig micro_run(rcmae::TeacherMode mode) {
  auto c = rcmae::testing::micro_train_config(1);
  c.mode = mode;
  c.steps = 3;
  c.seed = 2;
  return c;
}

}  // namespace

class TestAttentionMaps : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void block_weights_are_the_softmax_of_scaled_scores() {
    Setup s = micro_setup();
    torch::NoGradGuard no_grad;
    const auto layers = s.model->encoder_attention(s.images, s.plan);
    QCOMPARE(int(layers.size()), 2);
    auto x = input_tokens(s);
    for (int l = 0; l < 2; ++l) {
      auto& block = *s.model->blocks[l]->as<rcmae::Block>();
      // 3 images, 2 heads, 1 cls + 4 visible tokens (16 patches, ratio 0.75).
      QCOMPARE(layers[l].sizes().vec(), (std::vector<int64_t>{3, 2, 5, 5}));
      for (int image = 0; image < 3; ++image)
        for (int head = 0; head < 2; ++head)
          QVERIFY(torch::allclose(layers[l][image][head], reference_weights(block, x, image, head),
                                  1e-5, 1e-6));
      // The next block's input through the training path (fused kernel).
      x = block.forward(x);
    }
  }

  void weights_path_returns_what_the_training_path_returns() {
    Setup s = micro_setup();
    torch::NoGradGuard no_grad;
    auto x = input_tokens(s);
    auto& block = *s.model->blocks[0]->as<rcmae::Block>();
    torch::Tensor weights;
    QVERIFY(torch::allclose(block.forward_with_weights(x, weights), block.forward(x), 1e-5, 1e-6));
  }

  void cls_rows_and_rollout_rows_sum_to_one() {
    Setup s = micro_setup();
    const rcmae::AttentionMaps maps = rcmae::capture_attention_maps(s.model, s.images, s.plan);
    QCOMPARE(maps.layers, 2);
    QCOMPARE(maps.heads, 2);
    QCOMPARE(maps.tokens, 5);
    QCOMPARE(maps.visiblePatches(), 4);
    QCOMPARE(maps.images(), 3);
    QCOMPARE(maps.cls_attention.size(), size_t(3 * 2 * 2 * 5));
    QCOMPARE(maps.rollout.size(), size_t(3 * 5));
    QVERIFY(max_row_sum_error(maps.cls_attention, 5) < 1e-5);
    QVERIFY(max_row_sum_error(maps.rollout, 5) < 1e-5);
    for (float v : maps.cls_attention) QVERIFY(v >= 0.0f);
  }

  void visible_tokens_follow_with_the_mask_ratio() {
    Setup s = micro_setup(0.5);  // 8 of 16 patches kept
    const auto maps = rcmae::capture_attention_maps(s.model, s.images, s.plan);
    QCOMPARE(maps.tokens, 9);
    QCOMPARE(maps.cls_attention.size(), size_t(3 * 2 * 2 * 9));
  }

  void visible_patches_come_in_raster_order() {
    Setup s = micro_setup();
    const auto maps = rcmae::capture_attention_maps(s.model, s.images, s.plan);
    const auto layers = s.model->encoder_attention(s.images, s.plan);
    for (int image = 0; image < 3; ++image) {
      auto keep = s.plan.ids_keep[image];
      auto sorted = std::get<0>(keep.sort());
      for (int j = 0; j < 4; ++j) {
        // The j-th visible patch in raster order sits at position p of ids_keep: token 1 + p.
        const int64_t p = (keep == sorted[j]).nonzero().item<int64_t>();
        for (int layer = 0; layer < 2; ++layer)
          for (int head = 0; head < 2; ++head)
            QCOMPARE(maps.clsRow(image, layer, head)[1 + j],
                     layers[layer][image][head][0][1 + p].item<float>());
      }
      QCOMPARE(maps.clsRow(image, 1, 1)[0], layers[1][image][1][0][0].item<float>());
    }
  }

  void rollout_of_identity_attention_is_the_identity() {
    // Every token attends only to itself: (W + I) / 2 = I in every layer.
    const auto eye = torch::eye(3, torch::kDouble).expand({1, 2, 3, 3});
    const auto rollout = rcmae::attention_rollout({eye, eye, eye});
    QVERIFY(torch::equal(rollout[0], torch::eye(3, torch::kDouble)));
  }

  void rollout_matches_a_hand_computed_case() {
    // Two tokens. Head 1 keeps each token to itself, head 2 sends token 0 to token 1: the
    // head mean is [[0.5, 0.5], [0, 1]]; with the identity, renormalised: [[0.75, 0.25],
    // [0, 1]]. Two such layers: [[0.75², 0.75·0.25 + 0.25], [0, 1]] = [[0.5625, 0.4375], [0, 1]].
    const auto layer = layer_of({{{1, 0}, {0, 1}}, {{0, 1}, {0, 1}}});
    const auto one = rcmae::attention_rollout({layer});
    QVERIFY(torch::allclose(one[0],
                            torch::tensor({0.75, 0.25, 0.0, 1.0}, torch::kDouble).reshape({2, 2})));
    const auto two = rcmae::attention_rollout({layer, layer});
    QVERIFY(torch::allclose(
        two[0], torch::tensor({0.5625, 0.4375, 0.0, 1.0}, torch::kDouble).reshape({2, 2})));
  }

  void rollout_multiplies_later_layers_on_the_left() {
    // Layer 1 moves token 0's attention to token 1, layer 2 moves token 1's to token 0.
    // A1 = [[.5, .5], [0, 1]], A2 = [[1, 0], [.5, .5]]: the rollout is A2 · A1 =
    // [[.5, .5], [.25, .75]] (A1 · A2 would be [[.75, .25], [.5, .5]]).
    const auto first = layer_of({{{0, 1}, {0, 1}}});
    const auto second = layer_of({{{1, 0}, {1, 0}}});
    const auto rollout = rcmae::attention_rollout({first, second});
    QVERIFY(torch::allclose(rollout[0],
                            torch::tensor({0.5, 0.5, 0.25, 0.75}, torch::kDouble).reshape({2, 2})));
  }

  void snapshots_carry_the_maps_of_both_encoders() {
    auto c = micro_run(rcmae::TeacherMode::RcMae);
    rcmae::Trainer trainer(c, std::make_unique<FixedBatchSource>(c.batch, 1, 16, 4));
    trainer.step();
    const auto snap = trainer.reconstruct(torch::randn({4, 1, 16, 16}), 99);
    QCOMPARE(snap.student_attention.images(), 4);
    QCOMPARE(snap.teacher_attention.images(), 4);
    QCOMPARE(snap.student_attention.tokens, 5);
    // The visible patches of the maps are the mask's zeros.
    int visible = 0;
    for (int i = 0; i < 16; ++i) visible += snap.mask[size_t(i)] ? 0 : 1;
    QCOMPARE(visible, snap.teacher_attention.visiblePatches());
    // After a step the student moved and the teacher followed only part of the way.
    QVERIFY(snap.student_attention.cls_attention != snap.teacher_attention.cls_attention);

    auto m = micro_run(rcmae::TeacherMode::Mae);
    rcmae::Trainer mae(m, std::make_unique<FixedBatchSource>(m.batch, 1, 16, 4));
    const auto mae_snap = mae.reconstruct(torch::randn({2, 1, 16, 16}), 99);
    QCOMPARE(mae_snap.student_attention.images(), 2);
    QVERIFY(mae_snap.teacher_attention.empty());
  }

  void snapshot_files_keep_the_maps() {
    auto c = micro_run(rcmae::TeacherMode::RcMae);
    rcmae::Trainer trainer(c, std::make_unique<FixedBatchSource>(c.batch, 1, 16, 4));
    const auto snap = trainer.reconstruct(torch::randn({2, 1, 16, 16}), 5);
    QTemporaryDir dir;
    const QString path = dir.filePath("step.snap");
    QVERIFY(rcmae::save_snapshot(path, snap));
    const auto back = rcmae::load_snapshot(path);
    QVERIFY(back.has_value());
    QCOMPARE(back->teacher_attention.layers, 2);
    QCOMPARE(back->teacher_attention.heads, 2);
    QCOMPARE(back->teacher_attention.tokens, 5);
    QVERIFY(back->teacher_attention.cls_attention == snap.teacher_attention.cls_attention);
    QVERIFY(back->student_attention.rollout == snap.student_attention.rollout);
    // What they cost the scrubber's memory budget: (layers x heads + 1) x tokens floats per
    // image and encoder = (2 x 2 + 1) x 5 x 2 images x 2 encoders = 100 floats.
    auto without = snap;
    without.student_attention = {};
    without.teacher_attention = {};
    QCOMPARE(rcmae::snapshot_bytes(snap) - rcmae::snapshot_bytes(without),
             qint64(100 * sizeof(float)));
  }
};

RCMAE_QTEST_GUILESS(TestAttentionMaps)
#include "test_attention_maps.moc"

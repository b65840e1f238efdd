// The training step: consistency loss is zero while teacher == student, MAE mode holds no
// teacher, total = rec + gamma * cons, live changes apply at the next step, a non-finite
// loss leaves the weights untouched, and the loss falls on the synthetic data.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "../micro_config.h"
#include "fixed_batch_source.h"
#include "harness/qtest_registry.h"
#include "rcmae/data/source_factory.h"
#include "rcmae/train/trainer.h"

namespace {
rcmae::TrainConfig micro_config(rcmae::TeacherMode mode) {
  rcmae::TrainConfig c = rcmae::testing::micro_train_config();
  c.mode = mode;
  c.steps = 40;
  c.base_lr = 1.5e-3 * 256 / 8;  // peak lr 1.5e-3: quick progress for a tiny model
  c.seed = 5;
  return c;
}

}  // namespace

class TestTrainer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void consistency_is_zero_while_teacher_equals_student() {
    auto c = micro_config(rcmae::TeacherMode::RcMae);
    rcmae::Trainer trainer(c, fixed_source(c, 11));
    auto r = trainer.step();
    // Step 1 runs the teacher before any update: identical weights, same mask.
    QCOMPARE(r.loss_cons, 0.0);
    QCOMPARE(r.loss, r.loss_rec);
    QCOMPARE(r.momentum, 0.996);
    // After an update they differ, and total = rec + gamma * cons.
    auto r2 = trainer.step();
    QVERIFY(r2.loss_cons > 0);
    QVERIFY(std::abs(r2.loss - (r2.loss_rec + c.gamma * r2.loss_cons)) < 1e-5);
    QVERIFY(std::isfinite(r.teacher_distance));
  }

  void rcmae_d_uses_an_independent_teacher_mask() {
    auto c = micro_config(rcmae::TeacherMode::RcMaeD);
    rcmae::Trainer trainer(c, fixed_source(c, 11));
    // Different masks: even with equal weights the teacher's predictions differ.
    QVERIFY(trainer.step().loss_cons > 0);
  }

  void mae_mode_has_no_teacher() {
    auto c = micro_config(rcmae::TeacherMode::Mae);
    rcmae::Trainer trainer(c, fixed_source(c, 11));
    QVERIFY(trainer.teacher() == nullptr);
    auto r = trainer.step();
    QCOMPARE(r.loss_cons, 0.0);
    QVERIFY(std::isnan(r.momentum));
  }

  void teacher_follows_ema_of_student() {
    auto c = micro_config(rcmae::TeacherMode::RcMae);
    c.momentum = 0.5;
    rcmae::Trainer trainer(c, fixed_source(c, 11));
    std::vector<torch::Tensor> teacher_before;
    for (auto& p : trainer.teacher()->model()->parameters()) teacher_before.push_back(p.clone());
    trainer.step();
    auto s = trainer.student()->parameters();
    auto t = trainer.teacher()->model()->parameters();
    for (size_t i = 0; i < s.size(); ++i)
      QVERIFY(torch::allclose(t[i], 0.5 * teacher_before[i] + 0.5 * s[i].detach(), 1e-5, 1e-6));
  }

  void live_change_applies_at_next_step_and_is_recorded() {
    auto c = micro_config(rcmae::TeacherMode::RcMae);
    rcmae::Trainer trainer(c, fixed_source(c, 11));
    trainer.step();
    rcmae::LiveChanges change;
    change.mask_ratio = 0.5;
    change.gamma = 2.0;
    trainer.request_changes(change);
    auto r = trainer.step();
    QCOMPARE(r.mask_ratio, 0.5);
    QCOMPARE(r.gamma, 2.0);
    auto events = trainer.take_events();
    QCOMPARE(events.size(), size_t(2));
    QCOMPARE(events[0].name, std::string("mask_ratio"));
    QCOMPARE(events[0].step, 2LL);
    QCOMPARE(events[0].old_value, 0.75);
    QCOMPARE(events[0].new_value, 0.5);
    QVERIFY(trainer.take_events().empty());
    // An impossible value is refused and leaves the setting as it was.
    change = {};
    change.mask_ratio = 1.5;
    trainer.request_changes(change);
    QCOMPARE(trainer.step().mask_ratio, 0.5);
  }

  void non_finite_loss_throws_and_keeps_weights() {
    auto c = micro_config(rcmae::TeacherMode::RcMae);
    auto source = std::make_unique<FixedBatchSource>(c.batch, 3, 16, 1);
    auto* raw = source.get();
    rcmae::Trainer trainer(c, std::move(source));
    trainer.step();
    auto before = trainer.student()->parameters()[0].clone();
    raw->batch_.images[0][0][0][0] = std::nanf("");
    QVERIFY_THROWS_EXCEPTION(rcmae::TrainingError, trainer.step());
    QVERIFY(torch::equal(trainer.student()->parameters()[0], before));
    QCOMPARE(trainer.steps_done(), 1LL);
  }

  void reconstruction_snapshot_is_consistent() {
    auto c = micro_config(rcmae::TeacherMode::RcMae);
    rcmae::Trainer trainer(c, fixed_source(c, 11));
    auto images = torch::randn({4, 3, 16, 16});
    auto snap = trainer.reconstruct(images, 9);
    QCOMPARE(snap.count, 4);
    QCOMPARE(int64_t(snap.original.size()), 4 * snap.image_floats());
    QCOMPARE(snap.teacher.size(), snap.student.size());
    QCOMPARE(int(snap.mask.size()), 4 * 16);
    int hidden = 0;
    for (auto m : snap.mask) hidden += m;
    QCOMPARE(hidden, 4 * (16 - 4));  // int(16 * 0.25) = 4 kept per image
    // The same seed gives the same mask.
    QVERIFY(trainer.reconstruct(images, 9).mask == snap.mask);
    for (float v : snap.pasted) QVERIFY(v >= 0.f && v <= 1.f);
  }

  void loss_falls_on_synthetic_data() {
    auto c = micro_config(rcmae::TeacherMode::RcMae);
    c.steps = 60;
    rcmae::DataOptions data;
    data.img_size = 16;
    data.channels = 3;
    data.batch = c.batch;
    data.seed = 1;
    rcmae::Trainer trainer(c, rcmae::open_batch_source(data));
    double first = 0, last = 0;
    for (int i = 0; i < 10; ++i) first += trainer.step().loss_rec / 10;
    for (int i = 0; i < 40; ++i) trainer.step();
    for (int i = 0; i < 10; ++i) last += trainer.step().loss_rec / 10;
    qInfo("mean loss_rec first 10 steps %.4f, last 10 steps %.4f", first, last);
    QVERIFY(last < 0.9 * first);
  }
};

RCMAE_QTEST_GUILESS(TestTrainer)
#include "test_trainer.moc"

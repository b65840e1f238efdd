// A CancelScope gives up a long measurement between batches: the encoder is asked once per
// batch, stops at the batch the answer turns yes, holds only on its own thread, and nested
// scopes restore the outer one. Without a scope nothing is cancelled.
#include <torch/torch.h>

#include <QtTest>
#include <thread>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/eval/frozen_features.h"
#include "rcmae/eval/measurement_cancel.h"

namespace {

rcmae::MaeVit micro_model() {
  torch::manual_seed(0);
  return rcmae::MaeVit(rcmae::testing::micro_train_config().model);
}

torch::Tensor images_for(const rcmae::MaeVit& model, int64_t n) {
  const auto& m = model->config();
  return torch::rand({n, m.channels, m.img_size, m.img_size});
}

}  // namespace

class TestMeasurementCancel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void withoutScopeEveryBatchIsEncoded() {
    auto model = micro_model();
    const auto features = rcmae::encoder_features_in_batches(model, images_for(model, 10), true, 3);
    QCOMPARE(features.size(0), int64_t(10));
    QCOMPARE(features.size(1), model->config().enc_dim);
  }

  // 10 images 3 at a time: 4 batches, asked before each; yes at the third question.
  void givesUpAtTheBatchTheAnswerTurns() {
    auto model = micro_model();
    const auto images = images_for(model, 10);
    int questions = 0;
    rcmae::CancelScope scope([&] { return ++questions == 3; });
    QVERIFY_THROWS_EXCEPTION(rcmae::MeasurementCancelled,
                             rcmae::encoder_features_in_batches(model, images, true, 3));
    QCOMPARE(questions, 3);
    questions = 10;  // never 3 again: all four batches, four questions
    QCOMPARE(rcmae::encoder_features_in_batches(model, images, true, 3).size(0), int64_t(10));
    QCOMPARE(questions, 14);
  }

  void holdsOnlyOnItsOwnThread() {
    rcmae::CancelScope scope([] { return true; });
    QVERIFY_THROWS_EXCEPTION(rcmae::MeasurementCancelled, rcmae::throw_if_cancelled());
    bool other_thread_cancelled = false;
    std::thread other([&] {
      try {
        rcmae::throw_if_cancelled();
      } catch (const rcmae::MeasurementCancelled&) {
        other_thread_cancelled = true;
      }
    });
    other.join();
    QVERIFY(!other_thread_cancelled);
  }

  void innerScopeEndsAndTheOuterHoldsAgain() {
    rcmae::CancelScope outer([] { return true; });
    {
      rcmae::CancelScope inner([] { return false; });
      rcmae::throw_if_cancelled();  // the inner one answers: no
    }
    QVERIFY_THROWS_EXCEPTION(rcmae::MeasurementCancelled, rcmae::throw_if_cancelled());
  }
};

RCMAE_QTEST_GUILESS(TestMeasurementCancel)
#include "test_measurement_cancel.moc"

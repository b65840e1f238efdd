// The analytic FLOP count of a training step, against a count done by hand for micro.
#include <QtTest>

#include "harness/qtest_registry.h"
#include "rcmae/bench/train_bench.h"

class TestBenchFlops : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void micro_step_flops_by_hand() {
    rcmae::TrainConfig c;
    c.model.img_size = 16;
    c.model.channels = 3;
    c.model.patch = 4;
    c.model = *rcmae::apply_preset("micro", c.model);  // enc 32x2, dec 32x1
    c.batch = 8;
    c.mask_ratio = 0.75;  // L = 16, 4 kept -> 5 encoder tokens, 17 decoder tokens
    // Per image forward:
    //   patch embed    2*16*48*32                       =  49152
    //   enc blocks  2*(24*5*32^2 + 4*5^2*32)            = 252160
    //   dec embed      2*5*32*32                        =  10240
    //   dec block     24*17*32^2 + 4*17^2*32            = 454784
    //   pred           2*17*32*48                       =  52224
    const double forward = 49152 + 252160 + 10240 + 454784 + 52224;
    c.mode = rcmae::TeacherMode::RcMae;
    QCOMPARE(rcmae::step_matmul_flops(c), 4 * forward * 8);  // 3x student + teacher fwd
    c.mode = rcmae::TeacherMode::Mae;
    QCOMPARE(rcmae::step_matmul_flops(c), 3 * forward * 8);
    c.mode = rcmae::TeacherMode::RcMae;
    c.gamma = 0;  // no teacher forward when its loss has no weight
    QCOMPARE(rcmae::step_matmul_flops(c), 3 * forward * 8);
  }
};

RCMAE_QTEST_GUILESS(TestBenchFlops)
#include "test_bench_flops.moc"

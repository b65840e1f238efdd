// The EMA teacher: starts equal to the student, updates exactly by phi = m phi + (1-m) theta,
// receives no gradients, and leaves buffers (sin-cos tables) as they are.
#include <torch/torch.h>

#include <QtTest>

#include "harness/qtest_registry.h"
#include "rcmae/model/model_config.h"
#include "rcmae/train/ema_teacher.h"

namespace {
rcmae::ModelConfig micro() {
  rcmae::ModelConfig base;
  base.img_size = 16;
  base.channels = 3;
  base.patch = 4;
  return *rcmae::apply_preset("micro", base);
}
}  // namespace

class TestEmaTeacher : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void starts_equal_and_without_grad() {
    torch::manual_seed(1);
    rcmae::MaeVit student(micro());
    rcmae::EmaTeacher teacher(student);
    auto s = student->parameters();
    auto t = teacher.model()->parameters();
    QCOMPARE(s.size(), t.size());
    for (size_t i = 0; i < s.size(); ++i) {
      QVERIFY(torch::equal(s[i], t[i]));
      QVERIFY(!t[i].requires_grad());
      QVERIFY(s[i].data_ptr() != t[i].data_ptr());  // a copy, not shared storage
    }
    QCOMPARE(teacher.relative_distance(student), 0.0);
  }

  void update_is_exact_for_given_m() {
    torch::manual_seed(2);
    rcmae::MaeVit student(micro());
    rcmae::EmaTeacher teacher(student);
    std::vector<torch::Tensor> before;
    for (auto& p : teacher.model()->parameters()) before.push_back(p.clone());
    {
      torch::NoGradGuard no_grad;
      for (auto& p : student->parameters()) p.add_(torch::randn_like(p));
    }
    const double m = 0.9;
    teacher.update(student, m);
    auto s = student->parameters();
    auto t = teacher.model()->parameters();
    for (size_t i = 0; i < s.size(); ++i) {
      auto expected = before[i] * m + s[i].detach() * (1 - m);
      QVERIFY(torch::allclose(t[i], expected, 1e-6, 1e-7));
    }
    // m = 1 freezes the teacher; m = 0 copies the student.
    auto frozen = t[0].clone();
    teacher.update(student, 1.0);
    QVERIFY(torch::equal(teacher.model()->parameters()[0], frozen));
    teacher.update(student, 0.0);
    QVERIFY(torch::allclose(teacher.model()->parameters()[0], s[0].detach()));
  }

  void buffers_are_not_averaged() {
    rcmae::MaeVit student(micro());
    rcmae::EmaTeacher teacher(student);
    auto table = teacher.model()->pos_embed.clone();
    teacher.update(student, 0.5);
    QVERIFY(torch::equal(teacher.model()->pos_embed, table));
  }
};

RCMAE_QTEST_GUILESS(TestEmaTeacher)
#include "test_ema_teacher.moc"

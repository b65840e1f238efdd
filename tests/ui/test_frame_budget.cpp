// The live views' redraw interval follows the measured cost of drawing: 25 frames/s when
// frames are cheap, slower so that drawing stays at 2 % of one core, never under 1 Hz.
#include <QTest>

#include "frame_budget.h"
#include "harness/qtest_registry.h"

using rcmae::ui::FrameBudget;

class TestFrameBudget : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cheapFramesRunAtTheFastestRate() {
    FrameBudget budget;
    QCOMPARE(budget.nextIntervalMs(), 40);  // nothing drawn
    budget.addCost(0.5);                    // 0.5 ms / 0.02 = 25 ms < 40
    QCOMPARE(budget.nextIntervalMs(), 40);
  }

  void costlyFramesWaitFiftyTimesTheirCost() {
    FrameBudget budget;
    budget.addCost(6.0);  // three plots of 2 ms each
    budget.addCost(2.0);
    budget.addCost(2.0);
    QCOMPARE(budget.lastFrameCostMs(), 0.0);
    QCOMPARE(budget.nextIntervalMs(), 500);  // 10 ms at 2 % of a core
    QCOMPARE(budget.lastFrameCostMs(), 10.0);
    // The cost is per frame: the next frame starts from zero.
    budget.addCost(4.0);
    QCOMPARE(budget.nextIntervalMs(), 200);
  }

  void neverSlowerThanOneFrameASecond() {
    FrameBudget budget;
    budget.addCost(80.0);
    QCOMPARE(budget.nextIntervalMs(), 1000);
  }
};

RCMAE_QTEST(TestFrameBudget)
#include "test_frame_budget.moc"

// The split view of the Reconstructions tab: the divider decides, column by column, whose
// pixels are drawn (student left, teacher right), the arrow keys and the mouse move it, the
// difference mode shows |student − teacher|, an MAE snapshot says it has no teacher, and the
// tab's split view follows the history scrubber.
#include <QComboBox>
#include <QImage>
#include <QSlider>
#include <QTest>
#include <cmath>
#include <memory>
#include <optional>

#include "harness/qtest_registry.h"
#include "snapshot_fixture.h"
#include "views/compare_sides.h"
#include "views/history_scrubber.h"
#include "views/reconstructions_tab.h"
#include "views/snapshot_images.h"
#include "views/split_compare_view.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

constexpr int kSize = 28;  // Fashion-MNIST
constexpr int kGrid = 7;

// Two grey images, every patch hidden; the student predicts `student`, the teacher
// `teacher` everywhere (no teacher: an MAE run).
ReconstructionSnapshot make_snapshot(int64_t step, float student, std::optional<float> teacher) {
  return rcmae::testing::grey_snapshot(step, 2, kSize, kGrid, student, teacher);
}

void show_snapshot(SplitCompareView& view, const ReconstructionSnapshot& s) {
  const auto [student, teacher] = student_teacher_sides(s);
  view.setSides(student, teacher);
}

QImage render(QWidget& widget) {
  QImage image(widget.size(), QImage::Format_ARGB32);
  image.fill(Qt::red);
  widget.render(&image);
  return image;
}

// The grey drawn at the middle of image column `column`, a quarter down the tile (away
// from the divider's grip).
int drawn_grey(const QImage& image, const QRect& tile, int column) {
  const int x = tile.left() + int((column + 0.5) * tile.width() / kSize);
  return qGray(image.pixel(x, tile.top() + tile.height() / 4));
}

}  // namespace

class TestSplitCompareView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void theDividerSplitsTheImagesByColumn() {
    SplitCompareView view;
    view.resize(700, 420);
    show_snapshot(view, make_snapshot(40, 0.0f, 1.0f));  // student black, teacher white
    QVERIFY(view.comparable());
    QCOMPARE(view.imageCount(), 2);
    QCOMPARE(view.divider(), kSize / 2);  // the first images put it in the middle
    view.setDivider(10);
    for (int i = 0; i < 2; ++i) {
      const QImage composite = view.composite(i);
      QCOMPARE(composite.width(), kSize);
      for (int x = 0; x < kSize; ++x)
        for (int y : {0, 13, 27}) QCOMPARE(qGray(composite.pixel(x, y)), x < 10 ? 0 : 255);
    }
    // On screen: the columns left of the divider's line black, right of it white.
    const QImage drawn = render(view);
    for (int i = 0; i < 2; ++i) {
      const QRect tile = view.tileGeometry(i);
      QVERIFY(tile.width() >= 3 * kSize);
      for (int column = 0; column < kSize; ++column) {
        if (column == 9 || column == 10) continue;  // the 2-pixel line between them
        QCOMPARE(drawn_grey(drawn, tile, column), column < 10 ? 0 : 255);
      }
    }
  }

  void arrowKeysMoveTheDividerOneColumn() {
    SplitCompareView view;
    view.resize(600, 400);
    show_snapshot(view, make_snapshot(40, 0.0f, 1.0f));
    view.setDivider(10);
    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(view.divider(), 11);
    QTest::keyClick(&view, Qt::Key_Left);
    QTest::keyClick(&view, Qt::Key_Left);
    QCOMPARE(view.divider(), 9);
    QCOMPARE(qGray(view.composite(0).pixel(8, 5)), 0);
    QCOMPARE(qGray(view.composite(0).pixel(9, 5)), 255);
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);  // a patch: 28 / 7 columns
    QCOMPARE(view.divider(), 13);
    QTest::keyClick(&view, Qt::Key_Home);  // all teacher
    QCOMPARE(view.divider(), 0);
    QCOMPARE(qGray(view.composite(1).pixel(0, 0)), 255);
    QTest::keyClick(&view, Qt::Key_End);  // all student
    QCOMPARE(view.divider(), kSize);
    QCOMPARE(qGray(view.composite(1).pixel(kSize - 1, 0)), 0);
    QTest::keyClick(&view, Qt::Key_Right);  // stays at the edge
    QCOMPARE(view.divider(), kSize);
  }

  void thePointerDragsTheDivider() {
    SplitCompareView view;
    view.resize(600, 400);
    show_snapshot(view, make_snapshot(40, 0.0f, 1.0f));
    const QRect tile = view.tileGeometry(1);
    QTest::mousePress(&view, Qt::LeftButton, {},
                      QPoint(tile.left() + tile.width() * 20 / kSize, tile.center().y()));
    QCOMPARE(view.divider(), 20);
    QTest::mouseRelease(&view, Qt::LeftButton, {},
                        QPoint(tile.left() + tile.width() * 20 / kSize, tile.center().y()));
  }

  void theDifferenceIsAbsoluteAndOnAFixedScale() {
    SplitCompareView view;
    view.resize(600, 400);
    show_snapshot(view, make_snapshot(40, 0.3f, 0.4f));
    view.setMode(SplitCompareView::Mode::Difference);
    // 0.1 apart everywhere (within the 8-bit rounding of the pictures).
    QVERIFY(std::abs(view.meanHiddenDifference() - 0.1) < 1.5 / 255);
    const QRgb expected =
        heat_color(view.meanHiddenDifference() / SplitCompareView::kDifferenceScale).rgb();
    QCOMPARE(view.differenceImage(0).pixel(3, 3), expected);
    show_snapshot(view, make_snapshot(40, 0.4f, 0.3f));  // the other way round: the same
    QCOMPARE(view.differenceImage(0).pixel(3, 3), expected);
    show_snapshot(view, make_snapshot(40, 0.0f, 1.0f));  // past the scale: its brightest colour
    QCOMPARE(view.differenceImage(1).pixel(0, 0), heat_color(1.0).rgb());
    QCOMPARE(view.meanHiddenDifference(), 1.0);
  }

  void anMaeSnapshotSaysItHasNoTeacher() {
    SplitCompareView view;
    view.resize(600, 400);
    show_snapshot(view, make_snapshot(40, 0.2f, std::nullopt));
    QVERIFY(!view.comparable());
    QVERIFY(view.missingMessage().contains("No teacher in an MAE run"));
    QVERIFY(view.tileGeometry(0).isEmpty());  // no half-empty images
    QVERIFY(view.composite(0).isNull());
  }

  void theTabsSplitViewFollowsTheScrubber() {
    MetricHistory history;
    ReconstructionsTab tab(&history);
    tab.resize(1000, 700);
    tab.setView(ReconstructionsTab::View::Split);
    QCOMPARE(tab.viewChoice()->currentIndex(), 1);
    SplitCompareView* split = tab.splitView();
    auto shared = [](ReconstructionSnapshot s) {
      return std::make_shared<const ReconstructionSnapshot>(std::move(s));
    };
    tab.addSnapshot(shared(make_snapshot(5, 0.0f, 1.0f)));
    tab.addSnapshot(shared(make_snapshot(9, 1.0f, 1.0f)));  // live: the newest is shown
    split->setDivider(kSize);                               // all student
    QCOMPARE(qGray(split->composite(0).pixel(0, 0)), 255);
    auto* slider = tab.scrubber()->findChild<QSlider*>();
    QVERIFY(slider);
    slider->setValue(0);  // back to step 5
    QCOMPARE(qGray(split->composite(0).pixel(0, 0)), 0);
    QCOMPARE(split->divider(), kSize);  // where the user left it
    tab.setView(ReconstructionsTab::View::Difference);
    QCOMPARE(split->mode(), SplitCompareView::Mode::Difference);
    tab.addSnapshot(shared(make_snapshot(12, 0.2f, std::nullopt)));  // a run in MAE mode
    tab.scrubber()->setLive(true);
    QVERIFY(split->missingMessage().contains("MAE"));
  }
};

RCMAE_QTEST(TestSplitCompareView)
#include "test_split_compare_view.moc"

// Presentation mode is read from the back of a lecture hall: at 1280 x 720 and 1920 x 1080,
// light and dark, the stage shows no widget squeezed below its minimum size hint, no
// clipped or elided label or button text, body text of at least 16 px, reconstruction
// tiles of at least 120 px (proportionally more at 1080p), and the loss legend outside the
// axes, so it never covers a curve.
#include <qcustomplot.h>

#include <QAbstractButton>
#include <QLabel>
#include <QTest>
#include <memory>

#include "controls/control_panel.h"
#include "harness/qtest_registry.h"
#include "main_window.h"
#include "presentation/presentation_stage.h"
#include "presentation/tile_zoom.h"
#include "presentation/value_stepper.h"
#include "views/loss_plot_view.h"
#include "views/reconstruction_view.h"
#include "views/snapshot_images.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

// Eight 28 x 28 grey images of 7 x 7 patches (the teaching demo batch's shape), 75 % hidden.
session::SnapshotPtr demo_snapshot() {
  ReconstructionSnapshot s;
  s.step = 40;
  s.count = 8;
  s.channels = 1;
  s.size = 28;
  s.patch = 4;
  s.grid = 7;
  s.mask_ratio = 0.75;
  const size_t floats = size_t(s.count) * s.size * s.size;
  for (auto* plane : {&s.original, &s.masked, &s.student, &s.teacher, &s.pasted})
    plane->assign(floats, 0.5f);
  s.patch_error.assign(size_t(s.count) * 49, 0.1f);
  s.mask.assign(size_t(s.count) * 49, 0);
  for (size_t i = 0; i < s.mask.size(); ++i) s.mask[i] = i % 4 != 0;
  return std::make_shared<const ReconstructionSnapshot>(std::move(s));
}

QString describe(const QWidget* w) {
  return QString("%1 '%2' (%3)")
      .arg(w->metaObject()->className(), w->objectName(),
           qobject_cast<const QLabel*>(w) ? qobject_cast<const QLabel*>(w)->text()
           : qobject_cast<const QAbstractButton*>(w)
               ? qobject_cast<const QAbstractButton*>(w)->text()
               : QString());
}

// The widest line of a plain-text label, as its font draws it.
int text_width(const QFontMetrics& metrics, const QString& text) {
  int widest = 0;
  for (const QString& line : text.split('\n'))
    widest = std::max(widest, metrics.horizontalAdvance(line));
  return widest;
}

QList<QWidget*> visible_stage_widgets(PresentationStage* stage) {
  QList<QWidget*> shown;
  for (QWidget* w : stage->findChildren<QWidget*>())
    if (w->isVisible()) shown << w;
  return shown;
}

}  // namespace

class TestPresentationReadability : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void readable_data() {
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("theme");
    QTest::addColumn<int>("min_tile");
    // 120 px at 720 lines; at 1080 lines the same share of the screen, 180 px, less 10 %.
    QTest::newRow("1280x720 light") << QSize(1280, 720) << "light" << 120;
    QTest::newRow("1280x720 dark") << QSize(1280, 720) << "dark" << 120;
    QTest::newRow("1920x1080 light") << QSize(1920, 1080) << "light" << 162;
    QTest::newRow("1920x1080 dark") << QSize(1920, 1080) << "dark" << 162;
  }

  void readable() {
    QFETCH(QSize, size);
    QFETCH(QString, theme);
    QFETCH(int, min_tile);
    MainWindow window(nullptr);
    window.resize(size);
    window.setPresentationMode(true);
    window.setTheme(theme_from_string(theme));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PresentationStage* stage = window.stage();
    stage->setSnapshot(demo_snapshot());
    stage->showScene(3);  // the longest caption takes room from the loss plot
    QCoreApplication::processEvents();
    stage->lossPlot()->replot();
    QVERIFY(stage->isVisible());
    QCOMPARE(window.size(), size);

    const QList<QWidget*> shown = visible_stage_widgets(stage);
    QVERIFY(shown.size() > 10);
    for (QWidget* w : shown) {
      const QSize hint = w->minimumSizeHint();
      if (hint.isValid())
        QVERIFY2(w->width() >= hint.width() && w->height() >= hint.height(),
                 qPrintable(QString("%1 is %2x%3, below its minimum %4x%5")
                                .arg(describe(w))
                                .arg(w->width())
                                .arg(w->height())
                                .arg(hint.width())
                                .arg(hint.height())));
      QVERIFY2(QFontInfo(w->font()).pixelSize() >= 16,
               qPrintable(QString("%1 draws %2 px text")
                              .arg(describe(w))
                              .arg(QFontInfo(w->font()).pixelSize())));
      if (auto* label = qobject_cast<QLabel*>(w);
          label && !label->wordWrap() && label->textFormat() != Qt::RichText)
        QVERIFY2(text_width(label->fontMetrics(), label->text()) <= label->contentsRect().width(),
                 qPrintable(describe(w) + " is clipped"));
      if (auto* button = qobject_cast<QAbstractButton*>(w))
        QVERIFY2(button->width() >= button->sizeHint().width(),
                 qPrintable(describe(w) + " is clipped"));
    }

    ReconstructionView* grid = stage->grid();
    QCOMPARE(grid->shownImages(), PresentationStage::kImages);
    const QRect tile = grid->tileGeometry(SnapshotRow::Original, 0);
    QVERIFY2(tile.width() >= min_tile, qPrintable(QString("tiles are %1 px").arg(tile.width())));
    QVERIFY(grid->tileGeometry(SnapshotRow::Teacher, PresentationStage::kImages - 1).bottom() <
            grid->height());
    QVERIFY(grid->tileGeometry(SnapshotRow::Pasted, 0).isNull());  // four rows only

    QCustomPlot* loss = stage->lossPlot();
    QVERIFY(loss->legend->visible());
    QVERIFY(loss->legend->outerRect().height() > 0);
    QVERIFY2(!loss->legend->outerRect().intersects(loss->axisRect()->rect()),
             "the legend covers the curves");
    QVERIFY(loss->rect().contains(loss->legend->outerRect()));
  }

  // The lecturer's keys reach the control panel: ] and [ step the mask ratio along the
  // ladder, Up the momentum, = the consistency weight.
  void keys_change_live_settings() {
    MainWindow window(nullptr);
    window.resize(1280, 720);
    window.setPresentationMode(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.controls()->setMaskRatio(0.75);
    window.controls()->setMomentum(0.99);
    window.controls()->setGamma(1.0);
    QTest::keyClick(&window, Qt::Key_BracketRight);
    QCOMPARE(window.controls()->config().mask_ratio, 0.85);
    QTest::keyClick(&window, Qt::Key_BracketLeft);
    QTest::keyClick(&window, Qt::Key_BracketLeft);
    QCOMPARE(window.controls()->config().mask_ratio, 0.6);
    QTest::keyClick(&window, Qt::Key_Up);
    QCOMPARE(window.controls()->config().momentum, 0.995);
    QTest::keyClick(&window, Qt::Key_Equal);
    QCOMPARE(window.controls()->config().gamma, 2.0);
    QCOMPARE(window.stage()->maskRatio()->value(), 0.6);
    QTest::keyClick(&window, Qt::Key_Question);
    QVERIFY(window.stage()->keysOverlay()->isVisible());
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.presentationMode());
  }

  // Resting the pointer on a column enlarges that image, with the mean error of its hidden
  // patches (in demo_snapshot every fourth patch of the batch is visible; here hidden ones
  // err by 0.1 or 0.3).
  void pointer_enlarges_the_image_under_it() {
    MainWindow window(nullptr);
    window.resize(1280, 720);
    window.setPresentationMode(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ReconstructionSnapshot s = *demo_snapshot();
    for (size_t k = 0; k < 49; ++k) s.patch_error[2 * 49 + k] = k % 2 ? 0.3f : 0.1f;
    PresentationStage* stage = window.stage();
    stage->setSnapshot(std::make_shared<const ReconstructionSnapshot>(s));
    QVERIFY(!stage->zoom()->isVisible());
    QTest::mouseMove(stage->grid(), stage->grid()->tileGeometry(SnapshotRow::Student, 2).center());
    QTRY_VERIFY(stage->zoom()->isVisible());
    QCOMPARE(stage->zoom()->imageIndex(), 2);
    // Image 2 starts at patch 98 of the batch: patch k is visible when (98 + k) % 4 == 0, i.e.
    // k = 2, 6, ..., 46 (12). Hidden: all 24 odd k (0.3) and 13 even k (0.1).
    QCOMPARE(TileZoom::hiddenPatchError(s, 2), (24 * double(0.3f) + 13 * double(0.1f)) / 37);
    QVERIFY(stage->zoom()->geometry().intersects(stage->lossPlot()->geometry()));
    QTest::mouseMove(stage->grid(), QPoint(2, 2));
    QTRY_VERIFY(!stage->zoom()->isVisible());
  }

  // PageDown walks the lecture's scenes: each sets its live controls and shows its caption.
  void page_down_steps_through_the_scenes() {
    MainWindow window(nullptr);
    window.resize(1280, 720);
    window.setPresentationMode(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.controls()->setMaskRatio(0.5);
    window.controls()->setMomentum(0.99);
    PresentationStage* stage = window.stage();
    QVERIFY(!stage->sceneCaption()->isVisible());
    QTest::keyClick(&window, Qt::Key_PageDown);
    QCOMPARE(stage->sceneIndex(), 0);
    QVERIFY(stage->sceneCaption()->isVisible());
    QVERIFY(stage->sceneCaption()->text().contains("The mask"));
    QCOMPARE(window.controls()->config().mask_ratio, 0.75);
    QCOMPARE(window.controls()->config().momentum, 0.97);
    for (int i = 0; i < 5; ++i) QTest::keyClick(&window, Qt::Key_PageDown);  // stops at the last
    QCOMPARE(stage->sceneIndex(), 3);
    QCOMPARE(window.controls()->config().momentum, 0.9999);
    QVERIFY(stage->sceneCaption()->text().contains("teacher lag"));
    QTest::keyClick(&window, Qt::Key_PageUp);
    QCOMPARE(stage->sceneIndex(), 2);
    QCOMPARE(window.controls()->config().momentum, 0.97);
    QVERIFY(QFontInfo(stage->sceneCaption()->font()).pixelSize() >= 16);
  }
};

RCMAE_QTEST(TestPresentationReadability)
#include "test_presentation_readability.moc"

// The reconstruction grid is honest by default: for a norm-pix run it draws the predictions
// the snapshot places with the visible patches' statistics (`student`, `teacher`), never the
// oracle ones, and dims the visible patches of the prediction rows (no loss trains them).
// The labelled paper-view toggle switches to `student_oracle` / `teacher_oracle`, and only
// where the snapshot has them.
#include <QCheckBox>
#include <QImage>
#include <QTest>
#include <memory>

#include "harness/qtest_registry.h"
#include "modes/command_line.h"
#include "snapshot_fixture.h"
#include "views/reconstruction_view.h"
#include "views/reconstructions_tab.h"
#include "views/snapshot_images.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

constexpr float kHonest = 0.2f;  // what the student predicts, placed honestly
constexpr float kOracle = 0.9f;  // the same prediction with the true patch statistics
constexpr float kOriginal = 0.5f;

// Two 8 x 8 grey images of 2 x 2 patches; in each, patches 0 and 3 are hidden.
ReconstructionSnapshot make_snapshot(bool norm_pix) {
  ReconstructionSnapshot s =
      rcmae::testing::grey_snapshot(7, 2, 8, 2, kHonest, kHonest, 0.5, kOriginal);
  s.norm_pix = norm_pix;
  if (norm_pix) {
    s.student_oracle.assign(s.student.size(), kOracle);
    s.teacher_oracle.assign(s.student.size(), kOracle);
  }
  s.mask = {1, 0, 0, 1, 1, 0, 0, 1};
  return s;
}

session::SnapshotPtr shared(ReconstructionSnapshot s) {
  return std::make_shared<const ReconstructionSnapshot>(std::move(s));
}

int grey(float value) { return int(value * 255.0f + 0.5f); }

// The grey level drawn at the centre of patch (gx, gy) of one tile.
int patch_grey(const QImage& image, const QRect& tile, int gx, int gy) {
  const QPoint centre(tile.left() + (2 * gx + 1) * tile.width() / 4,
                      tile.top() + (2 * gy + 1) * tile.height() / 4);
  return qGray(image.pixel(centre));
}

QImage render(ReconstructionView& view) {
  QImage image(view.size(), QImage::Format_ARGB32);
  image.fill(Qt::white);
  view.render(&image);
  return image;
}

}  // namespace

class TestReconstructionView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void snapshotImagesUseTheHonestPredictionsByDefault() {
    const ReconstructionSnapshot s = make_snapshot(true);
    QVERIFY(has_paper_view(s));
    const SnapshotImages honest = render_snapshot(s);
    QCOMPARE(honest.placement, Placement::Honest);
    QCOMPARE(qGray(honest.rows[int(SnapshotRow::Student)][0].pixel(0, 0)), grey(kHonest));
    QCOMPARE(qGray(honest.rows[int(SnapshotRow::Teacher)][1].pixel(0, 0)), grey(kHonest));
    const SnapshotImages paper = render_snapshot(s, Placement::Paper);
    QCOMPARE(paper.placement, Placement::Paper);
    QCOMPARE(qGray(paper.rows[int(SnapshotRow::Student)][0].pixel(0, 0)), grey(kOracle));
    QCOMPARE(qGray(paper.rows[int(SnapshotRow::Teacher)][1].pixel(0, 0)), grey(kOracle));
    // The paper's pasted figure: oracle where hidden (patch 0), the original where visible (patch
    // 1).
    const QImage& pasted = paper.rows[int(SnapshotRow::Pasted)][0];
    QCOMPARE(qGray(pasted.pixel(1, 1)), grey(kOracle));
    QCOMPARE(qGray(pasted.pixel(5, 1)), grey(kOriginal));
  }

  void pixelRunsHaveNoPaperView() {
    const ReconstructionSnapshot s = make_snapshot(false);
    QVERIFY(!has_paper_view(s));
    const SnapshotImages images = render_snapshot(s, Placement::Paper);
    QCOMPARE(images.placement, Placement::Honest);
    QCOMPARE(qGray(images.rows[int(SnapshotRow::Student)][0].pixel(0, 0)), grey(kHonest));
  }

  void viewDrawsStudentDimsVisiblePatchesAndTheToggleSwitches() {
    ReconstructionView view;
    view.resize(900, 700);
    view.setSnapshot(shared(make_snapshot(true)));
    QVERIFY(view.paperViewAvailable());
    QVERIFY(!view.paperViewRequested());
    QCOMPARE(view.placement(), Placement::Honest);

    QImage image = render(view);
    const QRect student = view.tileGeometry(SnapshotRow::Student, 0);
    QVERIFY(student.width() >= 16);
    QCOMPARE(patch_grey(image, student, 0, 0), grey(kHonest));  // hidden: drawn as predicted
    // Visible: 20 % of the prediction over the white canvas.
    const int dimmed = patch_grey(image, student, 1, 0);
    QVERIFY2(std::abs(dimmed - int(0.2 * grey(kHonest) + 0.8 * 255)) <= 3,
             qPrintable(QString::number(dimmed)));
    // The original row is not dimmed.
    QCOMPARE(patch_grey(image, view.tileGeometry(SnapshotRow::Original, 0), 1, 0), grey(kOriginal));

    view.setPaperView(true);
    QCOMPARE(view.placement(), Placement::Paper);
    image = render(view);
    QCOMPARE(patch_grey(image, student, 0, 0), grey(kOracle));
    QCOMPARE(patch_grey(image, view.tileGeometry(SnapshotRow::Teacher, 1), 1, 1), grey(kOracle));

    view.setPaperView(false);
    image = render(view);
    QCOMPARE(patch_grey(image, student, 0, 0), grey(kHonest));
  }

  void tabToggleIsOffByDefaultAndEnabledForNormPixOnly() {
    MetricHistory history;
    ReconstructionsTab tab(&history);
    QCheckBox* toggle = tab.paperViewToggle();
    QVERIFY(!toggle->isChecked());
    QVERIFY(toggle->text().contains("Paper view"));
    QVERIFY(toggle->text().contains("never had"));
    QVERIFY(!toggle->isEnabled());  // nothing shown yet

    tab.addSnapshot(shared(make_snapshot(false)));
    QVERIFY(!toggle->isEnabled());
    tab.addSnapshot([] {
      auto s = make_snapshot(true);
      s.step = 8;
      return shared(s);
    }());
    QVERIFY(toggle->isEnabled());
    QCOMPARE(tab.grid()->placement(), Placement::Honest);
    toggle->setChecked(true);
    QCOMPARE(tab.grid()->placement(), Placement::Paper);
    // The next live snapshot keeps the choice.
    tab.addSnapshot([] {
      auto s = make_snapshot(true);
      s.step = 9;
      return shared(s);
    }());
    QCOMPARE(tab.grid()->placement(), Placement::Paper);
    toggle->setChecked(false);
    QCOMPARE(tab.grid()->placement(), Placement::Honest);
  }

  // Screenshots (and so the figures made from them) are honest unless asked otherwise.
  void screenshotsAreHonestUnlessAsked() {
    QVERIFY(!parse_workbench_args({"rcmae-workbench", "--screenshot", "x.png"}).paper_view);
    QVERIFY(parse_workbench_args({"rcmae-workbench", "--screenshot", "x.png", "--paper-view"})
                .paper_view);
  }
};

RCMAE_QTEST(TestReconstructionView)
#include "test_reconstruction_view.moc"

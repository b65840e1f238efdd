// The Attention tab: rows of maps from a snapshot's AttentionMaps (layer means, one head,
// a layer's heads, the rollout), hidden patches drawn only as hatching and never with an
// attention colour, the most attended patch in the ramp's brightest colour, MAE snapshots
// shown with the student, the history scrubber going back, and the PNG figure.
#include <QComboBox>
#include <QImageReader>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <memory>

#include "harness/qtest_registry.h"
#include "theme.h"
#include "views/attention_rows.h"
#include "views/attention_tab.h"
#include "views/attention_view.h"
#include "views/history_scrubber.h"
#include "views/snapshot_images.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

// Two black 8 px images cut into 2 x 2 patches of 4 px. Image 0 hides patches 1 and 2 (top
// right, bottom left), so the encoder saw patches 0 and 3; image 1 hides patches 0 and 3.
// Two layers of two heads over 3 tokens (cls, then the two visible patches).
std::shared_ptr<ReconstructionSnapshot> tiny_snapshot(int64_t step, bool with_teacher) {
  auto s = std::make_shared<ReconstructionSnapshot>();
  s->step = step;
  s->count = 2;
  s->channels = 1;
  s->size = 8;
  s->patch = 4;
  s->grid = 2;
  s->mask_ratio = 0.5;
  s->original.assign(2 * 64, 0.0f);
  s->masked.assign(2 * 64, 0.5f);
  s->student.assign(2 * 64, 0.0f);
  s->pasted.assign(2 * 64, 0.0f);
  s->patch_error.assign(2 * 4, 0.0f);
  s->mask = {0, 1, 1, 0, 1, 0, 0, 1};
  AttentionMaps maps;
  maps.layers = 2;
  maps.heads = 2;
  maps.tokens = 3;
  // [image][layer][head][token]
  maps.cls_attention = {0.2f, 0.7f,  0.1f,  0.4f, 0.5f,  0.1f,   // image 0, layer 1
                        0.6f, 0.1f,  0.3f,  0.2f, 0.1f,  0.7f,   // image 0, layer 2
                        0.5f, 0.25f, 0.25f, 0.5f, 0.25f, 0.25f,  // image 1, layer 1
                        0.1f, 0.8f,  0.1f,  0.3f, 0.3f,  0.4f};  // image 1, layer 2
  maps.rollout = {0.5f, 0.3f, 0.2f, 0.4f, 0.35f, 0.25f};
  s->student_attention = maps;
  if (with_teacher) {
    s->teacher = s->student;
    s->teacher_attention = maps;
    s->teacher_attention.rollout = {0.6f, 0.1f, 0.3f, 0.2f, 0.4f, 0.4f};
  }
  return s;
}

bool near(float a, float b) { return std::abs(a - b) < 1e-6f; }

bool close(QRgb pixel, const QColor& colour) {
  return std::abs(qRed(pixel) - colour.red()) <= 2 &&
         std::abs(qGreen(pixel) - colour.green()) <= 2 &&
         std::abs(qBlue(pixel) - colour.blue()) <= 2;
}

// Every pixel well inside `patch` is the hidden-patch tone laid over the black image, or the
// hatching's canvas colour: no attention colour anywhere.
bool only_hatching(const QImage& image, const QRect& patch, const ViewTheme& theme) {
  const double alpha = 190 / 255.0;  // the view's veil over hidden patches
  const QColor veiled(int(theme.hidden_patch.red() * alpha + 0.5),
                      int(theme.hidden_patch.green() * alpha + 0.5),
                      int(theme.hidden_patch.blue() * alpha + 0.5));
  for (int y = patch.top() + 1; y < patch.bottom(); ++y)
    for (int x = patch.left() + 1; x < patch.right(); ++x) {
      const QRgb pixel = image.pixel(x, y);
      if (!close(pixel, veiled) && !close(pixel, theme.canvas)) return false;
    }
  return true;
}

QRect quarter(const QRect& tile, int patch) {
  const int half = tile.width() / 2;
  return QRect(tile.left() + (patch % 2) * half, tile.top() + (patch / 2) * half, half, half);
}

}  // namespace

class TestAttentionView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void rowsAreTheLayersThenTheRollout() {
    const auto s = tiny_snapshot(10, true);
    const auto rows = attention_rows(s->teacher_attention, {AttentionEncoder::Teacher, -1, -1});
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0].title, QString("Layer 1"));
    QCOMPARE(rows[2].title, QString("Rollout"));
    // Layer 1 of image 0, mean of heads: (0.2 + 0.4) / 2, (0.7 + 0.5) / 2, (0.1 + 0.1) / 2.
    QVERIFY(near(rows[0].images[0][0], 0.3f) && near(rows[0].images[0][1], 0.6f) &&
            near(rows[0].images[0][2], 0.1f));
    QVERIFY(near(rows[2].images[1][1], 0.4f));  // the teacher's rollout, image 1
    for (const AttentionRow& row : rows)
      for (const auto& values : row.images)
        QVERIFY(std::abs(values[0] + values[1] + values[2] - 1.0f) < 1e-6f);
  }

  void oneHeadOrEveryHeadOfALayer() {
    const auto s = tiny_snapshot(10, true);
    const auto head2 = attention_rows(s->student_attention, {AttentionEncoder::Student, -1, 1});
    QCOMPARE(head2.size(), 3);
    QVERIFY(near(head2[1].images[0][2], 0.7f));  // layer 2, head 2, image 0, second visible patch
    const auto layer2 = attention_rows(s->student_attention, {AttentionEncoder::Student, 1, -1});
    QCOMPARE(layer2.size(), 2);
    QCOMPARE(layer2[1].title, QString("Head 2"));
    QVERIFY(near(layer2[0].images[1][1], 0.8f));  // layer 2, head 1, image 1
  }

  void hiddenPatchesGetNoAttentionColour() {
    const auto s = tiny_snapshot(10, true);
    AttentionView view;
    view.resize(600, 500);
    view.setSnapshot(s);
    const ViewTheme theme = view_theme(ThemeName::Light);
    const QImage image = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    for (int row = 0; row < 3; ++row) {
      const QRect tile0 = view.tileGeometry(row, 0), tile1 = view.tileGeometry(row, 1);
      QVERIFY(tile0.width() >= 40);
      QVERIFY(only_hatching(image, quarter(tile0, 1), theme));
      QVERIFY(only_hatching(image, quarter(tile0, 2), theme));
      QVERIFY(only_hatching(image, quarter(tile1, 0), theme));
      QVERIFY(only_hatching(image, quarter(tile1, 3), theme));
      QVERIFY(!only_hatching(image, quarter(tile0, 0), theme));  // visible: coloured
    }
    // Layer 1, image 0: patch 0 has the largest share (0.6 of the head mean), so it takes the
    // ramp's brightest colour at 60 % over the black image; patch 3 (0.1) a sixth of the way.
    const QRect tile = view.tileGeometry(0, 0);
    const QColor top = heat_color(1.0);
    const QRgb most = image.pixel(quarter(tile, 0).center());
    QVERIFY(std::abs(qRed(most) - int(top.red() * 0.6)) <= 2);
    QVERIFY(std::abs(qGreen(most) - int(top.green() * 0.6)) <= 2);
    const QRgb least = image.pixel(quarter(tile, 3).center());
    QVERIFY(qGray(least) < qGray(most));
  }

  void maeSnapshotsShowTheStudent() {
    AttentionTab tab;
    tab.resize(800, 600);
    tab.addSnapshot(tiny_snapshot(5, false));
    QCOMPARE(tab.encoderChoice()->currentData().toInt(), int(AttentionEncoder::Student));
    QCOMPARE(tab.view()->rows().size(), 3);
    // A layer's heads: the head choice has nothing to choose then.
    tab.layerChoice()->setCurrentIndex(2);
    QCOMPARE(tab.view()->selection().layer, 1);
    QCOMPARE(tab.view()->rows().size(), 2);
    QVERIFY(!tab.headChoice()->isEnabled());
  }

  void theScrubberGoesBackToEarlierMaps() {
    AttentionTab tab;
    tab.resize(800, 600);
    tab.addSnapshot(tiny_snapshot(10, true));
    auto later = tiny_snapshot(20, true);
    later->teacher_attention.rollout = {0.9f, 0.05f, 0.05f, 0.9f, 0.05f, 0.05f};
    tab.addSnapshot(later);
    QCOMPARE(tab.encoderChoice()->currentData().toInt(), int(AttentionEncoder::Teacher));
    QCOMPARE(tab.view()->snapshot()->step, int64_t(20));
    QVERIFY(near(tab.view()->rows()[2].images[0][0], 0.9f));
    tab.scrubber()->setLive(false);
    tab.scrubber()->findChild<QSlider*>()->setValue(0);
    QCOMPARE(tab.view()->snapshot()->step, int64_t(10));
    QVERIFY(near(tab.view()->rows()[2].images[0][0], 0.6f));
  }

  void savesTheFigureAsPng() {
    AttentionTab tab;
    tab.resize(800, 600);
    tab.show();
    tab.addSnapshot(tiny_snapshot(10, true));
    QTemporaryDir dir;
    const QString path = dir.filePath("attention.png");
    QString error;
    QVERIFY2(tab.saveFigure(path, &error), qPrintable(error));
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    QCOMPARE(reader.size(), tab.view()->size() * 2);
  }
};

RCMAE_QTEST(TestAttentionView)
#include "test_attention_view.moc"

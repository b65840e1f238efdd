#pragma once
// The reconstruction grid: one column per demo image, one row per stage (original, masked
// input, student, teacher, visible pasted back, per-patch error). Painted directly: a
// snapshot is converted to images once, and painting only scales them.
// Honest by default wherever it is drawn (window, PDF report, exported figures): norm-pix
// predictions placed with the visible patches' statistics, and the visible patches of the
// student and teacher rows dimmed, because MAE's loss never trains them. The paper view
// (true statistics of each hidden patch) is an explicit, labelled opt-in.
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "theme.h"
#include "views/snapshot_images.h"

namespace rcmae::ui {

class ReconstructionView : public QWidget {
  Q_OBJECT

 public:
  explicit ReconstructionView(QWidget* parent = nullptr);

  void setSnapshot(const session::SnapshotPtr& snapshot);
  void clear();
  void setTheme(const ViewTheme& theme);
  void setSelectedImage(int index);
  int selectedImage() const { return selected_; }
  bool hasSnapshot() const { return bool(snapshot_); }
  // Asks for the paper view; it is shown only while the snapshot has oracle predictions.
  void setPaperView(bool on);
  bool paperViewRequested() const { return paper_requested_; }
  // What is drawn now (Honest unless the paper view was asked for and is available).
  Placement placement() const { return images_.placement; }
  bool paperViewAvailable() const;
  // Where row `row` of image `column` is drawn in the current size (tests, hit testing).
  // An empty rect for a row or image not shown.
  QRect tileGeometry(SnapshotRow row, int column) const;
  // The stage of presentation mode shows fewer, larger tiles: the first `rows` rows
  // (Original, Masked, Student, Teacher) of the first `images` demo images; 0 means all.
  void setShownRows(int rows);
  void setMaxImages(int images);
  int shownRows() const { return shown_rows_; }
  int shownImages() const;
  // The picture drawn in row `row` for image `column` (null if none), for enlarged views.
  QImage tileImage(SnapshotRow row, int column) const;
  const session::SnapshotPtr& snapshot() const { return snapshot_; }
  // Reports the image under the pointer (-1 when none): the stage enlarges it.
  void setHoverTracking(bool on) { setMouseTracking(on); }
  QSize minimumSizeHint() const override { return {420, 320}; }

 Q_SIGNALS:
  void imageSelected(int index);
  void imageHovered(int index);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  bool event(QEvent* event) override;

 private:
  struct Layout {
    QRect header;
    int label_width = 0;
    int tile = 0;
    int gap = 0;
    QPoint origin;  // top-left of the first tile
    QRect legend;
  };
  Layout computeLayout() const;
  QRect tileRect(const Layout& layout, int row, int column) const;
  void paintHeader(QPainter& painter, const Layout& layout) const;
  void paintLegend(QPainter& painter, const Layout& layout) const;
  void paintPlaceholder(QPainter& painter) const;
  void dimVisiblePatches(QPainter& painter, const QRect& tile, int image) const;
  QString caption() const;
  int imageAt(const QPoint& pos) const;
  bool showsErrorRow() const;

  session::SnapshotPtr snapshot_;
  SnapshotImages images_;
  ViewTheme theme_;
  int selected_ = 0;
  bool paper_requested_ = false;
  int shown_rows_ = kSnapshotRows;
  int max_images_ = 0;
  int hovered_ = -1;
};

}  // namespace rcmae::ui

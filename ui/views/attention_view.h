#pragma once
// What the encoder's cls token attends to, overlaid on the demo images: one column per image,
// the original on top, then one row per attention map (every layer and the rollout, or
// every head of one layer). Only visible patches carry a colour: the encoder never saw the
// hidden ones, so they are drawn hatched, never with an attention value. Painted directly,
// so the window, the exported figure and screenshots are the same picture.
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "theme.h"
#include "views/attention_rows.h"

namespace rcmae::ui {

class AttentionView : public QWidget {
  Q_OBJECT

 public:
  explicit AttentionView(QWidget* parent = nullptr);

  void setSnapshot(const session::SnapshotPtr& snapshot);
  void setSelection(const AttentionSelection& selection);
  const AttentionSelection& selection() const { return selection_; }
  void setTheme(const ViewTheme& theme);
  const session::SnapshotPtr& snapshot() const { return snapshot_; }
  // The rows drawn now (empty without maps for the chosen encoder).
  const QVector<AttentionRow>& rows() const { return rows_; }
  // Where map row `row` (0 = the first attention row, below the input) of image `column` is
  // drawn; the original's row is row -1. Empty when not shown.
  QRect tileGeometry(int row, int column) const;
  // The view as a figure at `scale` times its size (PNG export).
  QImage figure(qreal scale = 2.0);
  QSize minimumSizeHint() const override { return {420, 320}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;

 private:
  struct Layout {
    QRect header;
    int label_width = 0;
    int tile = 0;
    int gap = 0;
    QPoint origin;  // top-left of the input row's first tile
    QRect legend;
  };
  Layout computeLayout() const;
  int gridRows() const { return 1 + int(rows_.size()); }
  QRect tileRect(const Layout& layout, int grid_row, int column) const;
  void rebuildRows();
  void paintHeader(QPainter& painter, const Layout& layout) const;
  void paintOverlay(QPainter& painter, const QRect& tile, int image,
                    const QVector<float>& values) const;
  void paintLegend(QPainter& painter, const Layout& layout) const;
  void paintPlaceholder(QPainter& painter) const;
  QString heading() const;
  QString tileTooltip(int row, int image) const;

  session::SnapshotPtr snapshot_;
  AttentionSelection selection_;
  QVector<AttentionRow> rows_;
  QVector<QImage> originals_;
  ViewTheme theme_;
};

}  // namespace rcmae::ui

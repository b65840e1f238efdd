#pragma once
// Two reconstructions of the same images in one picture: a draggable vertical divider
// runs through every image at the same column, the left side's pixels to its left and
// the right side's to its right (student | teacher in the Reconstructions tab, run A |
// run B in the Runs tab). Drag it with the mouse or move it one image column at a time
// with the arrow keys (Home / End: all left / all right). The difference mode draws
// |left − right| per pixel on a fixed, labelled colour scale instead.
// Honest as the grid is: the visible patches of each side are dimmed (no loss trains
// them), each side with its own mask.
#include <QImage>
#include <QVector>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "theme.h"

namespace rcmae::ui {

// One side of the comparison: a picture per demo image, all of one size.
struct SplitSide {
  QString label;              // drawn above its half: "Student", "A: run-a · step 400"
  QString symbol;             // in formulas such as |A − B|; the label when empty
  QVector<QImage> images;     // empty: nothing to show, `missing` says why
  QString missing;            // e.g. "MAE run: no teacher"
  std::vector<uint8_t> mask;  // [images, grid * grid], 1 = hidden; empty: nothing dimmed
  int grid = 0;               // patches per side
};

class SplitCompareView : public QWidget {
  Q_OBJECT

 public:
  enum class Mode { Split, Difference };
  // |left − right| at or above this is drawn in the scale's brightest colour. Fixed, so the
  // picture of step 100 and of step 5000 can be compared by eye.
  static constexpr double kDifferenceScale = 0.25;

  explicit SplitCompareView(QWidget* parent = nullptr);

  void setSides(const SplitSide& left, const SplitSide& right);
  void clear();
  // The heading above the images, e.g. "Step 400 · mask ratio 0.75".
  void setTitle(const QString& title);
  // Shown instead of the images when there is nothing to compare at all.
  void setPlaceholder(const QString& text);
  void setTheme(const ViewTheme& theme);
  void setMode(Mode mode);
  Mode mode() const { return mode_; }

  // Image columns [0, divider) come from the left side, [divider, size) from the right.
  int divider() const { return divider_; }
  void setDivider(int column);
  int imageSize() const;  // columns per image; 0 without images
  int imageCount() const;
  // Both sides have pictures (else the missing side's message is shown).
  bool comparable() const;
  // What is drawn for image `index` in image pixels: the split, or the difference in colour.
  QImage composite(int index) const;
  QImage differenceImage(int index) const;
  // Mean |left − right| over the hidden pixels of both sides (all pixels without masks);
  // NaN when not comparable.
  double meanHiddenDifference() const;
  // The message drawn for the missing side; empty when both sides have pictures.
  QString missingMessage() const;
  // Where image `index` is drawn in the current size (tests, hit testing).
  QRect tileGeometry(int index) const;

  QSize minimumSizeHint() const override { return {320, 240}; }

 Q_SIGNALS:
  void dividerMoved(int column);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  struct Layout {
    QRect header;
    QRect labels;  // the side labels' line
    QRect tiles;   // where the images go
    QRect legend;  // the difference scale (difference mode)
    int columns = 1;
    int tile = 0;
    int gap = 0;
  };
  Layout computeLayout() const;
  QRect tileRect(const Layout& layout, int index) const;
  void paintHeader(QPainter& painter, const Layout& layout) const;
  void paintSideLabels(QPainter& painter, const Layout& layout) const;
  void paintTile(QPainter& painter, const QRect& tile, int index) const;
  void paintDividerLine(QPainter& painter, const QRect& tile) const;
  void paintLegend(QPainter& painter, const Layout& layout) const;
  void paintMessage(QPainter& painter, const QRect& area, const QString& text) const;
  void dimVisiblePatches(QPainter& painter, const QRect& tile, const SplitSide& side, int image,
                         int from_column, int to_column) const;
  void dragTo(const QPoint& pos);
  int tileAt(const QPoint& pos) const;

  SplitSide left_;
  SplitSide right_;
  QString title_;
  QString placeholder_;
  ViewTheme theme_;
  Mode mode_ = Mode::Split;
  int divider_ = -1;    // -1: the middle, once images arrive
  int drag_tile_ = -1;  // the image the pointer grabbed the divider in
};

}  // namespace rcmae::ui

#pragma once
// Try a change, while the arms train: each arm's difference from the control in held-out
// reconstruction error, step by step, with its 95 % band (runs/fork_live_differences.h), and
// one line saying where each arm stands now ("momentum-0.999: worse by 0.061 (0.056 – 0.066)"
// or "can't tell yet"). Below the zero line an arm reconstructs better than the control.
// Hidden until the first step both sides measured.
#include <QString>
#include <QWidget>

#include "runs/fork_live_differences.h"

class QLabel;

namespace rcmae::ui {

class ThemedPlot;

class ForkLivePlot : public QWidget {
  Q_OBJECT

 public:
  explicit ForkLivePlot(QWidget* parent = nullptr);

  // Starts drawing the fork in `fork_dir` (forgets the one before); refresh() reads it.
  void follow(const QString& fork_dir);
  // Reads new measurements and redraws. True when something new was drawn.
  bool refresh();
  void clear();
  QString forkDir() const { return fork_dir_; }

  const ForkLiveDifferences& differences() const { return differences_; }
  ThemedPlot* plot() const { return plot_; }
  // "After 340 steps:" and a line per arm in the cards' words, e.g. "momentum-0.999:
  // reconstructs worse by 0.087 (0.080 – 0.093): resolved" or "...: can't tell yet (...)".
  QString summaryText() const;

 private:
  void redraw();
  QString armSummary(const QString& arm) const;
  QString summaryHtml() const;  // the same, each arm in its colour, with how to read it
  qint64 newestStep() const;

  QString fork_dir_;
  ForkLiveDifferences differences_;
  ThemedPlot* plot_ = nullptr;
  QLabel* summary_ = nullptr;
};

}  // namespace rcmae::ui

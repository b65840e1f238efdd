#pragma once
// The Attention tab: the attention grid of the demo batch, the encoder / layer / head
// choice, "Save figure…" and its own history scrubber (snapshots carry the maps, so every
// step the run kept can be looked at again).
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "theme.h"
#include "views/workbench_tab.h"

class QComboBox;
class QPushButton;

namespace rcmae::ui {

class AttentionView;
class HistoryScrubber;

class AttentionTab : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  explicit AttentionTab(QWidget* parent = nullptr);

  // WorkbenchTab
  void clearRun() override { clear(); }
  void applyTheme(const PlotTheme& /*plot*/, const ViewTheme& view) override { setTheme(view); }
  QWidget* currentFigure() const override;
  // A painted grid, not a plot: PNG only, at twice the view's size.
  void saveFigureWithDialog(QWidget* parent) override;

  void addSnapshot(const session::SnapshotPtr& snapshot);
  void clear();
  void setTheme(const ViewTheme& theme);
  // Writes the figure at twice the view's size; false and `error` filled on failure.
  bool saveFigure(const QString& path, QString* error = nullptr);

  AttentionView* view() const { return view_; }
  HistoryScrubber* scrubber() const { return scrubber_; }
  QComboBox* encoderChoice() const { return encoder_; }
  QComboBox* layerChoice() const { return layer_; }
  QComboBox* headChoice() const { return head_; }

 private:
  void display(const session::SnapshotPtr& snapshot);
  void refillChoices();
  void applyChoices();

  AttentionView* view_ = nullptr;
  HistoryScrubber* scrubber_ = nullptr;
  QComboBox* encoder_ = nullptr;
  QComboBox* layer_ = nullptr;
  QComboBox* head_ = nullptr;
  QPushButton* save_ = nullptr;
  int layers_ = -1;  // the shape the choices were filled for
  int heads_ = -1;
};

}  // namespace rcmae::ui

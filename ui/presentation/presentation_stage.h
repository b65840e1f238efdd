#pragma once
// Presentation mode: what a lecture hall sees instead of the desk layout. The reconstruction
// grid fills most of the screen (Original, Masked, Student, Teacher of five demo images,
// drawn by the same honest ReconstructionView as the desk), the mask of the selected image
// and the loss curve beside it, and only the settings a lecturer changes live, in large
// type. Every change goes through the ControlPanel (the same live-change path as the desk);
// the stage only shows its values. Keys: see kStageKeys in presentation_stage.cpp, shown by ?.
#include <QWidget>

#include "metric_history.h"
#include "rcmae/session/session_types.h"
#include "theme.h"
#include "window_actions.h"

class QLabel;
class QToolButton;

namespace rcmae::ui {

class ControlPanel;
class LossPlotView;
class MaskView;
class ReconstructionView;
class TileZoom;
class ValueStepper;

class PresentationStage : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kImages = 5;
  static constexpr int kRows = 4;  // Original, Masked, Student, Teacher

  PresentationStage(ControlPanel* controls, const WindowActions& actions,
                    const MetricHistory* history, QWidget* parent = nullptr);

  void setSnapshot(const session::SnapshotPtr& snapshot);
  void refresh(double live_ratio);
  void clear();
  void setTheme(ThemeName theme);
  // Text size for a stage `width` pixels wide: readable from the back of a lecture hall.
  static int bodyPixelSize(int width);

  ReconstructionView* grid() const { return grid_; }
  MaskView* mask() const { return mask_; }
  LossPlotView* lossPlot() const { return loss_; }
  ValueStepper* maskRatio() const { return ratio_; }
  ValueStepper* momentum() const { return momentum_; }
  ValueStepper* gamma() const { return gamma_; }
  QToolButton* modeButton() const { return mode_; }
  QLabel* keysOverlay() const { return overlay_; }
  TileZoom* zoom() const { return zoom_; }
  // Enlarges demo image `index` over the side column; -1 puts the mask and loss back.
  void highlightImage(int index);
  // ? (the window's Help > Keyboard shortcuts) shows and hides the list of keys over the stage.
  void toggleKeysOverlay();
  // The stage's keys as an HTML table: the overlay and the window's keyboard help show it.
  static QString keysTable();
  // Scenes (presentation/lecture_scenes.h): -1 before the first; PageDown / PageUp step.
  void showScene(int index);
  int sceneIndex() const { return scene_; }
  QLabel* sceneCaption() const { return scene_caption_; }

 Q_SIGNALS:
  // MAE <-> RC-MAE: the window switches the mode and starts again from step 0.
  void teacherModeToggleRequested();
  void deskLayoutRequested();

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QWidget* buildControlBar(const WindowActions& actions);
  void addKeys(const WindowActions& actions);
  void showControlValues();
  void placeOverlay();

  ControlPanel* controls_;
  ReconstructionView* grid_ = nullptr;
  MaskView* mask_ = nullptr;
  LossPlotView* loss_ = nullptr;
  ValueStepper* ratio_ = nullptr;
  ValueStepper* momentum_ = nullptr;
  ValueStepper* gamma_ = nullptr;
  QToolButton* mode_ = nullptr;
  QLabel* keys_hint_ = nullptr;
  QLabel* overlay_ = nullptr;
  TileZoom* zoom_ = nullptr;
  QLabel* scene_caption_ = nullptr;
  int scene_ = -1;
};

}  // namespace rcmae::ui

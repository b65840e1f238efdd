#pragma once
// The guided sequence a lecturer steps through with PageDown / PageUp on the stage. Each
// scene sets the live controls it needs (through the control panel, like a key press) and
// puts its caption on screen; training is neither restarted nor paused.
#include <QString>
#include <QVector>
#include <optional>

namespace rcmae::ui {

struct LectureScene {
  QString title;
  QString caption;
  std::optional<double> mask_ratio;
  std::optional<double> momentum;
};

const QVector<LectureScene>& lecture_scenes();

}  // namespace rcmae::ui

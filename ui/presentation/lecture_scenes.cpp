#include "presentation/lecture_scenes.h"

namespace rcmae::ui {

const QVector<LectureScene>& lecture_scenes() {
  static const QVector<LectureScene> scenes = {
      {"1 · The mask",
       "Three patches in four are hidden (Masked input). The encoder sees only the rest.", 0.75,
       0.97},
      {"2 · Reconstruction from 25 % of the patches",
       "Student and Teacher paint the hidden 75 % from the visible 25 %. The visible patches are "
       "dimmed: no "
       "loss trains them.",
       0.75, std::nullopt},
      {"3 · The teacher is an average of past students",
       "After every step: teacher ← 0.97 · teacher + 0.03 · student, about the last 33 students.",
       std::nullopt, 0.97},
      {"4 · Change the momentum and watch the teacher lag",
       "Momentum 0.9999: the teacher averages some 10 000 steps, barely moves, and falls behind "
       "the Student.",
       std::nullopt, 0.9999},
  };
  return scenes;
}

}  // namespace rcmae::ui

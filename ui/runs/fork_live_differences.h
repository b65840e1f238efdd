#pragma once
// A fork's answer while its arms still train. Every arm measures its held-out reconstruction
// at the same steps and keeps it item by item (run_files::kStepItems); this reads those files
// as they appear and compares each arm with the control at every step both have, exactly as
// the final comparison does (compare_at_step: paired bootstrap over the held-out images, over
// replicates too with --repeats): the difference, its 95 % interval and the verdict, step by
// step. A step's point, once computed, is kept: the files are written once and whole.
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

#include "runs/fork_process.h"

namespace rcmae::ui {

struct ForkLivePoint {
  qint64 steps_after_fork = 0;
  double diff = 0;  // arm - control
  double lo = 0, hi = 0;
  QString verdict;  // "better", "worse", "can't tell"
  int replicates = 0;
};

class ForkLiveDifferences {
 public:
  // Reads fork.json (once) and every step file not read yet. True when a point was added or
  // recomputed (another replicate reached its step).
  bool update(const QString& fork_dir);
  void clear();

  bool hasPlan() const { return !plan_.arms.isEmpty(); }
  const ForkPlanInfo& plan() const { return plan_; }
  // The metric drawn: the teacher's held-out error when the control and every arm have a
  // teacher, otherwise the student's (an arm that tries MAE has none).
  QString metric() const;
  QStringList arms() const;  // the arms compared with the control, in fork.json's order
  QVector<ForkLivePoint> points(const QString& arm) const;  // ascending steps
  bool empty() const;

 private:
  struct Point {                           // one step of one arm
    std::optional<ForkLivePoint> teacher;  // none when a side has no teacher
    ForkLivePoint student;
  };
  bool updateArm(const QString& arm);  // true: a point was added or recomputed

  QString fork_dir_;
  ForkPlanInfo plan_;
  QMap<QString, QMap<qint64, Point>> points_;  // arm -> step -> point
};

}  // namespace rcmae::ui

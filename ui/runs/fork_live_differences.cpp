#include "runs/fork_live_differences.h"

#include <QDir>
#include <algorithm>
#include <filesystem>
#include <map>

#include "local_path.h"
#include "rcmae/fork/fork_comparison.h"
#include "rcmae/run/paired_items.h"

namespace rcmae::ui {
namespace {

ForkLivePoint point_of(const ComparisonRow& row, qint64 steps_after_fork) {
  ForkLivePoint point;
  point.steps_after_fork = steps_after_fork;
  point.diff = row.difference.diff;
  point.lo = row.difference.ci_low;
  point.hi = row.difference.ci_high;
  point.verdict = QString::fromStdString(stats::to_string(row.difference.verdict));
  point.replicates = row.difference.replicates;
  return point;
}

}  // namespace

bool ForkLiveDifferences::update(const QString& fork_dir) {
  if (fork_dir != fork_dir_) {
    clear();
    fork_dir_ = fork_dir;
  }
  if (!hasPlan() && !read_fork_plan(fork_dir_, &plan_)) return false;
  bool changed = false;
  for (const QString& arm : arms()) changed = updateArm(arm) || changed;
  return changed;
}

void ForkLiveDifferences::clear() {
  fork_dir_.clear();
  plan_ = ForkPlanInfo();
  points_.clear();
}

QStringList ForkLiveDifferences::arms() const {
  QStringList names;
  for (qsizetype i = 1; i < plan_.arms.size(); ++i) names << plan_.arms[i].name;  // [0]: control
  return names;
}

// Every step the control and this arm have both kept, over the replicates that have it; a
// step is computed again only when another replicate has reached it.
bool ForkLiveDifferences::updateArm(const QString& arm) {
  const QStringList control_folders = fork_arm_folders(fork_dir_, plan_, plan_.arms.front().name);
  const QStringList arm_folders = fork_arm_folders(fork_dir_, plan_, arm);
  std::map<int64_t,
           std::pair<std::vector<std::filesystem::path>, std::vector<std::filesystem::path>>>
      by_step;
  for (qsizetype r = 0; r < control_folders.size(); ++r) {
    const auto control = local_path(control_folders[r]), trained = local_path(arm_folders[r]);
    const std::vector<int64_t> arm_steps = run::steps_with_items(trained);
    for (int64_t step : run::steps_with_items(control))
      if (std::binary_search(arm_steps.begin(), arm_steps.end(), step)) {
        by_step[step].first.push_back(control);
        by_step[step].second.push_back(trained);
      }
  }
  auto& points = points_[arm];
  bool changed = false;
  for (const auto& [step, folders] : by_step) {
    const int replicates = int(folders.first.size());
    if (points.contains(step) && points[step].student.replicates == replicates) continue;
    try {
      const auto rows = compare_at_step(folders.first, folders.second, step, arm.toStdString());
      Point point;
      for (const ComparisonRow& row : rows) {
        if (row.metric == "teacher_rec_nmse")
          point.teacher = point_of(row, step - plan_.parent_step);
        if (row.metric == "student_rec_nmse")
          point.student = point_of(row, step - plan_.parent_step);
      }
      if (point.student.replicates > 0) {
        points[step] = point;
        changed = true;
      }
    } catch (const std::exception&) {
      // A file that cannot be read now (a full disk, an arm that failed) is tried again at
      // the next update; the final comparison reports what is wrong with it.
    }
  }
  return changed;
}

QString ForkLiveDifferences::metric() const {
  for (const auto& steps : points_)
    for (const Point& point : steps)
      if (!point.teacher) return "student_rec_nmse";
  return "teacher_rec_nmse";
}

QVector<ForkLivePoint> ForkLiveDifferences::points(const QString& arm) const {
  const bool teacher = metric() == "teacher_rec_nmse";
  QVector<ForkLivePoint> out;
  for (const Point& point : points_.value(arm)) out << (teacher ? *point.teacher : point.student);
  return out;
}

bool ForkLiveDifferences::empty() const {
  return std::all_of(points_.begin(), points_.end(),
                     [](const auto& steps) { return steps.isEmpty(); });
}

}  // namespace rcmae::ui

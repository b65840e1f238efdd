#pragma once
// Module groups × time: one cell per gradient measurement and group, coloured by the
// group's cos(g_c(t), g_r(t-k)) on a diverging scale from -1 to +1. Shows where in the
// network the teacher's correction opposes the previous gradient, and when.
#include <QStringList>
#include <QVector>

#include "plots/themed_plot.h"
#include "rcmae/train/grad_similarity.h"

namespace rcmae::ui {

class GroupHeatMap : public ThemedPlot {
  Q_OBJECT

 public:
  explicit GroupHeatMap(QWidget* parent = nullptr);

  // Redraws from all measurements of the run (cheap: measurements × groups cells).
  void setRecords(const QVector<GradSimilarityRecord>& records);
  // Group names bottom to top, as on the y axis.
  const QStringList& groups() const { return groups_; }
  int columnCount() const;
  // The drawn value of a cell; NaN when the group was not measured at that column.
  double cell(int column, int group) const;
  void applyTheme(const PlotTheme& theme) override;

 protected:
  void fitView() override;
  void syncFonts() override;

 private:
  void setGroups(const QStringList& groups);

  QStringList groups_;
  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
};

// "block_3" -> "block 3", "patch_embed" -> "patch embed": axis labels read as words.
QString group_display_name(const QString& group);

}  // namespace rcmae::ui

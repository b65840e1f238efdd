#include "plots/group_heat_map.h"

#include <algorithm>
#include <cmath>

#include "plots/color_gradients.h"

namespace rcmae::ui {

QString group_display_name(const QString& group) {
  QString name = group;
  if (name == "encoder_norm") return "encoder norm";
  return name.replace('_', ' ');
}

namespace {

// Rows follow the data through the network: patch embedding at the bottom, then the
// encoder blocks in order, the encoder norm, the decoder and the prediction head on top.
int network_rank(const QString& group) {
  if (group == "patch_embed") return 0;
  if (group.startsWith("block_")) return 1 + group.mid(6).toInt();
  if (group == "encoder_norm") return 100000;
  if (group == "decoder") return 100001;
  if (group == "head") return 100002;
  return 100003;  // unknown groups last, in arrival order (std::stable_sort)
}

}  // namespace

GroupHeatMap::GroupHeatMap(QWidget* parent)
    : ThemedPlot("Per-group cos(g_c(t), g_r(t−k))", "optimiser step", QString(), parent) {
  map_ = new QCPColorMap(xAxis, yAxis);
  map_->setInterpolate(false);  // one crisp cell per measurement: nothing is invented
  map_->setTightBoundary(false);
  scale_ = new QCPColorScale(this);
  scale_->setType(QCPAxis::atRight);
  scale_->setBarWidth(10);
  scale_->setDataRange(QCPRange(-1, 1));  // fixed: colours mean the same in every run
  scale_->axis()->setLabel("cosine");
  scale_->axis()->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
  qSharedPointerCast<QCPAxisTickerFixed>(scale_->axis()->ticker())->setTickStep(0.5);
  plotLayout()->addElement(1, 1, scale_);
  map_->setColorScale(scale_);
  map_->setDataRange(QCPRange(-1, 1));
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  // Time is the only direction worth zooming; the group axis always shows every group.
  axisRect()->setRangeDrag(Qt::Horizontal);
  axisRect()->setRangeZoom(Qt::Horizontal);
  yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  yAxis->grid()->setVisible(false);
  xAxis->grid()->setVisible(false);
  applyTheme(theme());
}

void GroupHeatMap::setGroups(const QStringList& groups) {
  if (groups == groups_) return;
  groups_ = groups;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (int i = 0; i < groups.size(); ++i) ticker->addTick(i, group_display_name(groups[i]));
  yAxis->setTicker(ticker);
  syncFonts();
}

void GroupHeatMap::setRecords(const QVector<GradSimilarityRecord>& records) {
  if (records.isEmpty()) {
    map_->data()->clear();
    setGroups({});
    requestReplot();
    return;
  }
  QStringList groups;
  for (const GroupGradSimilarity& g : records.front().groups)
    groups << QString::fromStdString(g.group);
  std::stable_sort(groups.begin(), groups.end(), [](const QString& a, const QString& b) {
    return network_rank(a) < network_rank(b);
  });
  setGroups(groups);
  const int columns = int(records.size());
  const double first = double(records.front().step), last = double(records.back().step);
  // Cell centres: measurements are every k steps, so columns are evenly spaced in steps.
  const QCPRange keys = columns > 1 ? QCPRange(first, last) : QCPRange(first - 0.5, first + 0.5);
  map_->data()->setSize(columns, std::max<int>(1, int(groups.size())));
  map_->data()->setRange(keys, QCPRange(0, std::max<int>(0, int(groups.size()) - 1)));
  for (int c = 0; c < columns; ++c) {
    for (int row = 0; row < groups.size(); ++row) map_->data()->setCell(c, row, std::nan(""));
    for (const GroupGradSimilarity& g : records[c].groups) {
      const int row = int(groups.indexOf(QString::fromStdString(g.group)));
      if (row >= 0) map_->data()->setCell(c, row, g.cos_c_r_prev);
    }
  }
  if (!userMovedView()) fitView();
  requestReplot();
}

int GroupHeatMap::columnCount() const { return groups_.isEmpty() ? 0 : map_->data()->keySize(); }

double GroupHeatMap::cell(int column, int group) const { return map_->data()->cell(column, group); }

void GroupHeatMap::fitView() {
  if (groups_.isEmpty()) return;
  bool found = false;
  QCPRange keys = map_->getKeyRange(found);
  if (found) xAxis->setRange(keys);
  yAxis->setRange(-0.5, groups_.size() - 0.5);
}

void GroupHeatMap::syncFonts() {
  ThemedPlot::syncFonts();
  // Tick labels are measured narrower than they are drawn (see ThemedPlot::padLegend):
  // leave room so the longest group name keeps its first letters.
  const QFontMetrics metrics(yAxis->tickLabelFont());
  int widest = 0;
  for (const QString& group : groups_)
    widest = std::max(widest, metrics.horizontalAdvance(group_display_name(group)));
  yAxis->setPadding(6 + int(0.3 * widest));
}

void GroupHeatMap::applyTheme(const PlotTheme& theme) {
  ThemedPlot::applyTheme(theme);
  if (!map_) return;
  map_->setGradient(diverging_gradient(theme));
  yAxis->grid()->setVisible(false);
  xAxis->grid()->setVisible(false);
  requestReplot();
}

}  // namespace rcmae::ui

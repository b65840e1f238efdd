#pragma once
// A QCustomPlot that draws metrics of the current run against step / images / wall time.
// New records are appended incrementally; zoom and pan survive live updates unless
// "follow live" is on; parameter changes appear as labelled vertical markers.
#include <QVector>

#include "metric_history.h"
#include "plots/ema_smoother.h"
#include "plots/themed_plot.h"

namespace rcmae::ui {

struct SeriesSpec {
  QString name;
  int color_index = 0;  // into PlotTheme::series
  Metric metric = nullptr;
  bool smoothed = true;  // draw an EMA-smoothed line over a faint raw one
};

class TimeSeriesPlot : public ThemedPlot {
  Q_OBJECT

 public:
  TimeSeriesPlot(const MetricHistory* history, const QString& title, const QString& y_label,
                 QWidget* parent = nullptr);

  void addSeries(const SeriesSpec& spec);
  void setXAxis(XAxis axis);
  void setSmoothing(double weight);
  void setLogY(bool log_y);
  void setFollowLive(bool follow);
  bool followLive() const { return follow_live_; }
  bool logY() const { return log_y_; }
  void applyTheme(const PlotTheme& theme) override;
  // Points currently drawn for series `index` (the smoothed line where there is one).
  int pointCount(int index) const;

  // Draws records and events that arrived since the last call. Cheap when nothing is new;
  // replots only when visible (a hidden plot catches up when shown).
  void refresh();
  // Redraws everything from the history (after a new run or an axis/smoothing change).
  void rebuild();

 Q_SIGNALS:
  void followLiveChanged(bool follow);

 protected:
  void extendContextMenu(QMenu& menu) override;
  void mousePressEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

 private:
  struct Series {
    SeriesSpec spec;
    QCPGraph* raw = nullptr;
    QCPGraph* smooth = nullptr;
    EmaSmoother smoother;
  };
  struct Marker {
    ParameterEvent event;
    QCPItemStraightLine* line = nullptr;
    QCPItemText* label = nullptr;
  };

  void appendRecords(int from);
  void placeMarkers();
  void styleSeries(Series& series);
  void fitToData();
  void stopFollowing();

  const MetricHistory* history_;
  QVector<Series> series_;
  QVector<Marker> markers_;
  int drawn_records_ = 0;
  int drawn_events_ = 0;
  int generation_ = -1;
  XAxis x_axis_ = XAxis::Step;
  double smoothing_ = 0.6;
  bool log_y_ = false;
  bool follow_live_ = true;
};

}  // namespace rcmae::ui

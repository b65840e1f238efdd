#pragma once
// Collects what the training thread sends (records, parameter changes, quality measurements,
// snapshots) into the GUI-side history and tells the views to redraw on a timer, only when
// something new arrived: never once per sample. The timer runs every 40 ms when drawing is cheap
// and slows down (to at most 1 s) when it is not: see frame_budget.h.
#include <QObject>
#include <QTimer>

#include "metric_history.h"
#include "rcmae/session/training_session.h"

namespace rcmae::ui {

class LiveFeed : public QObject {
  Q_OBJECT

 public:
  LiveFeed(session::TrainingSession* session, QObject* parent = nullptr);

  const MetricHistory& history() const { return history_; }
  void clear();
  int frameIntervalMs() const { return timer_.interval(); }
  qint64 framesDrawn() const { return frames_; }

 Q_SIGNALS:
  // New records/events are in history(); views should refresh now.
  void frame();
  void snapshot(const rcmae::session::SnapshotPtr& snapshot);

 private:
  void onRecords(const QVector<StepRecord>& records);
  void onEvent(const ParameterEvent& event);
  void onGradients(const QVector<GradSimilarityRecord>& records);
  void onQuality(const QualityRecord& record);
  void onTimer();

  MetricHistory history_;
  QTimer timer_;
  bool dirty_ = false;
  qint64 frames_ = 0;
};

}  // namespace rcmae::ui

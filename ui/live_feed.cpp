#include "live_feed.h"

#include <QElapsedTimer>

#include "frame_budget.h"

namespace rcmae::ui {

LiveFeed::LiveFeed(session::TrainingSession* session, QObject* parent) : QObject(parent) {
  timer_.setInterval(40);
  timer_.setTimerType(Qt::CoarseTimer);
  connect(&timer_, &QTimer::timeout, this, &LiveFeed::onTimer);
  connect(session, &session::TrainingSession::stepRecords, this, &LiveFeed::onRecords);
  connect(session, &session::TrainingSession::parameterChanged, this, &LiveFeed::onEvent);
  connect(session, &session::TrainingSession::gradSimilarity, this, &LiveFeed::onGradients);
  connect(session, &session::TrainingSession::qualityMeasured, this, &LiveFeed::onQuality);
  connect(session, &session::TrainingSession::snapshotReady, this, &LiveFeed::snapshot);
  timer_.start();
}

void LiveFeed::clear() {
  history_.clear();
  dirty_ = true;
}

void LiveFeed::onRecords(const QVector<StepRecord>& records) {
  history_.append(records);
  dirty_ = true;
}

void LiveFeed::onEvent(const ParameterEvent& event) {
  history_.addEvent(event);
  dirty_ = true;
}

void LiveFeed::onGradients(const QVector<GradSimilarityRecord>& records) {
  history_.appendGradients(records);
  dirty_ = true;
}

void LiveFeed::onQuality(const QualityRecord& record) {
  history_.appendQuality(record);
  dirty_ = true;
}

void LiveFeed::onTimer() {
  if (!dirty_) return;
  dirty_ = false;
  ++frames_;
  QElapsedTimer handlers;
  handlers.start();
  Q_EMIT frame();
  // The replots this frame queues report their own cost when they run (ThemedPlot); the
  // interval set here follows the previous frame's total.
  frame_budget().addCost(handlers.nsecsElapsed() / 1e6);
  timer_.setInterval(frame_budget().nextIntervalMs());
}

}  // namespace rcmae::ui

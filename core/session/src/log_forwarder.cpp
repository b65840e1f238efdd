#include "rcmae/session/log_forwarder.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <QDateTime>
#include <QMetaObject>
#include <algorithm>
#include <mutex>

namespace rcmae::session {

// Formats nothing itself: the panel shows time, level and text in its own columns.
struct LogForwarder::Sink : public spdlog::sinks::base_sink<std::mutex> {
  LogForwarder* target = nullptr;  // read under the sink's mutex

  void detach() {
    std::lock_guard<std::mutex> lock(mutex_);
    target = nullptr;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (!target) return;
    const QString text = QString::fromUtf8(msg.payload.data(), int(msg.payload.size()));
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    const QString time = QDateTime::fromMSecsSinceEpoch(ms).toString("HH:mm:ss");
    const int level = int(msg.level);
    // Queued: the slot runs in the forwarder's (GUI) thread whichever thread logged.
    // `target` is the context object: if it is gone when the event is processed, Qt drops it.
    LogForwarder* forwarder = target;
    QMetaObject::invokeMethod(
        forwarder, [forwarder, level, time, text] { Q_EMIT forwarder->message(level, time, text); },
        Qt::QueuedConnection);
  }
  void flush_() override {}
};

LogForwarder::LogForwarder(QObject* parent) : QObject(parent), sink_(std::make_shared<Sink>()) {
  sink_->target = this;
  spdlog::default_logger()->sinks().push_back(sink_);
}

LogForwarder::~LogForwarder() {
  sink_->detach();
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
}

}  // namespace rcmae::session

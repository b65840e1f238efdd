#pragma once
// Forwards spdlog messages (from any thread, the trainer's included) to the GUI thread as
// a queued Qt signal. The spdlog sink behind it is private to rcmae_session, so the GUI
// needs no spdlog header.
#include <QObject>
#include <QString>

namespace rcmae::session {

enum class LogLevel { Trace, Debug, Info, Warning, Error, Critical };

class LogForwarder : public QObject {
  Q_OBJECT

 public:
  // Adds a sink to spdlog's default logger that emits `message`; removed again in the
  // destructor. Messages emitted from other threads are delivered queued.
  explicit LogForwarder(QObject* parent = nullptr);
  ~LogForwarder() override;

 Q_SIGNALS:
  void message(int level, const QString& time, const QString& text);

 private:
  struct Sink;
  std::shared_ptr<Sink> sink_;
};

}  // namespace rcmae::session

#include "checkpoint_interval.h"

#include <cmath>

#include "rcmae/session/session_types.h"

namespace rcmae::ui {

QString every_text(double seconds) {
  const auto s = std::max<qint64>(1, qint64(std::llround(seconds)));
  if (s == 60) return "every minute";
  if (s % 60 == 0) return QString("every %1 minutes").arg(s / 60);
  return QString("every %1 s").arg(s);
}

double window_checkpoint_every_s() { return session::SessionOptions{}.checkpoint_every_s; }

}  // namespace rcmae::ui

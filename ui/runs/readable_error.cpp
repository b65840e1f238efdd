#include "runs/readable_error.h"

namespace rcmae::ui {

QString readable_error(const char* what, const QString& fallback) {
  QString text = QString::fromUtf8(what);
  const qsizetype backtrace = text.indexOf("\nException raised from");
  if (backtrace >= 0) text.truncate(backtrace);
  return text.trimmed().isEmpty() ? fallback : text.trimmed();
}

}  // namespace rcmae::ui

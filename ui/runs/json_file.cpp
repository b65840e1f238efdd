#include "runs/json_file.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

namespace rcmae::ui {

QJsonObject read_json_object(const QString& file, QString* error) {
  QFile in(file);
  if (!in.open(QIODevice::ReadOnly)) {
    if (error) *error = QDir::toNativeSeparators(file) + ": cannot be read";
    return {};
  }
  QJsonParseError parse;
  const QJsonDocument doc = QJsonDocument::fromJson(in.readAll(), &parse);
  if (!doc.isObject()) {
    if (error)
      *error = QDir::toNativeSeparators(file) + ": not a JSON object (" + parse.errorString() + ")";
    return {};
  }
  return doc.object();
}

}  // namespace rcmae::ui

#pragma once

#include <QJsonObject>
#include <QString>

namespace rcmae::ui {

// The JSON object stored in `file` (a run's config.json, a fork's comparison.json). An
// unreadable file or one that holds no JSON object gives an empty object and, when `error`
// is given, a sentence naming the file and the problem.
QJsonObject read_json_object(const QString& file, QString* error = nullptr);

}  // namespace rcmae::ui

#pragma once
// Help ▸ About (F1): the version, what the workbench is, and the paper it implements.
#include <QString>

class QWidget;

namespace rcmae::ui {

QString workbench_version();  // the project version, e.g. "0.1.0"
void show_about_dialog(QWidget* parent);

}  // namespace rcmae::ui

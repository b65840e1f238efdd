#include "runs/job_dialog_labels.h"

#include <QLabel>

namespace {
QLabel* selectable_wrapped_label(const char* style_name) {
  auto* label = new QLabel;
  label->setObjectName(style_name);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}
}  // namespace

QLabel* make_problem_label() {
  QLabel* label = selectable_wrapped_label("problem");
  label->hide();
  return label;
}

QLabel* make_status_label() {
  QLabel* label = selectable_wrapped_label("hint");
  label->setMinimumHeight(2 * label->fontMetrics().lineSpacing());
  return label;
}

#pragma once
// A short, word-wrapped paragraph for students under a tab's figures (rich text allowed).
// Styled by the theme sheets as QLabel#explanation.
#include <QLabel>

namespace rcmae::ui {

inline QLabel* make_explanation(const QString& html, QWidget* parent = nullptr) {
  auto* label = new QLabel(html, parent);
  label->setObjectName("explanation");
  label->setWordWrap(true);
  label->setTextFormat(Qt::RichText);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

}  // namespace rcmae::ui

#include "controls/panel_layout.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>

#include "controls/control_field.h"

namespace rcmae::ui {
namespace {

QGridLayout* tight_grid(QWidget* field) {
  auto* grid = new QGridLayout(field);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setHorizontalSpacing(6);
  grid->setVerticalSpacing(4);
  return grid;
}

}  // namespace

QGroupBox* group_box(const QString& title, QFormLayout** form) {
  auto* box = new QGroupBox(title);
  *form = new QFormLayout(box);
  (*form)->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  (*form)->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  (*form)->setHorizontalSpacing(12);
  (*form)->setVerticalSpacing(8);
  // Narrow docks put the field under its label instead of clipping it.
  (*form)->setRowWrapPolicy(QFormLayout::WrapLongRows);
  return box;
}

// Tooltip on the field and its label alike: students hover the words, not the boxes.
void add_row(QFormLayout* form, const QString& label, QWidget* field, const QString& tip) {
  auto* text = new QLabel(label);
  text->setToolTip(tip);
  field->setToolTip(tip);
  if (field->focusPolicy() == Qt::NoFocus && !field->focusProxy()) {
    for (QWidget* child : field->findChildren<QWidget*>()) {
      if (child->focusPolicy() & Qt::TabFocus) {
        field->setFocusProxy(child);
        break;
      }
    }
  }
  text->setBuddy(field);
  form->addRow(text, field);
}

QLabel* hint_label(const QString& text) {
  auto* label = new QLabel(text);
  label->setObjectName("hint");
  return label;
}

// Columns, so the field stays narrow enough for the dock at presentation fonts.
QWidget* widths_grid(QComboBox* preset, const QList<ControlField*>& widths) {
  auto* field = new QWidget;
  QGridLayout* grid = tight_grid(field);
  grid->addWidget(preset, 0, 0, 1, 3);
  const QStringList headers = {"encoder", "decoder"}, titles = {"dim", "depth", "heads"};
  for (int c = 0; c < headers.size(); ++c)
    grid->addWidget(hint_label(headers[c]), 1, c + 1, Qt::AlignHCenter);
  for (int r = 0; r < titles.size(); ++r) grid->addWidget(hint_label(titles[r]), r + 2, 0);
  for (int i = 0; i < widths.size(); ++i)
    grid->addWidget(widths[i]->widget(), i % titles.size() + 2, i / titles.size() + 1);
  grid->setColumnStretch(1, 1);
  grid->setColumnStretch(2, 1);
  return field;
}

QWidget* length_grid(const QList<ControlField*>& fields) {
  auto* field = new QWidget;
  QGridLayout* grid = tight_grid(field);
  for (int row = 0; row < fields.size(); ++row) {
    const QString& caption = fields[row]->spec().label;
    if (!caption.isEmpty()) grid->addWidget(hint_label(caption), row, 0);
    const int column = caption.isEmpty() ? 0 : 1;  // no caption: the full width
    grid->addWidget(fields[row]->widget(), row, column, 1, 3 - column);
  }
  grid->setColumnStretch(1, 1);
  return field;
}

}  // namespace rcmae::ui

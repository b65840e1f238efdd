#pragma once
// How the side panel lays out its settings: forms whose labels carry the tooltip and the
// Alt+letter, and the two composite rows that hold several table controls (control_table.h)
// under one label, because the alphabet has too few letters for one row each.
#include <QList>
#include <QString>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QWidget;

namespace rcmae::ui {

class ControlField;

// A titled group box with a form that wraps long rows in a narrow dock.
QGroupBox* group_box(const QString& title, QFormLayout** form);
// A labelled row; the tooltip goes on the label and the field, the label's mnemonic moves
// the focus to the field (or its first focusable child).
void add_row(QFormLayout* form, const QString& label, QWidget* field, const QString& tip);
// The small grey caption text of the panel (QSS: #hint).
QLabel* hint_label(const QString& text = {});

// The preset menu over the encoder and decoder widths: dim, depth and heads as rows, the
// encoder's three fields, then the decoder's, as columns.
QWidget* widths_grid(QComboBox* preset, const QList<ControlField*>& widths);
// The steps across the full width, each further control under it beside its caption.
QWidget* length_grid(const QList<ControlField*>& fields);

}  // namespace rcmae::ui

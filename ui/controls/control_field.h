#pragma once
// One row of the control table (control_table.h) made a widget: it builds the widget its kind
// asks for, shows a value of the configuration's JSON and reads it back in the same form,
// and says when the user (or a programmatic set) changed it.
#include <QObject>
#include <nlohmann/json.hpp>

#include "controls/control_table.h"

class QAbstractSpinBox;
class QComboBox;
class QWidget;

namespace rcmae::ui {

class ControlField : public QObject {
  Q_OBJECT

 public:
  // Throws std::logic_error when core's flag table does not know spec.flag.
  ControlField(const ControlSpec& spec, QObject* parent);

  const ControlSpec& spec() const { return spec_; }
  // Where the value sits in the codec's JSON ("/model/img_size").
  const nlohmann::json::json_pointer& pointer() const { return pointer_; }
  // What a layout places: the editor, or the editor with its slider or unit menu.
  QWidget* widget() const { return widget_; }
  // What holds the value: outlined when invalid, named after the flag (findChild("--img")).
  QWidget* editor() const { return editor_; }

  // The value as the codec writes it; null while a menu shows nothing.
  nlohmann::json value() const;
  void setValue(const nlohmann::json& value);

 Q_SIGNALS:
  void edited();

 private:
  void buildCount();
  void buildReal();
  void buildChoice();
  void buildText();
  void buildRatio();
  void buildMomentum();
  void buildDuration();
  void applyRange(QAbstractSpinBox* spin);

  ControlSpec spec_;
  nlohmann::json::json_pointer pointer_;
  QWidget* widget_ = nullptr;
  QWidget* editor_ = nullptr;
  QComboBox* unit_ = nullptr;  // Duration: seconds per shown unit
  bool syncing_ = false;       // Ratio: the slider follows the spin box, not the reverse
};

}  // namespace rcmae::ui

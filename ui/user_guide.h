#pragma once
// Help ▸ User guide: where the manual (docs/USER_GUIDE.md) is, and opening it.
#include <QString>

class QWidget;

namespace rcmae::ui {

// The installed copy (<prefix>/share/doc/rcmae-workbench beside <prefix>/bin, as
// packaging/CMakeLists.txt installs it), else the source tree's (a build that was never
// installed); empty when neither exists.
QString user_guide_path();
// Opens the guide with the desktop's viewer; where none opens it, or it is missing, a message
// says where it is or where it was looked for.
void open_user_guide(QWidget* parent);

}  // namespace rcmae::ui

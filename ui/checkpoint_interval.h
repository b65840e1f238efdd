#pragma once
// How often runs save their checkpoint, in words, read from the settings that set it, so
// no dialog or tooltip can state an interval the code does not use (one once said "every
// 5 minutes" of the window's 60 s).
#include <QString>

namespace rcmae::ui {

// "every minute", "every 2 minutes", "every 90 s".
QString every_text(double seconds);

// The window's interval in seconds of training time (session::SessionOptions::
// checkpoint_every_s; the window keeps the default).
double window_checkpoint_every_s();

}  // namespace rcmae::ui

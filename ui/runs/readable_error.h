#pragma once
// Engine errors as a dialog shows them: LibTorch appends a C++ backtrace to its messages,
// the user needs the first part.
#include <QString>

namespace rcmae::ui {

// `what` without a trailing backtrace; `fallback` when nothing is left.
QString readable_error(const char* what, const QString& fallback);

}  // namespace rcmae::ui

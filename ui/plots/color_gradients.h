#pragma once
// Colour scales for data coloured by value: a diverging one for signed quantities in
// [-1, 1] (cosines) and a sequential one for time (training step), matched to the theme.
#include <qcustomplot.h>

#include "theme.h"

namespace rcmae::ui {

// low colour at -1, mid at 0, high at +1; NaN cells (not measured) stay transparent.
QCPColorGradient diverging_gradient(const PlotTheme& theme);
// Early steps dark/cool, late steps light/warm; both ends stay readable on the background.
QCPColorGradient step_gradient(const PlotTheme& theme);
bool is_dark(const PlotTheme& theme);

}  // namespace rcmae::ui

#include "plots/color_gradients.h"

namespace rcmae::ui {

bool is_dark(const PlotTheme& theme) { return theme.background.lightness() < 128; }

QCPColorGradient diverging_gradient(const PlotTheme& theme) {
  QCPColorGradient gradient;
  gradient.clearColorStops();
  gradient.setColorStopAt(0.0, theme.diverging_low);
  gradient.setColorStopAt(0.5, theme.diverging_mid);
  gradient.setColorStopAt(1.0, theme.diverging_high);
  gradient.setColorInterpolation(QCPColorGradient::ciRGB);
  gradient.setNanHandling(QCPColorGradient::nhTransparent);
  return gradient;
}

QCPColorGradient step_gradient(const PlotTheme& theme) {
  // A viridis-like ramp, trimmed at the end that would vanish into the background.
  QCPColorGradient gradient;
  gradient.clearColorStops();
  if (is_dark(theme)) {
    gradient.setColorStopAt(0.0, QColor("#5b5bd6"));
    gradient.setColorStopAt(0.5, QColor("#2fb5a5"));
    gradient.setColorStopAt(1.0, QColor("#f2e35c"));
  } else {
    gradient.setColorStopAt(0.0, QColor("#3b1c8c"));
    gradient.setColorStopAt(0.5, QColor("#21918c"));
    gradient.setColorStopAt(1.0, QColor("#8fc93a"));
  }
  gradient.setColorInterpolation(QCPColorGradient::ciRGB);
  return gradient;
}

}  // namespace rcmae::ui

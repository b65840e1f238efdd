#include "views/linear_lab_tab.h"

#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

#include "controls/labelled_slider.h"
#include "plots/themed_plot.h"
#include "views/explanation_label.h"

namespace rcmae::ui {
namespace {

// Graph order inside each plot, so styling and tests can find them.
enum LossGraph { PlainLoss, TeacherLoss, HeavyBallLoss };
enum ScatterGraph { TrajectoryPoints, OneHistoryPoints, ClosedForm };

const char* kLinearLabExplanation =
    "<b>A linear student with an EMA teacher.</b> The model is y = θᵀx; g<sub>r</sub> = "
    "x(θᵀx − y) and the consistency gradient g<sub>c</sub> = x xᵀ(θ − φ). Because the "
    "teacher φ lags behind, θ − φ is a sum of earlier gradients, so g<sub>c</sub> points "
    "<i>against</i> them, weighted by how similar the current input is to earlier ones. "
    "With one history term the relation is exact: cos(g<sub>c,1</sub>, G<sub>0</sub>) = "
    "−|cos(x<sub>1</sub>, x<sub>0</sub>)| — every ring lies on the grey V. Raise the "
    "correlation and the points move out along the V's arms; set it to 0 and the "
    "correction vanishes. Heavy-ball momentum, by contrast, always <i>adds</i> the "
    "previous direction.";

ThemedPlot* make_plot(const QString& name, const QString& title, const QString& x, const QString& y,
                      QWidget* parent) {
  auto* plot = new ThemedPlot(title, x, y, parent);
  plot->setObjectName(name);
  plot->setToolTip(
      "Drag to pan, wheel to zoom, double-click to fit.\n"
      "Right-click to save as PNG, SVG or PDF, or copy to the clipboard.");
  return plot;
}

void set_log_y(ThemedPlot* plot) {
  plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
  plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
}

QVector<double> steps_of(size_t count) {
  QVector<double> steps;
  steps.resize(qsizetype(count));
  for (int i = 0; i < steps.size(); ++i) steps[i] = i + 1;
  return steps;
}

// A log axis cannot show 0: exact zeros (a solved problem) sit at the floor instead.
QVector<double> positive(const std::vector<double>& values) {
  QVector<double> out;
  out.reserve(int(values.size()));
  for (double v : values) out << std::max(v, 1e-12);
  return out;
}

}  // namespace

LinearLabTab::LinearLabTab(QWidget* parent) : QWidget(parent) {
  debounce_ = new QTimer(this);
  debounce_->setSingleShot(true);
  debounce_->setInterval(30);  // one recompute per burst of slider events, still instant
  connect(debounce_, &QTimer::timeout, this, &LinearLabTab::recompute);

  loss_ = make_plot("labLossPlot", "Held-out loss of three linear models", "step",
                    "loss (log scale)", this);
  set_log_y(loss_);
  for (const char* name : {"plain SGD", "EMA teacher + consistency", "heavy-ball momentum"})
    loss_->addGraph()->setName(name);
  loss_->legend->setVisible(true);

  scatter_ = make_plot("labScatterPlot", "Teacher correction vs. input similarity",
                       "cos(x_t, x_{t−1})", "cos(g_c,t, G_{t−1})", this);
  scatter_->setZeroLinesVisible(true);
  for (const char* name : {"along the run", "one-history episodes", "closed form −|x|"})
    scatter_->addGraph()->setName(name);
  scatter_->graph(TrajectoryPoints)->setLineStyle(QCPGraph::lsNone);
  scatter_->graph(OneHistoryPoints)->setLineStyle(QCPGraph::lsNone);
  scatter_->graph(ClosedForm)->setData({-1, 0, 1}, {-1, 0, -1});
  scatter_->legend->setVisible(true);
  scatter_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignHCenter);
  // Both cosines live in [-1, 1]: a fixed square keeps the V in the same place on every move.
  scatter_->xAxis->setRange(-1.05, 1.05);
  scatter_->yAxis->setRange(-1.05, 1.05);

  correction_ =
      make_plot("labCorrectionPlot", "Size of the teacher's correction", "step", "‖γ g_c‖", this);
  correction_->addGraph()->setName("‖γ g_c‖");
  current_ = loss_;

  auto* plots = new QGridLayout;
  plots->setSpacing(10);
  plots->addWidget(loss_, 0, 0, 1, 2);
  plots->addWidget(scatter_, 1, 0);
  plots->addWidget(correction_, 1, 1);
  plots->setRowStretch(0, 1);
  plots->setRowStretch(1, 1);

  auto* right = new QVBoxLayout;
  right->setSpacing(8);
  right->addLayout(plots, 1);
  right->addWidget(make_explanation(kLinearLabExplanation, this));

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(12, 10, 12, 12);
  layout->setSpacing(12);
  layout->addWidget(buildControls());
  layout->addLayout(right, 1);

  for (ThemedPlot* plot : {loss_, scatter_, correction_})
    connect(plot, &ThemedPlot::activated, this, [this, plot] { current_ = plot; });
  styleData();
  recompute();
}

QWidget* LinearLabTab::buildControls() {
  auto* box = new QGroupBox("Linear model");
  box->setObjectName("labControls");
  box->setMinimumWidth(250);
  box->setMaximumWidth(300);
  form_ = new QFormLayout(box);
  form_->setRowWrapPolicy(QFormLayout::WrapAllRows);  // label above slider: narrow and tidy
  form_->setVerticalSpacing(6);
  const LinearLabConfig defaults;
  addSlider("momentum", "EMA momentum m",
            "How slowly the teacher follows: φ ← m·φ + (1−m)·θ. Also the heavy-ball β.",
            new LabelledSlider(0.0, 0.99, 0.01, 2));
  addSlider("lr", "Learning rate η", "Step size of all three models.",
            new LabelledSlider(0.01, 1.0, 0.01, 2));
  addSlider("gamma", "Consistency weight γ",
            "Weight of the consistency loss; 0 makes the teacher model plain SGD.",
            new LabelledSlider(0.0, 5.0, 0.1, 1));
  addSlider(
      "mask_ratio", "Mask ratio",
      "Fraction of input coordinates zeroed each step (the linear analogue of hidden patches).",
      new LabelledSlider(0.0, 0.95, 0.05, 2));
  addSlider("dim", "Input dimension d",
            "Length of x. In high dimensions random inputs are nearly orthogonal.",
            new LabelledSlider(2, 256, 1, 0));
  addSlider("correlation", "Correlation of consecutive inputs ρ",
            "x_t = ρ·x_{t−1} + √(1−ρ²)·noise: how alike consecutive inputs are.\n"
            "Negative ρ flips the sign of x; the correction opposes the previous step either way.",
            new LabelledSlider(-0.99, 0.99, 0.01, 2));
  addSlider("seed", "Seed", "Same seed, same inputs: every number here is deterministic.",
            new LabelledSlider(0, 999, 1, 0));
  sliders_["momentum"]->setValue(defaults.momentum);
  sliders_["lr"]->setValue(defaults.lr);
  sliders_["gamma"]->setValue(defaults.gamma);
  sliders_["mask_ratio"]->setValue(defaults.mask_ratio);
  sliders_["dim"]->setValue(defaults.dim);
  sliders_["correlation"]->setValue(defaults.correlation);
  sliders_["seed"]->setValue(double(defaults.seed));
  auto* column = new QVBoxLayout;
  column->addWidget(box);
  column->addStretch(1);
  auto* holder = new QWidget(this);
  holder->setLayout(column);
  column->setContentsMargins(0, 0, 0, 0);
  return holder;
}

void LinearLabTab::addSlider(const QString& name, const QString& label, const QString& tip,
                             LabelledSlider* slider) {
  slider->setObjectName("lab_" + name);
  slider->setToolTip(tip);
  auto* text = new QLabel(label);
  text->setToolTip(tip);
  form_->addRow(text, slider);
  sliders_[name] = slider;
  connect(slider, &LabelledSlider::valueChanged, debounce_, qOverload<>(&QTimer::start));
}

QCPGraph* LinearLabTab::oneHistoryGraph() const { return scatter_->graph(OneHistoryPoints); }

LinearLabConfig LinearLabTab::config() const {
  LinearLabConfig c;
  c.momentum = sliders_["momentum"]->value();
  c.lr = sliders_["lr"]->value();
  c.gamma = sliders_["gamma"]->value();
  c.mask_ratio = sliders_["mask_ratio"]->value();
  c.dim = int(std::lround(sliders_["dim"]->value()));
  c.correlation = sliders_["correlation"]->value();
  c.seed = uint64_t(std::llround(sliders_["seed"]->value()));
  return c;
}

void LinearLabTab::recompute() {
  result_ = run_linear_lab(config());
  ++recomputes_;
  plotLosses();
  plotScatter();
  plotCorrection();
  for (ThemedPlot* plot : {loss_, scatter_, correction_}) plot->requestReplot();
  Q_EMIT recomputed();
}

void LinearLabTab::plotLosses() {
  const QVector<double> steps = steps_of(result_.loss_plain.size());
  loss_->graph(PlainLoss)->setData(steps, positive(result_.loss_plain), true);
  loss_->graph(TeacherLoss)->setData(steps, positive(result_.loss_teacher), true);
  loss_->graph(HeavyBallLoss)->setData(steps, positive(result_.loss_heavy_ball), true);
  loss_->rescaleAxes();
  loss_->yAxis->scaleRange(1.15, loss_->yAxis->range().center());
}

void LinearLabTab::plotScatter() {
  // Unsorted keys: a scatter has no line, and sorting would reorder nothing we need.
  auto fill = [](QCPGraph* graph, const std::vector<LinearLabPoint>& points) {
    QVector<double> x, y;
    for (const LinearLabPoint& p : points) {
      x << p.input_cos;
      y << p.grad_cos;
    }
    graph->setData(x, y);
  };
  fill(scatter_->graph(TrajectoryPoints), result_.trajectory);
  fill(scatter_->graph(OneHistoryPoints), result_.one_history);
}

void LinearLabTab::plotCorrection() {
  correction_->graph(0)->setData(
      steps_of(result_.correction_norm.size()),
      QVector<double>(result_.correction_norm.begin(), result_.correction_norm.end()), true);
  correction_->rescaleAxes();
  correction_->yAxis->setRangeLower(0);
  correction_->yAxis->setRangeUpper(correction_->yAxis->range().upper * 1.08 + 1e-12);
}

void LinearLabTab::styleData() {
  const PlotTheme& theme = loss_->theme();
  const QColor plain = theme.series.value(0), teacher = theme.series.value(2),
               ball = theme.series.value(1);
  loss_->graph(PlainLoss)->setPen(QPen(plain, 2.0));
  loss_->graph(TeacherLoss)->setPen(QPen(teacher, 2.0));
  loss_->graph(HeavyBallLoss)->setPen(QPen(ball, 2.0));

  QColor faint = theme.series.value(3);
  faint.setAlpha(110);
  scatter_->graph(TrajectoryPoints)
      ->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, faint, faint, 4));
  scatter_->graph(OneHistoryPoints)
      ->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(theme.series.value(4), 1.4),
                                        Qt::NoBrush, 7));
  QColor line = theme.foreground;
  line.setAlpha(150);
  scatter_->graph(ClosedForm)->setPen(QPen(line, 2.0));
  correction_->graph(0)->setPen(QPen(teacher, 1.6));
  for (ThemedPlot* plot : {loss_, scatter_}) plot->padLegend();
}

void LinearLabTab::applyTheme(const PlotTheme& theme) {
  for (ThemedPlot* plot : {loss_, scatter_, correction_}) plot->applyTheme(theme);
  styleData();
}

QWidget* LinearLabTab::currentFigure() const { return current_; }

}  // namespace rcmae::ui

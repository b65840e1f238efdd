#include "plots/plot_data_csv.h"

#include <qcustomplot.h>

#include <QFileDialog>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <cmath>

namespace rcmae::ui {
namespace {

QString csv_field(const QString& text) {
  if (!text.contains(QRegularExpression("[\",\n]"))) return text;
  QString quoted = text;
  quoted.replace("\"", "\"\"");
  return "\"" + quoted + "\"";
}

QString csv_number(double value) {
  return std::isnan(value) ? QString() : QString::number(value, 'g', 12);
}

// Time-series plots draw a faint raw line under a smoothed one of the same name; only the
// smoothed one is in the legend. Tell the two apart in the file.
QString series_name(QCustomPlot* plot, const QCPGraph* graph, int index) {
  QString name = graph->name().isEmpty() ? QString("graph %1").arg(index + 1) : graph->name();
  if (graph->name().isEmpty() || plot->legend->hasItemWithPlottable(graph)) return name;
  for (int i = 0; i < plot->graphCount(); ++i) {
    const QCPGraph* other = plot->graph(i);
    if (other != graph && other->name() == graph->name() &&
        plot->legend->hasItemWithPlottable(other))
      return name + " (raw)";
  }
  return name;
}

QList<QCPColorMap*> color_maps(QCustomPlot* plot) {
  QList<QCPColorMap*> maps;
  for (int i = 0; i < plot->plottableCount(); ++i)
    if (auto* map = qobject_cast<QCPColorMap*>(plot->plottable(i))) maps << map;
  return maps;
}

void append_color_map(QString& out, QCPColorMap* map, int index) {
  QCPColorMapData* data = map->data();
  const QString name =
      csv_field(map->name().isEmpty() ? QString("map %1").arg(index + 1) : map->name());
  for (int xi = 0; xi < data->keySize(); ++xi)
    for (int yi = 0; yi < data->valueSize(); ++yi) {
      double x = 0, y = 0;
      data->cellToCoord(xi, yi, &x, &y);
      out += name + ',' + csv_number(x) + ',' + csv_number(y) + ',' +
             csv_number(data->cell(xi, yi)) + '\n';
    }
}

}  // namespace

QString plot_data_csv(QCustomPlot* plot) {
  const QList<QCPColorMap*> maps = color_maps(plot);
  const QString x_label = plot->xAxis->label().isEmpty() ? "x" : plot->xAxis->label();
  const QString y_label = plot->yAxis->label().isEmpty() ? "y" : plot->yAxis->label();
  QString out = "series," + csv_field(x_label) + ',' + csv_field(y_label) +
                (maps.isEmpty() ? "" : ",value") + '\n';
  const QString no_value = maps.isEmpty() ? "" : ",";
  for (int i = 0; i < plot->graphCount(); ++i) {
    const QCPGraph* graph = plot->graph(i);
    const QString name = csv_field(series_name(plot, graph, i));
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
      out += name + ',' + csv_number(it->key) + ',' + csv_number(it->value) + no_value + '\n';
  }
  for (int i = 0; i < maps.size(); ++i) append_color_map(out, maps[i], i);
  return out;
}

bool save_plot_data_csv(QCustomPlot* plot, const QString& path, QString* error) {
  QSaveFile file(path);
  if (file.open(QIODevice::WriteOnly | QIODevice::Text) &&
      file.write(plot_data_csv(plot).toUtf8()) >= 0 && file.commit())
    return true;
  if (error) *error = path + ": " + file.errorString();
  return false;
}

void save_plot_data_with_dialog(QCustomPlot* plot, QWidget* parent, const QString& title) {
  QString base = title.toLower();
  base.replace(QRegularExpression("[^a-z0-9]+"), "-");
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  const QString path = QFileDialog::getSaveFileName(parent, "Save plot data",
                                                    dir + "/" + base + ".csv", "CSV table (*.csv)");
  if (path.isEmpty()) return;
  QString error;
  if (!save_plot_data_csv(plot, path, &error))
    QMessageBox::warning(parent, "Could not save the data", error);
}

}  // namespace rcmae::ui

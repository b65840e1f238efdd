// "Save data as CSV…" on any plot: graphs in long form, heat-map cells with a value column,
// names that need quoting, and the file on disk.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "harness/qtest_registry.h"
#include "plots/plot_data_csv.h"
#include "plots/themed_plot.h"

using namespace rcmae::ui;

class TestPlotDataCsv : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void graphsAreWrittenInLongForm() {
    ThemedPlot plot("Cosines", "step", "cos(g_c, g_r)");
    QCPGraph* a = plot.addGraph();
    a->setName("blocks.0, attn");  // a comma: quoted
    a->setData({1, 2}, {0.5, -0.25});
    QCPGraph* b = plot.addGraph();
    b->setName("say \"hi\"");
    b->setData({10}, {1e-7});
    QCOMPARE(plot_data_csv(&plot), QString("series,step,\"cos(g_c, g_r)\"\n"
                                           "\"blocks.0, attn\",1,0.5\n"
                                           "\"blocks.0, attn\",2,-0.25\n"
                                           "\"say \"\"hi\"\"\",10,1e-07\n"));
  }

  void heatMapCellsGetAValueColumn() {
    ThemedPlot plot("Norm ratio", "step", "group");
    auto* map = new QCPColorMap(plot.xAxis, plot.yAxis);
    map->setName("ratio");
    map->data()->setSize(2, 2);
    map->data()->setRange(QCPRange(0, 10), QCPRange(0, 1));
    map->data()->setCell(0, 0, 1.5);
    map->data()->setCell(1, 0, 2.5);
    map->data()->setCell(0, 1, 3.5);
    map->data()->setCell(1, 1, 4.5);
    QCPGraph* line = plot.addGraph();
    line->setName("mean");
    line->setData({0}, {0.5});
    const QStringList rows = plot_data_csv(&plot).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows, QStringList({"series,step,group,value", "mean,0,0.5,", "ratio,0,0,1.5",
                                "ratio,0,1,3.5", "ratio,10,0,2.5", "ratio,10,1,4.5"}));
  }

  void savesToDisk() {
    ThemedPlot plot("Loss", "step", "loss");
    plot.addGraph()->setData({1, 2, 3}, {3.0, 2.0, 1.5});
    QTemporaryDir dir;
    const QString path = dir.filePath("loss.csv");
    QString error;
    QVERIFY2(save_plot_data_csv(&plot, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(),
             QByteArray("series,step,loss\nGraph 1,1,3\nGraph 1,2,2\nGraph 1,3,1.5\n"));
    QVERIFY(!save_plot_data_csv(&plot, dir.filePath("no/such/folder/x.csv"), &error));
    QVERIFY(error.contains("x.csv"));
  }
};

RCMAE_QTEST(TestPlotDataCsv)
#include "test_plot_data_csv.moc"

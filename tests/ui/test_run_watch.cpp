// Watching a run folder that another process writes: metrics.csv arrives in pieces (half a
// line at a time), is truncated or replaced, and the reader keeps exactly the complete rows.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "rcmae/run/csv_tail.h"
#include "runs/run_reader.h"

using namespace rcmae::ui;
using rcmae::run::CsvTail;

namespace {

void append(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Append));
  QCOMPARE(file.write(bytes), qint64(bytes.size()));
}

void write_new(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
  file.write(bytes);
}

}  // namespace

class TestRunWatch : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void readsOnlyCompleteLinesAsTheyArrive() {
    QTemporaryDir dir;
    const QString path = dir.filePath("metrics.csv");
    CsvTail tail(path.toStdString());
    QCOMPARE(tail.poll(), 0);  // no file yet: a run that has not started writing
    append(path, "step,loss,loss_rec\n1,2.5,2.5\n2,2.4");  // the second row is half written
    QCOMPARE(tail.poll(), 1);
    QCOMPARE(tail.header(), (std::vector<std::string>{"step", "loss", "loss_rec"}));
    QCOMPARE(tail.row_count(), int64_t(1));
    QCOMPARE(tail.offset(), uint64_t(QByteArray("step,loss,loss_rec\n1,2.5,2.5\n").size()));

    append(path, "5,2.3");  // still no newline: nothing new
    QCOMPARE(tail.poll(), 0);
    QCOMPARE(tail.row_count(), int64_t(1));

    append(path, "\n3,2.25,2.2\n4,,2.1\n");  // completes row 2, and rows 3 and 4
    QCOMPARE(tail.poll(), 3);
    QCOMPARE(tail.row_count(), int64_t(4));
    QCOMPARE(tail.column("step"), (std::vector<double>{1, 2, 3, 4}));
    QCOMPARE(tail.column("loss")[1], 2.45);  // "2.4" + "5" joined across the pieces
    QCOMPARE(tail.column("loss_rec")[1], 2.3);
    QVERIFY(std::isnan(tail.column("loss")[3]));  // empty cell
    QCOMPARE(tail.column("loss_rec")[3], 2.1);
    QCOMPARE(tail.poll(), 0);  // nothing changed: nothing re-read

    CsvTail some(path.toStdString());
    some.keep_only({"loss_rec"});
    QCOMPARE(some.poll(), 4);
    QVERIFY(some.column("loss").empty());  // in the header, not kept
    QCOMPARE(some.column("loss_rec").back(), 2.1);
  }

  void startsOverWhenTheFileIsTruncatedOrReplaced() {
    QTemporaryDir dir;
    const QString path = dir.filePath("metrics.csv");
    CsvTail tail(path.toStdString());
    write_new(path, "step,loss\n1,3\n2,2.5\n3,2\n");
    QCOMPARE(tail.poll(), 3);

    write_new(path, "step,loss\n1,9\n");  // truncated in place: a restarted run
    QCOMPARE(tail.poll(), -1);
    QCOMPARE(tail.row_count(), int64_t(1));
    QCOMPARE(tail.column("loss"), std::vector<double>{9});

    // Replaced by rename with a longer file: same size or larger, but a new inode.
    const QString temp = dir.filePath("metrics.csv.tmp");
    write_new(temp, "step,loss\n1,7\n2,6\n3,5\n4,4\n");
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::rename(temp, path));
    QCOMPARE(tail.poll(), -1);
    QCOMPARE(tail.row_count(), int64_t(4));
    QCOMPARE(tail.column("loss").back(), 4.0);
  }

  void runReaderSummarisesAGrowingRunFolder() {
    QTemporaryDir dir;
    const QString run = dir.filePath("rcmae-tiny");
    QVERIFY(QDir().mkpath(run));
    QVERIFY(!RunReader::isRunFolder(run));
    RunReader reader(run);
    QVERIFY(!reader.poll());

    append(run + "/metrics.csv", "step,images_seen,loss,loss_rec,loss_cons\n");
    for (int step = 1; step <= 19; ++step)
      append(run + "/metrics.csv",
             QString("%1,%2,%3,%3,0\n").arg(step).arg(8 * step).arg(3.0 - 0.1 * step).toUtf8());
    append(run + "/metrics.csv", "20,160,1.0,0.");  // half of step 20
    QVERIFY(RunReader::isRunFolder(run));
    QVERIFY(reader.poll());
    QCOMPARE(reader.stepsDone(), 19);
    QCOMPARE(reader.finalLoss(), 3.0 - 1.9);  // last 10 % of 19 rows: 1 row

    append(run + "/metrics.csv", "9,0\n");
    write_new(run + "/config.json",
              R"({"mode":"rcmae","dataset":"fashion-mnist","preset":"tiny","steps":2000})");
    append(run + "/knn.csv",
           "step,student_knn,teacher_knn,student_collapse,teacher_collapse\n"
           "10,0.50,0.55,0.9,0.9\n20,0.60,,0.9,0.9\n");
    QVERIFY(reader.poll());
    QCOMPARE(reader.stepsDone(), 20);
    QCOMPARE(reader.metrics().column("loss_rec").back(), 0.9);
    QCOMPARE(reader.finalLoss(), (1.1 + 1.0) / 2);  // last 2 of 20 rows
    QCOMPARE(reader.mode(), QString("rcmae"));
    QCOMPARE(reader.dataset(), QString("fashion-mnist"));
    QCOMPARE(reader.stepBudget(), qint64(2000));
    // Teacher where measured, the student where the teacher cell is empty.
    QCOMPARE(reader.knnScores(), QVector<double>({0.55, 0.60}));
    QCOMPARE(reader.bestKnn(), 0.60);
    const QVector<double> images = reader.metricAtSteps("images_seen", {10, 20, 99});
    QCOMPARE(images.mid(0, 2), QVector<double>({80, 160}));
    QVERIFY(std::isnan(images[2]));  // no such step
    QVERIFY(std::isnan(reader.probeAccuracy()));
    append(run + "/probe.csv", "step,features,probe_acc\n20,teacher,0.71\n");
    QVERIFY(reader.poll());
    QCOMPARE(reader.probeAccuracy(), 0.71);
    QVERIFY(!reader.poll());  // nothing new on disk
  }
};

RCMAE_QTEST(TestRunWatch)
#include "test_run_watch.moc"

#pragma once
// Reads a CSV file that another process is still appending to (metrics.csv, knn.csv), the
// way `tail -f` does: it remembers the byte offset it has read up to and parses only the
// complete lines that arrived since. A half-written last line waits for its newline. When
// the file shrinks or is replaced (a run restarted into the same folder), it starts over.
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace rcmae::ui {

class CsvTail {
 public:
  explicit CsvTail(QString path = {});

  // Reads what is new. Returns the number of rows added; -1 when the file was truncated or
  // replaced and the rows were read again from the start (check rowCount()).
  int poll();
  void reset();
  // Keeps only these columns in memory (a long run's metrics.csv has 19); empty: all.
  void keepOnly(const QStringList& columns) { kept_ = columns; }

  const QString& path() const { return path_; }
  const QStringList& header() const { return header_; }
  int rowCount() const { return rows_; }
  // A column by header name; empty cells and unparsable numbers are NaN. Empty vector if
  // the column does not exist (yet).
  const QVector<double>& column(const QString& name) const;
  bool hasColumn(const QString& name) const { return columns_.contains(name); }
  qint64 offset() const { return offset_; }

 private:
  bool fileWasReplaced(qint64 size) const;
  void parseLine(const QByteArray& line);

  QString path_;
  qint64 offset_ = 0;
  quint64 inode_ = 0;
  QStringList header_;
  QStringList kept_;
  QVector<int> kept_index_;  // positions in the header of the columns kept
  QHash<QString, QVector<double>> columns_;
  int rows_ = 0;
};

}  // namespace rcmae::ui

// rcmae-workbench --seed takes every seed a run can have (64-bit, as config.json and
// `rcmae train` store it), and refuses what is not one rather than wrapping it.
#include <QTest>
#include <cstdint>
#include <limits>

#include "harness/qtest_registry.h"
#include "modes/command_line.h"

using namespace rcmae::ui;

namespace {
WorkbenchOptions parse_seed(const QString& seed) {
  return parse_workbench_args({"rcmae-workbench", "--seed", seed});
}
}  // namespace

class TestCommandLineSeed : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void seedsBeyond32BitsArriveWhole() {
    const WorkbenchOptions large = parse_seed("18446744073709551615");
    QVERIFY2(large.error.isEmpty(), qPrintable(large.error));
    QCOMPARE(large.config.seed, std::numeric_limits<uint64_t>::max());
    const WorkbenchOptions above_int = parse_seed("4294967301");  // 2^32 + 5
    QVERIFY2(above_int.error.isEmpty(), qPrintable(above_int.error));
    QCOMPARE(above_int.config.seed, uint64_t(4294967301ULL));
    QCOMPARE(parse_seed("7").config.seed, uint64_t(7));
  }

  void whatIsNotASeedIsRefusedNamingTheOption() {
    for (const char* bad : {"-1", "abc", "18446744073709551616", "1.5"}) {
      const WorkbenchOptions options = parse_seed(bad);
      QVERIFY2(options.error.startsWith("--seed"),
               qPrintable(QString(bad) + ": '" + options.error + "'"));
    }
  }
};

RCMAE_QTEST(TestCommandLineSeed)
#include "test_command_line_seed.moc"

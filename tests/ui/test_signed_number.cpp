// Signed differences read alike in every view: a real minus, a plus on positives, no sign on
// what rounds to zero, halves away from zero (also those binary fractions fall short of).
#include <QtTest>

#include "harness/qtest_registry.h"
#include "signed_number.h"

using rcmae::ui::number_text;
using rcmae::ui::signed_number;

class TestSignedNumber : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void signsAndZero() {
    const QString minus(QChar(0x2212));
    QCOMPARE(signed_number(1.2, 1), QString("+1.2"));
    QCOMPARE(signed_number(-2.2, 1), minus + "2.2");
    QCOMPARE(signed_number(0.0, 2), QString("0.00"));
    QCOMPARE(signed_number(-0.0004, 3), QString("0.000"));  // rounds to zero: no sign
    QCOMPARE(signed_number(0.0004, 3), QString("0.000"));
    QCOMPARE(number_text(-0.002, 3), minus + "0.002");
    QCOMPARE(number_text(0.057, 3), QString("0.057"));
  }

  void halvesRoundAwayFromZero() {
    QCOMPARE(signed_number(0.0215, 3), QString("+0.022"));  // 0.021499999... in binary
    QCOMPARE(signed_number(-2.25, 1), QString(QChar(0x2212)) + "2.3");
    QCOMPARE(signed_number(1.005, 2), QString("+1.01"));
  }
};

RCMAE_QTEST_APPLESS(TestSignedNumber)
#include "test_signed_number.moc"

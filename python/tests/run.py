"""Runs the binding's unittest suite and prints the final line
`RESULT <passed> <failed> test_python` that scripts/run_tests.sh reads.

Counts come from unittest's result object: failed = failures + errors +
unexpected successes; skipped tests are listed (with their reason) and
counted in neither column. Usage: python3 python/tests/run.py [pattern]
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python"))
    suite = unittest.defaultTestLoader.discover(HERE, pattern=pattern, top_level_dir=HERE)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    for test, _ in result.failures + result.errors:
        print("FAIL %s" % test.id())
    for test in result.unexpectedSuccesses:
        print("FAIL %s (unexpected success)" % test.id())
    for test, reason in result.skipped:
        print("SKIP %s: %s" % (test.id(), reason))
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped) - len(result.expectedFailures)
    print("python %s, numpy %s" % (sys.version.split()[0],
                                   "yes" if _numpy() else "no (numpy tests skipped)"))
    print("RESULT %d %d test_python" % (passed, failed))
    return 0 if failed == 0 and result.testsRun > 0 else 1


def _numpy():
    try:
        from linreg import _buffers
    except Exception:
        return False
    return _buffers.np is not None


if __name__ == "__main__":
    sys.exit(main())

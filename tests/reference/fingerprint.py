#!/usr/bin/env python3
"""Reference values for the training-data fingerprint of the model document
(docs/persistence.md, encoding "linreg.fingerprint/1"), computed
independently of the C code with Python's hashlib and struct:

  header  "linreg.fingerprint/1 rows=<n> cols=<k> weighted=<0|1>\\n"
  rows    x_i1..x_ik, y_i[, w_i] as little-endian IEEE-754 doubles, -0.0 as +0.0

Column summaries: mean = math.fsum(column) / n, min, max (repr: 17 digits).
Writes tests/fixtures/persist/<name>_fingerprint.txt as "key value" lines.
Run from the repository root: python3 tests/reference/fingerprint.py
"""
import csv
import hashlib
import math
import struct


def encode(v):
    if v == 0.0:
        v = 0.0
    return struct.pack('<d', v)


def fingerprint(name, rows, x_cols, y_col, w_col=None):
    n, k = len(rows), len(x_cols)
    h = hashlib.sha256()
    h.update(('linreg.fingerprint/1 rows=%d cols=%d weighted=%d\n'
              % (n, k, 1 if w_col else 0)).encode('ascii'))
    for r in rows:
        for c in x_cols + [y_col] + ([w_col] if w_col else []):
            h.update(encode(r[c]))
    out = ['sha256 ' + h.hexdigest(), 'rows %d' % n]
    for j, c in enumerate(x_cols + [y_col]):
        col = [r[c] for r in rows]
        out.append('mean%d %r' % (j, math.fsum(col) / n))
        out.append('min%d %r' % (j, min(col)))
        out.append('max%d %r' % (j, max(col)))
    with open('tests/fixtures/persist/%s_fingerprint.txt' % name, 'w') as f:
        f.write('\n'.join(out) + '\n')


def read(path, yesno=False):
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    conv = (lambda s: 1.0 if s == 'yes' else 0.0 if s == 'no' else float(s)) if yesno else float
    return [{k: conv(v) for k, v in r.items()} for r in rows]


house = read('examples/data/house_prices_windsor.csv', yesno=True)
fingerprint('house', house, ['lotsize', 'bedrooms', 'bathrooms', 'stories', 'driveway',
                             'recreation', 'fullbase', 'gasheat', 'aircon', 'garage', 'prefer'],
            'price')
weighted = read('tests/fixtures/data/weighted.csv')
fingerprint('weighted', weighted, ['x1', 'x2'], 'y', 'w')

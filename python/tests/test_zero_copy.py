"""Inputs reach the C library without a copy when they are buffers of
doubles: the lr_matrix / lr_vector handed to lr_fit point at the caller's
memory, with the caller's strides (in doubles); odd layouts are copied
and still give the same answer."""

import array
import contextlib
import gc
import struct
import unittest

from helpers import NUMPY_SKIP, Asserts, dataset, linreg, np, tolist
from linreg import _buffers as B
from linreg._api import api

HAVE_EXPORT = B._get_buffer is not None


@contextlib.contextmanager
def captured_fit():
    """Records the views (X, y, options) passed to the C function lr_fit."""
    real = api.lr_fit
    seen = {}

    def spy(x, y, names, opts, out):
        # byref() arguments: ._obj is the very structure C receives.
        seen["X"], seen["y"], seen["opts"] = x._obj, y._obj, opts._obj
        seen["X_fields"] = (x._obj.data, x._obj.rows, x._obj.cols, x._obj.row_stride,
                            x._obj.col_stride)
        seen["y_fields"] = (y._obj.data, y._obj.len, y._obj.stride)
        w = opts._obj.weights
        seen["w_fields"] = (w.data, w.len, w.stride)
        return real(x, y, names, opts, out)

    api.lr_fit = spy
    try:
        yield seen
    finally:
        api.lr_fit = real


@contextlib.contextmanager
def spied(name):
    """Records the arguments of every call of api.<name> (a C function)."""
    real = getattr(api, name)
    calls = []

    def spy(*args):
        calls.append(args)
        return real(*args)

    setattr(api, name, spy)
    try:
        yield calls
    finally:
        setattr(api, name, real)


def clustered():
    d = dataset("clustered")
    return {"x1": d["x1"], "x2": d["x2"]}, d["y"], d["g"]


def clean_rows():
    d = dataset("clean")
    return d["y"], [list(r) for r in zip(d["x1"], d["x2"], d["x3"])]


@unittest.skipUnless(HAVE_EXPORT, "PEP 3118 exports need CPython's C API")
class StdlibBufferTest(Asserts, unittest.TestCase):
    def test_array_and_memoryview_pass_by_address(self):
        y, rows = clean_rows()
        ya = array.array("d", y)
        flat = array.array("d", [v for r in rows for v in r])
        X2 = memoryview(flat).cast("B").cast("d", [len(rows), 3])
        with captured_fit() as seen:
            m = linreg.fit(X2, ya)
        self.assertEqual(seen["X_fields"], (flat.buffer_info()[0], 60, 3, 3, 1))
        self.assertEqual(seen["y_fields"], (ya.buffer_info()[0], 60, 1))
        with linreg.fit(rows, y) as ref:
            self.assertEqual(tolist(m.params), tolist(ref.params))
        # The model holds the exports: the arrays cannot be resized under it.
        with self.assertRaises(BufferError):
            ya.append(1.0)
        with self.assertRaises(BufferError):
            flat.append(1.0)
        m.close()
        ya.append(1.0)  # released by close()
        X2.release()    # the caller's own memoryview was the last export of flat
        flat.append(1.0)

    def test_strided_and_reversed_memoryviews(self):
        y, rows = clean_rows()
        base = array.array("d", [v for pair in zip(y, [0.0] * len(y)) for v in pair])
        strided = memoryview(base)[::2]          # stride 2 doubles
        rev = memoryview(array.array("d", y[::-1]))[::-1]  # stride -1
        ref = linreg.fit(rows, y)
        for view, stride in ((strided, 2), (rev, -1)):
            with captured_fit() as seen:
                m = linreg.fit(rows, view)
            self.assertEqual(seen["y_fields"][1:], (60, stride))
            a = B.as_array(view, "y")
            self.assertTrue(a.zero_copy)
            a.release()
            self.assertEqual(tolist(m.params), tolist(ref.params))
            m.close()
        start = rev.obj.buffer_info()[0] + 59 * 8  # element 0 is the last in memory
        self.assertEqual(B.as_array(rev, "y").addr, start)

    def test_copy_data_releases_the_inputs(self):
        y, rows = clean_rows()
        ya = array.array("d", y)
        with linreg.fit(rows, ya, copy_data=True) as m:
            ya.append(1.0)  # no export held: the model has its own copy
            self.assertEqual(m.nobs, 60)

    def test_other_formats_and_unaligned_are_copied(self):
        y, rows = clean_rows()
        ref = linreg.fit(rows, y)
        ints = array.array("i", [1, 2, 3])
        a = B.as_array(ints, "y")
        self.assertFalse(a.zero_copy)
        self.assertEqual(tolist(B.read_strided(a.addr, 3, a.strides[0])), [1.0, 2.0, 3.0])
        raw = bytearray(8 * 60 + 1)
        struct.pack_into("60d", raw, 1, *y)
        odd = memoryview(raw)[1:].cast("d")   # doubles at an odd address
        a = B.as_array(odd, "y")
        self.assertFalse(a.zero_copy)
        a.release()
        with linreg.fit(rows, odd) as m:
            self.assertEqual(tolist(m.params), tolist(ref.params))

    def test_cluster_ids_pass_by_address(self):
        X, y, g = clustered()
        with linreg.fit(X, y) as m:
            with m.robust("cluster", groups=g) as r:
                want = tolist(r.cov_params())
            ids = array.array("q", (int(v) for v in g))
            dbl = array.array("d", g)
            with spied("lr_cluster_ints") as ci, spied("lr_cluster_doubles") as cd:
                with m.robust("cluster", groups=ids) as a, \
                        m.robust("cluster", groups=dbl, groups2=memoryview(ids)) as b:
                    self.assertEqual(tolist(a.cov_params()), want)
                    self.assertEqual(b.nclusters[0], 30)
            self.assertEqual(ci[0], (ids.buffer_info()[0], 120))
            self.assertEqual(cd[0], (dbl.buffer_info()[0], 120))
            self.assertEqual(ci[1], (ids.buffer_info()[0], 120))
            ids.append(1)  # exports released after the call
            dbl.append(1.0)
            # a strided view is copied (the C API takes contiguous ids)
            base = array.array("d", [v for x in g for v in (x, -1.0)])
            with spied("lr_cluster_doubles") as cd:
                with m.robust("cluster", groups=memoryview(base)[::2]) as c:
                    self.assertEqual(tolist(c.cov_params()), want)
            self.assertNotEqual(cd[0][0], base.buffer_info()[0])

    def test_order_values_and_reliability_pass_by_address(self):
        X, y, g = clustered()
        base = array.array("d", [v for x in X["x1"] for v in (x, 0.0)])
        with linreg.fit(X, y) as m, spied("lr_goldfeld_quandt") as gq:
            r = m.goldfeld_quandt(order_by=memoryview(base)[::2])
            self.assertEqual(r, m.goldfeld_quandt(order_by="x1"))
            ov = gq[0][1]._obj.order_values
            self.assertEqual((ov.data, ov.len, ov.stride), (base.buffer_info()[0], 120, 2))
            rel = array.array("d", [0.9, 0.8])
            with spied("lr_fixed_features_correct") as fc:
                ff = m.fixed_features(reliability=rel)
            self.assertEqual(fc[0][1], rel.buffer_info()[0])
            self.assertAllRel(ff.params, m.fixed_features(reliability=[0.9, 0.8]).params, 0)
            # the batch diagnostics' Goldfeld-Quandt ordering, also by address
            with spied("lr_diagnose") as dg:
                with m.diagnostics(gq_order_by=memoryview(base)[::2]) as d:
                    # ordered by values, the batch runs the test's own function
                    self.assertEqual(d["goldfeld_quandt"], r)
            ov = dg[0][1]._obj.gq.order_values
            self.assertEqual((ov.data, ov.len, ov.stride), (base.buffer_info()[0], 120, 2))
            base.append(1.0)  # the export was released after the call: resizing works

    def test_report_cluster_ids_and_reliability_pass_by_address(self):
        X, y, g = clustered()
        ids = array.array("q", (int(v) for v in g))
        rel = array.array("d", [0.9, 0.8])
        with linreg.fit(X, y) as m, spied("lr_check_assumptions") as ca:
            with m.check(clusters=ids, reliability=rel) as r, \
                    m.check(clusters=list(g), reliability=[0.9, 0.8]) as s:
                self.assertEqual(r.to_json(), s.to_json())
            o = ca[0][1]._obj
            self.assertEqual((o.clusters.i64, o.clusters.len), (ids.buffer_info()[0], 120))
            self.assertEqual(o.reliability, rel.buffer_info()[0])
            ids.append(1)  # exports released after the call
            rel.append(1.0)

    def test_read_strided(self):
        a = array.array("d", range(10))
        addr = a.buffer_info()[0]
        self.assertEqual(list(B.read_strided(addr, 4, 3)), [0.0, 3.0, 6.0, 9.0])
        self.assertEqual(list(B.read_strided(addr + 9 * 8, 4, -3)), [9.0, 6.0, 3.0, 0.0])
        self.assertEqual(list(B.read_strided(addr + 8, 3, 0)), [1.0, 1.0, 1.0])
        self.assertEqual(list(B.read_strided(addr, 0, 1)), [])


@unittest.skipIf(np is None, NUMPY_SKIP)
class NumpyZeroCopyTest(Asserts, unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(7)
        self.big = rng.standard_normal((400, 24))
        self.y = self.big[:, 0] * 2.0 + rng.standard_normal(400)

    def check_view(self, X, y=None, w=None):
        """X (and y, w) reach lr_fit by address; the answer equals that of a copy."""
        y = self.y[: X.shape[0]] if y is None else y
        with captured_fit() as seen:
            m = linreg.fit(X, y, weights=w)
        addr = X.__array_interface__["data"][0]
        strides = tuple(s // 8 for s in X.strides)
        self.assertEqual(seen["X_fields"], (addr, X.shape[0], X.shape[1]) + strides)
        self.assertEqual(seen["y_fields"], (y.__array_interface__["data"][0], y.shape[0],
                                            y.strides[0] // 8))
        self.assertTrue(any(a.zero_copy and a.export.view.buf == addr for a in m._borrowed))
        copy = linreg.fit(np.array(X, order="C"), np.array(y),
                          weights=None if w is None else np.array(w))
        # Same doubles in the same order: bit-identical results.
        self.assertEqual(m.params.tolist(), copy.params.tolist())
        self.assertEqual(m.bse.tolist(), copy.bse.tolist())
        self.assertEqual(m.resid.tolist(), copy.resid.tolist())
        m.close()
        copy.close()
        return seen

    def test_layouts(self):
        b = self.big
        self.check_view(b[:, 1:5])                      # C order, column slice
        self.check_view(np.asfortranarray(b[:, 1:5]))  # Fortran order
        self.check_view(b[:, 5:1:-1])                   # negative column stride
        self.check_view(b[::-1, 1:4], y=self.y[::-1])  # negative row stride
        self.check_view(b[::3, 2:20:5], y=self.y[::3])  # non-contiguous both ways
        self.check_view(b[:, 1:3], y=np.asfortranarray(b[:, [0, 7]])[:, 0])

    def test_broadcast_weights_have_stride_zero(self):
        X = self.big[:, 1:4]
        w = np.broadcast_to(np.float64(2.0), (400,))
        seen = self.check_view(X, w=w)
        self.assertEqual(seen["w_fields"][1:], (400, 0))
        with linreg.fit(X, self.y) as plain, linreg.fit(X, self.y, weights=w) as wtd:
            self.assertAllRel(wtd.params, plain.params, 1e-12)

    def test_copies_where_the_layout_needs_one(self):
        X = self.big[:, 1:4]
        with linreg.fit(X, self.y) as ref:
            want = ref.params.tolist()
        rec = np.zeros(400, dtype=[("a", "f8"), ("b", "i4")])  # byte stride 12
        rec["a"] = self.y
        raw = np.zeros(400 * 8 + 1, dtype=np.uint8)
        unaligned = np.frombuffer(raw.data, dtype=np.float64, count=400, offset=1)
        for y, why in ((rec["a"], "byte stride 12"), (self.y.astype(">f8"), "big-endian"),
                       (self.y.astype(np.float32).astype(np.float64), None)):
            a = B.as_array(y, "y")
            if why:
                self.assertFalse(a.zero_copy, why)
            a.release()
        for y in (rec["a"], self.y.astype(">f8")):
            with linreg.fit(X, y) as m:
                self.assertEqual(m.params.tolist(), want)
        a = B.as_array(unaligned, "y")
        self.assertFalse(a.zero_copy)
        self.assertEqual(a.addr % 8, 0)
        a.release()
        a = B.as_array(np.arange(5), "y")  # int64: converted
        self.assertFalse(a.zero_copy)
        a.release()

    def test_array_likes_without_buffer_protocol(self):
        class ArrayLike:  # as a pandas DataFrame / Series: __array__, columns
            def __init__(self, a, columns=None):
                self.a = a
                if columns:
                    self.columns = columns

            def __array__(self, dtype=None, copy=None):
                return self.a if dtype is None else self.a.astype(dtype, copy=False)

        X = self.big[:, 1:3]
        frame = ArrayLike(X, columns=["size", "age"])
        with captured_fit() as seen:
            m = linreg.fit(frame, ArrayLike(self.y))
        self.assertEqual(seen["X_fields"][0], X.__array_interface__["data"][0])  # no copy
        self.assertEqual(seen["y_fields"][0], self.y.__array_interface__["data"][0])
        self.assertEqual(m.names, ["(Intercept)", "size", "age"])
        with linreg.fit(X, self.y) as ref:
            self.assertEqual(m.params.tolist(), ref.params.tolist())
        m.close()
        ints = ArrayLike(np.arange(400))
        a = B.as_array(ints, "y")
        self.assertFalse(a.zero_copy)
        self.assertEqual(list(B.read_strided(a.addr, 3, a.strides[0])), [0.0, 1.0, 2.0])

    def test_model_keeps_borrowed_inputs_alive(self):
        X = np.array(self.big[:, 1:4])
        w = np.linspace(0.5, 2.0, 400)
        m = linreg.fit(X[::-1], self.y[::-1].copy(), weights=w[::-1])
        text_before = m.summary()  # the summary reads the borrowed weights
        del X, w
        gc.collect()
        np.ones((400, 400)) * 2  # churn the allocator
        self.assertEqual(m.summary(), text_before)
        m.close()

    def test_numpy_cluster_ids(self):
        X, y, g = clustered()
        g = np.asarray(g)
        with linreg.fit(X, y) as m:
            with m.robust("cluster", groups=g) as r:
                want = r.cov_params().tolist()
            i64 = g.astype(np.int64)
            u64 = g.astype(np.uint64)
            with spied("lr_cluster_ints") as ci, spied("lr_cluster_doubles") as cd:
                for groups in (i64, u64, g):
                    with m.robust("cluster", groups=groups) as r:
                        self.assertEqual(r.cov_params().tolist(), want)
            self.assertEqual(ci[0][0], i64.__array_interface__["data"][0])
            self.assertEqual(ci[1][0], u64.__array_interface__["data"][0])
            self.assertEqual(cd[0][0], g.__array_interface__["data"][0])
            # converted: other integer widths, strided views, string labels
            for groups in (g.astype(np.int32), np.repeat(g, 2)[::2], g.astype(str)):
                with m.robust("cluster", groups=groups) as r:
                    self.assertAllRel(r.cov_params(), want, 1e-12)
                    self.assertEqual(r.nclusters[0], 30)

    def test_diagnostics_results_are_numpy(self):
        X = self.big[:, 1:4]
        with linreg.fit(X, self.y) as m:
            inf = m.influence()
            self.assertEqual(inf.hat.shape, (400,))
            self.assertEqual(inf.dfbetas.shape, (400, 4))
            self.assertEqual(m.collinearity().proportions.shape, (4, 4))
            q = m.qq_data()
            self.assertEqual(q.sample.shape, (400,))
            with m.robust("HC1") as r:
                self.assertEqual(r.cov_params().shape, (4, 4))
                self.assertEqual(r.conf_int(0.9).shape, (4, 2))
            self.assertIsInstance(m.standardized_params(), np.ndarray)
            b = m.goldfeld_quandt(order_by=X[:, 1])  # a strided column, zero-copy
            self.assertEqual(b, m.goldfeld_quandt(order_by=1))
            with m.diagnostics(keep_dfbetas=True, gq_order_by=X[:, 1]) as d:
                v = d.influence_values
                self.assertEqual((v.hat.shape, v.dfbetas.shape), ((400,), (400, 4)))
                self.assertIsInstance(d.outliers.rstudent, np.ndarray)
                self.assertEqual(d["goldfeld_quandt"], b)
                self.assertAllRel(v.cooks_d, inf.cooks_d, 1e-10)

    def test_results_are_numpy(self):
        X = self.big[:, 1:4]
        with linreg.fit(X, self.y) as m:
            self.assertIsInstance(m.params, np.ndarray)
            self.assertEqual(m.cov_params().shape, (4, 4))
            self.assertEqual(m.conf_int().shape, (4, 2))
            self.assertEqual(m.fittedvalues.shape, (400,))
            p = m.predict(X[:7], interval="confidence")
            self.assertEqual(p.fit.shape, (7,))
            self.assertAllRel(m.predict(X), m.fittedvalues, 1e-12)


if __name__ == "__main__":
    unittest.main()

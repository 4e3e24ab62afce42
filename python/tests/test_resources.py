"""Ownership and concurrency: no leak over 10^5 fit/free cycles, the
__del__ fallback frees C handles, borrowed inputs stay alive as long as the
model, and two threads fitting different models at once get the right answers."""

import array
import gc
import os
import random
import tempfile
import threading
import unittest

from helpers import WINDSOR, Asserts, linreg, tolist
from linreg._api import api

SANITIZED = bool(os.environ.get("LINREG_TEST_SANITIZED"))


def rss_bytes():
    """Resident set size now (Linux /proc), or None where unavailable."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def make_problem(n, k, seed):
    rnd = random.Random(seed)
    coef = [rnd.uniform(-2, 2) for _ in range(k)]
    X = array.array("d", (rnd.gauss(0, 1) for _ in range(n * k)))
    y = array.array("d", (1.0 + sum(coef[j] * X[i * k + j] for j in range(k)) + rnd.gauss(0, 1)
                          for i in range(n)))
    return memoryview(X).cast("B").cast("d", [n, k]), y


class CountingFree:
    """Counts calls of a C destructor through the api object."""

    def __init__(self, name):
        self.name = name
        self.real = getattr(api, name)
        self.calls = 0

    def __enter__(self):
        def spy(handle):
            self.calls += 1
            return self.real(handle)
        setattr(api, self.name, spy)
        return self

    def __exit__(self, *exc):
        setattr(api, self.name, self.real)


class LifetimeTest(Asserts, unittest.TestCase):
    def test_close_context_and_del_each_free_exactly_once(self):
        X, y = make_problem(30, 2, 1)
        with CountingFree("lr_model_free") as free:
            m = linreg.fit(X, y)
            m.close()
            m.close()
            self.assertEqual(free.calls, 1)
            with linreg.fit(X, y):
                pass
            self.assertEqual(free.calls, 2)
            m = linreg.fit(X, y)
            del m
            gc.collect()
            self.assertEqual(free.calls, 3)
        with CountingFree("lr_accumulator_free") as free:
            a = linreg.Accumulator(2)
            del a
            gc.collect()
            self.assertEqual(free.calls, 1)
        with CountingFree("lr_frame_free") as free:
            f = linreg.parse_csv("a\n1\n")
            del f
            gc.collect()
            self.assertEqual(free.calls, 1)

    def test_designs_frames_and_formula_models_free_once(self):
        data = {"y": [1.0, 3, 2, 5, 4, 6], "x": [1.0, 2, 3, 4, 5, 7], "g": list("ababab")}
        with CountingFree("lr_design_free") as free:
            d = linreg.design("y ~ x + g", data)
            d.close()
            d.close()
            self.assertEqual(free.calls, 1)
            with linreg.design("y ~ x", data) as d2:
                with d2.apply({"x": 2.5}):
                    pass
            self.assertEqual(free.calls, 3)
            d = linreg.design("y ~ x", data)
            del d
            gc.collect()
            self.assertEqual(free.calls, 4)
            # a model's design is freed by lr_model_free, never by the Design object
            with linreg.ols("y ~ x + g", data) as m:
                md = m.design
                md.close()  # no effect: the model owns it
                self.assertEqual(free.calls, 4)
                self.assertFalse(md.closed)
                self.assertEqual(len(tolist(m.design.X)), 6)
            self.assertEqual(free.calls, 4)
            self.assertTrue(md.closed)
        # no reference cycle model <-> design: the model goes with its last reference
        gc.disable()
        try:
            with CountingFree("lr_model_free") as free:
                m = linreg.ols("y ~ x + g", data)
                m.design.X
                del m
                self.assertEqual(free.calls, 1)
        finally:
            gc.enable()
        with CountingFree("lr_frame_free") as free:
            f = linreg.frame(data)
            linreg.ols("y ~ x", data=f).close()  # a caller's frame is not freed by ols
            self.assertEqual((free.calls, f.closed), (0, False))
            f.close()
            linreg.ols("y ~ x", data=data).close()  # the frame ols builds is freed at once
            self.assertEqual(free.calls, 2)
        with CountingFree("lr_model_list_free") as free, tempfile.TemporaryDirectory() as tmp:
            linreg.list_models(tmp + "/")
            self.assertEqual(free.calls, 1)

    def test_converted_inputs_live_as_long_as_the_model(self):
        # Lists are converted to private arrays that the C model borrows;
        # the weighted summary reads the borrowed weights after the fit.
        rnd = random.Random(5)
        rows = [[rnd.gauss(0, 1), rnd.gauss(0, 1)] for _ in range(50)]
        y = [r[0] - r[1] + rnd.gauss(0, 1) for r in rows]
        w = [rnd.uniform(0.5, 2) for _ in rows]
        m = linreg.fit(rows, y, weights=w)
        first = m.summary()
        self.assertEqual(len(m._borrowed), 3)
        del rows, y, w
        gc.collect()
        junk = [array.array("d", [9.9] * 50) for _ in range(100)]  # reuse freed memory
        self.assertEqual(m.summary(), first)
        del junk
        m.close()
        self.assertEqual(m._borrowed, [])

    def test_robust_results_own_their_handle(self):
        X, y = make_problem(40, 3, 3)
        with CountingFree("lr_robust_free") as free:
            with linreg.fit(X, y) as m:
                r = m.robust("HC1")
                r.close()
                r.close()
                self.assertEqual(free.calls, 1)
                with m.robust("NW"):
                    pass
                self.assertEqual(free.calls, 2)
                r = m.robust("HAC")
                del r
                gc.collect()
                self.assertEqual(free.calls, 3)
                r = m.robust("HC3")
                bse, cov, ci = tolist(r.bse), tolist(r.cov_params()), tolist(r.conf_int(0.9))
                js = r.to_dict()
            # The C result copied what it needs: usable after the model is closed ...
            self.assertEqual((tolist(r.bse), tolist(r.cov_params()), tolist(r.conf_int(0.9))),
                             (bse, cov, ci))
            self.assertEqual(r.names, m.names)
            self.assertEqual(js["type"], "HC3")
            # ... except the JSON, which reads the model: a clear error
            with self.assertRaises(linreg.ClosedError) as ctx:
                r.to_json()
            self.assertIn("model this robust covariance was computed from is closed",
                          str(ctx.exception))
            r.close()
            self.assertEqual(free.calls, 4)
            self.assertTrue(r.closed)
            self.assertIn("closed", repr(r))
            with self.assertRaises(linreg.ClosedError):
                r.bse

    def test_diagnostics_own_their_handle(self):
        X, y = make_problem(50, 3, 9)
        with CountingFree("lr_diagnostics_free") as free:
            with linreg.fit(X, y) as m:
                d = m.diagnostics()
                d.close()
                d.close()
                self.assertEqual(free.calls, 1)
                self.assertTrue(d.closed)
                with m.diagnostics() as d2:
                    self.assertFalse(d2.closed)
                self.assertEqual(free.calls, 2)
                d = m.diagnostics()
                del d
                gc.collect()
                self.assertEqual(free.calls, 3)
                # no reference cycle: freed with the last reference, without the collector
                gc.disable()
                try:
                    d = m.diagnostics()
                    del d
                    self.assertEqual(free.calls, 4)
                finally:
                    gc.enable()
                d = m.diagnostics(keep_dfbetas=True)
                want = (dict(d), d.errors, d.to_json(), d.to_dict(), d.vif, d.condition_number,
                        d.influence, tolist(d.outliers.rstudent), d.moments,
                        tolist(d.influence_values.hat), tolist(d.influence_values.dfbetas),
                        d.flags)
            # lr_diagnostics copies what it needs: everything works after the model is
            # closed and its borrowed data are gone
            del X, y
            gc.collect()
            junk = [array.array("d", [9.9] * 150) for _ in range(200)]  # reuse freed memory
            got = (dict(d), d.errors, d.to_json(), d.to_dict(), d.vif, d.condition_number,
                   d.influence, tolist(d.outliers.rstudent), d.moments,
                   tolist(d.influence_values.hat), tolist(d.influence_values.dfbetas), d.flags)
            self.assertEqual(got, want)
            del junk
            self.assertEqual(free.calls, 4)
            d.close()
            self.assertEqual(free.calls, 5)
            # the copies survive close(); the JSON needs the C result
            self.assertEqual((dict(d), d.to_dict(), d.vif, tolist(d.influence_values.dfbetas)),
                             (want[0], want[3], want[4], want[10]))
            with self.assertRaises(linreg.ClosedError):
                d.to_json()
            self.assertEqual(str(d), d.summary())
            # a result that cannot be returned (a model without rows) is freed at once
            with linreg.Accumulator(3) as a:
                Xs, ys = make_problem(30, 3, 10)
                a.add(Xs, ys)
                with a.finish() as s:
                    with self.assertRaises(linreg.NoDataError):
                        s.diagnostics()
                    self.assertEqual(free.calls, 6)
                    s.diagnostics(influence=False, **{t: False for t in linreg.DEFAULT_TESTS})
                    gc.collect()
                    self.assertEqual(free.calls, 7)
            # an option the binding rejects allocates nothing
            with linreg.fit(Xs, ys) as m:
                with self.assertRaises(linreg.InvalidArgumentError):
                    m.diagnostics(rainbow_fraction=2.0)
                with self.assertRaises(linreg.InvalidArgumentError):
                    m.diagnostics(nonsense=1)
            self.assertEqual(free.calls, 7)

    def test_boxcox_frees_its_handle_at_once(self):
        X, y = make_problem(40, 2, 4)
        y = array.array("d", (abs(v) + 1.0 for v in y))
        with CountingFree("lr_boxcox_free") as free:
            with linreg.fit(X, y) as m:
                b = m.boxcox()
                self.assertEqual(free.calls, 1)
                with self.assertRaises(linreg.InvalidArgumentError):
                    m.boxcox(level=2.0)  # nothing allocated, nothing to free
                self.assertEqual(free.calls, 1)
            self.assertEqual(len(b.grid_lambda), 41)  # a copy: valid after close

    def test_fwls_models_own_their_data(self):
        rnd = random.Random(6)
        rows = [[rnd.uniform(0, 3), rnd.gauss(0, 1)] for _ in range(80)]
        y = [1 + r[0] - r[1] + rnd.gauss(0, 0.2 + r[0]) for r in rows]
        m = linreg.fit(rows, y)
        wls, aux = m.fwls(return_aux=True)
        want = (tolist(wls.params), wls.summary(), tolist(aux.resid))
        self.assertEqual((wls._borrowed, aux._borrowed), ([], []))
        m.close()
        del rows, y
        gc.collect()
        junk = [array.array("d", [9.9] * 80) for _ in range(100)]  # reuse freed memory
        self.assertEqual((tolist(wls.params), wls.summary(), tolist(aux.resid)), want)
        self.assertEqual(wls.shapiro_wilk(), wls.shapiro_wilk())  # diagnostics read its data
        del junk
        with CountingFree("lr_model_free") as free:
            wls.close()
            del aux
            gc.collect()
            self.assertEqual(free.calls, 2)

    def test_diagnostic_results_are_copies(self):
        X, y = make_problem(50, 2, 7)
        with linreg.fit(X, y) as m:
            d, inf, vif, o = m.diagnostics(), m.influence(), m.vif(), m.outlier_test()
            hat = tolist(inf.hat)
        self.assertEqual(tolist(inf.hat), hat)
        self.assertEqual(len(d), len(linreg.DEFAULT_TESTS))
        self.assertEqual(sorted(vif), ["x1", "x2"])
        self.assertEqual(len(o.rows), len(o.rstudent))

    @unittest.skipIf(SANITIZED, "RSS is meaningless under ASan's quarantine; "
                     "the release run checks it")
    def test_no_leak_over_remedy_cycles(self):
        """Robust covariances, influence, outlier test, the batch diagnostics,
        Box-Cox and FWLS, created and freed 4e4 times."""
        if rss_bytes() is None:
            self.skipTest("no /proc/self/statm on this system")
        X, y = make_problem(40, 8, 8)
        y = array.array("d", (abs(v) + 1.0 for v in y))
        groups = array.array("q", (i // 4 for i in range(40)))
        m = linreg.fit(X, y)

        def cycles(count):
            for i in range(count):
                kind = i % 4
                if kind == 0:
                    m.robust("HC3").close()
                elif kind == 1:
                    with m.robust("cluster", groups=groups) as r:
                        r.bse
                elif kind == 2:
                    r = m.robust("HC1")  # freed by __del__ when rebound
                    r.cov_params()
                else:
                    m.influence_summary()
                    m.outlier_test()
                    if i % 32 == 3:  # the batch diagnostics with every per-row value
                        with m.diagnostics(keep_dfbetas=True) as d:
                            d.to_json()
                    elif i % 32 == 19:
                        d = m.diagnostics(keep_dfbetas=True)  # freed by __del__ when rebound
                if i % 100 == 0:  # the slow ones (about 1 ms): their frees are counted above
                    m.boxcox(step=0.5)
                    m.fwls().close()

        cycles(4000)
        gc.collect()
        before = rss_bytes()
        cycles(40000)
        gc.collect()
        grown = rss_bytes() - before
        m.close()
        # One leaked lr_robust (p = 9: ~1 KiB) per robust cycle would be ~30 MB, one
        # leaked lr_diagnostics with its per-row values (~9 KiB) per batch cycle ~22 MB.
        print("rss growth over 4e4 remedy cycles: %d bytes" % grown)
        self.assertLess(grown, 4 << 20, "RSS grew by %d bytes over 4e4 cycles" % grown)

    @unittest.skipIf(SANITIZED, "RSS is meaningless under ASan's quarantine; "
                     "the release run checks it")
    def test_no_leak_over_1e5_fit_free_cycles(self):
        if rss_bytes() is None:
            self.skipTest("no /proc/self/statm on this system")
        X, y = make_problem(20, 2, 2)
        w = array.array("d", [1.0] * 20)

        def cycles(count):
            for i in range(count):
                kind = i % 4
                if kind == 0:
                    linreg.fit(X, y).close()
                elif kind == 1:
                    with linreg.fit(X, y, weights=w) as m:
                        m.params
                        m.summary()
                elif kind == 2:
                    m = linreg.fit(X, y)  # freed by __del__ when rebound
                    m.predict(X, interval="prediction")
                else:
                    with linreg.Accumulator(2) as a:
                        a.add(X, y)
                        a.finish().close()

        cycles(10000)  # warm up allocator pools and caches
        gc.collect()
        before = rss_bytes()
        cycles(100000)
        gc.collect()
        grown = rss_bytes() - before
        # One leaked model per cycle would be >= 100000 * 1 KiB = 100 MB.
        print("rss growth over 1e5 cycles: %d bytes" % grown)
        self.assertLess(grown, 8 << 20, "RSS grew by %d bytes over 1e5 cycles" % grown)


    @unittest.skipIf(SANITIZED, "RSS is meaningless under ASan's quarantine; "
                     "the release run checks it")
    def test_no_leak_over_formula_and_persistence_cycles(self):
        if rss_bytes() is None:
            self.skipTest("no /proc/self/statm on this system")
        rnd = random.Random(9)
        data = {"y": [rnd.gauss(0, 1) for _ in range(40)],
                "x": [rnd.uniform(1, 5) for _ in range(40)],
                "g": [rnd.choice("abc") for _ in range(40)]}
        data["y"][3] = None
        new = {"x": [1.5, None, 2.0], "g": ["a", "b", "c"]}
        store = {}
        linreg.register_scheme("leaktest", save=lambda u, d, o: store.__setitem__(u, d),
                               load=lambda u: store[u], remove=lambda u: store.pop(u),
                               list=lambda p: list(store))

        def cycles(count):
            for i in range(count):
                kind = i % 4
                if kind == 0:
                    with linreg.ols("y ~ log(x) + g", data, na_action="exclude") as m:
                        m.predict(new, interval="prediction")
                        m.resid
                elif kind == 1:
                    with linreg.design("y ~ poly(x, 2) + g", data) as d:
                        d.apply(new).close()
                        d.pad(d.y)
                elif kind == 2:
                    m = linreg.ols("y ~ x * g", data)  # freed when rebound
                    with linreg.from_document(m.to_document(compact=True)) as b:
                        b.predict(new)
                else:
                    with linreg.ols("y ~ x", data) as m:
                        m.metadata["k"] = "v"
                        m.save("leaktest://m.json", overwrite=True)
                        linreg.load("leaktest://m.json").close()
                        linreg.list_models("leaktest://")
                    with linreg.parse_csv("a,b\n1,x\n2,NA\n") as f:
                        f.column("b")

        cycles(2000)
        gc.collect()
        before = rss_bytes()
        cycles(20000)
        gc.collect()
        grown = rss_bytes() - before
        # One leaked model or design per cycle would be >= 20000 * 1 KiB = 20 MB.
        print("rss growth over 2e4 formula/persistence cycles: %d bytes" % grown)
        self.assertLess(grown, 4 << 20, "RSS grew by %d bytes over 2e4 cycles" % grown)


class ThreadTest(Asserts, unittest.TestCase):
    def test_two_threads_fit_different_models_at_once(self):
        problems = [make_problem(20000, 6, 11), make_problem(15000, 9, 12)]
        want = []
        for X, y in problems:
            with linreg.fit(X, y) as m:
                want.append((tolist(m.params), tolist(m.bse), m.summary()))
        barrier = threading.Barrier(2)
        results = [[], []]
        errors = []

        def work(t):
            try:
                X, y = problems[t]
                barrier.wait()
                for _ in range(6):
                    with linreg.fit(X, y) as m:
                        results[t].append((tolist(m.params), tolist(m.bse), m.summary()))
                    # Errors are thread-local: each thread sees its own message.
                    try:
                        linreg.fit(X, y[: 100 + t])
                    except linreg.DimensionError as e:
                        results[t].append(e.detail)
            except Exception as e:  # reported in the main thread
                errors.append(e)

        threads = [threading.Thread(target=work, args=(t,)) for t in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        self.assertEqual(errors, [])
        for t in range(2):
            n = (20000, 15000)[t]
            self.assertEqual(len(results[t]), 12)
            for r in results[t][0::2]:
                self.assertEqual(r, want[t])  # bit-identical to the serial fit
            for msg in results[t][1::2]:
                self.assertEqual(msg, "y has %d elements but X has %d rows" % (100 + t, n))

    def test_two_threads_fit_formulas_and_round_trip_models_at_once(self):
        formulas = ["price ~ .", "log(price) ~ lotsize + poly(bedrooms, 2) + aircon"]
        new = {"lotsize": [6000.0, 4000.0], "bedrooms": [3.0, 2.0], "bathrooms": [2.0, 1.0],
               "stories": [2.0, 1.0], "driveway": ["yes", "yes"], "recreation": ["no", "no"],
               "fullbase": ["yes", "no"], "gasheat": ["no", "no"], "aircon": ["yes", "no"],
               "garage": [1.0, 0.0], "prefer": ["no", "no"]}
        want = []
        for f in formulas:
            with linreg.ols(f, data=WINDSOR) as m:
                want.append((m.summary(), tolist(m.predict(new, interval="prediction").upper)))
        barrier = threading.Barrier(2)
        results = [[], []]
        errors = []

        def work(t, tmp):
            try:
                barrier.wait()
                for i in range(5):
                    path = os.path.join(tmp, "m%d-%d.json" % (t, i))
                    with linreg.ols(formulas[t], data=WINDSOR) as m:
                        m.save(path)
                        with linreg.load(path) as b:
                            results[t].append((m.summary(), tolist(
                                b.predict(new, interval="prediction").upper)))
                    try:
                        linreg.ols("price ~ nope%d" % t, data=WINDSOR)
                    except linreg.NotFoundError as e:
                        results[t].append(e.detail)
            except Exception as e:  # reported in the main thread
                errors.append(e)

        with tempfile.TemporaryDirectory() as tmp:
            threads = [threading.Thread(target=work, args=(t, tmp)) for t in range(2)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
        self.assertEqual(errors, [])
        for t in range(2):
            self.assertEqual(results[t][0::2], [want[t]] * 5)
            for msg in results[t][1::2]:
                self.assertIn("term 'nope%d'" % t, msg)


if __name__ == "__main__":
    unittest.main()


class NoCopyTest(unittest.TestCase):
    """Objects that own a C handle refuse copy and pickle (two Python
    objects would free one handle twice)."""

    def test_handles_cannot_be_copied(self):
        import copy
        import pickle
        with linreg.parse_csv("y,x\n1,1\n2,3\n4,4\n5,7\n") as frame, \
                linreg.fit(frame, "y") as m, m.robust("HC3") as r, m.check() as rep:
            acc = linreg.Accumulator(1)
            for obj in (frame, m, r, rep, acc):
                with self.assertRaises(TypeError):
                    copy.copy(obj)
                with self.assertRaises(TypeError):
                    copy.deepcopy(obj)
                with self.assertRaises(TypeError):
                    pickle.dumps(obj)
            acc.close()

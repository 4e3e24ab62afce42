"""Persistence (include/linreg/io.h) from Python: save/load through files
and a scheme written in Python, bit-identical predictions after the round
trip, documents, validation errors, metadata, sections, the training
fingerprint against tests/fixtures/persist (hashlib, by
tests/reference/fingerprint.py), listing and deleting."""

import ctypes
import json
import math
import os
import pathlib
import struct
import tempfile
import threading
import unittest

from helpers import ROOT, WINDSOR, Asserts, linreg, read_columns, tolist
from linreg import _api
from linreg._api import api
from test_errors import CErrorAsserts

NEW_HOUSE = os.path.join(ROOT, "examples", "data", "new_house.csv")
PERSIST = os.path.join(ROOT, "tests", "fixtures", "persist")


def bits(v):
    """Values as their IEEE-754 bit patterns (NaN compares equal to NaN)."""
    v = tolist(v)
    if v and isinstance(v[0], list):
        return [bits(r) for r in v]
    return [struct.pack("<d", float(x)) for x in v]


def same_predictions(test, a, b, newdata):
    for interval, level in ((None, 0.95), ("confidence", 0.95), ("prediction", 0.9),
                            ("prediction", 0.5)):
        pa, pb = a.predict(newdata, interval, level), b.predict(newdata, interval, level)
        if interval is None:
            test.assertEqual(bits(pa), bits(pb))
        else:
            for x, y in zip(pa, pb):
                test.assertEqual(bits(x), bits(y), interval)


def same_model(test, a, b):
    test.assertEqual(a.names, b.names)
    for attr in ("params", "bse", "tvalues", "pvalues"):
        test.assertEqual(bits(getattr(a, attr)), bits(getattr(b, attr)), attr)
    test.assertEqual(bits(a.cov_params()), bits(b.cov_params()))
    test.assertEqual(bits(a.conf_int(0.8)), bits(b.conf_int(0.8)))
    sa, sb = a.stats(), b.stats()
    test.assertEqual(sorted(sa), sorted(sb))
    for k in sa:
        test.assertEqual(bits([sa[k]]), bits([sb[k]]), k)


def fingerprint_fixture(name):
    out = {}
    with open(os.path.join(PERSIST, name + "_fingerprint.txt")) as fh:
        for line in fh:
            key, value = line.split()
            out[key] = value
    return out


class SaveLoadTest(Asserts, CErrorAsserts, unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_formula_model_round_trip_predicts_bit_identically(self):
        for formula in ("price ~ .", "log(price) ~ . - garage + poly(lotsize, 2)"):
            path = os.path.join(self.dir, "house.json")
            with linreg.ols(formula, data=WINDSOR) as m:
                m.metadata["owner"] = "tests"
                self.assertIs(m.save(path), m)
                with linreg.load(path) as b:
                    same_model(self, m, b)
                    same_predictions(self, m, b, NEW_HOUSE)
                    same_predictions(self, m, b, read_columns(NEW_HOUSE))
                    with linreg.read_csv(NEW_HOUSE) as f:
                        same_predictions(self, m, b, f)
                    one = {k: v[1] for k, v in read_columns(NEW_HOUSE).items()}
                    self.assertEqual(bits(m.predict(one)), bits(b.predict(one)))
                    # what a loaded model is
                    self.assertEqual((b.formula, b.response), (m.formula, m.response))
                    self.assertEqual(b.design.coef_names, m.names)
                    self.assertEqual(b.design.term_labels, m.design.term_labels)
                    self.assertEqual((b.design.nrows, b.design.rows, b.nrows), (0, [], 0))
                    self.assertIsNone(b.design.X)
                    self.assertEqual(dict(b.metadata), {"owner": "tests"})
                    self.assertEqual(b.fingerprint(), m.fingerprint())
                    self.assertRegex(b.created, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
                    self.assertEqual(b.document_version, linreg.version())
                    self.assertIsNone(m.created)
                    self.assertIsNone(m.document_version)
                    self.assertEqual(b.level, 0.95)
                    with self.assertRaises(linreg.NoDataError):
                        b.resid
                    with self.assertRaises(linreg.NoDataError):
                        b.breusch_pagan()
                    # the document of a loaded model is the stored one, byte for byte
                    self.assertEqual(b.to_document(), linreg.read_document(path))
                    self.assertEqual(b.to_document(), linreg.read_document("file://" + path))
            linreg.delete(path)

    def test_matrix_model_round_trip(self):
        cols = read_columns(os.path.join(ROOT, "tests", "fixtures", "data", "weighted.csv"))
        X = {"x1": cols["x1"], "x2": cols["x2"]}
        with linreg.fit(X, cols["y"], weights=cols["w"], level=0.9) as m:
            m.set_design("y", "y ~ x1 + x2")
            doc = m.to_document(compact=True)
            self.assertNotIn("\n", doc.strip())
            with linreg.from_document(doc) as b:
                same_model(self, m, b)
                self.assertEqual(b.level, 0.9)
                self.assertEqual((b.formula, b.response), ("y ~ x1 + x2", "y"))
                self.assertIsNone(b.design)
                new = [[0.5, 1.0], [2.0, -1.0], [1.0, 1.0]]
                same_predictions(self, m, b, new)
                self.assertEqual(b.to_document(compact=True), doc)
        want = fingerprint_fixture("weighted")
        with linreg.fit(X, cols["y"], weights=cols["w"]) as m:
            self.assertEqual(m.fingerprint(), want["sha256"])

    def test_fingerprint_and_column_summaries_match_hashlib(self):
        want = fingerprint_fixture("house")
        with linreg.ols("price ~ .", data=WINDSOR) as m:
            self.assertEqual(m.fingerprint(), want["sha256"])
            names = m.names[1:]
            for j in range(m.k + 1):
                s = m.column_summary(j)
                self.assertRel(s.mean, float(want["mean%d" % j]), 1e-15)
                self.assertEqual((s.min, s.max), (float(want["min%d" % j]),
                                                  float(want["max%d" % j])))
                self.assertEqual(s, m.column_summary(names[j] if j < m.k else "price"))
            t = m.training_summary()
            self.assertEqual(list(t), names + ["price"])
            with self.assertRaises(linreg.NotFoundError):
                m.column_summary("nope")
            self.raises(linreg.InvalidArgumentError, m.column_summary, 99,
                        contains="column 99 is out of range")

    def test_streamed_model_has_no_fingerprint(self):
        with linreg.Accumulator(1) as a:
            a.add([[1.0], [2.0], [3.0], [4.0]], [1.0, 2.0, 4.0, 3.0])
            with a.finish() as m:
                self.raises(linreg.NoDataError, m.fingerprint,
                            contains="no training-data fingerprint")
                self.raises(linreg.NoDataError, m.column_summary, 0)
                with linreg.from_document(m.to_document()) as b:
                    same_model(self, m, b)

    def test_conflict_overwrite_and_missing(self):
        path = os.path.join(self.dir, "m.json")
        with linreg.ols("price ~ lotsize", data=WINDSOR) as m, \
                linreg.ols("price ~ bedrooms", data=WINDSOR) as other:
            m.save(path)
            e = self.raises(linreg.ConflictError, other.save, path, contains="already exists")
            self.assertEqual(e.status, linreg.Status.CONFLICT)
            with linreg.load(path) as b:
                self.assertEqual(b.names, m.names)  # untouched
            other.save(pathlib.Path(path), overwrite=True)
            with linreg.load(pathlib.Path(path)) as b:
                self.assertEqual(b.names, other.names)
        self.raises(linreg.NotFoundError, linreg.load, os.path.join(self.dir, "none.json"),
                    contains="none.json")
        self.raises(linreg.UnsupportedError, linreg.load, "foo://bucket/x.json",
                    contains="no storage backend for the scheme 'foo'")
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.load(42)

    def test_list_read_and_delete(self):
        with linreg.ols("price ~ lotsize", data=WINDSOR) as m:
            for name in ("house-a.json", "house-b.json", "other.json"):
                m.save(os.path.join(self.dir, name))
        with open(os.path.join(self.dir, "notes.txt"), "w") as fh:
            fh.write("not a model")
        got = linreg.list_models(self.dir + "/")
        self.assertEqual(sorted(os.path.basename(s.url) for s in got),
                         ["house-a.json", "house-b.json", "other.json"])
        for s in got:
            self.assertEqual(s.size, os.path.getsize(s.url))
            self.assertRegex(s.modified, r"^\d{4}-\d\d-\d\dT")
        got = linreg.list_models(os.path.join(self.dir, "house-"))
        self.assertEqual(sorted(os.path.basename(s.url) for s in got),
                         ["house-a.json", "house-b.json"])
        doc = linreg.read_document(os.path.join(self.dir, "other.json"))
        self.assertTrue(linreg.verify_document(doc))
        linreg.delete(os.path.join(self.dir, "other.json"))
        self.assertEqual(len(linreg.list_models(self.dir + "/")), 2)
        self.raises(linreg.NotFoundError, linreg.delete, os.path.join(self.dir, "other.json"))
        self.raises(linreg.NotFoundError, linreg.read_document, os.path.join(self.dir, "x.json"))
        self.raises(linreg.NotFoundError, linreg.list_models, os.path.join(self.dir, "no", ""))

    def test_metadata_and_sections(self):
        with linreg.ols("price ~ lotsize", data=WINDSOR) as m:
            md = m.metadata
            self.assertEqual((len(md), dict(md)), (0, {}))
            md["author"] = "a"
            md["dataset"] = "Windsor \"house\" prices\n1987 \u00e9"
            md["author"] = "b"  # replaces, keeps the order
            self.assertEqual(list(md), ["author", "dataset"])
            self.assertEqual(md["author"], "b")
            self.assertIn("dataset", md)
            self.assertNotIn("nope", md)
            with self.assertRaises(KeyError):
                md["nope"]
            del md["author"]
            with self.assertRaises(KeyError):
                del md["author"]
            md["z"] = "1"
            self.raises(linreg.InvalidArgumentError, md.__setitem__, "", "x",
                        contains="metadata keys must not be empty")
            with self.assertRaises(linreg.InvalidArgumentError):
                md["k"] = 5
            m.set_section("diagnostics", {"breusch_pagan": {"statistic": 0.30000000000000004,
                                                            "p_value": 1e-300}})
            m.set_section("report", '{"verdict": "ok"}')
            self.assertEqual(m.section("report"), {"verdict": "ok"})
            self.assertIsNone(m.section("robust"))
            self.raises(linreg.ParseError, m.set_section, "report", "{bad",
                        contains="report: not valid JSON")
            self.raises(linreg.ParseError, m.set_section, "robust", {"a": 1},
                        contains="robust: expected an array")
            with self.assertRaises(linreg.InvalidArgumentError):
                m.section("nope")
            doc = m.to_document()
            m.set_section("report", None)
            self.assertIsNone(m.section("report"))
        with linreg.from_document(doc) as b:
            self.assertEqual(dict(b.metadata), {"dataset": "Windsor \"house\" prices\n1987 \u00e9",
                                                "z": "1"})
            self.assertEqual(b.section("diagnostics")["breusch_pagan"]["statistic"],
                             0.30000000000000004)
            self.assertEqual(b.section("report"), {"verdict": "ok"})
            self.assertEqual(b.section("terms")["formula"], "price ~ lotsize")


class DocumentValidationTest(CErrorAsserts, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with linreg.ols("price ~ .", data=WINDSOR) as m:
            cls.doc = m.to_document()
            cls.pred = bits(m.predict(NEW_HOUSE, "prediction").upper)

    def edited(self, change):
        d = json.loads(self.doc)
        del d["checksum"]  # editing by hand requires removing it
        change(d)
        return json.dumps(d, indent=1)

    def test_hand_edited_documents(self):
        # removing the checksum alone: loads, predicts the same
        text = self.edited(lambda d: None)
        self.assertFalse(linreg.verify_document(text))
        with linreg.from_document(text) as b:
            self.assertEqual(bits(b.predict(NEW_HOUSE, "prediction").upper), self.pred)

        def bad_se(d):
            d["coefficients"][3]["std_error"] = "large"
        self.raises(linreg.ParseError, linreg.from_document, self.edited(bad_se),
                    contains="coefficients[3].std_error")

        def inconsistent(d):
            d["coefficients"][1]["name"] = "lotsz"
        self.raises(linreg.ParseError, linreg.from_document, self.edited(inconsistent),
                    contains="coefficients[1].name")

        def short_vcov(d):
            d["vcov"][1] = d["vcov"][1][:-1]
        self.raises(linreg.DimensionError, linreg.from_document, self.edited(short_vcov),
                    contains="vcov[1]")

        def version(d):
            d["schema_version"] = "2.0"
        self.raises(linreg.VersionError, linreg.from_document, self.edited(version),
                    contains="schema_version: 2.0 is not supported")

    def test_corrupted_documents(self):
        changed = self.doc.replace("3409.4713", "3409.4714", 1)
        self.assertNotEqual(changed, self.doc)
        self.raises(linreg.ParseError, linreg.from_document, changed,
                    contains="checksum mismatch")
        self.raises(linreg.ParseError, linreg.verify_document, changed,
                    contains="checksum mismatch")
        self.assertTrue(linreg.verify_document(self.doc.encode("utf-8")))
        self.raises(linreg.EmptyError, linreg.from_document, "  ",
                    contains="the model document is empty")
        self.raises(linreg.ParseError, linreg.from_document, self.doc[:len(self.doc) // 2],
                    contains="the document is truncated")
        self.raises(linreg.ParseError, linreg.from_document, "[1, 2]")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.json")
            with open(path, "w") as fh:
                fh.write(changed)
            self.raises(linreg.ParseError, linreg.load, path, contains="checksum mismatch")
            self.raises(linreg.ParseError, linreg.read_document, path,
                        contains="checksum mismatch")


class PythonSchemeTest(Asserts, CErrorAsserts, unittest.TestCase):
    """A storage backend written in Python (lr_register_scheme): the core
    calls it for save, load, delete and list."""

    @classmethod
    def setUpClass(cls):
        cls.store = {}
        cls.calls = []
        lock = threading.Lock()

        def save(url, data, overwrite):
            cls.calls.append(("save", threading.get_ident()))
            with lock:
                if url in cls.store and not overwrite:
                    raise FileExistsError("%s exists" % url)
                cls.store[url] = data

        def load(url):
            if url.endswith("/denied.json"):
                raise PermissionError("no access to %s" % url)
            if url.endswith("/broken.json"):
                raise RuntimeError("backend bug")
            return cls.store[url]

        def remove(url):
            del cls.store[url]

        def listing(prefix):
            return [(u, len(d), "2024-01-01T00:00:00Z") for u, d in sorted(cls.store.items())
                    if u.startswith(prefix)] + (["mem://other/plain.json"] if
                                                prefix == "mem://other/" else [])

        linreg.register_scheme("mem", save=save, load=load, remove=remove, list=listing)
        linreg.register_scheme("ro", load=lambda url: cls.store["mem://" + url[5:]])

    def test_round_trip_through_the_backend(self):
        with linreg.ols("price ~ .", data=WINDSOR) as m:
            m.save("mem://models/house.json")
            self.assertEqual(self.calls[-1][1], threading.get_ident())  # the caller's thread
            self.assertTrue(self.store["mem://models/house.json"].startswith(b"{"))
            with linreg.load("mem://models/house.json") as b:
                same_predictions(self, m, b, NEW_HOUSE)
            with linreg.load("ro://models/house.json") as b:  # a load-only scheme
                same_model(self, m, b)
            self.raises(linreg.UnsupportedError, m.save, "ro://models/x.json")
            e = self.raises(linreg.ConflictError, m.save, "mem://models/house.json",
                            contains="mem://models/house.json exists")
            self.assertIsInstance(e, linreg.RemoteError)
            m.save("mem://models/house.json", overwrite=True)
            m.save("mem://models/other.json")
        self.assertEqual(linreg.list_models("mem://models/"),
                         [linreg.StoredModel("mem://models/house.json",
                                             len(self.store["mem://models/house.json"]),
                                             "2024-01-01T00:00:00Z"),
                          linreg.StoredModel("mem://models/other.json",
                                             len(self.store["mem://models/other.json"]),
                                             "2024-01-01T00:00:00Z")])
        self.assertEqual(linreg.list_models("mem://other/"),
                         [linreg.StoredModel("mem://other/plain.json", -1, "")])
        self.assertTrue(linreg.verify_document(linreg.read_document("mem://models/house.json")))
        linreg.delete("mem://models/other.json")
        self.assertNotIn("mem://models/other.json", self.store)

    def test_backend_errors_become_statuses(self):
        self.raises(linreg.NotFoundError, linreg.load, "mem://models/none.json",
                    contains="mem://models/none.json")
        self.raises(linreg.NotFoundError, linreg.delete, "mem://models/none.json")
        self.raises(linreg.AuthError, linreg.load, "mem://x/denied.json",
                    contains="no access to mem://x/denied.json")
        self.raises(linreg.InputOutputError, linreg.load, "mem://x/broken.json",
                    contains="backend bug")
        self.store["mem://x/garbage.json"] = b"not json"
        self.raises(linreg.ParseError, linreg.load, "mem://x/garbage.json",
                    contains="not valid JSON")
        self.raises(linreg.UnsupportedError, linreg.list_models, "ro://models/")

    def test_registration_errors(self):
        self.raises(linreg.InvalidArgumentError, linreg.register_scheme, "file",
                    load=lambda u: b"", contains="the file scheme is built in")
        self.raises(linreg.InvalidArgumentError, linreg.register_scheme, "bad scheme!",
                    contains="is not a URL scheme name")
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.register_scheme("x", save=5)
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.register_scheme(None)

    def test_list_building_functions(self):
        # lr_model_list_new / lr_model_list_add / lr_fail_message, as a
        # backend in another language uses them
        lst = _api.ModelListP()
        api.lr_model_list_new(ctypes.byref(lst))
        api.lr_model_list_add(lst, b"x://a", 12, b"2024-05-06T07:08:09Z")
        api.lr_model_list_add(lst, b"x://b", -1, None)
        self.assertEqual(linreg.persist._read_list(lst),
                         [linreg.StoredModel("x://a", 12, "2024-05-06T07:08:09Z"),
                          linreg.StoredModel("x://b", -1, "")])
        self.assertEqual(api.lr_fail_message(linreg.Status.SERVER, b"HTTP 503 from x"),
                         linreg.Status.SERVER)
        self.assertEqual(linreg.last_error(), "HTTP 503 from x")


if __name__ == "__main__":
    unittest.main()

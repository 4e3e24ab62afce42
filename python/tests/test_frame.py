"""Frames (include/linreg/frame.h): categorical columns, missing values, the
CSV options, and frames built from Python data (lr_frame_create / add_*)."""

import array
import math
import os
import tempfile
import unittest

from helpers import NUMPY_SKIP, WINDSOR, Asserts, linreg, np, read_columns, tolist
from test_errors import CErrorAsserts

S = linreg.Status
TEXT = "a,b,c\n1,x,NA\n2,,3\nNA,y,-999\n4,x,5\n"


class CsvTest(Asserts, CErrorAsserts, unittest.TestCase):
    def test_types_levels_codes_and_missing_cells(self):
        with linreg.parse_csv(TEXT) as f:
            self.assertEqual((f.nrows, f.ncols, f.names), (4, 3, ["a", "b", "c"]))
            self.assertEqual(f.types, {"a": "numeric", "b": "categorical", "c": "numeric"})
            self.assertEqual(f.column_type(1), "categorical")
            self.assertEqual(f.levels("b"), ["x", "y"])
            self.assertEqual(f.levels("a"), [])
            self.assertEqual(list(f.codes("b")), [0, -1, 1, 0])
            self.assertEqual(f.column("b"), ["x", None, "y", "x"])
            self.assertEqual(f["b"], f.column(1))
            self.assertAllRel(f.column("a"), [1.0, 2.0, math.nan, 4.0])
            self.assertAllRel(f["c"], [math.nan, 3, -999, 5])
            self.assertEqual([f.nmissing(j) for j in range(3)], [1, 1, 1])
            self.assertEqual([f.is_missing(i, "a") for i in range(4)], [False, False, True, False])
            self.assertFalse(f.is_missing(99, "a"))  # out of range: not missing
            self.check(linreg.InvalidArgumentError, S.INVALID_ARG, f.codes, "a",
                       contains="column 'a' is numeric")
            self.assertIn("b (cat)", repr(f))
            self.assertEqual(sorted(f.to_dict()), ["a", "b", "c"])

    def test_levels_sort_bytewise(self):
        with linreg.parse_csv("g\nb\nB\na\n_\n10\n9\n") as f:
            self.assertEqual(f.levels("g"), ["10", "9", "B", "_", "a", "b"])  # C-locale sort()

    def test_options(self):
        with linreg.parse_csv("a;b\n1;2\n3;4\n", delimiter=";") as f:
            self.assertEqual(tolist(f.to_dict()["b"]), [2.0, 4.0])
        with linreg.parse_csv("a\tb\n1\t2\n", delimiter="tab") as f:
            self.assertEqual(f.names, ["a", "b"])
        with linreg.parse_csv("1,2\n3,4\n", header=False) as f:
            self.assertEqual((f.names, f.nrows), (["V1", "V2"], 2))
        # na replaces the default list: "NA" is then a text
        with linreg.parse_csv("a,b\n1,-999\n2,NA\n", na=["-999"]) as f:
            self.assertEqual(f.column("b"), [None, "NA"])
        with linreg.parse_csv("a,b\n1,-999\n2,\n", na=["-999", ""]) as f:
            self.assertAllRel(f["b"], [math.nan, math.nan])
            self.assertEqual(f.column_type("b"), "numeric")
        with linreg.parse_csv("k,y\n1,2\n10,4\n2,5\n", categorical=["k"]) as f:
            self.assertEqual(f.levels("k"), ["1", "10", "2"])
            self.assertEqual(f.column("k"), ["1", "10", "2"])
        with linreg.parse_csv("k,y\n1,2\n", numeric="y") as f:  # one name as a string
            self.assertEqual(f.column_type("y"), "numeric")

    def test_read_csv_file_with_options(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "semi.csv")
            with open(path, "w") as fh:
                fh.write("zone;price\n1;100\n2;.\n1;120\n")
            with linreg.read_csv(path, delimiter=";", na=["."], categorical=["zone"]) as f:
                self.assertEqual(f.types, {"zone": "categorical", "price": "numeric"})
                self.assertEqual(f.nmissing("price"), 1)

    def test_csv_errors(self):
        self.raises(linreg.ParseError, linreg.parse_csv, "a,b\n1,x\n", numeric=["b"],
                    contains="<text>:2: column 'b': cannot read 'x' as a number")
        self.raises(linreg.NotFoundError, linreg.parse_csv, "a,b\n1,x\n", numeric=["zz"],
                    contains="column 'zz' declared numeric is not in the header")
        self.raises(linreg.NotFoundError, linreg.parse_csv, "a,b\n1,x\n", categorical=["zz"],
                    contains="'zz'")
        for bad in ("::", '"', "\n", 5):
            self.check(linreg.InvalidArgumentError, S.INVALID_ARG, linreg.parse_csv, "a\n1\n",
                       delimiter=bad)
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, linreg.parse_csv, "a\n1\n",
                   na=[3], contains="na[0] is 3, not a string")

    def check(self, cls, status, fn, *args, contains=None, **kwargs):
        with self.assertRaises(cls) as ctx:
            fn(*args, **kwargs)
        self.assertEqual(ctx.exception.status, status)
        if contains:
            self.assertIn(contains, str(ctx.exception))
        return ctx.exception


class FrameFromPythonTest(Asserts, CErrorAsserts, unittest.TestCase):
    def test_numbers_texts_and_missing(self):
        data = {"a": [1, None, 3.5, math.nan], "g": ["u", None, "v", "u"],
                "w": array.array("d", [1, 2, 3, 4]), "t": (True, False, True, True)}
        with linreg.frame(data) as f:
            self.assertEqual(f.names, ["a", "g", "w", "t"])
            self.assertEqual(f.types, {"a": "numeric", "g": "categorical", "w": "numeric",
                                       "t": "numeric"})
            self.assertAllRel(f["a"], [1, math.nan, 3.5, math.nan])
            self.assertEqual((f.nmissing("a"), f.nmissing("g")), (2, 1))
            self.assertEqual(f["g"], ["u", None, "v", "u"])
            self.assertEqual(f.levels("g"), ["u", "v"])
            self.assertAllRel(f["w"], [1, 2, 3, 4])
            self.assertAllRel(f["t"], [1, 0, 1, 1])
        # forced categorical: numbers become their texts (R's as.character)
        with linreg.Frame.from_dict({"k": [1, 2, 2.5, 1e20, None]}, categorical=["k"]) as f:
            self.assertEqual(f["k"], ["1", "2", "2.5", "1e+20", None])

    def test_same_as_the_csv_reader(self):
        cols = read_columns(WINDSOR)
        with linreg.frame(cols) as a, linreg.read_csv(WINDSOR) as b:
            self.assertEqual(a.names, b.names)
            self.assertEqual(a.types, b.types)
            for name in a.names:
                self.assertEqual(tolist(a[name]), tolist(b[name]), name)
                if a.column_type(name) == "categorical":
                    self.assertEqual(a.levels(name), b.levels(name))
                    self.assertEqual(tolist(a.codes(name)), tolist(b.codes(name)))

    @unittest.skipIf(np is None, NUMPY_SKIP)
    def test_numpy_columns(self):
        data = {"x": np.arange(10.0)[::2], "i": np.arange(5), "s": np.array(list("abcab")),
                "o": np.array(["p", None, "q", "p", "q"], dtype=object)}
        with linreg.frame(data) as f:
            self.assertEqual(f.types, {"x": "numeric", "i": "numeric", "s": "categorical",
                                       "o": "categorical"})
            self.assertEqual(tolist(f["x"]), [0, 2, 4, 6, 8])
            self.assertEqual(f["o"], ["p", None, "q", "p", "q"])
            self.assertEqual(f.codes("s").dtype, np.intc)

    def test_errors(self):
        self.raises(linreg.InvalidArgumentError, linreg.frame, {"a": [1, 2], "": [1, 2]},
                    contains="a column name must not be empty")
        with self.assertRaises(linreg.InputTypeError) as ctx:
            linreg.frame({"a": ["x", 2]})
        self.assertIn("column 'a' holds texts, but row 2 is 2", str(ctx.exception))
        with self.assertRaises(linreg.InputTypeError) as ctx:
            linreg.frame({"a": [1, {}]})
        self.assertIn("column 'a' row 2 is {}, not a number", str(ctx.exception))
        with self.assertRaises(linreg.DimensionError) as ctx:
            linreg.frame({"a": [1, 2], "b": [1]})
        self.assertIn("column 'b' has 1 values but column 'a' has 2", str(ctx.exception))
        with self.assertRaises(linreg.InputTypeError):
            linreg.frame({"a": 5})
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.frame([1, 2, 3])
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.frame({1: [1.0]})
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.frame({"a": ["x\0y"]})


if __name__ == "__main__":
    unittest.main()

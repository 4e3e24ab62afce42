"""Data frames (``lr_frame_*``, include/linreg/frame.h): named columns,
numeric or categorical, with missing values; read from CSV or built from
Python data (a mapping of name -> sequence)."""

import array
import ctypes
import math
import numbers
import os
from collections.abc import Mapping

from ._handle import OwnsHandle
from . import _buffers as B
from ._api import ColumnType, FrameP, LrCsvOptions, api
from .errors import InputTypeError, NotFoundError, Status

__all__ = ["Frame", "read_csv", "parse_csv", "frame"]

#: Column types as Frame.column_type() names them.
NUMERIC = "numeric"
CATEGORICAL = "categorical"


def _text_list(values, what):
    """A NULL-terminated char *[] of UTF-8 texts (None: the C default)."""
    if values is None:
        return None
    if isinstance(values, (str, bytes)):
        values = [values]
    enc = []
    for i, v in enumerate(values):
        if isinstance(v, bytes):
            b = v
        elif isinstance(v, str):
            b = v.encode("utf-8")
        else:
            raise api.error(Status.INVALID_ARG, "%s[%d] is %r, not a string" % (what, i, v))
        if b"\0" in b:
            raise api.error(Status.INVALID_ARG, "%s[%d] contains a NUL character" % (what, i))
        enc.append(b)
    return (ctypes.c_char_p * (len(enc) + 1))(*enc)


def _csv_options(delimiter=",", header=True, na=None, numeric=None, categorical=None):
    """(LrCsvOptions, the C arrays it points to: keep them alive during the call)."""
    o = LrCsvOptions()
    api.lr_csv_options_init(ctypes.byref(o))
    if delimiter is not None:
        if delimiter == "tab":
            delimiter = "\t"
        if (not isinstance(delimiter, str) or len(delimiter) != 1 or ord(delimiter) > 127
                or delimiter in '"\r\n\0'):
            raise api.error(Status.INVALID_ARG, "delimiter must be one ASCII character other "
                            "than a quote or a line end, or 'tab'; got %r" % (delimiter,))
        o.delimiter = delimiter.encode("ascii")
    o.header = 1 if header else 0
    keep = [_text_list(na, "na"), _text_list(numeric, "numeric"),
            _text_list(categorical, "categorical")]
    o.na_strings, o.numeric, o.categorical = keep
    return o, keep


def read_csv(path, delimiter=",", na=None, numeric=None, categorical=None, header=True):
    """Reads a CSV file into a Frame (``lr_frame_read_csv``).

    Column types are inferred: numeric when every non-missing cell is a
    number, else categorical (levels sorted bytewise, as R's sort() in the C
    locale). delimiter: one character or "tab". na: the cell texts read as
    missing (default "", "NA", "NaN", "null"; a list replaces the default).
    numeric / categorical: column names forced to that type (a text in a
    forced-numeric column is a ParseError naming line and column).
    header=False: the first line is data and columns are named V1, V2, ...
    """
    opts, keep = _csv_options(delimiter, header, na, numeric, categorical)
    handle = FrameP()
    api.lr_frame_read_csv(os.fsencode(path), ctypes.byref(opts), ctypes.byref(handle))
    del keep
    return Frame(handle)


def parse_csv(text, source="<text>", delimiter=",", na=None, numeric=None, categorical=None,
              header=True):
    """Parses CSV text (str or bytes) into a Frame; source names it in errors.
    Options as :func:`read_csv`."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    opts, keep = _csv_options(delimiter, header, na, numeric, categorical)
    handle = FrameP()
    api.lr_frame_parse_csv(data, len(data), str(source).encode("utf-8"), ctypes.byref(opts),
                           ctypes.byref(handle))
    del keep
    return Frame(handle)


# ------------------------------------------------------- frames from Python data

def _is_missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


def _number_text(v):
    """A number as the text of a categorical cell: integers as digits, other
    numbers with 15 significant digits (R's as.character)."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    f = float(v)
    if f.is_integer() and abs(f) < 1e15:
        return "%d" % f
    return "%.15g" % f


def _as_list(values, what):
    if B.np is not None and isinstance(values, B.np.ndarray):
        return values.tolist()
    try:
        return list(values)
    except TypeError:
        raise api.error(Status.INVALID_ARG, "%s must be a sequence, not %s"
                        % (what, type(values).__name__)) from None


def _column(name, values, force_categorical=False):
    """("numeric", Array of n contiguous doubles) or ("categorical", list of
    bytes/None) for one column given in Python."""
    what = "column '%s'" % name
    if isinstance(values, (str, bytes)) or B._is_scalar(values):
        raise InputTypeError("%s must be a sequence of values, not %s"
                             % (what, type(values).__name__), Status.INVALID_ARG,
                             api.strerror(Status.INVALID_ARG))
    np = B.np
    if np is not None and not isinstance(values, (list, tuple)) and \
            (hasattr(values, "__array__") or hasattr(values, "__array_interface__")):
        arr = np.asarray(values)
        if arr.ndim != 1:
            raise api.error(Status.DIMENSION, "%s must be one-dimensional, got shape %s"
                            % (what, arr.shape))
        if arr.dtype.kind in "fiub" and not force_categorical:
            return NUMERIC, B.contiguous(arr, what)
        values = arr.tolist()
    elif not isinstance(values, (list, tuple)) and not force_categorical:
        exp = B._try_export(values)
        if exp is not None:  # array.array, memoryview...: numbers
            exp.release()
            return NUMERIC, B.contiguous(values, what)
    items = _as_list(values, what)
    text = force_categorical or any(isinstance(v, (str, bytes)) for v in items)
    if text:
        out = []
        for i, v in enumerate(items):
            if _is_missing(v):
                out.append(None)
            elif isinstance(v, str):
                out.append(v.encode("utf-8"))
            elif isinstance(v, bytes):
                out.append(v)
            elif force_categorical and isinstance(v, numbers.Real):
                out.append(_number_text(v).encode("ascii"))
            else:
                raise InputTypeError("%s holds texts, but row %d is %r (a categorical column "
                                     "takes texts, and None for a missing cell)"
                                     % (what, i + 1, v), Status.INVALID_ARG,
                                     api.strerror(Status.INVALID_ARG))
            if out[-1] is not None and b"\0" in out[-1]:
                raise api.error(Status.INVALID_ARG, "%s row %d contains a NUL character"
                                % (what, i + 1))
        return CATEGORICAL, out
    data = array.array("d")
    for i, v in enumerate(items):
        if v is None:
            data.append(math.nan)
            continue
        try:
            data.append(float(v))
        except (TypeError, ValueError, OverflowError):
            raise InputTypeError("%s row %d is %r, not a number (or None for a missing cell)"
                                 % (what, i + 1, v), Status.INVALID_ARG,
                                 api.strerror(Status.INVALID_ARG)) from None
    return NUMERIC, B.Array(data.buffer_info()[0] if items else None, (len(items),), (1,),
                            owner=data)


def _columns_of(data):
    """(name, values) pairs of a mapping or a pandas DataFrame."""
    if isinstance(data, Mapping):
        return list(data.items())
    if hasattr(data, "columns") and hasattr(data, "__getitem__"):
        return [(str(c), data[c]) for c in data.columns]
    raise api.error(Status.INVALID_ARG, "data must be a mapping of column name -> values, a "
                    "Frame or a CSV path, not %s" % type(data).__name__)


def frame(data, categorical=None, scalars=False):
    """A Frame built from Python data (``lr_frame_create`` / ``lr_frame_add_*``).

    data: a mapping of column name -> sequence (or a pandas DataFrame). A
    column holding texts (str) is categorical, None marking a missing cell;
    any other column is numeric, None or NaN marking a missing cell (numpy
    numeric arrays and buffers of doubles are read as numbers). categorical:
    names of columns to read as categorical even when they hold numbers (the
    numbers become their texts: 1 -> "1", 2.5 -> "2.5"). scalars=True lets a
    column be a single value (a frame of one row). The values are copied.
    """
    force = set(categorical or ())
    cols = _columns_of(data)
    built = []
    n = None
    first = None
    for name, values in cols:
        if not isinstance(name, str):
            raise api.error(Status.INVALID_ARG, "column names must be strings, got %r" % (name,))
        if scalars and (B._is_scalar(values) or isinstance(values, (str, bytes))
                        or values is None):
            values = [values]
        kind, col = _column(name, values, name in force)
        length = col.shape[0] if kind == NUMERIC else len(col)
        if n is None:
            n, first = length, name
        elif length != n:
            if kind == NUMERIC:
                col.release()
            raise api.error(Status.DIMENSION, "column '%s' has %d values but column '%s' has %d"
                            % (name, length, first, n))
        built.append((name, kind, col))
    handle = FrameP()
    try:
        api.lr_frame_create(n or 0, ctypes.byref(handle))
        for name, kind, col in built:
            cname = name.encode("utf-8")
            if kind == NUMERIC:
                addr = col.addr
                if not n:
                    one = array.array("d", [0.0])
                    addr = one.buffer_info()[0]
                api.lr_frame_add_numeric(handle, cname, addr)
            else:
                cells = (ctypes.c_char_p * max(len(col), 1))(*col)
                api.lr_frame_add_categorical(handle, cname, cells)
    except BaseException:
        api.lr_frame_free(handle)
        raise
    finally:
        for name, kind, col in built:
            if kind == NUMERIC:
                col.release()
    return Frame(handle)


class Frame(OwnsHandle, Mapping):
    """Named columns, numeric or categorical, with missing values; a
    read-only mapping name -> column.

    A numeric column comes out as a copy of its doubles (numpy array when
    numpy is importable, else array('d')) with NaN where missing; a
    categorical column as a list of texts with None where missing. A Frame
    is data for :func:`linreg.ols` and ``Model.predict``; its numeric
    columns can also be passed to :func:`linreg.fit` as X with y naming a
    column. Owns its C handle: close() or a ``with`` block frees it.
    """

    _WHAT = "the frame"

    def _free(self, handle):
        api.lr_frame_free(handle)

    def __init__(self, handle):
        self._handle = handle
        self.names = [api.lr_frame_name(handle, j).decode("utf-8", "replace")
                      for j in range(api.lr_frame_ncols(handle))]
        self.nrows = api.lr_frame_nrows(handle)

    @property
    def ncols(self):
        return len(self.names)

    def __repr__(self):
        if self._handle is None:
            return "<linreg.Frame %d rows x %d columns (closed)>" % (self.nrows, self.ncols)
        return "<linreg.Frame %d rows x %d columns: %s>" % (
            self.nrows, self.ncols, ", ".join("%s (%s)" % (n, self.column_type(j)[:3])
                                              for j, n in enumerate(self.names)))

    def find(self, name):
        """The 0-based index of the column called name (NotFoundError if none)."""
        index = ctypes.c_size_t()
        api.lr_frame_find(self._h(), str(name).encode("utf-8"), ctypes.byref(index))
        return index.value

    def _index(self, j):
        if isinstance(j, str):
            return self.find(j)
        if isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < len(self.names):
            raise api.error(Status.NOT_FOUND, "no column %r: the frame has %d columns"
                            % (j, len(self.names)))
        return j

    def column_type(self, j):
        """"numeric" or "categorical" (j: an index or a name)."""
        j = self._index(j)
        t = api.lr_frame_column_type(self._h(), j)
        return CATEGORICAL if t == ColumnType.CATEGORICAL else NUMERIC

    @property
    def types(self):
        """{name: "numeric" or "categorical"}."""
        return {name: self.column_type(j) for j, name in enumerate(self.names)}

    def levels(self, j):
        """The levels of a categorical column, sorted bytewise ([] for a numeric one)."""
        h = self._h()
        j = self._index(j)
        return [api.lr_frame_level(h, j, lv).decode("utf-8", "replace")
                for lv in range(api.lr_frame_nlevels(h, j))]

    def codes(self, j):
        """The level codes of a categorical column (0-based into levels(j), -1
        where missing) as array('i') or a numpy int32 array."""
        h = self._h()
        j = self._index(j)
        ptr = api.lr_frame_codes(h, j)
        if not ptr:
            raise api.error(Status.INVALID_ARG, "column '%s' is numeric: it has no level codes"
                            % self.names[j])
        raw = ctypes.string_at(ptr, 4 * self.nrows) if self.nrows else b""
        if B.np is not None:
            return B.np.frombuffer(raw, dtype=B.np.intc).copy()
        out = array.array("i")
        out.frombytes(raw)
        return out

    def nmissing(self, j):
        """Number of missing cells of column j."""
        return api.lr_frame_nmissing(self._h(), self._index(j))

    def is_missing(self, i, j):
        """True when cell (row i, column j) is missing (0-based row)."""
        return bool(api.lr_frame_is_missing(self._h(), i, self._index(j)))

    def column(self, j):
        """A copy of column j (an index or a name): doubles (NaN where
        missing) for a numeric column, texts (None where missing) for a
        categorical one."""
        h = self._h()
        j = self._index(j)
        if api.lr_frame_column_type(h, j) == ColumnType.CATEGORICAL:
            levels = self.levels(j)
            return [levels[c] if c >= 0 else None for c in self.codes(j)]
        return B.copy_from(api.lr_frame_column(h, j), self.nrows)

    # Mapping protocol: name -> column copy.
    def __getitem__(self, name):
        if not isinstance(name, str):
            raise KeyError(name)
        try:
            return self.column(name)
        except NotFoundError:
            raise KeyError(name) from None

    def __iter__(self):
        return iter(self.names)

    def __len__(self):
        return len(self.names)

    def __contains__(self, name):
        return name in self.names

    def to_dict(self):
        """{name: column copy} for every column."""
        return {name: self.column(j) for j, name in enumerate(self.names)}

    @classmethod
    def from_dict(cls, data, categorical=None):
        """The same as :func:`linreg.frame`."""
        return frame(data, categorical)

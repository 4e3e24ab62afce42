"""CSV data frames (``lr_frame_*``, include/linreg/frame.h)."""

import ctypes
import os
from collections.abc import Mapping

from . import _buffers as B
from ._api import FrameP, LrCsvOptions, api
from .errors import ClosedError, NotFoundError, Status

__all__ = ["Frame", "read_csv", "parse_csv"]


def _csv_options(delimiter):
    o = LrCsvOptions()
    api.lr_csv_options_init(ctypes.byref(o))
    if delimiter is not None:
        if delimiter == "tab":
            delimiter = "\t"
        if not isinstance(delimiter, str) or len(delimiter) != 1 or ord(delimiter) > 127:
            raise api.error(Status.INVALID_ARG, "delimiter must be one ASCII character or "
                            "'tab', got %r" % (delimiter,))
        o.delimiter = delimiter.encode("ascii")
    return o


def read_csv(path, delimiter=","):
    """Reads a numeric CSV file with a header row into a Frame (lr_frame_read_csv)."""
    opts = _csv_options(delimiter)
    handle = FrameP()
    api.lr_frame_read_csv(os.fsencode(path), ctypes.byref(opts), ctypes.byref(handle))
    return Frame(handle)


def parse_csv(text, source="<text>", delimiter=","):
    """Parses numeric CSV text (str or bytes) into a Frame; source names it in errors."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    opts = _csv_options(delimiter)
    handle = FrameP()
    api.lr_frame_parse_csv(data, len(data), str(source).encode("utf-8"), ctypes.byref(opts),
                           ctypes.byref(handle))
    return Frame(handle)


class Frame(Mapping):
    """Named numeric columns read from CSV; a read-only mapping name -> column.

    Columns come out as copies (numpy arrays when numpy is importable, else
    array('d')), so they stay valid after close(). A Frame can be passed to
    linreg.fit as X (a mapping of columns), with y naming a column.
    """

    def __init__(self, handle):
        self._handle = handle
        self.names = [api.lr_frame_name(handle, j).decode("utf-8", "replace")
                      for j in range(api.lr_frame_ncols(handle))]
        self.nrows = api.lr_frame_nrows(handle)

    @property
    def ncols(self):
        return len(self.names)

    def close(self):
        """Frees the C frame. Idempotent."""
        handle, self._handle = self._handle, None
        if handle:
            api.lr_frame_free(handle)

    @property
    def closed(self):
        return self._handle is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def _h(self):
        if self._handle is None:
            raise ClosedError("the frame is closed", None, None)
        return self._handle

    def __repr__(self):
        state = " (closed)" if self._handle is None else ""
        return "<linreg.Frame %d rows x %d columns%s: %s>" % (
            self.nrows, self.ncols, state, ", ".join(self.names))

    def find(self, name):
        """The 0-based index of the column called name (NotFoundError if none)."""
        index = ctypes.c_size_t()
        api.lr_frame_find(self._h(), str(name).encode("utf-8"), ctypes.byref(index))
        return index.value

    def column(self, j):
        """A copy of column j (an index or a name)."""
        h = self._h()
        if isinstance(j, str):
            j = self.find(j)
        if isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < len(self.names):
            raise api.error(Status.NOT_FOUND, "no column %r: the frame has %d columns"
                            % (j, len(self.names)))
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

"""Python inputs -> the C library's strided views (lr_matrix / lr_vector).

Zero copy: any object exporting a buffer of doubles (PEP 3118: numpy arrays
of any layout or stride, negative strides and non-contiguous views included,
``array.array('d')``, ``memoryview``) is passed by address and strides; the
buffer export is held (like a live ``memoryview``) for as long as the C side
may read the memory, which also stops the exporter from resizing it.
Copies are made only when they must be: lists and tuples, other number
types (int, float32, ...), byte orders other than the machine's, addresses
or byte strides that are not multiples of 8 (the C API counts strides in
doubles), and mappings of columns (gathered column-major in one copy).

Outputs are numpy arrays when numpy is importable (and LINREG_NO_NUMPY is
not set), otherwise ``array.array('d')`` for vectors and lists of lists for
matrices.
"""

import array
import ctypes
import numbers
import os
import sys
from collections.abc import Mapping
from ctypes import POINTER, c_char_p, c_int, c_ssize_t, c_void_p

from ._api import LrMatrix, LrVector, api
from .errors import DimensionError, InputTypeError, InvalidArgumentError, NotFoundError, Status

np = None
if not os.environ.get("LINREG_NO_NUMPY"):
    try:
        import numpy as np
    except ImportError:
        np = None


def _fail(cls, status, detail):
    return cls(detail, status, api.strerror(status))


# ------------------------------------------------- PEP 3118 buffer exports

class _PyBuffer(ctypes.Structure):
    """CPython's Py_buffer (stable ABI since 3.11, unchanged since 3.3)."""
    _fields_ = [("buf", c_void_p), ("obj", c_void_p), ("len", c_ssize_t),
                ("itemsize", c_ssize_t), ("readonly", c_int), ("ndim", c_int),
                ("format", c_char_p), ("shape", POINTER(c_ssize_t)),
                ("strides", POINTER(c_ssize_t)), ("suboffsets", POINTER(c_ssize_t)),
                ("internal", c_void_p)]


_PyBUF_RECORDS_RO = 0x0004 | 0x0008 | 0x0010  # FORMAT | ND | STRIDES, read-only is fine

try:
    # Private function objects, so no other user of ctypes.pythonapi can
    # change their prototypes under us.
    _get_buffer = ctypes.PYFUNCTYPE(c_int, ctypes.py_object, POINTER(_PyBuffer), c_int)(
        ("PyObject_GetBuffer", ctypes.pythonapi))
    _release_buffer = ctypes.PYFUNCTYPE(None, POINTER(_PyBuffer))(
        ("PyBuffer_Release", ctypes.pythonapi))
except (AttributeError, OSError):  # not CPython: inputs are copied instead
    _get_buffer = _release_buffer = None

if sys.byteorder == "little":
    _DOUBLE_FORMATS = frozenset([b"d", b"@d", b"=d", b"<d"])
else:
    _DOUBLE_FORMATS = frozenset([b"d", b"@d", b"=d", b">d", b"!d"])


class _Export:
    """One held buffer export of an object (released by release())."""
    __slots__ = ("view", "active", "__weakref__")

    def __init__(self, obj):
        self.view = _PyBuffer()
        self.active = False
        _get_buffer(obj, ctypes.byref(self.view), _PyBUF_RECORDS_RO)
        self.active = True

    def release(self):
        if self.active:
            self.active = False
            _release_buffer(ctypes.byref(self.view))

    def __del__(self):
        try:
            self.release()
        except Exception:  # interpreter shutdown
            pass


class Array:
    """Doubles in memory as the C library sees them: the address of element
    0, the shape (1-D or 2-D), the strides counted in doubles, and what keeps
    the memory valid (a held export of the caller's object, or a private copy)."""
    __slots__ = ("addr", "shape", "strides", "export", "owner")

    def __init__(self, addr, shape, strides, export=None, owner=None):
        self.addr = addr or None
        self.shape = tuple(shape)
        self.strides = tuple(strides)
        self.export = export
        self.owner = owner

    @property
    def zero_copy(self):
        """True when the caller's memory itself is used (no copy was made)."""
        return self.export is not None

    def release(self):
        if self.export is not None:
            self.export.release()
        self.export = None
        self.owner = None


def _is_scalar(v):
    if isinstance(v, (str, bytes, bytearray)):
        return False
    if isinstance(v, numbers.Number):
        return True
    return hasattr(v, "__float__") and not hasattr(v, "__iter__") and not hasattr(v, "__len__")


def _from_export(exp, what):
    """An Array on the exported memory, or None when it cannot be used as is."""
    v = exp.view
    ndim = v.ndim
    if ndim > 2:
        shape = tuple(v.shape[i] for i in range(ndim))
        raise _fail(DimensionError, Status.DIMENSION,
                    "%s must be one- or two-dimensional, got shape %s" % (what, shape))
    if ndim == 0 or v.itemsize != 8 or v.format not in _DOUBLE_FORMATS or v.suboffsets:
        return None
    shape = tuple(v.shape[i] for i in range(ndim))
    strides = tuple(v.strides[i] for i in range(ndim))
    addr = v.buf or 0
    if addr % 8 or any(s % 8 for s in strides):
        return None  # unaligned doubles: the C side reads double *, so copy
    return Array(addr, shape, [s // 8 for s in strides], export=exp)


def as_array(obj, what):
    """obj as an Array, zero-copy when obj exports a usable buffer of doubles."""
    if isinstance(obj, (str, bytes, bytearray)):
        raise _fail(InputTypeError, Status.INVALID_ARG,
                    "%s must be numbers, not %s" % (what, type(obj).__name__))
    if isinstance(obj, Mapping):
        raise _fail(InputTypeError, Status.INVALID_ARG,
                    "%s must be a sequence or an array, not a mapping" % what)
    exp = _try_export(obj)
    if exp is None and np is not None and not isinstance(obj, (list, tuple)) and \
            (hasattr(obj, "__array__") or hasattr(obj, "__array_interface__")):
        # An array-like without the buffer protocol (e.g. a pandas Series):
        # numpy gives a view of its memory when it already holds doubles.
        try:
            obj = np.asarray(obj)
        except (TypeError, ValueError) as exc:
            raise _fail(InputTypeError, Status.INVALID_ARG,
                        "%s cannot be converted to an array: %s" % (what, exc)) from None
        if obj.dtype != np.float64:
            return _converted(obj, what, True)
        exp = _try_export(obj)
    if exp is not None:
        try:
            arr = _from_export(exp, what)
        except BaseException:
            exp.release()
            raise
        if arr is not None:
            return arr
        exp.release()
    return _converted(obj, what, exp is not None)


def _try_export(obj):
    if _get_buffer is None:
        return None
    try:
        return _Export(obj)
    except (TypeError, BufferError, ValueError):
        return None


def _converted(obj, what, is_buffer):
    """A private float64 copy of obj (lists, other number types, odd layouts)."""
    array_like = is_buffer or hasattr(obj, "__array__") or hasattr(obj, "__array_interface__")
    if np is not None and array_like and not isinstance(obj, (list, tuple)):
        try:
            a = np.array(obj, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise _fail(InputTypeError, Status.INVALID_ARG,
                        "%s cannot be converted to doubles: %s" % (what, exc)) from None
        if a.ndim == 0:
            raise _fail(InputTypeError, Status.INVALID_ARG,
                        "%s must be a sequence or an array, not a scalar" % what)
        if a.ndim > 2:
            raise _fail(DimensionError, Status.DIMENSION,
                        "%s must be one- or two-dimensional, got shape %s" % (what, a.shape))
        return Array(a.ctypes.data, a.shape, [s // 8 for s in a.strides], owner=a)
    seq = obj
    if is_buffer or (_get_buffer is None and _supports_buffer(obj)):
        try:
            seq = memoryview(obj).tolist()
        except (NotImplementedError, TypeError, ValueError) as exc:
            raise _fail(InputTypeError, Status.INVALID_ARG,
                        "%s: cannot read this buffer without numpy (%s)" % (what, exc)) from None
    return _from_sequence(seq, what)


def _supports_buffer(obj):
    try:
        memoryview(obj)
        return True
    except TypeError:
        return False


def _floats(items, what, row):
    try:
        return array.array("d", items)
    except (TypeError, OverflowError):
        pass
    for j, v in enumerate(items):
        try:
            if isinstance(v, (str, bytes, bytearray)):
                raise TypeError
            float(v)
        except (TypeError, ValueError, OverflowError):
            where = "element %d" % (j + 1) if row is None else "row %d, column %d" % (row + 1, j + 1)
            raise _fail(InputTypeError, Status.INVALID_ARG,
                        "%s %s is %r, not a number" % (what, where, v)) from None
    return array.array("d", (float(v) for v in items))


def _from_sequence(seq, what):
    if _is_scalar(seq):
        raise _fail(InputTypeError, Status.INVALID_ARG,
                    "%s must be a sequence or an array, not a scalar" % what)
    try:
        items = seq if isinstance(seq, list) else list(seq)
    except TypeError:
        raise _fail(InputTypeError, Status.INVALID_ARG,
                    "%s must be a sequence of numbers or of rows, or a buffer of doubles; got %s"
                    % (what, type(seq).__name__)) from None
    n = len(items)
    if n == 0 or _is_scalar(items[0]) or isinstance(items[0], (str, bytes, bytearray)):
        data = _floats(items, what, None)  # a text element: _floats names it
        return Array(data.buffer_info()[0], (n,), (1,), owner=data)
    data = array.array("d")
    k = None
    for i, row in enumerate(items):
        if _is_scalar(row) or isinstance(row, (str, bytes, bytearray)):
            raise _fail(DimensionError, Status.DIMENSION,
                        "%s row %d is not a sequence but row 1 is" % (what, i + 1))
        if not isinstance(row, (list, tuple, array.array)):
            if _supports_buffer(row) and np is None:
                row = memoryview(row).tolist()
            row = list(row)
        if k is None:
            k = len(row)
        elif len(row) != k:
            raise _fail(DimensionError, Status.DIMENSION,
                        "%s row %d has %d values but row 1 has %d" % (what, i + 1, len(row), k))
        data.extend(_floats(row, what, i))
    return Array(data.buffer_info()[0], (n, k), (k, 1), owner=data)


def read_strided(addr, n, stride):
    """Copies n doubles at addr, addr + stride*8, ... into an array('d')."""
    if n == 0:
        return array.array("d")
    if stride == 0:  # a broadcast view: one value repeated
        return _frombytes(ctypes.string_at(addr, 8)) * n
    span = (n - 1) * abs(stride) + 1
    start = addr if stride > 0 else addr + (n - 1) * stride * 8
    raw = _frombytes(ctypes.string_at(start, span * 8))
    # Element i sits at raw[i * stride] (from the end when stride < 0).
    return raw if stride == 1 else raw[::stride]


def _frombytes(b):
    a = array.array("d")
    a.frombytes(b)
    return a


# --------------------------------------------------------------- views

def matrix(obj, what="X"):
    """(LrMatrix, Array) for a 2-D input (a 1-D input is one column)."""
    if isinstance(obj, Mapping):
        a = gather(obj, list(obj.keys()), what)
    else:
        a = as_array(obj, what)
    return matrix_view(a), a


def matrix_view(a):
    if len(a.shape) == 1:
        return LrMatrix(a.addr, a.shape[0], 1, a.strides[0], 1)
    return LrMatrix(a.addr, a.shape[0], a.shape[1], a.strides[0], a.strides[1])


def vector(obj, what="y"):
    """(LrVector, Array) for a 1-D input (or a 2-D one with one column)."""
    a = as_array(obj, what)
    if len(a.shape) == 2:
        if a.shape[1] != 1:
            a.release()
            raise _fail(DimensionError, Status.DIMENSION,
                        "%s must be one-dimensional, got shape %s" % (what, a.shape))
        return LrVector(a.addr, a.shape[0], a.strides[0]), a
    return LrVector(a.addr, a.shape[0], a.strides[0]), a


def gather(mapping, names, what, allow_scalar=False):
    """The columns mapping[name] for name in names, copied column-major into
    one buffer (an Array of shape (n, k); n is None when names is empty)."""
    out = array.array("d")
    n = None
    for name in names:
        try:
            col = mapping[name]
        except KeyError:
            raise _fail(NotFoundError, Status.NOT_FOUND,
                        "%s has no column '%s'" % (what, name)) from None
        if allow_scalar and _is_scalar(col):
            col = [col]
        a = as_array(col, "%s column '%s'" % (what, name))
        try:
            if len(a.shape) == 2 and a.shape[1] != 1:
                raise _fail(DimensionError, Status.DIMENSION,
                            "%s column '%s' must be one-dimensional, got shape %s"
                            % (what, name, a.shape))
            length = a.shape[0]
            if n is None:
                n = length
                first = name
            elif length != n:
                raise _fail(DimensionError, Status.DIMENSION,
                            "%s column '%s' has %d values but column '%s' has %d"
                            % (what, name, length, first, n))
            out.extend(read_strided(a.addr, length, a.strides[0]))
        finally:
            a.release()
    if n is None:
        return Array(None, (0, 0), (1, 1), owner=out)
    return Array(out.buffer_info()[0], (n, len(names)), (1, n), owner=out)


def c_names(names, what="names"):
    """A NULL-terminated-free char *[] of UTF-8 names (kept alive by the caller)."""
    enc = []
    for j, s in enumerate(names):
        if not isinstance(s, str):
            raise _fail(InputTypeError, Status.INVALID_ARG,
                        "%s[%d] is %r, not a string" % (what, j, s))
        b = s.encode("utf-8")
        if b"\0" in b:
            raise _fail(InvalidArgumentError, Status.INVALID_ARG,
                        "%s[%d] contains a NUL character" % (what, j))
        enc.append(b)
    return (c_char_p * max(len(enc), 1))(*enc)


def contiguous(obj, what, length=None):
    """A 1-D Array of doubles with stride 1 (for C arguments that take a plain
    ``const double *``): zero-copy when obj already is one, else a copy.
    length, when given, is the number of values C will read (checked)."""
    a = as_array(obj, what)
    try:
        if len(a.shape) == 2:
            if 1 not in a.shape:
                raise _fail(DimensionError, Status.DIMENSION,
                            "%s must be one-dimensional, got shape %s" % (what, a.shape))
            n = a.shape[0] * a.shape[1]
            stride = a.strides[0] if a.shape[1] == 1 else a.strides[1]
        else:
            n, stride = a.shape[0], a.strides[0]
        if length is not None and n != length:
            raise _fail(DimensionError, Status.DIMENSION,
                        "%s has %d values but %d are needed" % (what, n, length))
        if stride == 1 or n <= 1:
            return Array(a.addr, (n,), (1,), export=a.export, owner=a.owner)
        data = read_strided(a.addr, n, stride)
        a.release()
        return Array(data.buffer_info()[0] if n else None, (n,), (1,), owner=data)
    except BaseException:
        a.release()
        raise


if sys.byteorder == "little":
    _INT64_FORMATS = frozenset([b"q", b"@q", b"=q", b"<q", b"Q", b"@Q", b"=Q", b"<Q"])
else:
    _INT64_FORMATS = frozenset([b"q", b"@q", b"=q", b">q", b"!q", b"Q", b"@Q", b"=Q", b">Q",
                                b"!Q"])
if ctypes.sizeof(ctypes.c_long) == 8:
    _INT64_FORMATS = _INT64_FORMATS | frozenset([b"l", b"@l", b"L", b"@L"])


def _int64_export(obj):
    """An Array on obj's memory when it exports a contiguous 1-D buffer of
    8-byte integers (signed or unsigned: ids are only compared), else None."""
    exp = _try_export(obj)
    if exp is None:
        return None
    v = exp.view
    if (v.ndim == 1 and v.itemsize == 8 and v.format in _INT64_FORMATS and not v.suboffsets
            and (v.shape[0] <= 1 or v.strides[0] == 8) and (v.buf or 0) % 8 == 0):
        return Array(v.buf or 0, (v.shape[0],), (1,), export=exp)
    exp.release()
    return None


def ids(obj, what):
    """Cluster identifiers as (kind, Array): kind "double" (finite doubles) or
    "int64". Zero-copy for a contiguous 1-D buffer of doubles or of 8-byte
    integers (numpy float64/int64/uint64 arrays, array('d'/'q')); other
    numbers are copied; anything else (strings, tuples...) is coded as
    integers in order of first appearance, equal values sharing a code."""
    if isinstance(obj, (str, bytes, bytearray)) or _is_scalar(obj) or isinstance(obj, Mapping):
        raise _fail(InputTypeError, Status.INVALID_ARG,
                    "%s must be a sequence of cluster ids (one per row), not %s"
                    % (what, type(obj).__name__))
    a = _int64_export(obj)
    if a is not None:
        return "int64", a
    if np is not None and not isinstance(obj, (list, tuple)) and \
            (hasattr(obj, "__array__") or hasattr(obj, "__array_interface__")):
        arr = np.asarray(obj)
        if arr.ndim != 1:
            raise _fail(DimensionError, Status.DIMENSION,
                        "%s must be one-dimensional, got shape %s" % (what, arr.shape))
        if arr.dtype.kind in "iub":
            if arr.dtype.itemsize == 8 and arr.dtype.kind in "iu":
                a = _int64_export(arr)  # e.g. a pandas Series of int64
                if a is not None:
                    return "int64", a
            arr = np.ascontiguousarray(arr, dtype=np.int64)
            return "int64", Array(arr.ctypes.data, arr.shape, (1,), owner=arr)
        if arr.dtype.kind == "f":
            return "double", contiguous(arr, what)
        obj = arr.tolist()
    exp = _try_export(obj)
    if exp is not None:  # a buffer of some other type: read it as numbers
        v = exp.view
        exp.release()
        if v.format in _DOUBLE_FORMATS or (v.format or b"").lstrip(b"@=<>!") in (b"f", b"e"):
            return "double", contiguous(obj, what)
        obj = memoryview(obj).tolist()
    try:
        items = list(obj)
    except TypeError:
        raise _fail(InputTypeError, Status.INVALID_ARG,
                    "%s must be a sequence of cluster ids (one per row), not %s"
                    % (what, type(obj).__name__)) from None
    if all(isinstance(v, numbers.Integral) for v in items):
        try:
            data = array.array("q", items)
        except OverflowError:
            data = None
        if data is not None:
            return "int64", Array(data.buffer_info()[0] if items else None, (len(items),), (1,),
                                  owner=data)
    if all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in items):
        data = array.array("d", items)
        return "double", Array(data.buffer_info()[0] if items else None, (len(items),), (1,),
                               owner=data)
    codes = {}
    try:
        data = array.array("q", (codes.setdefault(v, len(codes)) for v in items))
    except TypeError:
        raise _fail(InputTypeError, Status.INVALID_ARG,
                    "%s: cluster ids must be numbers or hashable labels" % what) from None
    return "int64", Array(data.buffer_info()[0] if items else None, (len(items),), (1,),
                          owner=data)


# -------------------------------------------------------------- outputs

def new_vector(n):
    """(buffer, address) of room for n doubles (at least one, so never NULL)."""
    if np is not None:
        a = np.empty(max(n, 1))
        return a, a.ctypes.data
    a = array.array("d", bytes(8 * max(n, 1)))
    return a, a.buffer_info()[0]


def new_sizes(n):
    """(ctypes array, address) of room for n size_t values (at least one)."""
    a = (ctypes.c_size_t * max(n, 1))()
    return a, ctypes.addressof(a)


def new_bytes(n):
    """(ctypes array, address) of room for n unsigned chars (at least one)."""
    a = (ctypes.c_ubyte * max(n, 1))()
    return a, ctypes.addressof(a)


def vector_result(a, n):
    if len(a) != n:
        if np is not None:
            return a[:n].copy()
        del a[n:]
    return a


def copy_from(ptr, n):
    """A vector holding a copy of n doubles at a C pointer."""
    addr = ctypes.cast(ptr, c_void_p).value
    if np is not None:
        out = np.empty(n)
        if n:
            ctypes.memmove(out.ctypes.data, addr, 8 * n)
        return out
    return _frombytes(ctypes.string_at(addr, 8 * n)) if n else array.array("d")


def matrix_result(a, rows, cols):
    """A rows x cols matrix from row-major values."""
    if np is not None:
        return np.asarray(a[:rows * cols]).reshape(rows, cols)
    return [list(a[i * cols:(i + 1) * cols]) for i in range(rows)]


def matrix_column(m, j, rows, cols):
    """Column j of a rows x cols row-major buffer m (a vector result)."""
    if np is not None:
        return np.asarray(m[:rows * cols]).reshape(rows, cols)[:, j].copy()
    return array.array("d", (m[i * cols + j] for i in range(rows)))


def columns_result(*cols):
    """A matrix whose columns are the given vectors."""
    if np is not None:
        return np.column_stack(cols)
    return [list(row) for row in zip(*cols)]

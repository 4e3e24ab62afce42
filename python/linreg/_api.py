"""The C boundary: structures, enums and THE prototype table.

Every C function the package calls is declared once, in ``PROTOTYPES``
below, with its argument and result types; nothing else in the package
touches ``ctypes.CDLL`` attributes. A function declared with the result
type ``STATUS`` returns an ``lr_status``: the binder installs an
``errcheck`` that turns any non-zero status into the matching
``linreg.LinregError`` subclass carrying ``lr_last_error()``, so no status
can go unchecked. To bind a new C function, add one line to the block of
its header (see docs/python.md, "How to bind a new C function").

Opaque handles (``lr_model *``, ...) are typed pointers to distinct empty
structures, so passing a frame where a model is expected fails in ctypes
instead of in C.
"""

import ctypes
import enum
from ctypes import POINTER, c_char, c_char_p, c_double, c_int, c_size_t, c_void_p

from . import _library
from ._version import __version__
from .errors import LibraryError, Status, error_for_status

c_ptrdiff_t = ctypes.c_ssize_t


class LrMatrix(ctypes.Structure):
    """Mirror of ``lr_matrix``: a borrowed strided view; strides count doubles."""
    _fields_ = [("data", c_void_p), ("rows", c_size_t), ("cols", c_size_t),
                ("row_stride", c_ptrdiff_t), ("col_stride", c_ptrdiff_t)]


class LrVector(ctypes.Structure):
    """Mirror of ``lr_vector``."""
    _fields_ = [("data", c_void_p), ("len", c_size_t), ("stride", c_ptrdiff_t)]


class LrOptions(ctypes.Structure):
    """Mirror of ``lr_options``; always filled by ``lr_options_init`` first.
    The C API has no size function for it, so ``_check_layouts`` verifies at
    import that ``lr_options_init`` writes inside this mirror and that the
    defaults read back where expected."""
    _fields_ = [("intercept", c_int), ("level", c_double), ("weights", LrVector),
                ("rank_tol", c_double), ("refine", c_int), ("x_lo", LrMatrix),
                ("copy_data", c_int), ("call", c_char_p)]


class LrCsvOptions(ctypes.Structure):
    """Mirror of ``lr_csv_options``."""
    _fields_ = [("delimiter", c_char)]


def _opaque(name):
    return POINTER(type(name, (ctypes.Structure,), {"_fields_": []}))


ModelP = _opaque("lr_model")
AccumulatorP = _opaque("lr_accumulator")
FrameP = _opaque("lr_frame")


class Refine(enum.IntEnum):
    """``lr_refine``."""
    AUTO = 0
    ALWAYS = 1
    NEVER = 2


class CoefColumn(enum.IntEnum):
    """``lr_coef_column``."""
    ESTIMATE = 0
    STD_ERROR = 1
    T_VALUE = 2
    P_VALUE = 3
    CI_LOW = 4
    CI_HIGH = 5


class Stat(enum.IntEnum):
    """``lr_stat``; the value names are checked against ``lr_stat_name`` at import."""
    N = 0
    RANK = 1
    DF_MODEL = 2
    DF_RESID = 3
    SIGMA = 4
    R_SQUARED = 5
    ADJ_R_SQUARED = 6
    F = 7
    F_P_VALUE = 8
    LOG_LIKELIHOOD = 9
    AIC = 10
    BIC = 11
    CONDITION_NUMBER = 12
    RSS = 13
    TSS = 14
    INTERCEPT = 15
    REFINED = 16


#: lr_stat_name of each Stat, as the C library spells it (checked at import).
STAT_NAMES = {
    Stat.N: "n", Stat.RANK: "rank", Stat.DF_MODEL: "df_model", Stat.DF_RESID: "df_resid",
    Stat.SIGMA: "sigma", Stat.R_SQUARED: "r_squared", Stat.ADJ_R_SQUARED: "adj_r_squared",
    Stat.F: "f_statistic", Stat.F_P_VALUE: "f_p_value", Stat.LOG_LIKELIHOOD: "log_likelihood",
    Stat.AIC: "aic", Stat.BIC: "bic", Stat.CONDITION_NUMBER: "condition_number",
    Stat.RSS: "rss", Stat.TSS: "tss", Stat.INTERCEPT: "intercept", Stat.REFINED: "refined",
}


class Interval(enum.IntEnum):
    """``lr_interval``."""
    NONE = 0
    CONFIDENCE = 1
    PREDICTION = 2


#: Result type of a function returning ``lr_status`` (checked automatically).
STATUS = object()

_MAT = POINTER(LrMatrix)
_VEC = POINTER(LrVector)
_OPT = POINTER(LrOptions)
_NAMES = POINTER(c_char_p)   # const char *const *names (NULL allowed)
_DOUBLES = c_void_p          # double * / const double *: an address
_TEXT_OUT = POINTER(c_void_p)  # char ** returned text, caller frees with lr_free

# THE prototype table: (C name, result type, argument types), one block per
# header. A new header (diag.h, influence.h, robust.h, design.h, io.h, the S3
# module's own library) adds one block here and thin methods on the classes.
PROTOTYPES = [
    # ---- linreg.h: status, version, memory
    ("lr_strerror", c_char_p, [c_int]),
    ("lr_last_error", c_char_p, []),
    ("lr_version", c_char_p, []),
    ("lr_free", None, [c_void_p]),
    # ---- linreg.h: views and options
    ("lr_matrix_row_major", LrMatrix, [_DOUBLES, c_size_t, c_size_t]),
    ("lr_matrix_col_major", LrMatrix, [_DOUBLES, c_size_t, c_size_t]),
    ("lr_vector_of", LrVector, [_DOUBLES, c_size_t]),
    ("lr_options_init", None, [_OPT]),
    # ---- linreg.h: fit
    ("lr_fit", STATUS, [_MAT, _VEC, _NAMES, _OPT, POINTER(ModelP)]),
    ("lr_model_free", None, [ModelP]),
    # ---- linreg.h: streaming accumulator
    ("lr_accumulator_create", STATUS, [c_size_t, _OPT, POINTER(AccumulatorP)]),
    ("lr_accumulator_add", STATUS, [AccumulatorP, _MAT, _VEC, _VEC]),
    ("lr_accumulator_merge", STATUS, [AccumulatorP, AccumulatorP]),
    ("lr_accumulator_finish", STATUS, [AccumulatorP, _NAMES, POINTER(ModelP)]),
    ("lr_accumulator_free", None, [AccumulatorP]),
    # ---- linreg.h: model results
    ("lr_model_ncoef", c_size_t, [ModelP]),
    ("lr_model_coef_name", c_char_p, [ModelP, c_size_t]),
    ("lr_model_coef_aliased", c_int, [ModelP, c_size_t]),
    ("lr_model_coef_column", STATUS, [ModelP, c_int, c_double, _DOUBLES, c_size_t]),
    ("lr_model_stat", c_double, [ModelP, c_int]),
    ("lr_stat_name", c_char_p, [c_int]),
    ("lr_model_vcov", STATUS, [ModelP, _DOUBLES, c_size_t]),
    ("lr_model_nobs", c_size_t, [ModelP]),
    ("lr_model_fitted", POINTER(c_double), [ModelP]),
    ("lr_model_residuals", POINTER(c_double), [ModelP]),
    # ---- linreg.h: prediction, summary, JSON results
    ("lr_predict", STATUS, [ModelP, _MAT, c_int, c_double, _DOUBLES, _DOUBLES, _DOUBLES, _DOUBLES]),
    ("lr_model_summary", STATUS, [ModelP, _TEXT_OUT]),
    ("lr_model_results_json", STATUS, [ModelP, c_double, _TEXT_OUT]),
    # ---- linreg/frame.h: CSV data frames
    ("lr_csv_options_init", None, [POINTER(LrCsvOptions)]),
    ("lr_frame_read_csv", STATUS, [c_char_p, POINTER(LrCsvOptions), POINTER(FrameP)]),
    ("lr_frame_parse_csv", STATUS, [c_char_p, c_size_t, c_char_p, POINTER(LrCsvOptions),
                                    POINTER(FrameP)]),
    ("lr_frame_free", None, [FrameP]),
    ("lr_frame_nrows", c_size_t, [FrameP]),
    ("lr_frame_ncols", c_size_t, [FrameP]),
    ("lr_frame_name", c_char_p, [FrameP, c_size_t]),
    ("lr_frame_find", STATUS, [FrameP, c_char_p, POINTER(c_size_t)]),
    ("lr_frame_column", POINTER(c_double), [FrameP, c_size_t]),
]


class Api:
    """The loaded library: one attribute per entry of PROTOTYPES, plus helpers."""

    def __init__(self, cdll):
        self.cdll = cdll
        self.path = getattr(cdll, "_name", "?")

    def strerror(self, status):
        return self.lr_strerror(int(status)).decode("utf-8", "replace")

    def last_error(self):
        return self.lr_last_error().decode("utf-8", "replace")

    def error(self, status, detail):
        """An exception for a failure found on the Python side, in the C style."""
        return error_for_status(status, detail, self.strerror(status))

    def take_text(self, ptr):
        """Copies a char * the caller must free, then frees it with lr_free."""
        try:
            return ctypes.string_at(ptr.value).decode("utf-8", "replace")
        finally:
            self.lr_free(ptr)


def bind(cdll, prototypes=PROTOTYPES):
    """Declares every prototype on cdll and returns the Api object."""
    api = Api(cdll)
    missing = []
    for name, restype, argtypes in prototypes:
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.argtypes = argtypes
        if restype is STATUS:
            fn.restype = c_int
            fn.errcheck = _make_errcheck(api)
        else:
            fn.restype = restype
        setattr(api, name, fn)
    if missing:
        raise LibraryError("the linreg library at %s lacks %s: it is older than this binding "
                           "(version %s); rebuild it with `make`"
                           % (api.path, ", ".join(missing), __version__))
    return api


def _make_errcheck(api):
    def errcheck(result, func, args):
        if result != 0:
            # Read on the calling thread right after the call: the message
            # is the C library's thread-local lr_last_error().
            raise error_for_status(result, api.last_error(), api.strerror(result))
        return result
    return errcheck


def _check_version(api):
    lib = api.lr_version().decode("ascii", "replace")
    if lib.split(".")[:2] != __version__.split(".")[:2]:
        raise LibraryError("the linreg library at %s is version %s but this package is %s "
                           "(major.minor must match)" % (api.path, lib, __version__))
    return lib


def _check_layouts(api):
    """Import-time checks of the mirrored structs and enums against the library."""
    # lr_matrix / lr_vector: the constructors fill the fields we mirror.
    buf = (c_double * 12)()
    addr = ctypes.addressof(buf)
    m = api.lr_matrix_col_major(addr, 3, 4)
    v = api.lr_vector_of(addr, 7)
    if (m.data, m.rows, m.cols, m.row_stride, m.col_stride) != (addr, 3, 4, 1, 3) or \
            (v.data, v.len, v.stride) != (addr, 7, 1):
        raise LibraryError("the library's lr_matrix/lr_vector layout differs from linreg/_api.py")
    # lr_options: init must write only inside the mirror, and the defaults
    # must read back at the mirrored offsets.
    size = ctypes.sizeof(LrOptions)
    raw = (ctypes.c_ubyte * (size + 64))(*([0xA5] * (size + 64)))
    api.lr_options_init(ctypes.cast(raw, _OPT))
    if any(b != 0xA5 for b in raw[size:]):
        raise LibraryError("lr_options_init writes past the %d bytes of the Python mirror of "
                           "lr_options: the C struct has grown; update LrOptions in "
                           "linreg/_api.py" % size)
    o = LrOptions.from_buffer(raw)
    if not (o.intercept == 1 and 0 < o.level < 1 and 0 <= o.rank_tol < 1
            and o.refine == Refine.AUTO and o.copy_data == 0 and o.call is None
            and not o.weights.data and not o.x_lo.data):
        raise LibraryError("the defaults of lr_options_init do not read back through the "
                           "Python mirror of lr_options: update LrOptions in linreg/_api.py")
    for stat, name in STAT_NAMES.items():
        got = api.lr_stat_name(stat)
        if got is None or got.decode() != name:
            raise LibraryError("lr_stat %d is %r in the library but %r in linreg/_api.py"
                               % (stat, got, name))


def load():
    api = bind(_library.load())
    api.version = _check_version(api)
    _check_layouts(api)
    return api


api = load()

__all__ = ["api", "Api", "bind", "load", "PROTOTYPES", "STATUS", "LrMatrix", "LrVector",
           "LrOptions", "LrCsvOptions", "ModelP", "AccumulatorP", "FrameP", "Refine",
           "CoefColumn", "Stat", "STAT_NAMES", "Interval", "Status"]

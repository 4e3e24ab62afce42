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
    """Mirror of ``lr_csv_options`` (include/linreg/frame.h); filled by
    ``lr_csv_options_init`` first. The three lists are NULL-terminated
    ``char *`` arrays (NULL: the default)."""
    _fields_ = [("delimiter", c_char), ("header", c_int), ("na_strings", POINTER(c_char_p)),
                ("numeric", POINTER(c_char_p)), ("categorical", POINTER(c_char_p))]


class LrFormulaOptions(ctypes.Structure):
    """Mirror of ``lr_formula_options`` (include/linreg/design.h); filled by
    ``lr_formula_options_init`` first."""
    _fields_ = [("weights", c_char_p), ("na_action", c_int)]


class LrTestResult(ctypes.Structure):
    """Mirror of ``lr_test_result`` (include/linreg/diag.h): R's htest."""
    _fields_ = [("statistic", c_double), ("df", c_double * 2), ("p_value", c_double),
                ("n", c_size_t), ("method", c_char * 96)]


class LrDwResult(ctypes.Structure):
    """Mirror of ``lr_dw_result``."""
    _fields_ = [("statistic", c_double), ("p_positive", c_double), ("p_negative", c_double),
                ("p_two_sided", c_double), ("exact", c_int), ("n", c_size_t),
                ("method", c_char * 96)]


class LrGqOptions(ctypes.Structure):
    """Mirror of ``lr_gq_options``; filled by ``lr_gq_options_init`` first."""
    _fields_ = [("point", c_double), ("fraction", c_double), ("alternative", c_int),
                ("order_by", ctypes.c_long), ("order_values", LrVector)]


class LrBgOptions(ctypes.Structure):
    """Mirror of ``lr_bg_options``; filled by ``lr_bg_options_init`` first."""
    _fields_ = [("order", c_size_t), ("f_form", c_int), ("fill", c_double)]


class LrInfluenceSummary(ctypes.Structure):
    """Mirror of ``lr_influence_summary`` (include/linreg/influence.h)."""
    _fields_ = [("n", c_size_t), ("max_hat", c_double), ("max_hat_row", c_size_t),
                ("max_cooks_d", c_double), ("max_cooks_d_row", c_size_t),
                ("n_flagged", c_size_t), ("n_flagged_by", c_size_t * 5)]


#: ``LR_DIAG_TEST_COUNT_``: the tests of the batch diagnostics (include/linreg/diagnose.h).
DIAG_TEST_COUNT = 13

#: ``LR_DIAG_WHITE_MAX_WORK``: White's test is in lr_diagnose's default set
#: while n * q^2 is at most this (checked at import through lr_diag_options_init).
DIAG_WHITE_MAX_WORK = 1e9


class LrDiagOptions(ctypes.Structure):
    """Mirror of ``lr_diag_options`` (include/linreg/diagnose.h); filled by
    ``lr_diag_options_init`` first (checked at import). ``gq.order_values``
    is borrowed for the call only."""
    _fields_ = [("tests", c_int * DIAG_TEST_COUNT), ("max_work", c_double),
                ("bp_studentize", c_int), ("white_f_form", c_int), ("gq", LrGqOptions),
                ("dw_method", c_int), ("bg", LrBgOptions), ("lb_lag", c_size_t),
                ("lb_fitdf", c_size_t), ("reset_power", ctypes.c_uint),
                ("rainbow_fraction", c_double), ("rainbow_center", c_double),
                ("collinearity", c_int), ("influence", c_int), ("outlier_cutoff", c_double),
                ("outlier_max", c_size_t), ("keep_influence", c_int), ("keep_dfbetas", c_int)]


class LrClusterIds(ctypes.Structure):
    """Mirror of ``lr_cluster_ids`` (include/linreg/robust.h), returned by value
    by ``lr_cluster_doubles`` / ``lr_cluster_ints`` / ``lr_cluster_column``."""
    _fields_ = [("kind", c_int), ("dbl", c_void_p), ("i64", c_void_p), ("len", c_size_t),
                ("column", c_size_t)]


class LrRobustOptions(ctypes.Structure):
    """Mirror of ``lr_robust_options``; filled by ``lr_robust_options_init`` first."""
    _fields_ = [("type", c_int), ("lag", c_int), ("prewhite", c_int), ("adjust", c_int),
                ("cluster1", LrClusterIds), ("cluster2", LrClusterIds),
                ("cluster_type", c_int), ("cadjust", c_int)]


class LrCoefLabel(ctypes.Structure):
    """Mirror of ``lr_coef_label`` (borrowed strings, NULL allowed)."""
    _fields_ = [("unit", c_char_p), ("term", c_char_p), ("level", c_char_p),
                ("reference", c_char_p)]


class LrCheckOptions(ctypes.Structure):
    """Mirror of ``lr_check_options`` (include/linreg/report.h); filled by
    ``lr_check_options_init`` first (checked at import). The pointers are
    borrowed for the call only."""
    _fields_ = [("alpha", c_double), ("level", c_double), ("clusters", LrClusterIds),
                ("cluster_name", c_char_p), ("reliability", c_void_p), ("error_var", c_void_p),
                ("response", c_char_p), ("labels", POINTER(LrCoefLabel))]


def _opaque(name):
    return POINTER(type(name, (ctypes.Structure,), {"_fields_": []}))


ModelP = _opaque("lr_model")
RobustP = _opaque("lr_robust")
BoxCoxP = _opaque("lr_boxcox")
AccumulatorP = _opaque("lr_accumulator")
FrameP = _opaque("lr_frame")
DesignP = _opaque("lr_design")
ModelListP = _opaque("lr_model_list")
ReportP = _opaque("lr_report")
DiagnosticsP = _opaque("lr_diagnostics")


class LrS3Options(ctypes.Structure):
    """Mirror of ``lr_s3_options`` (include/linreg_s3.h, the S3 module's own
    library); filled by ``lr_s3_options_init`` first (checked when the
    module is loaded, see linreg/s3.py)."""
    _fields_ = [("access_key_id", c_char_p), ("secret_access_key", c_char_p),
                ("session_token", c_char_p), ("profile", c_char_p), ("region", c_char_p),
                ("endpoint_url", c_char_p), ("path_style", c_int), ("max_attempts", c_int),
                ("max_retry_seconds", c_double), ("backoff_seconds", c_double),
                ("connect_timeout", c_double), ("request_timeout", c_double)]


# The four functions of an lr_scheme backend (include/linreg/io.h); the
# lr_status they return is an int. Data pointers are addresses (c_void_p).
SchemeSave = ctypes.CFUNCTYPE(c_int, c_void_p, c_char_p, c_void_p, c_size_t, ctypes.c_uint)
SchemeLoad = ctypes.CFUNCTYPE(c_int, c_void_p, c_char_p, POINTER(c_void_p), POINTER(c_size_t))
SchemeRemove = ctypes.CFUNCTYPE(c_int, c_void_p, c_char_p)
SchemeList = ctypes.CFUNCTYPE(c_int, c_void_p, c_char_p, ModelListP)


class LrScheme(ctypes.Structure):
    """Mirror of ``lr_scheme``: a storage backend for "<scheme>://" URLs."""
    _fields_ = [("scheme", c_char_p), ("save", SchemeSave), ("load", SchemeLoad),
                ("remove", SchemeRemove), ("list", SchemeList), ("ctx", c_void_p)]


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


class ColumnType(enum.IntEnum):
    """``lr_column_type``."""
    NUMERIC = 0
    CATEGORICAL = 1


class NaAction(enum.IntEnum):
    """``lr_na_action``."""
    OMIT = 0
    FAIL = 1


class Section(enum.IntEnum):
    """``lr_section``: JSON sections attached to a model document."""
    TERMS = 0
    ROBUST = 1
    DIAGNOSTICS = 2
    REPORT = 3


#: ``LR_SECTION_COUNT_``
SECTION_COUNT = 4

#: ``LR_JSON_COMPACT`` (lr_model_to_json) and ``LR_SAVE_OVERWRITE`` (lr_model_save_ex).
JSON_COMPACT = 1
SAVE_OVERWRITE = 1


class Interval(enum.IntEnum):
    """``lr_interval``."""
    NONE = 0
    CONFIDENCE = 1
    PREDICTION = 2


class Alternative(enum.IntEnum):
    """``lr_alternative``: R's "greater", "two.sided", "less"."""
    GREATER = 0
    TWO_SIDED = 1
    LESS = 2


class DwMethod(enum.IntEnum):
    """``lr_dw_method``."""
    AUTO = 0
    EXACT = 1
    NORMAL = 2


class InfluenceMeasure(enum.IntEnum):
    """``lr_influence_measure``; DFBETA and DFBETAS are nobs x ncoef."""
    HAT = 0
    RSTANDARD = 1
    RSTUDENT = 2
    COOKS_D = 3
    DFFITS = 4
    COVRATIO = 5
    SIGMA = 6
    DFBETA = 7
    DFBETAS = 8


#: ``LR_INFL_COUNT_``
INFLUENCE_MEASURE_COUNT = 9


class InfluenceFlag(enum.IntFlag):
    """``LR_INFL_FLAG_*``: the cut-offs of R's influence.measures (is.inf)."""
    DFBETAS = 1
    DFFITS = 2
    COVRATIO = 4
    COOKS_D = 8
    HAT = 16


class DiagTest(enum.IntEnum):
    """``lr_diag_test``: the tests of ``lr_diagnose``, in the order of the
    JSON object (a test checks the order against the JSON keys)."""
    SHAPIRO_WILK = 0
    JARQUE_BERA = 1
    OMNIBUS = 2
    ANDERSON_DARLING = 3
    BREUSCH_PAGAN = 4
    WHITE = 5
    GOLDFELD_QUANDT = 6
    DURBIN_WATSON = 7
    BREUSCH_GODFREY = 8
    LJUNG_BOX = 9
    RESET = 10
    RAINBOW = 11
    HARVEY_COLLIER = 12


class DiagChoice(enum.IntEnum):
    """``lr_diag_choice``: per test of ``lr_diagnose``."""
    DEFAULT = 0
    ON = 1
    OFF = 2


class VcovType(enum.IntEnum):
    """``lr_vcov_type``; the names are checked against ``lr_vcov_type_name`` at import."""
    HC0 = 0
    HC1 = 1
    HC2 = 2
    HC3 = 3
    HC4 = 4
    HC4M = 5
    HC5 = 6
    NEWEY_WEST = 7
    CLUSTER = 8
    HAC = 9


#: lr_vcov_type_name of each VcovType (checked at import).
VCOV_TYPE_NAMES = {
    VcovType.HC0: "HC0", VcovType.HC1: "HC1", VcovType.HC2: "HC2", VcovType.HC3: "HC3",
    VcovType.HC4: "HC4", VcovType.HC4M: "HC4m", VcovType.HC5: "HC5",
    VcovType.NEWEY_WEST: "Newey-West", VcovType.CLUSTER: "cluster", VcovType.HAC: "HAC",
}


class ClusterKind(enum.IntEnum):
    """``lr_cluster_kind``."""
    NONE = 0
    DOUBLE = 1
    INT64 = 2
    COLUMN = 3


class Assumption(enum.IntEnum):
    """``lr_assumption``, in report order; the names are checked against
    ``lr_assumption_name`` at import."""
    LINEARITY = 0
    NORMALITY = 1
    HOMOSCEDASTICITY = 2
    INDEPENDENCE = 3
    FIXED_FEATURES = 4
    MULTICOLLINEARITY = 5
    INFLUENCE = 6


#: lr_assumption_name of each Assumption (the report's JSON keys; checked at import).
ASSUMPTION_NAMES = {
    Assumption.LINEARITY: "linearity", Assumption.NORMALITY: "normality",
    Assumption.HOMOSCEDASTICITY: "homoscedasticity", Assumption.INDEPENDENCE: "independence",
    Assumption.FIXED_FEATURES: "fixed_features",
    Assumption.MULTICOLLINEARITY: "no_multicollinearity",
    Assumption.INFLUENCE: "no_influential_observations",
}


class Verdict(enum.IntEnum):
    """``lr_verdict``; the names are checked against ``lr_verdict_name`` at import."""
    HOLDS = 0
    DOUBTFUL = 1
    VIOLATED = 2
    NOT_TESTABLE = 3


#: lr_verdict_name of each Verdict (checked at import).
VERDICT_NAMES = {Verdict.HOLDS: "holds", Verdict.DOUBTFUL: "doubtful",
                 Verdict.VIOLATED: "violated", Verdict.NOT_TESTABLE: "cannot_be_tested"}

#: The ``LR_CHECK_*`` constants of include/linreg/report.h (preprocessor
#: macros, so not readable through ctypes; a test compares them with the
#: header): the row limits of the costly tests and the material-effect
#: thresholds of the verdicts (docs/assumptions.md).
CHECK_CONSTANTS = {
    "SW_MAX_N": 5000, "WHITE_MAX_N": 100000, "WHITE_MAX_COLS": 100, "BOXCOX_MAX_N": 100000,
    "CURVATURE_SHARE": 0.02, "SKEWNESS": 0.5, "EXCESS_KURTOSIS": 1.0, "SE_RATIO": 1.2,
    "VIF_DOUBTFUL": 5.0, "VIF_VIOLATED": 10.0, "SHIFT_SE": 1.0, "MAX_FLAGGED": 10,
}


#: Result type of a function returning ``lr_status`` (checked automatically).
STATUS = object()

_MAT = POINTER(LrMatrix)
_VEC = POINTER(LrVector)
_OPT = POINTER(LrOptions)
_NAMES = POINTER(c_char_p)   # const char *const *names (NULL allowed)
_DOUBLES = c_void_p          # double * / const double *: an address
_TEXT_OUT = POINTER(c_void_p)  # char ** returned text, caller frees with lr_free
_SIZES = c_void_p            # size_t * array (an address)
_RESULT = POINTER(LrTestResult)
_FILE = c_void_p             # FILE * (from libc's fopen, see Api.open_file)

# THE prototype table: (C name, result type, argument types), one block per
# header. A new header (report.h, design.h, io.h, the S3 module's own
# library) adds one block here and thin methods on the classes.
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
    # ---- linreg/frame.h: data frames (CSV, or built from columns)
    ("lr_csv_options_init", None, [POINTER(LrCsvOptions)]),
    ("lr_frame_read_csv", STATUS, [c_char_p, POINTER(LrCsvOptions), POINTER(FrameP)]),
    ("lr_frame_parse_csv", STATUS, [c_char_p, c_size_t, c_char_p, POINTER(LrCsvOptions),
                                    POINTER(FrameP)]),
    ("lr_frame_free", None, [FrameP]),
    ("lr_frame_create", STATUS, [c_size_t, POINTER(FrameP)]),
    ("lr_frame_add_numeric", STATUS, [FrameP, c_char_p, _DOUBLES]),
    ("lr_frame_add_categorical", STATUS, [FrameP, c_char_p, _NAMES]),
    ("lr_frame_nrows", c_size_t, [FrameP]),
    ("lr_frame_ncols", c_size_t, [FrameP]),
    ("lr_frame_name", c_char_p, [FrameP, c_size_t]),
    ("lr_frame_find", STATUS, [FrameP, c_char_p, POINTER(c_size_t)]),
    ("lr_frame_column_type", c_int, [FrameP, c_size_t]),
    ("lr_frame_column", POINTER(c_double), [FrameP, c_size_t]),
    ("lr_frame_codes", POINTER(c_int), [FrameP, c_size_t]),
    ("lr_frame_nlevels", c_size_t, [FrameP, c_size_t]),
    ("lr_frame_level", c_char_p, [FrameP, c_size_t, c_size_t]),
    ("lr_frame_nmissing", c_size_t, [FrameP, c_size_t]),
    ("lr_frame_is_missing", c_int, [FrameP, c_size_t, c_size_t]),
    # ---- linreg/diag.h: normality
    ("lr_shapiro_wilk", STATUS, [ModelP, _RESULT]),
    ("lr_jarque_bera", STATUS, [ModelP, _RESULT]),
    ("lr_omnibus_normality", STATUS, [ModelP, _RESULT]),
    ("lr_anderson_darling", STATUS, [ModelP, _RESULT]),
    ("lr_residual_moments", STATUS, [ModelP, POINTER(c_double), POINTER(c_double)]),
    ("lr_qq_data", STATUS, [ModelP, _DOUBLES, _DOUBLES, c_size_t, POINTER(c_size_t)]),
    # ---- linreg/diag.h: homoscedasticity
    ("lr_breusch_pagan", STATUS, [ModelP, c_int, _RESULT]),
    ("lr_white", STATUS, [ModelP, c_int, _RESULT]),
    ("lr_gq_options_init", None, [POINTER(LrGqOptions)]),
    ("lr_goldfeld_quandt", STATUS, [ModelP, POINTER(LrGqOptions), _RESULT]),
    # ---- linreg/diag.h: independence
    ("lr_durbin_watson", STATUS, [ModelP, c_int, POINTER(LrDwResult)]),
    ("lr_bg_options_init", None, [POINTER(LrBgOptions)]),
    ("lr_breusch_godfrey", STATUS, [ModelP, POINTER(LrBgOptions), _RESULT]),
    ("lr_ljung_box", STATUS, [ModelP, c_size_t, c_size_t, _RESULT]),
    ("lr_ljung_box_default_lag", c_size_t, [c_size_t]),
    # ---- linreg/influence.h: multicollinearity
    ("lr_vif", STATUS, [ModelP, _DOUBLES, c_size_t]),
    ("lr_gvif", STATUS, [ModelP, POINTER(c_int), c_size_t, _DOUBLES, _DOUBLES, _DOUBLES,
                         c_size_t]),
    ("lr_collinearity_diagnostics", STATUS, [ModelP, _DOUBLES, _DOUBLES, c_size_t]),
    # ---- linreg/influence.h: linearity / specification
    ("lr_reset_test", STATUS, [ModelP, ctypes.c_uint, _RESULT]),
    ("lr_rainbow_test", STATUS, [ModelP, c_double, c_double, _RESULT]),
    ("lr_harvey_collier_test", STATUS, [ModelP, _RESULT]),
    # ---- linreg/influence.h: influence
    ("lr_influence_measures", STATUS, [ModelP, POINTER(c_void_p), _DOUBLES, c_size_t]),
    ("lr_influence_measure_values", STATUS, [ModelP, c_int, _DOUBLES, c_size_t]),
    ("lr_influence_summarize", STATUS, [ModelP, POINTER(LrInfluenceSummary)]),
    ("lr_outlier_test", STATUS, [ModelP, c_double, c_size_t, _RESULT, _SIZES, _DOUBLES,
                                 _DOUBLES, _DOUBLES, POINTER(c_size_t)]),
    ("lr_influence_write_csv", STATUS, [ModelP, _FILE]),
    # ---- linreg/diagnose.h: batch diagnostics (one fused pass)
    ("lr_diag_options_init", None, [POINTER(LrDiagOptions)]),
    ("lr_diagnose", STATUS, [ModelP, POINTER(LrDiagOptions), POINTER(DiagnosticsP)]),
    ("lr_diagnostics_free", None, [DiagnosticsP]),
    ("lr_diagnostics_test", STATUS, [DiagnosticsP, c_int, _RESULT]),
    ("lr_diagnostics_message", c_char_p, [DiagnosticsP, c_int]),
    ("lr_diagnostics_skipped", c_int, [DiagnosticsP, c_int]),
    ("lr_diagnostics_durbin_watson", STATUS, [DiagnosticsP, POINTER(LrDwResult)]),
    ("lr_diagnostics_moments", STATUS, [DiagnosticsP, POINTER(c_double), POINTER(c_double)]),
    ("lr_diagnostics_vif", STATUS, [DiagnosticsP, _DOUBLES, c_size_t]),
    ("lr_diagnostics_condition_number", STATUS, [DiagnosticsP, POINTER(c_double)]),
    ("lr_diagnostics_influence", STATUS, [DiagnosticsP, POINTER(LrInfluenceSummary)]),
    ("lr_diagnostics_outliers", STATUS, [DiagnosticsP, _RESULT, _SIZES, _DOUBLES, _DOUBLES,
                                         _DOUBLES, c_size_t, POINTER(c_size_t)]),
    ("lr_diagnostics_influence_values", STATUS, [DiagnosticsP, c_int, POINTER(c_void_p),
                                                 POINTER(c_size_t)]),
    ("lr_diagnostics_influence_flags", STATUS, [DiagnosticsP, POINTER(c_void_p),
                                                POINTER(c_size_t)]),
    ("lr_model_diagnostics_json", STATUS, [ModelP, POINTER(LrDiagOptions), _TEXT_OUT]),
    ("lr_diagnostics_json", STATUS, [DiagnosticsP, _TEXT_OUT]),
    # ---- linreg/robust.h: robust covariances
    ("lr_cluster_doubles", LrClusterIds, [_DOUBLES, c_size_t]),
    ("lr_cluster_ints", LrClusterIds, [c_void_p, c_size_t]),
    ("lr_cluster_column", LrClusterIds, [c_size_t]),
    ("lr_robust_options_init", None, [POINTER(LrRobustOptions), c_int]),
    ("lr_vcov_type_name", c_char_p, [c_int]),
    ("lr_robust_vcov", STATUS, [ModelP, POINTER(LrRobustOptions), POINTER(RobustP)]),
    ("lr_robust_free", None, [RobustP]),
    ("lr_robust_type", c_int, [RobustP]),
    ("lr_robust_ncoef", c_size_t, [RobustP]),
    ("lr_robust_get_vcov", STATUS, [RobustP, _DOUBLES, c_size_t]),
    ("lr_robust_coef_column", STATUS, [RobustP, c_int, c_double, _DOUBLES, c_size_t]),
    ("lr_robust_df", c_double, [RobustP]),
    ("lr_robust_lag", c_int, [RobustP]),
    ("lr_robust_bandwidth", c_double, [RobustP]),
    ("lr_robust_nclusters", c_size_t, [RobustP, c_int]),
    ("lr_robust_json", STATUS, [ModelP, RobustP, c_double, _TEXT_OUT]),
    # ---- linreg/robust.h: feasible WLS, Box-Cox
    ("lr_fwls", STATUS, [ModelP, POINTER(ModelP), POINTER(ModelP)]),
    ("lr_boxcox_profile", STATUS, [ModelP, c_double, c_double, c_double, c_double,
                                   POINTER(BoxCoxP)]),
    ("lr_boxcox_free", None, [BoxCoxP]),
    ("lr_boxcox_grid_size", c_size_t, [BoxCoxP]),
    ("lr_boxcox_grid_lambda", POINTER(c_double), [BoxCoxP]),
    ("lr_boxcox_grid_loglik", POINTER(c_double), [BoxCoxP]),
    ("lr_boxcox_lambda_hat", c_double, [BoxCoxP]),
    ("lr_boxcox_loglik_max", c_double, [BoxCoxP]),
    ("lr_boxcox_ci_low", c_double, [BoxCoxP]),
    ("lr_boxcox_ci_high", c_double, [BoxCoxP]),
    ("lr_boxcox_loglik_at", STATUS, [ModelP, c_double, POINTER(c_double)]),
    # ---- linreg/robust.h: fixed features (errors in variables)
    ("lr_fixed_features_correct", STATUS, [ModelP, _DOUBLES, _DOUBLES, _DOUBLES, c_size_t]),
    ("lr_fixed_features_sensitivity", STATUS, [ModelP, _DOUBLES, c_size_t, _DOUBLES,
                                               c_size_t]),
    ("lr_fixed_features_note", STATUS, [ModelP, _DOUBLES, _TEXT_OUT]),
    # ---- linreg/robust.h: interpretation pack
    ("lr_standardized_coef", STATUS, [ModelP, _DOUBLES, c_size_t]),
    ("lr_coef_order_by_t", STATUS, [ModelP, _SIZES, c_size_t]),
    ("lr_weight_table_text", STATUS, [ModelP, c_double, _TEXT_OUT]),
    ("lr_effect_table", STATUS, [ModelP, _DOUBLES, c_size_t]),
    ("lr_explain_prediction", STATUS, [ModelP, _DOUBLES, c_size_t, _DOUBLES,
                                       POINTER(c_double), POINTER(c_double)]),
    ("lr_coef_sentences", STATUS, [ModelP, c_char_p, POINTER(LrCoefLabel), c_double,
                                   _TEXT_OUT]),
    ("lr_format_grouped", c_int, [ctypes.c_char_p, c_size_t, c_double, c_int, c_int]),
    # ---- linreg/design.h: formulas and design matrices
    ("lr_formula_options_init", None, [POINTER(LrFormulaOptions)]),
    ("lr_design_build", STATUS, [FrameP, c_char_p, POINTER(LrFormulaOptions),
                                 POINTER(DesignP)]),
    ("lr_design_apply", STATUS, [DesignP, FrameP, POINTER(DesignP)]),
    ("lr_design_free", None, [DesignP]),
    ("lr_design_formula", c_char_p, [DesignP]),
    ("lr_design_response", c_char_p, [DesignP]),
    ("lr_design_intercept", c_int, [DesignP]),
    ("lr_design_ncols", c_size_t, [DesignP]),
    ("lr_design_column_name", c_char_p, [DesignP, c_size_t]),
    ("lr_design_nterms", c_size_t, [DesignP]),
    ("lr_design_term_label", c_char_p, [DesignP, c_size_t]),
    ("lr_design_assign", STATUS, [DesignP, _SIZES, c_size_t]),
    ("lr_design_x", LrMatrix, [DesignP]),
    ("lr_design_x_lo", LrMatrix, [DesignP]),
    ("lr_design_y", LrVector, [DesignP]),
    ("lr_design_weights", LrVector, [DesignP]),
    ("lr_design_nrows_data", c_size_t, [DesignP]),
    ("lr_design_nrows", c_size_t, [DesignP]),
    ("lr_design_rows", POINTER(c_size_t), [DesignP]),
    ("lr_design_dropped", POINTER(c_size_t), [DesignP]),
    ("lr_design_na_ncolumns", c_size_t, [DesignP]),
    ("lr_design_na_column", c_char_p, [DesignP, c_size_t, POINTER(c_size_t)]),
    ("lr_design_pad", STATUS, [DesignP, _DOUBLES, _DOUBLES, c_size_t]),
    ("lr_design_ncategorical", c_size_t, [DesignP]),
    ("lr_design_categorical", c_char_p, [DesignP, c_size_t]),
    ("lr_design_coef_labels", STATUS, [DesignP, POINTER(LrCoefLabel), c_size_t]),
    # ---- linreg/design.h: fit from a frame
    ("lr_fit_formula", STATUS, [FrameP, c_char_p, POINTER(LrFormulaOptions), _OPT,
                                POINTER(ModelP)]),
    ("lr_model_design", DesignP, [ModelP]),
    ("lr_model_pad", STATUS, [ModelP, _DOUBLES, _DOUBLES, c_size_t]),
    ("lr_predict_frame", STATUS, [ModelP, FrameP, c_int, c_double, _DOUBLES, _DOUBLES,
                                  _DOUBLES, _DOUBLES]),
    ("lr_formula_results_json", STATUS, [ModelP, c_double, _TEXT_OUT]),
    # ---- linreg/io.h: the model document
    ("lr_model_to_json", STATUS, [ModelP, ctypes.c_uint, _TEXT_OUT]),
    ("lr_model_from_json", STATUS, [c_char_p, c_size_t, POINTER(ModelP)]),
    ("lr_model_json_verify", STATUS, [c_char_p, c_size_t, POINTER(c_int)]),
    # ---- linreg/io.h: design, sections, metadata, fingerprint
    ("lr_model_set_design", STATUS, [ModelP, c_char_p, c_char_p]),
    ("lr_model_response_name", c_char_p, [ModelP]),
    ("lr_model_formula", c_char_p, [ModelP]),
    ("lr_model_set_section", STATUS, [ModelP, c_int, c_char_p]),
    ("lr_model_section", c_char_p, [ModelP, c_int]),
    ("lr_model_set_metadata", STATUS, [ModelP, c_char_p, c_char_p]),
    ("lr_model_metadata", c_char_p, [ModelP, c_char_p]),
    ("lr_model_metadata_count", c_size_t, [ModelP]),
    ("lr_model_metadata_key", c_char_p, [ModelP, c_size_t]),
    ("lr_model_fingerprint", STATUS, [ModelP, c_char * 65]),
    ("lr_model_column_summary", STATUS, [ModelP, c_size_t, POINTER(c_double),
                                         POINTER(c_double), POINTER(c_double)]),
    ("lr_model_created", c_char_p, [ModelP]),
    ("lr_model_document_version", c_char_p, [ModelP]),
    # ---- linreg/io.h: save, load, list, delete
    ("lr_model_save", STATUS, [ModelP, c_char_p]),
    ("lr_model_save_ex", STATUS, [ModelP, c_char_p, ctypes.c_uint]),
    ("lr_model_load", STATUS, [c_char_p, POINTER(ModelP)]),
    ("lr_model_read_document", STATUS, [c_char_p, _TEXT_OUT, POINTER(c_size_t)]),
    ("lr_model_delete", STATUS, [c_char_p]),
    ("lr_model_list_at", STATUS, [c_char_p, POINTER(ModelListP)]),
    ("lr_model_list_count", c_size_t, [ModelListP]),
    ("lr_model_list_url", c_char_p, [ModelListP, c_size_t]),
    ("lr_model_list_size", ctypes.c_longlong, [ModelListP, c_size_t]),
    ("lr_model_list_modified", c_char_p, [ModelListP, c_size_t]),
    ("lr_model_list_free", None, [ModelListP]),
    # ---- linreg/io.h: scheme registry (backends written in Python, see persist.py)
    ("lr_register_scheme", STATUS, [POINTER(LrScheme)]),
    ("lr_fail_message", c_int, [c_int, c_char_p]),
    ("lr_model_list_new", STATUS, [POINTER(ModelListP)]),
    ("lr_model_list_add", STATUS, [ModelListP, c_char_p, ctypes.c_longlong, c_char_p]),
    # ---- linreg/report.h: the assumption report card
    ("lr_assumption_name", c_char_p, [c_int]),
    ("lr_verdict_name", c_char_p, [c_int]),
    ("lr_check_options_init", None, [POINTER(LrCheckOptions)]),
    ("lr_check_assumptions", STATUS, [ModelP, POINTER(LrCheckOptions), POINTER(ReportP)]),
    ("lr_report_free", None, [ReportP]),
    ("lr_report_verdict", c_int, [ReportP, c_int]),
    ("lr_report_ntests", c_size_t, [ReportP, c_int]),
    ("lr_report_test", STATUS, [ReportP, c_int, c_size_t, POINTER(c_char_p), POINTER(c_char_p),
                                _RESULT, POINTER(c_char_p)]),
    ("lr_report_effect", c_double, [ReportP, c_int, c_char_p]),
    ("lr_report_neffects", c_size_t, [ReportP, c_int]),
    ("lr_report_effect_name", c_char_p, [ReportP, c_int, c_size_t, POINTER(c_double)]),
    ("lr_report_reason", c_char_p, [ReportP, c_int]),
    ("lr_report_explanation", c_char_p, [ReportP, c_int]),
    ("lr_report_consequence", c_char_p, [ReportP, c_int]),
    ("lr_report_remedy", c_char_p, [ReportP, c_int]),
    ("lr_report_nnamed", c_size_t, [ReportP, c_int]),
    ("lr_report_named", c_char_p, [ReportP, c_int, c_size_t]),
    ("lr_report_flagged_rows", POINTER(c_size_t), [ReportP, POINTER(c_size_t)]),
    ("lr_report_robust", RobustP, [ReportP, c_int]),
    ("lr_report_text", STATUS, [ReportP, _TEXT_OUT]),
    ("lr_report_json", STATUS, [ReportP, _TEXT_OUT]),
]

# The S3 module's table (include/linreg_s3.h): bound on the separate library
# lib/liblinreg_s3.so, loaded only when S3 is first used (linreg/s3.py).
_S3OPT = POINTER(LrS3Options)
S3_PROTOTYPES = [
    ("lr_s3_options_init", None, [_S3OPT]),
    ("lr_s3_register", STATUS, [_S3OPT]),
    ("lr_s3_save", STATUS, [ModelP, c_char_p, _S3OPT, ctypes.c_uint]),
    ("lr_s3_load", STATUS, [c_char_p, _S3OPT, POINTER(ModelP)]),
    ("lr_s3_list", STATUS, [c_char_p, _S3OPT, POINTER(ModelListP)]),
    ("lr_s3_delete", STATUS, [c_char_p, _S3OPT]),
    ("lr_s3_put_object", STATUS, [c_char_p, _S3OPT, c_void_p, c_size_t, ctypes.c_uint]),
    ("lr_s3_get_object", STATUS, [c_char_p, _S3OPT, _TEXT_OUT, POINTER(c_size_t)]),
    # the core's lr_register_scheme as the module resolves it (checked to be
    # the same function the core binding uses: one library, one registry)
    ("lr_register_scheme", STATUS, [POINTER(LrScheme)]),
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

    def c_stdio(self):
        """The C library's ``fopen``/``fclose`` (for ``FILE *`` arguments), loaded
        on first use from the process's libc (the one liblinreg uses)."""
        libc = getattr(self, "_libc", None)
        if libc is None:
            import ctypes.util
            libc = None
            for name in (None, ctypes.util.find_library("c")):
                try:
                    cand = ctypes.CDLL(name, use_errno=True)
                    cand.fopen, cand.fclose  # noqa: B018 (both must exist)
                except (OSError, AttributeError, TypeError):
                    continue
                libc = cand
                break
            if libc is None:
                raise LibraryError("cannot find the C library's fopen to pass a FILE * "
                                   "to liblinreg")
            libc.fopen.argtypes = [c_char_p, c_char_p]
            libc.fopen.restype = c_void_p
            libc.fclose.argtypes = [c_void_p]
            libc.fclose.restype = c_int
            try:
                libc.malloc.argtypes = [c_size_t]
                libc.malloc.restype = c_void_p
            except AttributeError:
                pass
            self._libc = libc
        return libc

    def take_text(self, ptr):
        """Copies a char * the caller must free, then frees it with lr_free."""
        try:
            return ctypes.string_at(ptr.value).decode("utf-8", "replace")
        finally:
            self.lr_free(ptr)


def bind(cdll, prototypes=PROTOTYPES, errors=None):
    """Declares every prototype on cdll and returns the Api object.

    errors: the Api whose ``lr_last_error``/``lr_strerror`` explain a failed
    status (default: the new Api itself). A module library such as
    liblinreg_s3 reports its errors through the core's thread-local message,
    so its table is bound with ``errors=`` the core Api."""
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
            fn.errcheck = _make_errcheck(api if errors is None else errors)
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
    # Option structs filled by their _init functions: written only inside the
    # mirror, defaults read back at the mirrored offsets.
    def filled(cls, init, *args):
        size = ctypes.sizeof(cls)
        raw = (ctypes.c_ubyte * (size + 64))(*([0xA5] * (size + 64)))
        init(ctypes.cast(raw, POINTER(cls)), *args)
        if any(b != 0xA5 for b in raw[size:]):
            raise LibraryError("%s writes past the %d bytes of its Python mirror: the C "
                               "struct has grown; update %s in linreg/_api.py"
                               % (init.__name__, size, cls.__name__))
        return cls.from_buffer(raw)

    g = filled(LrGqOptions, api.lr_gq_options_init)
    b = filled(LrBgOptions, api.lr_bg_options_init)
    r = filled(LrRobustOptions, api.lr_robust_options_init, VcovType.HAC)
    if not (g.point == 0.5 and g.fraction == 0 and g.alternative == Alternative.GREATER
            and g.order_by == -1 and not g.order_values.data
            and b.order == 1 and b.f_form == 0 and b.fill == 0
            and r.type == VcovType.HAC and r.lag == -1 and r.prewhite == 1 and r.adjust == 0
            and r.cluster1.kind == ClusterKind.NONE and r.cluster2.kind == ClusterKind.NONE
            and r.cluster_type == VcovType.HC1 and r.cadjust == 1):
        raise LibraryError("the defaults of lr_gq_options_init, lr_bg_options_init or "
                           "lr_robust_options_init do not read back through their Python "
                           "mirrors: update linreg/_api.py")
    dg = filled(LrDiagOptions, api.lr_diag_options_init)
    if not (list(dg.tests) == [DiagChoice.DEFAULT] * DIAG_TEST_COUNT
            and dg.max_work == DIAG_WHITE_MAX_WORK and dg.bp_studentize == 1
            and dg.white_f_form == 0 and dg.gq.point == 0.5 and dg.gq.fraction == 0
            and dg.gq.alternative == Alternative.GREATER and dg.gq.order_by == -1
            and not dg.gq.order_values.data and dg.dw_method == DwMethod.AUTO
            and dg.bg.order == 1 and dg.bg.f_form == 0 and dg.bg.fill == 0
            and dg.lb_lag == 0 and dg.lb_fitdf == 0 and dg.reset_power == 3
            and dg.rainbow_fraction == 0.5 and dg.rainbow_center == 0.5
            and dg.collinearity == 1 and dg.influence == 1 and dg.outlier_cutoff == 0.05
            and dg.outlier_max == 10 and dg.keep_influence == 0 and dg.keep_dfbetas == 0):
        raise LibraryError("the defaults of lr_diag_options_init do not read back through "
                           "LrDiagOptions in linreg/_api.py")
    k = filled(LrCheckOptions, api.lr_check_options_init)
    if not (k.alpha == 0.05 and k.level == 0.95 and k.clusters.kind == ClusterKind.NONE
            and k.cluster_name is None and not k.reliability and not k.error_var
            and k.response is None and not k.labels):
        raise LibraryError("the defaults of lr_check_options_init do not read back through "
                           "LrCheckOptions in linreg/_api.py")
    c = filled(LrCsvOptions, api.lr_csv_options_init)
    f = filled(LrFormulaOptions, api.lr_formula_options_init)
    if not (c.delimiter == b"," and c.header == 1 and not c.na_strings and not c.numeric
            and not c.categorical and f.weights is None and f.na_action == NaAction.OMIT):
        raise LibraryError("the defaults of lr_csv_options_init or lr_formula_options_init do "
                           "not read back through their Python mirrors: update linreg/_api.py")
    c1, c2, c3 = (api.lr_cluster_doubles(addr, 5), api.lr_cluster_ints(addr, 6),
                  api.lr_cluster_column(4))
    if ((c1.kind, c1.dbl, c1.i64, c1.len) != (ClusterKind.DOUBLE, addr, None, 5)
            or (c2.kind, c2.dbl, c2.i64, c2.len) != (ClusterKind.INT64, None, addr, 6)
            or (c3.kind, c3.column) != (ClusterKind.COLUMN, 4)):
        raise LibraryError("the library's lr_cluster_ids layout differs from linreg/_api.py")
    for t, name in VCOV_TYPE_NAMES.items():
        got = api.lr_vcov_type_name(t)
        if got is None or got.decode() != name:
            raise LibraryError("lr_vcov_type %d is %r in the library but %r in "
                               "linreg/_api.py" % (t, got, name))
    for table, fn, what in ((ASSUMPTION_NAMES, api.lr_assumption_name, "lr_assumption"),
                            (VERDICT_NAMES, api.lr_verdict_name, "lr_verdict")):
        for value, name in table.items():
            got = fn(value)
            if got is None or got.decode() != name:
                raise LibraryError("%s %d is %r in the library but %r in linreg/_api.py"
                                   % (what, value, got, name))
        if fn(len(table)) is not None:
            raise LibraryError("%s has more values in the library than in linreg/_api.py"
                               % what)
    for stat, name in STAT_NAMES.items():
        got = api.lr_stat_name(stat)
        if got is None or got.decode() != name:
            raise LibraryError("lr_stat %d is %r in the library but %r in linreg/_api.py"
                               % (stat, got, name))


def check_s3_layout(s3api):
    """The S3 module's option struct, checked as the core's option structs are
    (called by linreg/s3.py when it loads the module)."""
    size = ctypes.sizeof(LrS3Options)
    raw = (ctypes.c_ubyte * (size + 64))(*([0xA5] * (size + 64)))
    s3api.lr_s3_options_init(ctypes.cast(raw, POINTER(LrS3Options)))
    if any(b != 0xA5 for b in raw[size:]):
        raise LibraryError("lr_s3_options_init writes past the %d bytes of its Python mirror: "
                           "the C struct has grown; update LrS3Options in linreg/_api.py" % size)
    o = LrS3Options.from_buffer(raw)
    if not (o.access_key_id is None and o.endpoint_url is None and o.path_style == -1
            and o.max_attempts == 0 and o.request_timeout == 0):
        raise LibraryError("the defaults of lr_s3_options_init do not read back through "
                           "LrS3Options in linreg/_api.py")


def load():
    api = bind(_library.load())
    api.version = _check_version(api)
    _check_layouts(api)
    return api


api = load()

__all__ = ["api", "Api", "bind", "load", "PROTOTYPES", "STATUS", "LrMatrix", "LrVector",
           "LrOptions", "LrCsvOptions", "LrTestResult", "LrDwResult", "LrGqOptions",
           "LrBgOptions", "LrInfluenceSummary", "LrClusterIds", "LrRobustOptions",
           "LrCoefLabel", "LrFormulaOptions", "LrS3Options", "LrScheme", "SchemeSave",
           "SchemeLoad", "SchemeRemove", "SchemeList", "S3_PROTOTYPES", "check_s3_layout",
           "DesignP", "ModelListP", "ColumnType", "NaAction", "Section", "SECTION_COUNT",
           "JSON_COMPACT", "SAVE_OVERWRITE", "ModelP", "AccumulatorP", "FrameP", "RobustP", "BoxCoxP", "Refine",
           "CoefColumn", "Stat", "STAT_NAMES", "Interval", "Alternative", "DwMethod",
           "InfluenceMeasure", "INFLUENCE_MEASURE_COUNT", "InfluenceFlag", "VcovType",
           "VCOV_TYPE_NAMES", "ClusterKind", "Status", "LrCheckOptions", "ReportP",
           "Assumption", "ASSUMPTION_NAMES", "Verdict", "VERDICT_NAMES", "CHECK_CONSTANTS",
           "LrDiagOptions", "DiagnosticsP", "DiagTest", "DiagChoice", "DIAG_TEST_COUNT",
           "DIAG_WHITE_MAX_WORK"]

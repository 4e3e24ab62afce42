"""Diagnostics of a fitted model: the assumption tests of
``include/linreg/diag.h`` (normality, homoscedasticity, independence), the
design and influence diagnostics of ``include/linreg/influence.h`` (VIF,
GVIF, Belsley, RESET, rainbow, Harvey-Collier, influence measures, outlier
test, CSV writer), and all of them at once through the batch of
``include/linreg/diagnose.h`` (``Model.diagnostics()``: ``lr_diagnose``,
one fused pass; a :class:`Diagnostics` that owns its C handle).

The methods live on :class:`linreg.Model` (through ``DiagnosticsMixin``);
this module holds them and their result types. Every result is a copy:
it stays valid after the model is closed. Tests that need the per-row
data raise :class:`linreg.NoDataError` for a streamed model
(``Accumulator.finish``); VIF, GVIF and the Belsley diagnostics work on
streamed models too, from the triangular factor.
"""

import collections
import ctypes
import math
import numbers
import os
import tempfile
from collections.abc import Mapping

from ._handle import OwnsHandle
from . import _buffers as B
from ._api import (INFLUENCE_MEASURE_COUNT, Alternative, DiagChoice, DiagnosticsP, DiagTest,
                   DwMethod, InfluenceFlag, InfluenceMeasure, LrBgOptions, LrDiagOptions,
                   LrDwResult, LrGqOptions, LrInfluenceSummary, LrTestResult, api)
from .errors import (ClosedError, InputTypeError, LinregError, NoDataError, NotFoundError,
                     OutOfMemoryError, Status, error_for_status)

__all__ = ["TestResult", "DurbinWatson", "Diagnostics", "Moments", "QQData", "Collinearity",
           "GVIF", "Influence", "InfluenceSummary", "OutlierTest", "ljung_box_default_lag",
           "DEFAULT_TESTS", "DIAG_OPTIONS"]


def _df(df):
    """lr_test_result.df as Python: None (unused), a number, or a pair."""
    if math.isnan(df[0]):
        return None
    if math.isnan(df[1]):
        return df[0]
    return (df[0], df[1])


class TestResult(collections.namedtuple("TestResult", "statistic df pvalue method n")):
    """One hypothesis test, as R's htest (``lr_test_result``).

    ``statistic``, ``pvalue``; ``df``: None when the test has no degrees of
    freedom, a number (chi-squared, t) or a pair (F: numerator,
    denominator); ``method``: the test's name; ``n``: the observations used.
    ``df1``/``df2`` give the degrees of freedom as numbers (NaN when unused).
    """
    __slots__ = ()
    __test__ = False  # not a unittest/pytest test class

    @classmethod
    def _from_c(cls, r):
        return cls(r.statistic, _df(r.df), r.p_value, r.method.decode("utf-8", "replace"),
                   r.n)

    @property
    def df1(self):
        return math.nan if self.df is None else (self.df[0] if isinstance(self.df, tuple)
                                                 else self.df)

    @property
    def df2(self):
        return self.df[1] if isinstance(self.df, tuple) else math.nan


class DurbinWatson(collections.namedtuple(
        "DurbinWatson", "statistic df pvalue method n pvalue_negative pvalue_two_sided exact")):
    """The Durbin-Watson test (``lr_dw_result``). ``pvalue`` is for positive
    autocorrelation (lmtest's default alternative "greater"),
    ``pvalue_negative`` for negative, ``pvalue_two_sided`` for either;
    ``exact`` tells whether the exact null distribution was used; ``df`` is
    always None (the first five fields are those of :class:`TestResult`)."""
    __slots__ = ()
    __test__ = False

    @classmethod
    def _from_c(cls, r):
        return cls(r.statistic, None, r.p_positive, r.method.decode("utf-8", "replace"), r.n,
                   r.p_negative, r.p_two_sided, bool(r.exact))

    @property
    def pvalue_positive(self):
        return self.pvalue


#: The tests of :meth:`Model.diagnostics` (``lr_diagnose``), in the order
#: of ``lr_diag_test`` and of the "diagnostics" JSON object; also the
#: keywords that switch each one on or off.
DEFAULT_TESTS = ("shapiro_wilk", "jarque_bera", "omnibus", "anderson_darling",
                 "breusch_pagan", "white", "goldfeld_quandt", "durbin_watson",
                 "breusch_godfrey", "ljung_box", "reset", "rainbow", "harvey_collier")


Moments = collections.namedtuple("Moments", "skewness kurtosis")
Moments.__doc__ = "Sample skewness and kurtosis (3 for a normal sample) of the residuals."

QQData = collections.namedtuple("QQData", "theoretical sample")
QQData.__doc__ = ("Normal Q-Q plot data: normal quantiles and the sorted standardized "
                  "residuals (R's qqnorm(rstandard(fit))).")

Collinearity = collections.namedtuple("Collinearity", "names condition_indices proportions")
Collinearity.__doc__ = (
    "Belsley-Kuh-Welsch diagnostics: condition_indices (one per dimension, NaN beyond the "
    "rank), proportions (row k = dimension k, column j = coefficient names[j]).")

GVIF = collections.namedtuple("GVIF", "gvif df gvif_adj")
GVIF.__doc__ = "One term's generalized VIF, its number of columns and GVIF^(1/(2 df)) (car::vif)."

InfluenceSummary = collections.namedtuple(
    "InfluenceSummary",
    "n max_hat max_hat_row max_cooks_d max_cooks_d_row n_flagged n_flagged_by")
InfluenceSummary.__doc__ = (
    "Largest leverage and Cook's distance with their (0-based) rows, and the number of rows "
    "flagged by influence.measures' cut-offs (n_flagged_by: dict cut-off name -> rows).")


#: Names of the per-row measures, by lr_influence_measure.
MEASURES = {"hat": InfluenceMeasure.HAT, "rstandard": InfluenceMeasure.RSTANDARD,
            "rstudent": InfluenceMeasure.RSTUDENT, "cooks_d": InfluenceMeasure.COOKS_D,
            "dffits": InfluenceMeasure.DFFITS, "covratio": InfluenceMeasure.COVRATIO,
            "sigma": InfluenceMeasure.SIGMA, "dfbeta": InfluenceMeasure.DFBETA,
            "dfbetas": InfluenceMeasure.DFBETAS}
_FLAG_NAMES = ("dfbetas", "dffits", "covratio", "cooks_d", "hat")


class Influence(Mapping):
    """Per-row influence measures (R's influence.measures): a read-only
    mapping measure name -> values, also readable as attributes.

    ``hat``, ``rstandard``, ``rstudent``, ``cooks_d``, ``dffits``,
    ``covratio``, ``sigma`` (leave-one-out sigma): one value per input row;
    ``dfbeta``, ``dfbetas``: nrows x ncoef matrices (columns follow
    ``names``). Rows with weight 0 and undefined values are NaN.
    ``flags``: per row, an :class:`InfluenceFlag` of the cut-offs crossed;
    ``influential``: per row, True when any is crossed (R's is.inf).
    """

    def __init__(self, names, columns, flags):
        self.names = list(names)
        self._columns = dict(columns)
        self.flags = [InfluenceFlag(f) for f in flags]
        self.influential = [bool(f) for f in flags]

    def __getitem__(self, key):
        return self._columns[key]

    def __iter__(self):
        return iter(self._columns)

    def __len__(self):
        return len(self._columns)

    def __getattr__(self, name):
        cols = self.__dict__.get("_columns")
        if cols is not None and name in cols:
            return cols[name]
        raise AttributeError(name)

    @property
    def nrows(self):
        return len(self.flags)

    def __repr__(self):
        return "<linreg.Influence %d rows, %d flagged>" % (self.nrows, sum(self.influential))


class OutlierTest(collections.namedtuple(
        "OutlierTest", "rows rstudent p_unadjusted p_bonferroni test cutoff")):
    """Bonferroni outlier test (car::outlierTest): the reported rows (0-based,
    most significant first), their studentized residuals, unadjusted and
    Bonferroni p-values, and the test of the first row as a
    :class:`TestResult`. When no row reaches the cutoff, the single row with
    the largest |rstudent| is reported and ``significant`` is False."""
    __slots__ = ()
    __test__ = False

    @property
    def significant(self):
        return self.test.pvalue <= self.cutoff


_SIZE_MAX = ctypes.c_size_t(-1).value


def _json_num(v):
    """A number as the C library's JSON writes it: non-finite values are null."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return None
    return v


def _count_num(v):
    """A count as JSON reads it back: an int when integral."""
    v = _json_num(v)
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _capture(fn):
    """fn()'s value, or the LinregError it raised (kept, raised again on use)."""
    try:
        return fn()
    except (OutOfMemoryError, ClosedError):
        raise
    except LinregError as e:
        return _kept(e)


def _kept(e):
    """e without its traceback: a kept exception must not hold the frames
    (and through them the Diagnostics object) alive, or a reference cycle
    would delay freeing the C handle until the garbage collector runs."""
    e.__traceback__ = None
    e.__context__ = None
    return e


def _fresh(e):
    """A new exception like e (a stored one is raised afresh each time)."""
    return error_for_status(e.status, e.detail, e.status_text)


class Diagnostics(OwnsHandle, dict):
    """The batch diagnostics of a model (``lr_diagnose``): a dict test name
    -> :class:`TestResult` (:class:`DurbinWatson` for "durbin_watson"), in
    :data:`DEFAULT_TESTS` order, holding the tests that ran.

    ``errors``: test name -> the :class:`LinregError` of a test asked for
    that could not run on this model (too few rows, Shapiro-Wilk above 5000
    rows, White without an intercept...), with the class and message its
    own method raises. ``skipped``: test name -> the reason a test was left
    out of the default set (White above ``max_work``; ask for it with
    ``white=True``). Tests switched off are in neither.

    ``moments`` (:class:`Moments`), ``vif`` (predictor name -> VIF, as
    ``Model.vif()``), ``condition_number``, ``influence``
    (:class:`InfluenceSummary`, as ``Model.influence_summary()``),
    ``outliers`` (:class:`OutlierTest`, as ``Model.outlier_test()``), and
    with ``keep_influence=True`` ``influence_values`` (an :class:`Influence`
    mapping as ``Model.influence()`` returns, DFBETA(S) only with
    ``keep_dfbetas=True``) and ``flags`` (its :class:`InfluenceFlag` per
    row). Reading one that was switched off, not kept or could not be
    computed raises the C library's error (``NotFoundError``,
    ``UndefinedError``...). ``names``: the coefficient names; ``nobs``: rows
    used.

    Owns its C handle (``lr_diagnostics``): ``close()`` or a ``with`` block
    frees it, garbage collection otherwise. Everything above is a copy and
    stays valid after ``close()`` (and after the model is closed: the C
    result never needs the model); ``to_json()`` needs the object open.
    """

    def __init__(self, handle, names, has_intercept, nobs, choices, collinearity=True,
                 influence=True, outlier_cutoff=0.05, outlier_max=10):
        super().__init__()
        if not handle:
            raise api.error(Status.INVALID_ARG, "Diagnostics needs a non-NULL lr_diagnostics "
                            "handle")
        self._handle = handle
        try:
            self.names = list(names)
            self.nobs = nobs
            self._switched_off = {"collinearity": not collinearity, "influence": not influence}
            self._read(handle, has_intercept, [DiagChoice(c) for c in choices],
                       float(outlier_cutoff), int(outlier_max))
        except BaseException:
            self.close()
            raise

    def _read(self, h, has_intercept, choices, cutoff, n_max):
        self.errors, self.skipped, self._methods = {}, {}, {}
        for t in DiagTest:
            name = DEFAULT_TESTS[t]
            if choices[t] == DiagChoice.OFF:
                continue
            r = LrTestResult()
            try:
                api.lr_diagnostics_test(h, t, ctypes.byref(r))
            except LinregError as e:
                if isinstance(e, OutOfMemoryError):
                    raise
                self._methods[name] = r.method.decode("utf-8", "replace")
                if api.lr_diagnostics_skipped(h, t):
                    self.skipped[name] = e.detail
                else:
                    self.errors[name] = _kept(e)
                continue
            if t == DiagTest.DURBIN_WATSON:
                w = LrDwResult()
                api.lr_diagnostics_durbin_watson(h, ctypes.byref(w))
                self[name] = DurbinWatson._from_c(w)
            else:
                self[name] = TestResult._from_c(r)
        parts = self._parts = {}

        def moments():
            s, k = ctypes.c_double(), ctypes.c_double()
            api.lr_diagnostics_moments(h, ctypes.byref(s), ctypes.byref(k))
            return Moments(s.value, k.value)
        parts["moments"] = _capture(moments)

        p = len(self.names)

        def vif():
            out, addr = B.new_vector(p)
            api.lr_diagnostics_vif(h, addr, p)
            first = 1 if has_intercept else 0
            return {self.names[j]: float(out[j]) for j in range(first, p)}
        parts["vif"] = _capture(vif)

        def condition_number():
            c = ctypes.c_double()
            api.lr_diagnostics_condition_number(h, ctypes.byref(c))
            return c.value
        parts["condition_number"] = _capture(condition_number)

        def summary():
            s = LrInfluenceSummary()
            api.lr_diagnostics_influence(h, ctypes.byref(s))
            return InfluenceSummary(s.n, s.max_hat, s.max_hat_row, s.max_cooks_d,
                                    s.max_cooks_d_row, s.n_flagged,
                                    dict(zip(_FLAG_NAMES, list(s.n_flagged_by))))
        parts["influence"] = _capture(summary)

        def outliers():
            r = LrTestResult()
            rows, ra = B.new_sizes(n_max)
            t, ta = B.new_vector(n_max)
            pu, pa = B.new_vector(n_max)
            pb, ba = B.new_vector(n_max)
            count = ctypes.c_size_t()
            api.lr_diagnostics_outliers(h, ctypes.byref(r), ra, ta, pa, ba, n_max,
                                        ctypes.byref(count))
            c = count.value
            return OutlierTest([int(v) for v in rows[:c]], B.vector_result(t, c),
                               B.vector_result(pu, c), B.vector_result(pb, c),
                               TestResult._from_c(r), cutoff)
        parts["outliers"] = _capture(outliers)

        def values():
            cols = {}
            for mname, which in MEASURES.items():
                ptr, length = ctypes.c_void_p(), ctypes.c_size_t()
                dfb = which >= InfluenceMeasure.DFBETA
                try:
                    api.lr_diagnostics_influence_values(h, which, ctypes.byref(ptr),
                                                        ctypes.byref(length))
                except NotFoundError:
                    if dfb and cols:  # DFBETA(S) are kept only with keep_dfbetas
                        continue
                    raise
                vec = B.copy_from(ptr.value, length.value)
                cols[mname] = B.matrix_result(vec, length.value // p, p) if dfb else vec
            fptr, flen = ctypes.c_void_p(), ctypes.c_size_t()
            api.lr_diagnostics_influence_flags(h, ctypes.byref(fptr), ctypes.byref(flen))
            flags = ctypes.string_at(fptr.value, flen.value) if flen.value else b""
            return Influence(self.names, cols, flags)
        parts["influence_values"] = _capture(values)

        # A model without rows (streamed, loaded): as the single-test
        # methods, and as diagnostics() always did, the call raises: the
        # getter of the first part that reports it raises it again, so the
        # exception is the C library's lr_last_error() of this thread.
        for name, e in self.errors.items():
            if isinstance(e, NoDataError):
                api.lr_diagnostics_test(h, _TEST_INDEX[name], ctypes.byref(LrTestResult()))
        if isinstance(parts["influence"], NoDataError):
            api.lr_diagnostics_influence(h, ctypes.byref(LrInfluenceSummary()))

    # ------------------------------------------------------------ lifetime
    # (close, closed, with, __del__ and the refusal of copies: OwnsHandle;
    # the copies made at creation stay valid after close)
    _WHAT = "the diagnostics"

    def _free(self, handle):
        api.lr_diagnostics_free(handle)

    # -------------------------------------------------------------- parts
    def _part(self, key):
        v = self._parts[key]
        if isinstance(v, LinregError):
            raise _fresh(v)
        return v

    moments = property(lambda self: self._part("moments"),
                       doc="Moments(skewness, kurtosis) of the (weighted) residuals.")
    vif = property(lambda self: self._part("vif"),
                   doc="Predictor name -> VIF (car::vif; NaN where aliased).")
    condition_number = property(lambda self: self._part("condition_number"),
                                doc="Condition number of the column-scaled design.")
    influence = property(lambda self: self._part("influence"),
                         doc="InfluenceSummary: largest leverage and Cook's distance, "
                             "flagged-row counts.")
    outliers = property(lambda self: self._part("outliers"),
                        doc="OutlierTest: the Bonferroni outlier test (car::outlierTest).")
    influence_values = property(lambda self: self._part("influence_values"),
                                doc="Per-row measures (an Influence mapping); needs "
                                    "keep_influence=True (DFBETA(S): keep_dfbetas=True).")

    @property
    def flags(self):
        """Per row, the InfluenceFlag of the cut-offs crossed (keep_influence=True)."""
        return self._part("influence_values").flags

    # ------------------------------------------------------------ outputs
    def summary(self):
        """A plain-text table: test, statistic, df, p-value, method; then the
        tests that could not run or were skipped, and the collinearity and
        influence lines."""
        lines = ["%-17s %12s %13s %11s  %s" % ("test", "statistic", "df", "p-value", "method")]
        for name in DEFAULT_TESTS:
            if name in self:
                r = self[name]
                if r.df is None:
                    df = ""
                elif isinstance(r.df, tuple):
                    df = "%g, %g" % r.df
                else:
                    df = "%g" % r.df
                lines.append("%-17s %12.6g %13s %11.4g  %s" % (name, r.statistic, df, r.pvalue,
                                                               r.method))
            elif name in self.errors:
                lines.append("%-17s not run: %s" % (name, self.errors[name]))
            elif name in self.skipped:
                reason = self.skipped[name]
                lines.append("%-17s %s" % (name, reason if reason.startswith("skipped")
                                           else "skipped: " + reason))
        parts = self._parts
        if not self._switched_off["collinearity"]:
            v = parts["vif"]
            if isinstance(v, LinregError):
                lines.append("%-17s not run: %s" % ("vif", v))
            else:
                if v:
                    lines.append("%-17s %s" % ("vif", ", ".join("%s %.4g" % kv
                                                              for kv in v.items())))
                lines.append("%-17s %.6g" % ("condition number", parts["condition_number"]))
        if not self._switched_off["influence"]:
            s, o = parts["influence"], parts["outliers"]
            if isinstance(s, LinregError):
                lines.append("%-17s not run: %s" % ("influence", s))
            else:
                lines.append("%-17s max leverage %.4g, max Cook's distance %.4g, %d rows "
                             "flagged" % ("influence", s.max_hat, s.max_cooks_d, s.n_flagged))
                if not isinstance(o, LinregError):
                    lines.append("%-17s max |rstudent| %.4g, Bonferroni p %.4g (%s at %g)"
                                 % ("outlier test", abs(o.test.statistic), o.test.pvalue,
                                    "significant" if o.significant else "not significant",
                                    o.cutoff))
        return "\n".join(lines) + "\n"

    __str__ = summary

    def to_json(self):
        """The "diagnostics" object of ``linreg fit --format json``
        (``lr_diagnostics_json``): one entry per test that was not switched
        off, then "vif", "condition_number", "influence" (rows 1-based).
        Numbers read back as the same doubles; undefined ones are null."""
        text = ctypes.c_void_p()
        api.lr_diagnostics_json(self._h(), ctypes.byref(text))
        return api.take_text(text)

    def to_dict(self):
        """``json.loads(to_json())``, built from the copies (so it also works
        after ``close()``): {name: {"statistic", "df", "p_value", "method",
        "n"}} (Durbin-Watson adds "p_value_negative" and "exact"); a test
        that did not run has None numbers and "error" (and "skipped": True);
        then "vif", "condition_number" and "influence" as the C JSON writes
        them. NaN and infinities become None; rows are 1-based."""
        out = {}
        for name in DEFAULT_TESTS:
            if name in self:
                r = self[name]
                df = list(r.df) if isinstance(r.df, tuple) else r.df
                e = {"statistic": _json_num(r.statistic), "df": df,
                     "p_value": _json_num(r.pvalue)}
                if isinstance(r, DurbinWatson):
                    e["p_value_negative"] = _json_num(r.pvalue_negative)
                e["method"] = r.method
                e["n"] = r.n
                if isinstance(r, DurbinWatson):
                    e["exact"] = r.exact
                out[name] = e
            elif name in self.errors or name in self.skipped:
                e = {"statistic": None, "df": None, "p_value": None,
                     "method": self._methods[name], "n": _count_num(self.nobs)}
                if name in self.skipped:
                    e["skipped"] = True
                    e["error"] = self.skipped[name]
                else:
                    e["error"] = self.errors[name].detail
                out[name] = e
        parts = self._parts
        if not self._switched_off["collinearity"]:
            v = parts["vif"]
            out["vif"] = ({"error": v.detail} if isinstance(v, LinregError)
                          else {k: _json_num(x) for k, x in v.items()})
            c = parts["condition_number"]
            out["condition_number"] = None if isinstance(c, LinregError) else _json_num(c)
        if not self._switched_off["influence"]:
            s, o = parts["influence"], parts["outliers"]
            if isinstance(s, LinregError):
                out["influence"] = {"error": s.detail}
            else:
                def at(value, row):
                    return {"value": _json_num(value),
                            "row": None if row == _SIZE_MAX else row + 1}
                t = o.test
                out["influence"] = {
                    "n": s.n, "max_leverage": at(s.max_hat, s.max_hat_row),
                    "max_cooks_distance": at(s.max_cooks_d, s.max_cooks_d_row),
                    "n_flagged": s.n_flagged,
                    "outlier_test": {
                        "method": t.method, "statistic": _json_num(t.statistic),
                        "df": _json_num(t.df1), "p_value": _json_num(t.pvalue), "n": t.n,
                        "cutoff": o.cutoff, "significant": t.pvalue <= o.cutoff,
                        "outliers": [{"row": row + 1, "rstudent": _json_num(float(o.rstudent[i])),
                                      "p_unadjusted": _json_num(float(o.p_unadjusted[i])),
                                      "p_bonferroni": _json_num(float(o.p_bonferroni[i]))}
                                     for i, row in enumerate(o.rows)]}}
        return out


def ljung_box_default_lag(n):
    """The default Ljung-Box lag for n residuals: min(10, n // 5)."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise api.error(Status.INVALID_ARG, "n must be a non-negative integer, got %r" % (n,))
    return api.lr_ljung_box_default_lag(int(n))


_ALTERNATIVES = {"greater": Alternative.GREATER, "two.sided": Alternative.TWO_SIDED,
                 "two-sided": Alternative.TWO_SIDED, "two_sided": Alternative.TWO_SIDED,
                 "less": Alternative.LESS}
_DW_METHODS = {"auto": DwMethod.AUTO, "exact": DwMethod.EXACT, "normal": DwMethod.NORMAL}


def _choice(table, value, what):
    if isinstance(value, str) and value in table:
        return table[value]
    if not isinstance(value, (str, bool)) and value in set(table.values()):
        return value
    raise api.error(Status.INVALID_ARG, "%s must be one of %s, got %r"
                    % (what, ", ".join("'%s'" % k for k in table), value))


def _count(value, what, minimum=0):
    """value as a C count; the C function checks its own range beyond this."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or \
            not minimum <= value < 2 ** 31:
        raise api.error(Status.INVALID_ARG, "%s must be an integer >= %d, got %r"
                        % (what, minimum, value))
    return int(value)


_TEST_INDEX = {name: DiagTest(t) for t, name in enumerate(DEFAULT_TESTS)}
_TEST_CHOICES = {True: DiagChoice.ON, False: DiagChoice.OFF, None: DiagChoice.DEFAULT,
                 "on": DiagChoice.ON, "off": DiagChoice.OFF, "default": DiagChoice.DEFAULT}
# keyword -> lr_diag_options field (gq_* and bg_* in the nested structs)
_DIAG_REAL = {"max_work": "max_work", "gq_point": "point", "gq_fraction": "fraction",
              "bg_fill": "fill", "rainbow_fraction": "rainbow_fraction",
              "rainbow_center": "rainbow_center", "outlier_cutoff": "outlier_cutoff"}
_DIAG_COUNT = {"bg_order": "order", "lb_lag": "lb_lag", "lb_fitdf": "lb_fitdf",
               "reset_power": "reset_power", "outlier_max": "outlier_max"}
_DIAG_FLAG = {"bp_studentize": "bp_studentize", "white_f_form": "white_f_form",
              "bg_f_form": "f_form", "collinearity": "collinearity", "influence": "influence",
              "keep_influence": "keep_influence", "keep_dfbetas": "keep_dfbetas"}

#: The option keywords of :meth:`Model.diagnostics` besides the test names
#: (the fields of ``lr_diag_options``).
DIAG_OPTIONS = ("max_work", "bp_studentize", "white_f_form", "gq_point", "gq_fraction",
                "gq_alternative", "gq_order_by", "dw_method", "bg_order", "bg_f_form", "bg_fill",
                "lb_lag", "lb_fitdf", "reset_power", "rainbow_fraction", "rainbow_center",
                "collinearity", "influence", "outlier_cutoff", "outlier_max", "keep_influence",
                "keep_dfbetas")


def _target(o, key):
    """The struct holding option key: o, o.gq or o.bg."""
    return o.gq if key.startswith("gq_") else o.bg if key.startswith("bg_") else o


def _test_choice(value, name):
    if (value is None or isinstance(value, (bool, str))) and value in _TEST_CHOICES:
        return _TEST_CHOICES[value]
    raise api.error(Status.INVALID_ARG, "diagnostics: %s must be True/'on', False/'off' or "
                    "None/'default', got %r" % (name, value))


def _real(value, what):
    """value as a C double (the C library checks its range)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputTypeError("%s must be a number, got %r" % (what, value), Status.INVALID_ARG,
                             api.strerror(Status.INVALID_ARG))
    return float(value)


class DiagnosticsMixin:
    """The diagnostics methods of :class:`linreg.Model` (needs ``_h()``,
    ``names``, ``aliased``, ``has_intercept``)."""

    # ------------------------------------------------------------ helpers
    def _test(self, fn, *args):
        r = LrTestResult()
        fn(self._h(), *args, ctypes.byref(r))
        return TestResult._from_c(r)

    @property
    def predictor_names(self):
        """The names of the predictor columns (the coefficients without the intercept)."""
        return self.names[1:] if self.has_intercept else list(self.names)

    def _predictor_index(self, name, what):
        preds = self.predictor_names
        if isinstance(name, str):
            try:
                return preds.index(name)
            except ValueError:
                raise api.error(Status.NOT_FOUND, "%s: the model has no predictor '%s' "
                                "(predictors: %s)" % (what, name, ", ".join(preds))) from None
        j = _count(name, what)
        if j >= len(preds):
            raise api.error(Status.INVALID_ARG, "%s: predictor index %d is out of range (the "
                            "model has %d predictors)" % (what, j, len(preds)))
        return j

    # ---------------------------------------------------------- normality
    def shapiro_wilk(self):
        """Shapiro-Wilk test of the (weighted) residuals: R's shapiro.test
        (3 <= n <= 5000; UndefinedError above, TooFewRowsError below)."""
        return self._test(api.lr_shapiro_wilk)

    def jarque_bera(self):
        """Jarque-Bera test (statsmodels jarque_bera(wresid)), chi-squared with 2 df."""
        return self._test(api.lr_jarque_bera)

    def omnibus(self):
        """D'Agostino-Pearson omnibus K^2 (statsmodels omni_normtest), n >= 8."""
        return self._test(api.lr_omnibus_normality)

    def anderson_darling(self):
        """Anderson-Darling normality test (nortest::ad.test), n >= 8."""
        return self._test(api.lr_anderson_darling)

    def residual_moments(self):
        """Moments(skewness, kurtosis) of the (weighted) residuals, as the
        statsmodels summary reports them (kurtosis 3 for a normal sample)."""
        s, k = ctypes.c_double(), ctypes.c_double()
        api.lr_residual_moments(self._h(), ctypes.byref(s), ctypes.byref(k))
        return Moments(s.value, k.value)

    def qq_data(self):
        """QQData(theoretical, sample): normal quantiles and the sorted
        internally standardized residuals (R's qqnorm(rstandard(fit)); rows
        with leverage 1 or weight 0 are left out)."""
        h = self._h()
        n = api.lr_model_nobs(h)
        th, ta = B.new_vector(n)
        sa, sp = B.new_vector(n)
        count = ctypes.c_size_t()
        api.lr_qq_data(h, ta, sp, n, ctypes.byref(count))
        return QQData(B.vector_result(th, count.value), B.vector_result(sa, count.value))

    # --------------------------------------------------- homoscedasticity
    def breusch_pagan(self, studentize=True):
        """Breusch-Pagan test on the model's regressors: lmtest::bptest
        (studentize=True: Koenker's n R^2; False: the original statistic)."""
        return self._test(api.lr_breusch_pagan, 1 if studentize else 0)

    def white(self, f_form=False):
        """White's test (statsmodels het_white): the LM statistic n R^2, or the
        F statistic when f_form is true. Needs an intercept."""
        return self._test(api.lr_white, 1 if f_form else 0)

    def goldfeld_quandt(self, point=0.5, fraction=0.0, alternative="greater", order_by=None):
        """Goldfeld-Quandt F test, as lmtest::gqtest.

        point: the breakpoint, a fraction of n when <= 1, else an observation
        number; fraction: central observations omitted (a fraction of n when
        < 1, else a count); alternative: "greater" (variance increases),
        "two.sided" or "less"; order_by: None (row order), a predictor name
        or 0-based predictor index, or one value per input row to order by.
        """
        o = LrGqOptions()
        api.lr_gq_options_init(ctypes.byref(o))
        o.point = float(point)
        o.fraction = float(fraction)
        o.alternative = _choice(_ALTERNATIVES, alternative, "alternative")
        held = None
        try:
            if order_by is None:
                pass
            elif isinstance(order_by, (str, numbers.Integral)) and not isinstance(order_by,
                                                                                 bool):
                o.order_by = self._predictor_index(order_by, "Goldfeld-Quandt order_by")
            else:
                o.order_values, held = B.vector(order_by, "order_by")
            return self._test(api.lr_goldfeld_quandt, ctypes.byref(o))
        finally:
            if held is not None:
                held.release()

    # -------------------------------------------------------- independence
    def durbin_watson(self, method="auto"):
        """Durbin-Watson test (lmtest::dwtest) with the p-values of both
        alternatives. method: "auto" (exact for n < 100, as lmtest),
        "exact" (n <= 2000) or "normal". Depends on the row order."""
        r = LrDwResult()
        api.lr_durbin_watson(self._h(), _choice(_DW_METHODS, method, "method"),
                             ctypes.byref(r))
        return DurbinWatson._from_c(r)

    def breusch_godfrey(self, order=1, f_form=False, fill=0.0):
        """Breusch-Godfrey test for serial correlation up to lag order
        (lmtest::bgtest): chi-squared n R^2, or F when f_form is true; fill is
        the value of the lagged residuals before the first row."""
        o = LrBgOptions()
        api.lr_bg_options_init(ctypes.byref(o))
        o.order = _count(order, "order")
        o.f_form = 1 if f_form else 0
        o.fill = float(fill)
        return self._test(api.lr_breusch_godfrey, ctypes.byref(o))

    def ljung_box(self, lag=None, fitdf=0):
        """Ljung-Box test of the residuals (R's Box.test(type = "Ljung-Box")).
        lag None (or 0) means min(10, n // 5)."""
        return self._test(api.lr_ljung_box, 0 if lag is None else _count(lag, "lag"),
                          _count(fitdf, "fitdf"))

    # ----------------------------------------------------- specification
    def reset(self, max_power=3):
        """Ramsey's RESET test (lmtest::resettest(power = 2:max_power,
        type = "fitted")), an F test."""
        return self._test(api.lr_reset_test, _count(max_power, "max_power"))

    def rainbow(self, fraction=0.5, center=0.5):
        """Utts' rainbow test (lmtest::raintest) with the rows in data order."""
        return self._test(api.lr_rainbow_test, float(fraction), float(center))

    def harvey_collier(self):
        """Harvey-Collier test (lmtest::harvtest) with the rows in data order."""
        return self._test(api.lr_harvey_collier_test)

    # -------------------------------------------------------- all of them
    def _diag_options(self, options):
        """lr_diag_options from diagnostics()'s keyword arguments: (options,
        the held order_by buffer or None)."""
        o = LrDiagOptions()
        api.lr_diag_options_init(ctypes.byref(o))
        order_by = None
        for key, value in options.items():
            if key in _TEST_INDEX:
                o.tests[_TEST_INDEX[key]] = _test_choice(value, key)
            elif key in _DIAG_REAL:
                setattr(_target(o, key), _DIAG_REAL[key], _real(value, key))
            elif key in _DIAG_COUNT:
                setattr(_target(o, key), _DIAG_COUNT[key],
                        0 if value is None and key == "lb_lag" else _count(value, key))
            elif key in _DIAG_FLAG:
                setattr(_target(o, key), _DIAG_FLAG[key], 1 if value else 0)
            elif key == "gq_alternative":
                o.gq.alternative = _choice(_ALTERNATIVES, value, "gq_alternative")
            elif key == "dw_method":
                o.dw_method = _choice(_DW_METHODS, value, "dw_method")
            elif key == "gq_order_by":
                order_by = value
            else:
                raise api.error(Status.INVALID_ARG, "diagnostics: unknown option %r (tests: %s; "
                                "options: %s)" % (key, ", ".join(DEFAULT_TESTS),
                                                  ", ".join(DIAG_OPTIONS)))
        if o.keep_dfbetas:
            o.keep_influence = 1
        held = None
        if order_by is None:
            pass
        elif isinstance(order_by, (str, numbers.Integral)) and not isinstance(order_by, bool):
            o.gq.order_by = self._predictor_index(order_by, "Goldfeld-Quandt gq_order_by")
        else:
            o.gq.order_values, held = B.vector(order_by, "gq_order_by")
        return o, held

    def diagnostics(self, **options):
        """Every default diagnostic in one fused pass over the rows
        (``lr_diagnose``: the tests of :data:`DEFAULT_TESTS`, the residual
        moments, VIFs, condition number, influence summary and Bonferroni
        outlier test; the same numbers as the single-test methods to
        rounding). Returns a :class:`Diagnostics` (a dict name -> result that
        owns its C handle: close it, or use ``with``).

        Options (keywords; the defaults are R's and the CLI's): a test's name
        (``white=True``, ``shapiro_wilk=False``; True/"on" runs it, False/"off"
        switches it off, None/"default" leaves it to the default set);
        ``max_work`` (White is in the default set while n q^2 <= max_work,
        default 1e9); ``bp_studentize``; ``white_f_form``; ``gq_point``,
        ``gq_fraction``, ``gq_alternative``, ``gq_order_by`` (as
        goldfeld_quandt's arguments); ``dw_method``; ``bg_order``,
        ``bg_f_form``, ``bg_fill``; ``lb_lag`` (None: min(10, n // 5)),
        ``lb_fitdf``; ``reset_power``; ``rainbow_fraction``,
        ``rainbow_center``; ``collinearity``, ``influence`` (False switches
        the VIFs and condition number, or the influence summary and outlier
        test, off); ``outlier_cutoff``, ``outlier_max``; ``keep_influence``
        (keep every row's influence measures and flags), ``keep_dfbetas``
        (also DFBETA and DFBETAS; implies keep_influence). See
        :data:`DIAG_OPTIONS`.

        A test that cannot run on this model does not fail the call: its
        exception is in ``.errors`` (a test left out of the default set: its
        reason in ``.skipped``). An invalid option raises (the C message); a
        model without per-row data (a streamed or loaded fit) raises
        :class:`NoDataError`, since no test can run on it."""
        h = self._h()
        o, held = self._diag_options(options)
        out = DiagnosticsP()
        try:
            api.lr_diagnose(h, ctypes.byref(o), ctypes.byref(out))
        finally:
            if held is not None:
                held.release()
        return Diagnostics(out, self.names, self.has_intercept, self.nobs, list(o.tests),
                           collinearity=bool(o.collinearity), influence=bool(o.influence),
                           outlier_cutoff=o.outlier_cutoff, outlier_max=o.outlier_max)

    def diagnostics_json(self, **options):
        """The "diagnostics" object of ``linreg fit --format json`` as JSON
        text (``lr_model_diagnostics_json``), with the options of
        :meth:`diagnostics`. Unlike diagnostics(), a model without rows does
        not raise: each test's entry then carries its error, as the C
        function writes it (VIFs and the condition number come from the
        triangular factor)."""
        h = self._h()
        o, held = self._diag_options(options)
        text = ctypes.c_void_p()
        try:
            api.lr_model_diagnostics_json(h, ctypes.byref(o), ctypes.byref(text))
        finally:
            if held is not None:
                held.release()
        return api.take_text(text)

    # ---------------------------------------------------- multicollinearity
    def vif(self):
        """Variance inflation factors as car::vif: a dict predictor name ->
        VIF (NaN for aliased columns). Works on streamed models."""
        h = self._h()
        p = len(self.names)
        out, addr = B.new_vector(p)
        api.lr_vif(h, addr, p)
        first = 1 if self.has_intercept else 0
        return {self.names[j]: float(out[j]) for j in range(first, p)}

    def gvif(self, terms):
        """Generalized VIFs of terms of several columns (car::vif).

        terms: a mapping term name -> list of coefficient names (every
        coefficient but the intercept in exactly one term), or R's "assign"
        list: one term number 1..T per coefficient (0 for the intercept),
        whose keys are then the term numbers. Returns a dict term ->
        GVIF(gvif, df, gvif_adj) with gvif_adj = GVIF^(1/(2 df)).
        """
        p = len(self.names)
        if isinstance(terms, Mapping):
            keys = list(terms)
            assign = [0] * p
            seen = {}
            for t, key in enumerate(keys, 1):
                cols = terms[key]
                if isinstance(cols, str):
                    cols = [cols]
                for c in cols:
                    if c not in self.names:
                        raise api.error(Status.NOT_FOUND, "GVIF term '%s': the model has no "
                                        "coefficient '%s'" % (key, c))
                    j = self.names.index(c)
                    if j in seen:
                        raise api.error(Status.INVALID_ARG, "GVIF: coefficient '%s' is in "
                                        "terms '%s' and '%s'" % (c, seen[j], key))
                    seen[j] = key
                    assign[j] = t
        else:
            assign = [_count(a, "assign entry") for a in terms]
            if len(assign) != p:
                raise api.error(Status.DIMENSION, "assign has %d entries but the model has %d "
                                "coefficients" % (len(assign), p))
            keys = list(range(1, max(assign, default=0) + 1))
        nt = len(keys)
        c_assign = (ctypes.c_int * max(p, 1))(*assign)
        g, ga = B.new_vector(nt)
        adj, aa = B.new_vector(nt)
        df, da = B.new_vector(nt)
        api.lr_gvif(self._h(), c_assign, nt, ga, aa, da, nt)
        return {keys[t]: GVIF(float(g[t]), int(df[t]) if df[t] == df[t] else math.nan,
                              float(adj[t])) for t in range(nt)}

    def collinearity(self):
        """Belsley-Kuh-Welsch collinearity diagnostics (perturb::colldiag,
        scaled, not centred): Collinearity(names, condition_indices,
        proportions). The largest index is the condition number."""
        p = len(self.names)
        ci, ca = B.new_vector(p)
        pr, pa = B.new_vector(p * p)
        api.lr_collinearity_diagnostics(self._h(), ca, pa, p)
        return Collinearity(list(self.names), B.vector_result(ci, p), B.matrix_result(pr, p, p))

    # ------------------------------------------------------------ influence
    def influence(self):
        """Every per-row influence measure in one pass (R's
        influence.measures): an :class:`Influence` mapping."""
        h = self._h()
        n, p = api.lr_model_nobs(h), len(self.names)
        bufs, addrs = {}, (ctypes.c_void_p * INFLUENCE_MEASURE_COUNT)()
        for name, which in MEASURES.items():
            size = n * p if which >= InfluenceMeasure.DFBETA else n
            bufs[name], addrs[which] = B.new_vector(size)
        flags, fa = B.new_bytes(n)
        api.lr_influence_measures(h, addrs, fa, n)
        cols = {}
        for name, which in MEASURES.items():
            if which >= InfluenceMeasure.DFBETA:
                cols[name] = B.matrix_result(bufs[name], n, p)
            else:
                cols[name] = B.vector_result(bufs[name], n)
        return Influence(self.names, cols, flags[:n])

    def influence_measure(self, measure):
        """One influence measure by name ("hat", "rstandard", "rstudent",
        "cooks_d", "dffits", "covratio", "sigma": a vector; "dfbeta",
        "dfbetas": an nrows x ncoef matrix)."""
        which = _choice(MEASURES, measure, "measure")
        h = self._h()
        n, p = api.lr_model_nobs(h), len(self.names)
        size = n * p if which >= InfluenceMeasure.DFBETA else n
        out, addr = B.new_vector(size)
        api.lr_influence_measure_values(h, which, addr, size)
        if which >= InfluenceMeasure.DFBETA:
            return B.matrix_result(out, n, p)
        return B.vector_result(out, n)

    def influence_summary(self):
        """The largest leverage and Cook's distance and the flagged-row counts,
        in one pass without per-row storage (:class:`InfluenceSummary`)."""
        s = LrInfluenceSummary()
        api.lr_influence_summarize(self._h(), ctypes.byref(s))
        return InfluenceSummary(s.n, s.max_hat, s.max_hat_row, s.max_cooks_d,
                                s.max_cooks_d_row, s.n_flagged,
                                dict(zip(_FLAG_NAMES, list(s.n_flagged_by))))

    def outlier_test(self, cutoff=0.05, n_max=10):
        """Bonferroni outlier test (car::outlierTest(cutoff, n.max)); rows are
        0-based. Returns an :class:`OutlierTest`."""
        n_max = _count(n_max, "n_max")
        r = LrTestResult()
        rows, ra = B.new_sizes(n_max)
        t, ta = B.new_vector(n_max)
        pu, pa = B.new_vector(n_max)
        pb, ba = B.new_vector(n_max)
        count = ctypes.c_size_t()
        api.lr_outlier_test(self._h(), float(cutoff), n_max, ctypes.byref(r), ra, ta, pa, ba,
                            ctypes.byref(count))
        c = count.value
        return OutlierTest([int(v) for v in rows[:c]], B.vector_result(t, c),
                           B.vector_result(pu, c), B.vector_result(pb, c),
                           TestResult._from_c(r), float(cutoff))

    def influence_csv(self, path=None):
        """The per-row measures as CSV (lr_influence_write_csv): header
        row,hat,rstandard,rstudent,cooks_d,dffits,covratio,dfbeta_<name>...,
        dfbetas_<name>...,flagged; rows 1-based, "NA" where undefined.
        Writes the file at path and returns None, or returns the text when
        path is None."""
        h = self._h()
        if path is not None:
            _write_csv(h, os.fsencode(path))
            return None
        fd, tmp = tempfile.mkstemp(prefix="linreg-influence-", suffix=".csv")
        os.close(fd)
        try:
            _write_csv(h, os.fsencode(tmp))
            with open(tmp, encoding="utf-8", newline="") as fh:
                return fh.read()
        finally:
            os.unlink(tmp)


def _write_csv(handle, path):
    libc = api.c_stdio()
    fp = libc.fopen(path, b"wb")
    if not fp:
        err = ctypes.get_errno()
        raise api.error(Status.IO, "cannot open '%s' for writing: %s"
                        % (os.fsdecode(path), os.strerror(err)))
    try:
        api.lr_influence_write_csv(handle, fp)
    except BaseException:
        libc.fclose(fp)
        raise
    if libc.fclose(fp) != 0:
        err = ctypes.get_errno()
        raise api.error(Status.IO, "cannot write '%s': %s" % (os.fsdecode(path),
                                                             os.strerror(err)))

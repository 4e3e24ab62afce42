"""Fitting and the fitted model (``lr_fit``, ``lr_fit_formula``,
``lr_model_*``, ``lr_predict``, ``lr_predict_frame``)."""

import collections
import ctypes
import json
import os
from collections.abc import Mapping

from ._handle import OwnsHandle
from . import _buffers as B
from ._api import CoefColumn, Interval, LrMatrix, LrOptions, ModelP, Refine, Stat, api
from .design import Design, as_frame, formula_options, _is_path
from .diagnostics import DiagnosticsMixin
from .errors import Status
from .frame import Frame
from .persist import PersistenceMixin
from .remedies import RemediesMixin
from .report import ReportMixin

__all__ = ["fit", "ols", "Model", "Prediction"]

#: The result of ``Model.predict`` with an interval (R's predict.lm columns).
Prediction = collections.namedtuple("Prediction", "fit se_fit lower upper")

_REFINE = {"auto": Refine.AUTO, "always": Refine.ALWAYS, "never": Refine.NEVER}
_INTERVAL = {None: Interval.NONE, "none": Interval.NONE,
             "confidence": Interval.CONFIDENCE, "prediction": Interval.PREDICTION}


def _options(intercept=True, level=0.95, rank_tol=None, refine="auto", copy_data=False,
             call=None):
    """An LrOptions filled by lr_options_init, then the given settings."""
    o = LrOptions()
    api.lr_options_init(ctypes.byref(o))
    o.intercept = 1 if intercept else 0
    o.level = float(level)
    if rank_tol is not None:
        o.rank_tol = float(rank_tol)
    try:
        o.refine = _REFINE[refine]
    except (KeyError, TypeError):
        raise api.error(Status.INVALID_ARG, "refine must be 'auto', 'always' or 'never', "
                        "got %r" % (refine,)) from None
    o.copy_data = 1 if copy_data else 0
    if call is not None:
        o.call = str(call).encode("utf-8")
    return o


def _r_call(yname, xnames, intercept, wname):
    """The Call: line the CLI writes for the same fit."""
    rhs = " + ".join(xnames) if xnames else "1"
    if not intercept:
        rhs += " - 1"
    return "lm(formula = %s ~ %s%s)" % (yname, rhs, ", weights = %s" % wname if wname else "")


def fit(X, y, names=None, intercept=True, weights=None, level=0.95, rank_tol=None,
        refine="auto", copy_data=False, call=None, x_lo=None):
    """Fits y = X b (+ intercept) by least squares (weighted when weights is
    given), as R's ``lm`` (``lr_fit``). Returns a :class:`Model`.

    X: a 2-D buffer of doubles (numpy array of any layout, ``array.array``,
    ``memoryview``...), a list of rows, a 1-D sequence (one predictor), a
    mapping of column name -> sequence, or None (intercept only). When X is
    a mapping, ``y`` and ``weights`` may name its columns, and ``names``
    selects and orders the predictor columns (default: all other columns).
    names: the k predictor names (default: the mapping's keys, else x1..xk).
    level: confidence level of the stored intervals (summary, conf_int).
    rank_tol, refine ("auto", "always", "never"), x_lo (low-order parts of X
    for extended-precision columns): as ``lr_options`` in include/linreg.h.
    copy_data: the model keeps its own copy of X, y and weights; otherwise
    (default) it borrows them, and this model object keeps them referenced
    (and their buffers exported, so they cannot be resized) until close().
    call: the summary's "Call:" text (default: R's call when X is a mapping
    and y a column name, else "lm(y ~ X)").
    """
    held = []
    try:
        yname = wname = None
        if isinstance(X, Mapping):
            if isinstance(y, str):
                yname = y
                y = B.gather(X, [y], "data").owner
            if isinstance(weights, str):
                wname = weights
                weights = B.gather(X, [weights], "data").owner
            if names is None:
                names = [c for c in X.keys() if c != yname and c != wname]
            names = list(names)
            xa = B.gather(X, names, "data")
            if call is None and yname is not None:
                call = _r_call(yname, names, intercept, wname)
        elif X is None:
            xa = None
        else:
            if names is None and hasattr(X, "columns"):  # a pandas DataFrame
                names = [str(c) for c in X.columns]
            xa = B.as_array(X, "X")
        if xa is not None:
            held.append(xa)
        yv, ya = B.vector(y, "y")
        held.append(ya)
        if xa is None or (isinstance(X, Mapping) and not names):
            xv = LrMatrix(None, yv.len, 0, 0, 1)  # no predictors: intercept only
        else:
            xv = B.matrix_view(xa)
        k = xv.cols
        if names is not None:
            names = list(names)
            if len(names) != k:
                raise api.error(Status.DIMENSION, "names has %d entries but X has %d columns"
                                % (len(names), k))
        c_names = B.c_names(names) if names is not None and k > 0 else None
        opts = _options(intercept, level, rank_tol, refine, copy_data, call)
        if weights is not None:
            opts.weights, wa = B.vector(weights, "weights")
            held.append(wa)
        if x_lo is not None:
            opts.x_lo, la = B.matrix(x_lo, "x_lo")
            held.append(la)
        handle = ModelP()
        api.lr_fit(ctypes.byref(xv), ctypes.byref(yv), c_names, ctypes.byref(opts),
                   ctypes.byref(handle))
    except BaseException:
        for a in held:
            a.release()
        raise
    if copy_data:
        for a in held:
            a.release()
        held = []
    return Model(handle, level=float(level), borrowed=held)


def _is_data(X):
    """True for new data given as variables (a path, a Frame, a mapping or a
    pandas DataFrame) rather than as a matrix of design columns."""
    if isinstance(X, (Mapping, Frame)) or _is_path(X):
        return True
    return hasattr(X, "columns") and hasattr(X, "iloc")  # a pandas DataFrame


def ols(formula, data, weights=None, na_action="omit", level=0.95, intercept=True,
        rank_tol=None, refine="auto", call=None, csv=None):
    """Fits an R model formula on data by least squares (``lr_fit_formula``):
    R's ``lm(formula, data)``, statsmodels' ``smf.ols(formula, data).fit()``.
    Returns the fitted :class:`Model`.

    formula: R's syntax ("price ~ .", "log(price) ~ lotsize + C(aircon)",
    "y ~ poly(x, 2, raw = TRUE) + a:b - 1"; docs/formulas.md). Categorical
    columns enter treatment-coded with R's column names ("airconyes").
    data: a CSV path (read with ``linreg.read_csv`` and the options in the
    dict csv), a :class:`Frame`, or a mapping of column name -> sequence
    (text columns are categorical; None marks a missing value).
    weights: the name of a weights column (excluded from "."), or one weight
    per data row (a NaN weight drops the row). na_action: "omit" (default)
    drops incomplete rows and reports them in the summary; "exclude" does
    the same and pads ``fittedvalues``/``resid`` to the data's rows with NaN
    (R's na.exclude); "fail" raises NonFiniteError naming the row and column.
    intercept=False removes the intercept as "- 1" does. call: the summary's
    Call: text; default as the CLI writes it,
    ``lm(formula = <formula>, data = <file name>)`` for a path.
    """
    formula = str(formula)
    wname = weights if isinstance(weights, str) else None
    fopts, keep = formula_options(wname, na_action)
    if call is None:
        parts = ["formula = " + formula]
        if _is_path(data):
            parts.append("data = " + os.path.basename(os.fsdecode(data)))
        if wname:
            parts.append("weights = " + wname)
        call = "lm(%s)" % ", ".join(parts)
    opts = _options(intercept, level, rank_tol, refine, False, call)
    held = None
    f, owned = as_frame(data, csv)
    try:
        if weights is not None and wname is None:
            opts.weights, held = B.vector(weights, "weights")
        handle = ModelP()
        api.lr_fit_formula(f._h(), formula.encode("utf-8"), ctypes.byref(fopts),
                           ctypes.byref(opts), ctypes.byref(handle))
    finally:
        if held is not None:
            held.release()  # lr_fit copies weights
        if owned:
            f.close()
    del keep
    m = Model(handle, level=float(level), na_action=na_action)
    # What check(clusters="<column>") reads a column of the data from: the
    # path (read again), or the caller's Frame or mapping (a reference, as
    # statsmodels keeps its data; dropped by close()).
    m._data_source = (os.fsdecode(data), dict(csv or {})) if _is_path(data) else (data, None)
    return m


class Model(OwnsHandle, DiagnosticsMixin, RemediesMixin, PersistenceMixin, ReportMixin):
    """A fitted linear model; owns its C handle (``lr_model``).

    Create it with :func:`fit`, :func:`ols`, :meth:`Accumulator.finish`,
    :func:`linreg.load` or :func:`linreg.from_document`. Free it with
    ``close()`` or a ``with`` block; garbage collection frees it otherwise.
    Vectors are numpy arrays when numpy is importable, else array('d').
    The diagnostics (``diagnostics()``, ``shapiro_wilk()``, ``vif()``,
    ``influence()``...) come from :class:`linreg.diagnostics.DiagnosticsMixin`,
    the remedies and interpretation (``robust()``, ``fwls()``, ``boxcox()``,
    ``explain()``...) from :class:`linreg.remedies.RemediesMixin`, the
    assumption report card (``check()``) from :class:`linreg.report.ReportMixin`.
    """

    _WHAT = "the model"

    def _free(self, handle):
        api.lr_model_free(handle)

    def __init__(self, handle, level=0.95, borrowed=(), na_action=None):
        if not handle:
            raise api.error(Status.INVALID_ARG, "Model needs a non-NULL lr_model handle")
        self._handle = handle
        self._borrowed = list(borrowed)
        self._data_source = None
        self.level = level
        #: How rows with missing values were handled ("omit", "exclude",
        #: "fail"; None for a fit from a matrix). "exclude" pads
        #: fittedvalues and resid to the data's rows.
        self.na_action = na_action
        d = api.lr_model_design(handle)
        self._design = Design(d, owner=self) if d else None
        p = api.lr_model_ncoef(handle)
        self.names = [api.lr_model_coef_name(handle, j).decode("utf-8", "replace")
                      for j in range(p)]
        self.aliased = [bool(api.lr_model_coef_aliased(handle, j)) for j in range(p)]
        self.has_intercept = bool(api.lr_model_stat(handle, Stat.INTERCEPT))

    # ------------------------------------------------------------ lifetime
    def close(self):
        """Frees the C model, then releases the borrowed inputs. Idempotent."""
        super().close()
        design, self._design = getattr(self, "_design", None), None
        if design is not None:
            design._forget()  # borrowed from the model, now freed
        self._data_source = None
        borrowed, self._borrowed = getattr(self, "_borrowed", []), []
        for a in borrowed:
            a.release()

    def __repr__(self):
        if self._handle is None:
            return "<linreg.Model (closed)>"
        formula = self.formula
        return "<linreg.Model %s%d coefficients, n=%g, R-squared=%.4g>" % (
            "%s: " % formula if formula else "", len(self.names), self.nobs, self.rsquared)

    # ---------------------------------------------------------- the design
    @property
    def design(self):
        """The :class:`Design` of a formula model (column names, term labels,
        assign, rows used and dropped, X...), borrowed from the model; None
        for a fit from a matrix. A loaded formula model has its design's
        specification (enough to predict from new data) without rows."""
        self._h()
        return self._design

    @property
    def formula(self):
        """The formula text: of a formula fit, or as recorded in a saved
        document or by set_design(); None otherwise."""
        s = api.lr_model_formula(self._h())
        if s is None and self._design is not None:
            return self._design.formula
        return None if s is None else s.decode("utf-8", "replace")

    @property
    def response(self):
        """The response's name ("price", "log(price)"), or None when unknown."""
        s = api.lr_model_response_name(self._h())
        if s is None and self._design is not None:
            return self._design.response
        return None if s is None else s.decode("utf-8", "replace")

    # ---------------------------------------------------- coefficient table
    def _column(self, column, level=None):
        p = len(self.names)
        out, addr = B.new_vector(p)
        api.lr_model_coef_column(self._h(), column, self.level if level is None else level,
                                 addr, p)
        return B.vector_result(out, p)

    @property
    def k(self):
        """Number of predictor columns (coefficients without the intercept)."""
        return len(self.names) - (1 if self.has_intercept else 0)

    @property
    def params(self):
        """Estimates (NaN for aliased coefficients)."""
        return self._column(CoefColumn.ESTIMATE)

    @property
    def bse(self):
        """Standard errors."""
        return self._column(CoefColumn.STD_ERROR)

    @property
    def tvalues(self):
        return self._column(CoefColumn.T_VALUE)

    @property
    def pvalues(self):
        """Two-sided p-values, Student t with df_resid degrees of freedom."""
        return self._column(CoefColumn.P_VALUE)

    def conf_int(self, level=None):
        """Confidence intervals, one row (low, high) per coefficient (R's confint)."""
        lo = self._column(CoefColumn.CI_LOW, level)
        hi = self._column(CoefColumn.CI_HIGH, level)
        return B.columns_result(lo, hi)

    def cov_params(self):
        """The covariance matrix of the estimates (NaN rows/columns where aliased)."""
        p = len(self.names)
        out, addr = B.new_vector(p * p)
        api.lr_model_vcov(self._h(), addr, p * p)
        return B.matrix_result(out, p, p)

    # ------------------------------------------------------- fit statistics
    def _stat(self, which):
        return api.lr_model_stat(self._h(), which)

    nobs = property(lambda self: self._stat(Stat.N),
                    doc="Rows used (non-zero weight), as R's nobs().")
    rank = property(lambda self: int(self._stat(Stat.RANK)),
                    doc="Number of non-aliased coefficients.")
    df_model = property(lambda self: self._stat(Stat.DF_MODEL), doc="rank - intercept")
    df_resid = property(lambda self: self._stat(Stat.DF_RESID), doc="nobs - rank")
    sigma = property(lambda self: self._stat(Stat.SIGMA),
                     doc="Residual standard error sqrt(ssr / df_resid).")
    scale = property(lambda self: self._stat(Stat.SIGMA) ** 2,
                     doc="Residual variance sigma^2 (statsmodels' scale).")
    rsquared = property(lambda self: self._stat(Stat.R_SQUARED))
    rsquared_adj = property(lambda self: self._stat(Stat.ADJ_R_SQUARED))
    fvalue = property(lambda self: self._stat(Stat.F), doc="Overall F statistic (NaN if none).")
    f_pvalue = property(lambda self: self._stat(Stat.F_P_VALUE))
    llf = property(lambda self: self._stat(Stat.LOG_LIKELIHOOD),
                   doc="Log-likelihood, as R's logLik.lm.")
    aic = property(lambda self: self._stat(Stat.AIC), doc="R's AIC: -2 llf + 2 (rank + 1).")
    bic = property(lambda self: self._stat(Stat.BIC))
    condition_number = property(lambda self: self._stat(Stat.CONDITION_NUMBER),
                                doc="2-norm condition number of the unit-norm-column design.")
    ssr = property(lambda self: self._stat(Stat.RSS), doc="(Weighted) residual sum of squares.")
    tss = property(lambda self: self._stat(Stat.TSS),
                   doc="(Weighted) total sum of squares, centered iff intercept.")
    refined = property(lambda self: bool(self._stat(Stat.REFINED)),
                       doc="True if the extended-precision refinement ran.")

    def stats(self):
        """Every fit statistic the library defines, by its C name (lr_stat_name)."""
        h = self._h()
        out = {}
        i = 0
        while True:
            name = api.lr_stat_name(i)
            if name is None:
                return out
            out[name.decode()] = api.lr_model_stat(h, i)
            i += 1

    # ------------------------------------------------------------ per row
    @property
    def nrows(self):
        """Rows given to the fit, zero-weight rows included (0 for a streamed fit)."""
        return api.lr_model_nobs(self._h())

    def _rows(self, getter, what, pad=None):
        h = self._h()
        ptr = getter(h)
        if not ptr:
            raise api.error(Status.NO_DATA, "the model holds no per-row data (streamed fit or "
                            "loaded model), so it has no %s" % what)
        n = api.lr_model_nobs(h)
        if pad is None:
            pad = self.na_action == "exclude"
        if pad:
            return self._pad_addr(ctypes.cast(ptr, ctypes.c_void_p).value, n)
        return B.copy_from(ptr, n)

    @property
    def fittedvalues(self):
        """Fitted values, one per row used (a copy); for a formula model
        fitted with na_action="exclude", one per data row, NaN where a row
        was dropped (R's na.exclude)."""
        return self._rows(api.lr_model_fitted, "fitted values")

    @property
    def resid(self):
        """Residuals y - fitted (unweighted), as fittedvalues (a copy)."""
        return self._rows(api.lr_model_residuals, "residuals")

    def fitted_padded(self):
        """Fitted values padded to the data's rows (NaN for dropped rows),
        whatever na_action was (``lr_model_pad``)."""
        return self._rows(api.lr_model_fitted, "fitted values", pad=True)

    def resid_padded(self):
        """Residuals padded to the data's rows (NaN for dropped rows)."""
        return self._rows(api.lr_model_residuals, "residuals", pad=True)

    @property
    def nrows_data(self):
        """Rows of the data a formula model was fitted from, dropped rows
        included (the length of padded results); nrows for a matrix fit."""
        h = self._h()
        if self._design is not None:
            return self._design.nrows_data
        return api.lr_model_nobs(h)

    def _pad_addr(self, addr, n):
        N = self.nrows_data
        out, oaddr = B.new_vector(N)
        api.lr_model_pad(self._h(), addr or oaddr, oaddr, N)
        return B.vector_result(out, N)

    def pad(self, values):
        """Per-row values of the rows used (nrows of them: fitted values,
        residuals, influence measures...) padded to the data's rows, NaN
        where a row was dropped (``lr_model_pad``, R's na.exclude). For a
        fit from a matrix it returns a copy."""
        h = self._h()
        n = api.lr_model_nobs(h)
        a = B.contiguous(values, "values")
        try:
            if a.shape[0] != n:
                raise api.error(Status.DIMENSION, "pad needs one value per row used (%d), got %d"
                                % (n, a.shape[0]))
            return self._pad_addr(a.addr, n)
        finally:
            a.release()

    # ------------------------------------------------------------ outputs
    def summary(self):
        """The text of R's print(summary(lm)), exactly as ``linreg fit`` prints it."""
        text = ctypes.c_void_p()
        api.lr_model_summary(self._h(), ctypes.byref(text))
        return api.take_text(text)

    def to_json(self, level=None):
        """The coefficient table and fit statistics as the JSON of
        ``linreg fit --format json`` (lr_model_results_json); for a formula
        model also "formula" (text, response, terms, columns) and "data"
        (rows read, used, dropped and why) (lr_formula_results_json)."""
        text = ctypes.c_void_p()
        fn = api.lr_formula_results_json if self._design is not None else \
            api.lr_model_results_json
        fn(self._h(), self.level if level is None else level, ctypes.byref(text))
        return api.take_text(text)

    def to_dict(self, level=None):
        """``json.loads(to_json(level))``: undefined values are None."""
        return json.loads(self.to_json(level))

    # ---------------------------------------------------------- prediction
    def predict(self, X, interval=None, level=0.95, csv=None):
        """Predictions for new rows (R's predict.lm).

        For a formula model (:func:`ols`, or loaded from a formula fit), X is
        new *data*: a CSV path, a :class:`Frame` or a mapping of column name
        -> values (scalars allowed: one row) holding the variables the
        formula reads; the design of the new rows is built with the training
        levels and coefficients (``lr_predict_frame``), and a row with a
        missing value gives NaN. Otherwise, and for a matrix of design
        columns given to a formula model, X is as for :func:`fit` without the
        intercept column: a 2-D input of k columns, a mapping name -> values
        using the model's predictor names, a CSV path with those columns, or,
        when k > 1, a 1-D sequence of k values (one row).
        interval: None (the fitted means only), "confidence" or "prediction".
        With an interval, returns ``Prediction(fit, se_fit, lower, upper)``.
        csv: read_csv options when X is a path.
        """
        try:
            kind = _INTERVAL[interval]
        except (KeyError, TypeError):
            raise api.error(Status.INVALID_ARG, "interval must be None, 'confidence' or "
                            "'prediction', got %r" % (interval,)) from None
        k = self.k
        h = self._h()
        if self._design is not None and _is_data(X):
            return self._predict_frame(X, kind, level, csv)
        if _is_path(X):
            with as_frame(X, csv)[0] as f:
                return self.predict(f, interval, level)
        if isinstance(X, Frame):
            X = {name: X.column(name) for name in self.names[len(self.names) - k:]
                 if name in X.names} if k else {}
        if isinstance(X, Mapping):
            a = B.gather(X, self.names[len(self.names) - k:], "new data", allow_scalar=True)
            view = B.matrix_view(a) if k else LrMatrix(None, 1, 0, 0, 1)
        else:
            a = B.as_array(X, "X")
            if len(a.shape) == 1 and k != 1:
                if a.shape[0] != k:
                    a.release()
                    raise api.error(Status.DIMENSION, "a one-dimensional X is one row of the "
                                    "model's %d predictors, but it has %d values"
                                    % (k, a.shape[0]))
                view = LrMatrix(a.addr, 1, k, 0, a.strides[0])
            else:
                view = B.matrix_view(a)
        try:
            m = view.rows
            fit_, fa = B.new_vector(m)
            if kind == Interval.NONE:
                api.lr_predict(h, ctypes.byref(view), kind, level, fa, None, None, None)
                return B.vector_result(fit_, m)
            se, sa = B.new_vector(m)
            lo, la = B.new_vector(m)
            hi, ha = B.new_vector(m)
            api.lr_predict(h, ctypes.byref(view), kind, level, fa, sa, la, ha)
            return Prediction(B.vector_result(fit_, m), B.vector_result(se, m),
                              B.vector_result(lo, m), B.vector_result(hi, m))
        finally:
            a.release()

    def _predict_frame(self, data, kind, level, csv):
        h = self._h()
        f, owned = as_frame(data, csv, categorical=self._design.categorical, scalars=True)
        try:
            m = f.nrows
            fit_, fa = B.new_vector(m)
            if kind == Interval.NONE:
                api.lr_predict_frame(h, f._h(), kind, level, fa, None, None, None)
                return B.vector_result(fit_, m)
            se, sa = B.new_vector(m)
            lo, la = B.new_vector(m)
            hi, ha = B.new_vector(m)
            api.lr_predict_frame(h, f._h(), kind, level, fa, sa, la, ha)
            return Prediction(B.vector_result(fit_, m), B.vector_result(se, m),
                              B.vector_result(lo, m), B.vector_result(hi, m))
        finally:
            if owned:
                f.close()

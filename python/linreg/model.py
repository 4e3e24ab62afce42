"""Fitting and the fitted model (``lr_fit``, ``lr_model_*``, ``lr_predict``)."""

import collections
import ctypes
import json
from collections.abc import Mapping

from . import _buffers as B
from ._api import CoefColumn, Interval, LrMatrix, LrOptions, ModelP, Refine, Stat, api
from .diagnostics import DiagnosticsMixin
from .errors import ClosedError, Status
from .remedies import RemediesMixin

__all__ = ["fit", "Model", "Prediction"]

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


class Model(DiagnosticsMixin, RemediesMixin):
    """A fitted linear model; owns its C handle (``lr_model``).

    Create it with :func:`fit` or :meth:`Accumulator.finish`. Free it with
    ``close()`` or a ``with`` block; garbage collection frees it otherwise.
    Vectors are numpy arrays when numpy is importable, else array('d').
    The diagnostics (``diagnostics()``, ``shapiro_wilk()``, ``vif()``,
    ``influence()``...) come from :class:`linreg.diagnostics.DiagnosticsMixin`,
    the remedies and interpretation (``robust()``, ``fwls()``, ``boxcox()``,
    ``explain()``...) from :class:`linreg.remedies.RemediesMixin`.
    """

    def __init__(self, handle, level=0.95, borrowed=()):
        if not handle:
            raise api.error(Status.INVALID_ARG, "Model needs a non-NULL lr_model handle")
        self._handle = handle
        self._borrowed = list(borrowed)
        self.level = level
        p = api.lr_model_ncoef(handle)
        self.names = [api.lr_model_coef_name(handle, j).decode("utf-8", "replace")
                      for j in range(p)]
        self.aliased = [bool(api.lr_model_coef_aliased(handle, j)) for j in range(p)]
        self.has_intercept = bool(api.lr_model_stat(handle, Stat.INTERCEPT))

    # ------------------------------------------------------------ lifetime
    def close(self):
        """Frees the C model, then releases the borrowed inputs. Idempotent."""
        handle, self._handle = self._handle, None
        if handle:
            api.lr_model_free(handle)
        borrowed, self._borrowed = self._borrowed, []
        for a in borrowed:
            a.release()

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
            raise ClosedError("the model is closed", None, None)
        return self._handle

    def __repr__(self):
        if self._handle is None:
            return "<linreg.Model (closed)>"
        return "<linreg.Model %d coefficients, n=%g, R-squared=%.4g>" % (
            len(self.names), self.nobs, self.rsquared)

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

    def _rows(self, getter, what):
        h = self._h()
        ptr = getter(h)
        if not ptr:
            raise api.error(Status.NO_DATA, "the model holds no per-row data (streamed fit), "
                            "so it has no %s" % what)
        return B.copy_from(ptr, api.lr_model_nobs(h))

    @property
    def fittedvalues(self):
        """Fitted values, one per input row (a copy)."""
        return self._rows(api.lr_model_fitted, "fitted values")

    @property
    def resid(self):
        """Residuals y - fitted (unweighted), one per input row (a copy)."""
        return self._rows(api.lr_model_residuals, "residuals")

    # ------------------------------------------------------------ outputs
    def summary(self):
        """The text of R's print(summary(lm)), exactly as ``linreg fit`` prints it."""
        text = ctypes.c_void_p()
        api.lr_model_summary(self._h(), ctypes.byref(text))
        return api.take_text(text)

    def to_json(self, level=None):
        """The coefficient table and fit statistics as the JSON of
        ``linreg fit --format json`` (lr_model_results_json)."""
        text = ctypes.c_void_p()
        api.lr_model_results_json(self._h(), self.level if level is None else level,
                                  ctypes.byref(text))
        return api.take_text(text)

    def to_dict(self, level=None):
        """``json.loads(to_json(level))``: undefined values are None."""
        return json.loads(self.to_json(level))

    # ---------------------------------------------------------- prediction
    def predict(self, X, interval=None, level=0.95):
        """Predictions for new rows (R's predict.lm).

        X: as for :func:`fit` without the intercept column: a 2-D input of k
        columns, a mapping name -> values (scalars allowed) using the model's
        predictor names, or, when k > 1, a 1-D sequence of k values (one row).
        interval: None (the fitted means only), "confidence" or "prediction".
        With an interval, returns ``Prediction(fit, se_fit, lower, upper)``.
        """
        try:
            kind = _INTERVAL[interval]
        except (KeyError, TypeError):
            raise api.error(Status.INVALID_ARG, "interval must be None, 'confidence' or "
                            "'prediction', got %r" % (interval,)) from None
        k = self.k
        h = self._h()
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

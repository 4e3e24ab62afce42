"""Remedies and interpretation (``include/linreg/robust.h``): robust
covariances (HC0-HC5, Newey-West, HAC, one- and two-way cluster) as a
:class:`RobustResults` object, feasible weighted least squares, Box-Cox,
the fixed-features (errors-in-variables) correction, and the
interpretation pack (standardized coefficients, effects, explanations,
sentences).

The methods live on :class:`linreg.Model` (through ``RemediesMixin``).
"""

import collections
import ctypes
import json
import math
import numbers
from collections.abc import Mapping

from ._handle import OwnsHandle
from . import _buffers as B
from ._api import (VCOV_TYPE_NAMES, BoxCoxP, CoefColumn, LrCoefLabel, LrRobustOptions, ModelP,
                   RobustP, VcovType, api)
from .errors import ClosedError, Status

__all__ = ["RobustResults", "BoxCox", "FixedFeatures", "Effect", "Explanation",
           "format_grouped", "vcov_type"]


# ------------------------------------------------------------ robust covariances

_VCOV_ALIASES = {"nw": VcovType.NEWEY_WEST, "neweywest": VcovType.NEWEY_WEST,
                 "newey-west": VcovType.NEWEY_WEST, "newey_west": VcovType.NEWEY_WEST,
                 "cl": VcovType.CLUSTER, "vcovcl": VcovType.CLUSTER, "vcovhac": VcovType.HAC}


def vcov_type(value):
    """A :class:`VcovType` from a name ("HC0".."HC5", "HC4m", "NW" or
    "Newey-West", "HAC", "cluster"; case-insensitive) or a VcovType."""
    if isinstance(value, VcovType):
        return value
    if isinstance(value, str):
        key = value.strip().lower()
        for t, name in VCOV_TYPE_NAMES.items():
            if name.lower() == key:
                return t
        if key in _VCOV_ALIASES:
            return _VCOV_ALIASES[key]
    raise api.error(Status.INVALID_ARG, "unknown covariance type %r: use one of %s"
                    % (value, ", ".join(VCOV_TYPE_NAMES.values())))


class RobustResults(OwnsHandle):
    """A robust covariance of a model's estimates and its coefficient table
    (``lr_robust``), as lmtest::coeftest(fit, vcov) / coefci for an lm:
    Student t with the model's residual degrees of freedom.

    Owns its C handle: close() or a ``with`` block frees it, garbage
    collection otherwise. The C result copies what it needs from the model,
    so everything but :meth:`to_json` keeps working after the model is
    closed; to_json reads the model's names and raises
    :class:`linreg.ClosedError` once the model is closed.
    """

    _WHAT = "the robust covariance"

    def _free(self, handle):
        api.lr_robust_free(handle)

    def __init__(self, handle, model, level=0.95):
        if not handle:
            raise api.error(Status.INVALID_ARG, "RobustResults needs a non-NULL lr_robust handle")
        self._handle = handle
        self._model = model
        self.level = level
        self.names = list(model.names)
        self.aliased = list(model.aliased)
        self._read_meta(handle)

    def _read_meta(self, handle):
        self.type = VcovType(api.lr_robust_type(handle))
        #: lr_vcov_type_name: "HC3", "Newey-West", "cluster", "HAC"...
        self.cov_type = api.lr_vcov_type_name(self.type).decode("ascii")
        #: residual degrees of freedom of the t distribution (n - rank)
        self.df_resid = api.lr_robust_df(handle)
        lag = api.lr_robust_lag(handle)
        bw = api.lr_robust_bandwidth(handle)
        #: Newey-West: the lag used; HAC: lags with a kernel weight > 1e-7; else None
        self.lag = None if lag < 0 else lag
        #: the automatic bandwidth (bwNeweyWest / bwAndrews), else None
        self.bandwidth = None if math.isnan(bw) else bw
        #: cluster: (clusters of dimension 1, of dimension 2, of their
        #: intersection), 0 where not applicable; None for other types
        self.nclusters = (tuple(api.lr_robust_nclusters(handle, d) for d in range(3))
                          if self.type == VcovType.CLUSTER else None)

    # ------------------------------------------------------------ lifetime
    def __repr__(self):
        if self._handle is None:
            return "<linreg.RobustResults (closed)>"
        return "<linreg.RobustResults %s, %d coefficients>" % (self.cov_type, len(self.names))

    # ----------------------------------------------------------- the table
    def _column(self, column, level=None):
        p = len(self.names)
        out, addr = B.new_vector(p)
        api.lr_robust_coef_column(self._h(), column, self.level if level is None else level,
                                  addr, p)
        return B.vector_result(out, p)

    params = property(lambda self: self._column(CoefColumn.ESTIMATE),
                      doc="The model's estimates (NaN where aliased).")
    bse = property(lambda self: self._column(CoefColumn.STD_ERROR), doc="Robust standard errors.")
    tvalues = property(lambda self: self._column(CoefColumn.T_VALUE))
    pvalues = property(lambda self: self._column(CoefColumn.P_VALUE),
                       doc="Two-sided p-values, Student t with df_resid degrees of freedom.")

    def conf_int(self, level=None):
        """Robust confidence intervals, one row (low, high) per coefficient (lmtest::coefci)."""
        return B.columns_result(self._column(CoefColumn.CI_LOW, level),
                                self._column(CoefColumn.CI_HIGH, level))

    def cov_params(self):
        """The robust covariance matrix (NaN rows/columns where aliased)."""
        h = self._h()
        p = api.lr_robust_ncoef(h)
        out, addr = B.new_vector(p * p)
        api.lr_robust_get_vcov(h, addr, p * p)
        return B.matrix_result(out, p, p)

    def summary(self):
        """The table as lmtest's print(coeftest(fit, vcov)) lays it out."""
        est, se, t, pv = (B.vector_result(c, len(self.names)) for c in
                          (self.params, self.bse, self.tvalues, self.pvalues))
        w = max([len(n) for n in self.names] + [1])
        lines = ["t test of coefficients (%s covariance):" % self.cov_type, "",
                 "%-*s %13s %13s %9s %11s" % (w, "", "Estimate", "Std. Error", "t value",
                                               "Pr(>|t|)")]
        for j, name in enumerate(self.names):
            if self.aliased[j]:
                lines.append("%-*s %13s %13s %9s %11s" % (w, name, "NA", "NA", "NA", "NA"))
            else:
                lines.append("%-*s %13.6g %13.6g %9.4g %11.4g" % (w, name, est[j], se[j], t[j],
                                                                  pv[j]))
        return "\n".join(lines) + "\n"

    def to_json(self, level=None):
        """The robust table as JSON (lr_robust_json): type, distribution, df,
        level, lag/bandwidth or clusters, and the coefficients with the keys of
        Model.to_json. Needs the model it was computed from to be open."""
        if self._model.closed:
            raise ClosedError("the model this robust covariance was computed from is closed; "
                              "to_json needs it (the other results do not)", None, None)
        text = ctypes.c_void_p()
        api.lr_robust_json(self._model._h(), self._h(), self.level if level is None else level,
                           ctypes.byref(text))
        return api.take_text(text)

    def to_dict(self, level=None):
        """``json.loads(to_json(level))``: undefined values are None."""
        return json.loads(self.to_json(level))


def _cluster(model, groups, what, held):
    """An LrClusterIds for groups: a predictor name, or ids (one per input row)."""
    if isinstance(groups, str):
        return api.lr_cluster_column(model._predictor_index(groups, what))
    kind, arr = B.ids(groups, what)
    held.append(arr)
    if kind == "int64":
        return api.lr_cluster_ints(arr.addr, arr.shape[0])
    return api.lr_cluster_doubles(arr.addr, arr.shape[0])


# ---------------------------------------------------------------- Box-Cox

BoxCox = collections.namedtuple(
    "BoxCox", "lambda_hat loglik_max ci_low ci_high level grid_lambda grid_loglik")
BoxCox.__doc__ = (
    "The Box-Cox profile log-likelihood (MASS::boxcox): the maximiser lambda_hat, the "
    "log-likelihood there, the interval at level (NaN where the profile stays above the "
    "cutoff to the end of the range), and the grid of lambda values with their "
    "log-likelihoods.")


class FixedFeatures(collections.namedtuple("FixedFeatures",
                                           "params sensitivity levels note")):
    """The fixed-features (errors-in-variables) check by regression
    calibration. ``params``: the corrected coefficients (None when neither
    reliability nor error variances were given); ``sensitivity``: a dict
    predictor -> {reliability level: the coefficients corrected as if only
    that predictor had that reliability} (NaN where the level is impossible
    for these data); ``levels``; ``note``: the plain-text explanation."""
    __slots__ = ()

    def __str__(self):
        return self.note


Effect = collections.namedtuple("Effect", "min q1 median q3 max")
Effect.__doc__ = ("Distribution of one feature's effect b_j x_ij over the rows used: minimum, "
                  "quartiles (R's quantile type 7) and maximum.")

Explanation = collections.namedtuple("Explanation",
                                     "contributions mean_prediction prediction")
Explanation.__doc__ = (
    "One prediction explained: contributions (dict predictor -> b_j (x_j - mean_j)), the "
    "prediction at the means, and the prediction; mean_prediction + sum(contributions) == "
    "prediction up to rounding.")


def format_grouped(value, sig=5, decimals=None):
    """value with sig significant digits (at least all integer digits), no
    exponent and commas between thousands, independent of the locale
    (lr_format_grouped): 14335.6 -> "14,336". decimals forces that many
    digits after the point."""
    dec = -1 if decimals is None else int(decimals)
    size = 64
    while True:
        buf = ctypes.create_string_buffer(size)
        n = api.lr_format_grouped(buf, size, float(value), int(sig), dec)
        if n < size - 1:
            return buf.value.decode("ascii")
        size *= 4  # possibly truncated: a huge number in full digits


def _per_predictor(model, values, what, default):
    """A contiguous Array of k values from a sequence of k numbers or a
    mapping predictor name -> number (missing names take default)."""
    preds = model.predictor_names
    if isinstance(values, Mapping):
        unknown = [key for key in values if key not in preds]
        if unknown:
            raise api.error(Status.NOT_FOUND, "%s: the model has no predictor '%s' "
                            "(predictors: %s)" % (what, unknown[0], ", ".join(preds)))
        values = [values.get(name, default) for name in preds]
    return B.contiguous(values, what, len(preds))


class RemediesMixin:
    """The remedies and interpretation methods of :class:`linreg.Model`."""

    # ------------------------------------------------- robust covariances
    def robust(self, cov_type="HC3", groups=None, groups2=None, lag=None, prewhite=True,
               adjust=False, cluster_type="HC1", cadjust=True, level=None):
        """A robust covariance and coefficient table (lr_robust_vcov), as R's
        sandwich: returns a :class:`RobustResults` (close it, or use ``with``).

        cov_type: "HC0".."HC5", "HC4m" (vcovHC), "NW"/"Newey-West"
        (NeweyWest), "HAC" (vcovHAC's Andrews defaults) or "cluster"
        (vcovCL). Newey-West: lag (None: automatic, bwNeweyWest), prewhite,
        adjust (the n / (n - k) factor). Cluster: groups, one id per input
        row (numbers, or any hashable labels; a numpy int64/float64 array or
        array('q'/'d') is read in place) or the name of a predictor column
        holding the ids; groups2 for two-way clustering; cluster_type "HC1"
        (default, as vcovCL) or "HC0"; cadjust the G / (G - 1) factor.
        level: the default level of conf_int() (default: the model's).
        """
        t = vcov_type(cov_type)
        if t != VcovType.CLUSTER and (groups is not None or groups2 is not None):
            raise api.error(Status.INVALID_ARG, "groups are used by the cluster covariance "
                            "only, not by %s" % VCOV_TYPE_NAMES[t])
        if t != VcovType.NEWEY_WEST and lag is not None:
            raise api.error(Status.INVALID_ARG, "lag is used by the Newey-West covariance "
                            "only, not by %s" % VCOV_TYPE_NAMES[t])
        h = self._h()
        o = LrRobustOptions()
        api.lr_robust_options_init(ctypes.byref(o), t)
        if lag is not None:
            if isinstance(lag, bool) or not isinstance(lag, numbers.Integral) or lag < 0:
                raise api.error(Status.INVALID_ARG, "lag must be None (automatic) or an "
                                "integer >= 0, got %r" % (lag,))
            o.lag = int(lag)
        o.prewhite = 1 if prewhite else 0
        o.adjust = 1 if adjust else 0
        o.cadjust = 1 if cadjust else 0
        ct = vcov_type(cluster_type)
        o.cluster_type = ct
        held = []
        try:
            if groups is not None:
                o.cluster1 = _cluster(self, groups, "groups", held)
            if groups2 is not None:
                if groups is None:
                    raise api.error(Status.INVALID_ARG, "groups2 needs groups (the first "
                                    "clustering dimension)")
                o.cluster2 = _cluster(self, groups2, "groups2", held)
            handle = RobustP()
            api.lr_robust_vcov(h, ctypes.byref(o), ctypes.byref(handle))
        finally:
            for a in held:
                a.release()
        return RobustResults(handle, self, self.level if level is None else float(level))

    # ---------------------------------------------------------------- FWLS
    def fwls(self, return_aux=False):
        """Feasible weighted least squares for Var(e_i) = exp(x_i' g)
        (Wooldridge 8.4; lr_fwls): the weighted refit as a new Model, or
        (model, auxiliary model of log(e^2)) when return_aux is true. Both
        own copies of their data, so they outlive this model. The model must
        be unweighted (UnsupportedError otherwise)."""
        wls, aux = ModelP(), ModelP()
        api.lr_fwls(self._h(), ctypes.byref(wls), ctypes.byref(aux) if return_aux else None)
        cls = type(self)
        try:
            w = cls(wls, level=self.level)
        except BaseException:
            api.lr_model_free(wls)
            if return_aux:
                api.lr_model_free(aux)
            raise
        if not return_aux:
            return w
        try:
            return w, cls(aux, level=self.level)
        except BaseException:
            w.close()
            api.lr_model_free(aux)
            raise

    # -------------------------------------------------------------- Box-Cox
    def boxcox(self, lambda_min=-2.0, lambda_max=2.0, step=0.1, level=0.95):
        """The Box-Cox profile log-likelihood of the response (MASS::boxcox
        for an lm): a :class:`BoxCox` with the maximiser, its interval at
        level and the grid lambda_min, lambda_min + step, ... lambda_max
        (step <= 0: MASS's grid -2..2 by 0.1). The model must be unweighted,
        hold its data, and have a positive response."""
        handle = BoxCoxP()
        api.lr_boxcox_profile(self._h(), float(lambda_min), float(lambda_max), float(step),
                              float(level), ctypes.byref(handle))
        try:  # everything is copied out, then the C object is freed at once
            n = api.lr_boxcox_grid_size(handle)
            return BoxCox(api.lr_boxcox_lambda_hat(handle), api.lr_boxcox_loglik_max(handle),
                          api.lr_boxcox_ci_low(handle), api.lr_boxcox_ci_high(handle),
                          float(level), B.copy_from(api.lr_boxcox_grid_lambda(handle), n),
                          B.copy_from(api.lr_boxcox_grid_loglik(handle), n))
        finally:
            api.lr_boxcox_free(handle)

    def boxcox_loglik(self, lmbda):
        """The Box-Cox profile log-likelihood L(lmbda) at one lambda."""
        v = ctypes.c_double()
        api.lr_boxcox_loglik_at(self._h(), float(lmbda), ctypes.byref(v))
        return v.value

    # ----------------------------------------------------- fixed features
    def fixed_features(self, reliability=None, error_var=None, levels=None):
        """The fixed-features (errors-in-variables) check, by regression
        calibration (Fuller 1987): a :class:`FixedFeatures`.

        reliability: per predictor, the share of its variance that is not
        measurement error, in (0, 1] (a sequence of k values, or a mapping
        predictor name -> value where missing names mean 1); or error_var:
        the measurement-error variances (>= 0; missing names mean 0). With
        either, ``params`` holds the corrected coefficients. ``sensitivity``
        is computed at levels (default 1.0, 0.9, 0.8, 0.7) in any case; the
        note uses reliability when given.
        """
        h = self._h()
        p = len(self.names)
        if reliability is not None and error_var is not None:
            raise api.error(Status.INVALID_ARG, "give reliability or error_var, not both")
        params = None
        rel = _per_predictor(self, reliability, "reliability", 1.0) \
            if reliability is not None else None
        try:
            if reliability is not None or error_var is not None:
                ev = _per_predictor(self, error_var, "error_var", 0.0) \
                    if error_var is not None else None
                try:
                    out, addr = B.new_vector(p)
                    api.lr_fixed_features_correct(h, rel.addr if rel else None,
                                                  ev.addr if ev else None, addr, p)
                    params = B.vector_result(out, p)
                finally:
                    if ev is not None:
                        ev.release()
            lv, sens = self._sensitivity(levels)
            text = ctypes.c_void_p()
            api.lr_fixed_features_note(h, rel.addr if rel else None, ctypes.byref(text))
            note = api.take_text(text)
        finally:
            if rel is not None:
                rel.release()
        return FixedFeatures(params, sens, tuple(lv), note)

    def fixed_features_sensitivity(self, levels=None):
        """For each predictor and reliability level (default 1.0, 0.9, 0.8,
        0.7), the coefficients corrected as if only that predictor had that
        reliability: a dict predictor -> {level: coefficients}."""
        return self._sensitivity(levels)[1]

    def _sensitivity(self, levels):
        h = self._h()
        p = len(self.names)
        preds = self.predictor_names
        if levels is None:
            lv = [1.0, 0.9, 0.8, 0.7]
            arr = None
        else:
            arr = B.contiguous(levels, "levels")
            lv = list(B.read_strided(arr.addr, arr.shape[0], 1)) if arr.shape[0] else []
        try:
            k, nl = len(preds), len(lv)
            size = k * nl * p
            out, addr = B.new_vector(size)
            api.lr_fixed_features_sensitivity(h, arr.addr if arr else None,
                                              nl if arr else 0, addr, size)
        finally:
            if arr is not None:
                arr.release()
        vals = B.vector_result(out, size)
        res = {}
        for j, name in enumerate(preds):
            res[name] = {}
            for li, level in enumerate(lv):
                start = (j * nl + li) * p
                res[name][level] = vals[start:start + p]
        return lv, res

    def fixed_features_note(self, reliability=None):
        """The plain-text note on the fixed-features assumption (works on
        streamed models): without reliability, why it cannot be tested from
        the data and what to do; with it, the corrected coefficients and the
        sensitivity table in words."""
        h = self._h()
        rel = _per_predictor(self, reliability, "reliability", 1.0) \
            if reliability is not None else None
        try:
            text = ctypes.c_void_p()
            api.lr_fixed_features_note(h, rel.addr if rel else None, ctypes.byref(text))
            return api.take_text(text)
        finally:
            if rel is not None:
                rel.release()

    # --------------------------------------------------- interpretation
    def standardized_params(self):
        """Standardized coefficients (beta weights) b_j sd(x_j) / sd(y),
        weighted for a weighted fit; NaN for the intercept and aliased columns."""
        p = len(self.names)
        out, addr = B.new_vector(p)
        api.lr_standardized_coef(self._h(), addr, p)
        return B.vector_result(out, p)

    def coef_order(self):
        """Coefficient indices by |t| descending (aliased last): the order of
        the weight table."""
        p = len(self.names)
        out, addr = B.new_sizes(p)
        api.lr_coef_order_by_t(self._h(), addr, p)
        return [int(v) for v in out[:p]]

    def weight_table(self, level=None):
        """The weight table as text: coefficients in |t| order with estimate,
        standard error, t, the CI at level and the standardized coefficient."""
        text = ctypes.c_void_p()
        api.lr_weight_table_text(self._h(), self.level if level is None else level,
                                 ctypes.byref(text))
        return api.take_text(text)

    def effects(self):
        """The effect table (Molnar, Interpretable Machine Learning 5.1): a dict
        predictor -> Effect(min, q1, median, q3, max) of b_j x_ij over the rows
        used (NaN for aliased columns)."""
        preds = self.predictor_names
        k = len(preds)
        out, addr = B.new_vector(5 * k)
        api.lr_effect_table(self._h(), addr, 5 * k)
        return {name: Effect(*(float(out[5 * j + q]) for q in range(5)))
                for j, name in enumerate(preds)}

    def explain(self, x):
        """Explains the prediction for one row x (k predictor values, or a
        mapping predictor name -> value with every predictor): an
        :class:`Explanation` with contributions b_j (x_j - mean_j), the
        prediction at the means and the prediction."""
        h = self._h()
        preds = self.predictor_names
        k = len(preds)
        if isinstance(x, Mapping):
            missing = [name for name in preds if name not in x]
            if missing:
                raise api.error(Status.NOT_FOUND, "explain: x has no value for predictor "
                                "'%s'" % missing[0])
            x = {name: x[name] for name in preds}
        elif k == 1 and B._is_scalar(x):
            x = [x]
        arr = _per_predictor(self, x, "x", math.nan)
        try:
            contrib, ca = B.new_vector(k)
            mp, pr = ctypes.c_double(), ctypes.c_double()
            none = ctypes.c_double()  # k == 0 (intercept only): any non-NULL x
            api.lr_explain_prediction(h, arr.addr or ctypes.addressof(none), k, ca,
                                      ctypes.byref(mp), ctypes.byref(pr))
        finally:
            arr.release()
        return Explanation({name: float(contrib[j]) for j, name in enumerate(preds)},
                           mp.value, pr.value)

    def sentences(self, response=None, labels=None, level=None):
        """One sentence per coefficient (the intercept and aliased columns
        skipped), newline-separated: "Holding the other features fixed, one
        more bathroom is associated with a price higher by 14,336 (95% CI
        11,409 to 17,262)."

        response: the response's name (default: a formula model's response,
        e.g. "price", else "the response"). labels: a mapping coefficient
        name -> a unit string ("bathroom" gives "one more bathroom"), or -> a
        mapping with "unit", or "level" and "reference" (a dummy: "gas
        heating rather than no gas heating") and optional "term". A formula
        model labels its dummies from its design by default
        (``design.coef_labels()``: "aircon yes rather than no"); the entries
        given replace those of their coefficients, and labels=False turns
        the defaults off.
        """
        h = self._h()
        keep = []
        if response is None:
            response = self._default_response()
        c_labels = _c_labels(self, labels, keep)
        text = ctypes.c_void_p()
        api.lr_coef_sentences(h, _encode(response, "response", keep), c_labels,
                              self.level if level is None else level, ctypes.byref(text))
        return api.take_text(text)

    def _default_response(self):
        """The response's name for sentences: a formula model's response, None otherwise."""
        design = getattr(self, "_design", None)
        return design.response if design is not None else None


def _encode(v, what, keep):
    """v as NUL-free UTF-8 bytes kept alive in keep (None stays None)."""
    if v is None:
        return None
    if not isinstance(v, str):
        raise api.error(Status.INVALID_ARG, "%s must be a string, got %r" % (what, v))
    b = v.encode("utf-8")
    if b"\0" in b:
        raise api.error(Status.INVALID_ARG, "%s contains a NUL character" % what)
    keep.append(b)
    return b


def _c_labels(model, labels, keep):
    """The lr_coef_label array (one per coefficient) for labels, or None.

    labels: None (a formula model's design labels, see Design.coef_labels;
    none for other models), False (none), or a mapping coefficient name ->
    unit string or mapping with "unit", "term", "level", "reference"; an
    entry replaces the design's label of its coefficient. The strings are
    appended to keep (they must outlive the C call)."""
    design = getattr(model, "_design", None)
    defaults = design.coef_labels() if design is not None and labels is not False else {}
    if labels is False or labels is None:
        labels = {}
    if not isinstance(labels, Mapping):
        raise api.error(Status.INVALID_ARG, "labels must be a mapping coefficient name "
                        "-> unit or label mapping, not %s" % type(labels).__name__)
    unknown = [key for key in labels if key not in model.names]
    if unknown:
        raise api.error(Status.NOT_FOUND, "labels: the model has no coefficient '%s'"
                        % unknown[0])
    if not labels and not any(defaults.values()):
        return None
    c_labels = (LrCoefLabel * len(model.names))()
    for j, name in enumerate(model.names):
        lab = labels.get(name)
        if lab is None:
            lab = defaults.get(name)
            if not lab:
                continue
        if isinstance(lab, str):
            lab = {"unit": lab}
        if not isinstance(lab, Mapping):
            raise api.error(Status.INVALID_ARG, "labels['%s'] must be a unit string or "
                            "a mapping, not %s" % (name, type(lab).__name__))
        bad = [key for key in lab if key not in ("unit", "term", "level", "reference")]
        if bad:
            raise api.error(Status.INVALID_ARG, "labels['%s']: unknown key '%s' (use "
                            "unit, term, level, reference)" % (name, bad[0]))
        for key in ("unit", "term", "level", "reference"):
            setattr(c_labels[j], key,
                    _encode(lab.get(key), "labels['%s'][%r]" % (name, key), keep))
    return c_labels

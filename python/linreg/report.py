"""The assumption report card (``include/linreg/report.h``, docs/assumptions.md):
one call checks every assumption of the linear model, gives a verdict with
the tests and effect sizes behind it, says in plain words what a violation
does, and applies the remedy (robust tables beside the classical one, the
curved predictors, the collinear group, the rows that pull the fit, the
measurement-error correction).

``Model.check()`` (through ``ReportMixin``) returns a :class:`Report`, which
owns its C handle (``lr_report``). The C report copies what it needs from
the model, so a Report stays usable after the model is closed.
"""

import collections
import ctypes
import json
import math
import numbers
import weakref
from collections.abc import Mapping

from ._handle import OwnsHandle
from . import _buffers as B
from ._api import (ASSUMPTION_NAMES, VERDICT_NAMES, Assumption, LrCheckOptions, LrTestResult,
                   ReportP, api)
from .diagnostics import _df
from .errors import ClosedError, InputTypeError, Status
from .remedies import RobustResults, _c_labels, _encode, _per_predictor

__all__ = ["Report", "AssumptionCheck", "ReportTest", "ReportRobust", "ASSUMPTIONS"]

#: The assumptions in report order, by their machine names (lr_assumption_name).
ASSUMPTIONS = tuple(ASSUMPTION_NAMES[a] for a in Assumption)

#: Short names accepted besides the machine names.
_ALIASES = {"multicollinearity": Assumption.MULTICOLLINEARITY,
            "influence": Assumption.INFLUENCE,
            "influential_observations": Assumption.INFLUENCE}
_BY_NAME = dict({name: a for a, name in ASSUMPTION_NAMES.items()}, **_ALIASES)


def _assumption(key):
    """An Assumption from a name (machine name or alias) or an Assumption."""
    if isinstance(key, Assumption):
        return key
    if isinstance(key, str) and key in _BY_NAME:
        return _BY_NAME[key]
    raise KeyError("no assumption %r in the report (assumptions: %s)"
                   % (key, ", ".join(ASSUMPTIONS)))


def _text(b):
    return None if b is None else b.decode("utf-8", "replace")


class ReportTest(collections.namedtuple(
        "ReportTest", "statistic df pvalue method n name label predictor p_adjusted skipped")):
    """One test behind a verdict (``lr_report_test``). The first five fields
    are those of :class:`linreg.TestResult` (R's htest: ``df`` None, a
    number or a pair). ``name``: the machine name ("shapiro_wilk",
    "curvature", "cluster_anova"...); ``label``: the readable name;
    ``predictor``: the predictor a curvature test concerns (else None);
    ``p_adjusted``: the Bonferroni-adjusted p-value the verdict uses when the
    assumption ran several tests (NaN otherwise); ``skipped``: None when the
    test ran, else why it could not (the numbers are then NaN)."""
    __slots__ = ()
    __test__ = False  # not a unittest/pytest test class

    @property
    def ran(self):
        return self.skipped is None

    @property
    def df1(self):
        return math.nan if self.df is None else (self.df[0] if isinstance(self.df, tuple)
                                                 else self.df)

    @property
    def df2(self):
        return self.df[1] if isinstance(self.df, tuple) else math.nan


class ReportRobust(RobustResults):
    """The robust table a report applied as the remedy of an assumption
    (``lr_report_robust``: HC3 for homoscedasticity, cluster-robust or
    Newey-West for independence). Everything of :class:`RobustResults`,
    borrowed from the report: it keeps the report alive, works while the
    report is open (:class:`linreg.ClosedError` after ``report.close()``),
    and its own ``close()`` does nothing. ``to_json()`` also needs the model
    (as for RobustResults); the report's ``to_dict()`` has the same table
    under ``[assumption]["remedy"]["table"]`` without it."""

    def __init__(self, handle, report, assumption):
        if not handle:
            raise api.error(Status.INVALID_ARG, "ReportRobust needs a non-NULL lr_robust handle")
        self._handle = handle
        self._report = report  # strong: the table lives as long as the report
        self.assumption = ASSUMPTION_NAMES[assumption]
        self.level = report.level
        self.names = list(report.names)
        self.aliased = list(report.aliased)
        self._read_meta(handle)

    def close(self):
        """Does nothing: the report owns the table (``Report.close()`` frees it)."""

    @property
    def closed(self):
        return self._report.closed

    def _h(self):
        if self._report.closed:
            raise ClosedError("the report this robust table belongs to is closed", None, None)
        return self._handle

    @property
    def _model(self):
        model = self._report._model_ref()
        if model is None:
            raise ClosedError("the model this report was computed from is gone; to_json needs "
                              "it (the report's to_dict()[%r]['remedy']['table'] does not)"
                              % self.assumption, None, None)
        return model

    def __repr__(self):
        if self.closed:
            return "<linreg.ReportRobust (report closed)>"
        return "<linreg.ReportRobust %s of %s, %d coefficients>" % (
            self.cov_type, self.assumption, len(self.names))


class AssumptionCheck:
    """One assumption of a :class:`Report` (a copy, valid after the report
    is closed, except ``robust``).

    ``assumption`` (the machine name: "linearity", "normality",
    "homoscedasticity", "independence", "fixed_features",
    "no_multicollinearity", "no_influential_observations"); ``verdict``
    ("holds", "doubtful", "violated", "cannot_be_tested"); ``tests``: the
    :class:`ReportTest` tuples in the order run; ``effects``: dict effect
    name -> value (NaN when undefined); ``reason`` (the rule and the number
    behind the verdict), ``explanation`` (plain sentences with the column
    names), ``consequence`` (what a violation does), ``remedy`` (its text);
    ``named``: the names the remedy points at (curved predictors,
    coefficients whose significance changes under the robust table,
    collinear predictors); ``remedy_details``: the JSON "remedy" object
    (robust table, ratios, Box-Cox, sensitivity table, flagged rows and the
    refit without them...); ``robust``: the robust table applied, a
    :class:`ReportRobust` borrowed from the report, or None.
    """

    def __init__(self, report, assumption, data):
        self._report = report
        self._assumption = assumption
        self.assumption = ASSUMPTION_NAMES[assumption]
        for key, value in data.items():
            setattr(self, key, value)

    @property
    def robust(self):
        """The robust table applied as the remedy (ReportRobust), or None."""
        if not self._has_robust:
            return None
        handle = api.lr_report_robust(self._report._h(), self._assumption)
        return ReportRobust(handle, self._report, self._assumption)

    def test(self, name, predictor=None):
        """The first test called name (and concerning predictor), or None."""
        for t in self.tests:
            if t.name == name and (predictor is None or t.predictor == predictor):
                return t
        return None

    def __repr__(self):
        return "<linreg.AssumptionCheck %s: %s>" % (self.assumption, self.verdict)

    def __str__(self):
        parts = ["%s: %s" % (self.assumption, self.verdict), self.reason, self.explanation]
        if self.verdict != "holds" and self.consequence:
            parts.append("What a violation does: " + self.consequence)
        if self.remedy:
            parts.append("Remedy: " + self.remedy)
        return "\n".join(p for p in parts if p) + "\n"


class Report(OwnsHandle, Mapping):
    """The assumption report card of a model (``lr_check_assumptions``): a
    read-only mapping assumption name -> :class:`AssumptionCheck`, in report
    order (also readable as attributes: ``report.homoscedasticity``;
    "multicollinearity" and "influence" are accepted for
    "no_multicollinearity" and "no_influential_observations").

    ``verdicts``: dict assumption -> verdict; ``flagged_rows``: the rows
    flagged as influential (0-based, ascending); ``alpha``, ``level``, ``n``
    (rows used), ``response``, ``formula`` (the model as the text shows it),
    ``names`` (coefficients). ``text()`` (also ``str(report)``) is the
    report as ``linreg check`` prints it after the summary; ``to_json()`` /
    ``to_dict()`` the "report" object of the CLI's and the model document's
    JSON.

    Owns its C handle: ``close()`` or a ``with`` block frees it, garbage
    collection otherwise. Everything above is a copy and stays valid after
    ``close()``; ``text()``, ``to_json()``, ``to_dict()``, ``effect()`` and
    the robust tables need the report open. The report never needs the model.
    """

    _WHAT = "the report"

    def _free(self, handle):
        api.lr_report_free(handle)

    def __init__(self, handle, model):
        if not handle:
            raise api.error(Status.INVALID_ARG, "Report needs a non-NULL lr_report handle")
        self._handle = handle
        try:
            self._model_ref = weakref.ref(model)
            self.names = list(model.names)
            self.aliased = list(model.aliased)
            self._read(handle)
        except BaseException:
            self.close()
            raise

    def _read(self, h):
        doc = json.loads(self._json(h))
        self.alpha = doc["alpha"]
        self.level = doc["level"]
        self.n = doc["n"]
        self.response = doc["response"]
        self.formula = doc["model"]
        self._blocks = {}
        for a in Assumption:
            name = ASSUMPTION_NAMES[a]
            jb = doc[name]
            tests = []
            for i in range(api.lr_report_ntests(h, a)):
                tname, pred, skipped = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p()
                r = LrTestResult()
                api.lr_report_test(h, a, i, ctypes.byref(tname), ctypes.byref(pred),
                                   ctypes.byref(r), ctypes.byref(skipped))
                jt = jb["tests"][i]
                if jt["name"] != _text(tname.value):
                    raise api.error(Status.INVALID_ARG, "the report's JSON lists test %d of %s "
                                    "as %r, its getter as %r" % (i, name, jt["name"],
                                                                 _text(tname.value)))
                p_adj = jt.get("p_adjusted")
                tests.append(ReportTest(r.statistic, _df(r.df), r.p_value,
                                        r.method.decode("utf-8", "replace"), r.n,
                                        _text(tname.value), jt.get("label"),
                                        _text(pred.value),
                                        math.nan if p_adj is None else float(p_adj),
                                        _text(skipped.value)))
            effects = {}
            for i in range(api.lr_report_neffects(h, a)):
                v = ctypes.c_double()
                en = api.lr_report_effect_name(h, a, i, ctypes.byref(v))
                effects[_text(en)] = v.value
            self._blocks[a] = {
                "verdict": VERDICT_NAMES[api.lr_report_verdict(h, a)],
                "tests": tuple(tests),
                "effects": effects,
                "reason": _text(api.lr_report_reason(h, a)),
                "explanation": _text(api.lr_report_explanation(h, a)),
                "consequence": _text(api.lr_report_consequence(h, a)),
                "remedy": _text(api.lr_report_remedy(h, a)),
                "named": [_text(api.lr_report_named(h, a, i))
                          for i in range(api.lr_report_nnamed(h, a))],
                "remedy_details": jb["remedy"],
                "_has_robust": bool(api.lr_report_robust(h, a)),
            }
        count = ctypes.c_size_t()
        rows = api.lr_report_flagged_rows(h, ctypes.byref(count))
        self.flagged_rows = [int(rows[i]) for i in range(count.value)] if rows else []

    # ------------------------------------------------------------ lifetime
    def __repr__(self):
        if not hasattr(self, "_blocks"):
            return "<linreg.Report>"
        counts = collections.Counter(self.verdicts.values())
        return "<linreg.Report of %s, n=%g%s: %s>" % (
            self.formula, self.n, " (closed)" if self.closed else "",
            ", ".join("%d %s" % (counts[v], v) for v in VERDICT_NAMES.values() if counts[v]))

    # ------------------------------------------------------------- mapping
    def __getitem__(self, key):
        a = _assumption(key)
        return AssumptionCheck(self, a, self._blocks[a])

    def __iter__(self):
        return iter(ASSUMPTIONS)

    def __len__(self):
        return len(ASSUMPTIONS)

    def __contains__(self, key):
        return isinstance(key, Assumption) or (isinstance(key, str) and key in _BY_NAME)

    def __getattr__(self, name):
        if name.startswith("_") or name not in _BY_NAME:
            raise AttributeError("'Report' object has no attribute %r" % name)
        return self[name]

    @property
    def verdicts(self):
        """{assumption name: verdict name}, in report order."""
        return {ASSUMPTION_NAMES[a]: b["verdict"] for a, b in self._blocks.items()}

    def effect(self, assumption, name):
        """One effect size by name (``lr_report_effect``; NaN when the report
        has no such effect), e.g. effect("normality", "skewness")."""
        return api.lr_report_effect(self._h(), _assumption(assumption), name.encode("utf-8"))

    # ------------------------------------------------------------- outputs
    def text(self):
        """The report as readable text, one block per assumption
        (``lr_report_text``): what ``linreg check`` prints after the summary."""
        text = ctypes.c_void_p()
        api.lr_report_text(self._h(), ctypes.byref(text))
        return api.take_text(text)

    def __str__(self):
        return self.text() if not self.closed else repr(self)

    def _json(self, h):
        text = ctypes.c_void_p()
        api.lr_report_json(h, ctypes.byref(text))
        return api.take_text(text)

    def to_json(self):
        """The "report" object (``lr_report_json``): alpha, level, n,
        response, model and one object per assumption with verdict, reason,
        tests, effect, explanation, consequence and remedy; numbers read back
        as the same doubles, undefined ones are null; rows are 1-based."""
        return self._json(self._h())

    def to_dict(self):
        """``json.loads(to_json())``: undefined values are None."""
        return json.loads(self.to_json())


# -------------------------------------------------------------- Model.check

def _real(value, what):
    """value as a C double (the C library checks its range)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputTypeError("%s must be a number, got %r" % (what, value), Status.INVALID_ARG,
                             api.strerror(Status.INVALID_ARG))
    return float(value)


class ReportMixin:
    """The report card method of :class:`linreg.Model`."""

    def check(self, alpha=0.05, level=None, clusters=None, cluster_name=None,
              reliability=None, error_var=None, response=None, labels=None):
        """Checks every assumption of the model (``lr_check_assumptions``)
        and returns the :class:`Report` (close it, or use ``with``).

        alpha: the significance level of every test. level: the confidence
        level of the tables (default: the model's). clusters: cluster ids
        for repeated measurements (several rows per patient, school...): one
        id per row of the model (numbers, or any hashable labels; a numpy
        int64/float64 array or array('q'/'d') is read in place), or the name
        of a predictor, or, for a formula model, of a column of the data it
        was fitted from (read again for the rows the model used).
        cluster_name: what a cluster is, for the sentences ("patient";
        default: the column name, else "cluster"). reliability or error_var:
        for the fixed-features check, per predictor (k values or a dict
        predictor -> value; missing names mean 1, resp. 0). response: the
        response's name for the sentences (default: the model's, e.g. the
        formula's; else "the response"). labels: as for sentences(); a
        formula model labels its dummies from its design by default.

        A test that cannot run never fails the call: a streamed or loaded
        model (no rows) gives "cannot_be_tested" for everything but
        multicollinearity. Bad options raise InvalidArgumentError,
        DimensionError (ids of the wrong length) or NonFiniteError with the
        C library's message.
        """
        h = self._h()
        o = LrCheckOptions()
        api.lr_check_options_init(ctypes.byref(o))
        o.alpha = _real(alpha, "alpha")
        o.level = self.level if level is None else _real(level, "level")
        keep, held = [], []
        try:
            if clusters is not None:
                o.clusters, column = self._check_clusters(clusters, held)
                if cluster_name is None:
                    cluster_name = column
            o.cluster_name = _encode(cluster_name, "cluster_name", keep)
            if reliability is not None:
                rel = _per_predictor(self, reliability, "reliability", 1.0)
                held.append(rel)
                o.reliability = rel.addr
            if error_var is not None:
                ev = _per_predictor(self, error_var, "error_var", 0.0)
                held.append(ev)
                o.error_var = ev.addr
            if response is None:
                response = self.response
            o.response = _encode(response, "response", keep)
            labs = _c_labels(self, labels, keep)
            if labs is not None:
                keep.append(labs)
                o.labels = labs
            handle = ReportP()
            api.lr_check_assumptions(h, ctypes.byref(o), ctypes.byref(handle))
        finally:
            for a in held:
                a.release()
        return Report(handle, self)

    def _check_clusters(self, clusters, held):
        """(LrClusterIds, column name or None) for check(clusters=...)."""
        if isinstance(clusters, str):
            if clusters in self.predictor_names:
                return api.lr_cluster_column(self._predictor_index(clusters, "clusters")), \
                    clusters
            clusters_ids = self._data_column(clusters)
            kind, arr = B.ids(clusters_ids, "clusters")
            name = clusters
        else:
            kind, arr = B.ids(clusters, "clusters")
            name = None
        held.append(arr)
        n = arr.shape[0]
        ids = api.lr_cluster_ints(arr.addr, n) if kind == "int64" else \
            api.lr_cluster_doubles(arr.addr, n)
        return ids, name

    def _data_column(self, name):
        """The values of the data column name at the rows a formula model used."""
        source = getattr(self, "_data_source", None)
        design = getattr(self, "_design", None)
        preds = self.predictor_names
        if design is None or source is None:
            raise api.error(Status.NOT_FOUND, "clusters: the model has no predictor '%s' "
                            "(predictors: %s) and keeps no data to read a column '%s' from; "
                            "pass the cluster ids, one per row of the model"
                            % (name, ", ".join(preds), name))
        data, csv = source
        from .frame import Frame, read_csv  # noqa: E402 (frame imports nothing of this)
        if isinstance(data, Frame):
            if data.closed:
                raise ClosedError("clusters: the frame the model was fitted from is closed; "
                                  "pass the cluster ids, one per row of the model", None, None)
            data.find(name)
            values = data.column(name)
        elif isinstance(data, str):
            with read_csv(data, **csv) as f:
                f.find(name)  # NotFoundError with the C message
                values = f.column(name)
        else:
            try:
                values = data[name]
            except (KeyError, IndexError, TypeError):
                raise api.error(Status.NOT_FOUND, "clusters: the data has no column '%s'"
                                % name) from None
            if isinstance(values, (str, bytes)) or B._is_scalar(values):
                raise api.error(Status.INVALID_ARG, "clusters: column '%s' of the data is "
                                "one value, not one per row" % name)
        values = list(values)
        if len(values) != design.nrows_data:
            raise api.error(Status.DIMENSION, "clusters: column '%s' has %d values but the "
                            "model was fitted from %d rows of data (has the data changed?)"
                            % (name, len(values), design.nrows_data))
        out = []
        for r in design.rows:
            v = values[r]
            if v is None or (isinstance(v, float) and math.isnan(v)):
                raise api.error(Status.NONFINITE, "clusters: column '%s' is missing at data "
                                "row %d (0-based), a row the model uses" % (name, r))
            out.append(v)
        return out

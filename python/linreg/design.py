"""Model formulas and design matrices (``lr_design_*``, include/linreg/design.h):
R's model.frame + model.matrix on a frame, with treatment coding of
categorical columns, listwise deletion of rows with missing values and the
row map that pads per-row results (R's na.exclude)."""

import ctypes
import os
import weakref

from . import _buffers as B
from ._api import DesignP, LrCoefLabel, LrFormulaOptions, NaAction, api
from .errors import ClosedError, Status
from .frame import Frame, frame, read_csv

__all__ = ["Design", "design", "as_frame", "NA_ACTIONS"]

#: na_action values: "omit" and "exclude" drop incomplete rows (R's na.omit,
#: na.exclude: the latter also pads per-row results to the data's rows),
#: "fail" makes a missing value an error naming row and column (na.fail).
NA_ACTIONS = {"omit": NaAction.OMIT, "exclude": NaAction.OMIT, "fail": NaAction.FAIL}


def _na_action(na_action):
    try:
        return NA_ACTIONS[na_action]
    except (KeyError, TypeError):
        raise api.error(Status.INVALID_ARG, "na_action must be 'omit', 'exclude' or 'fail', "
                        "got %r" % (na_action,)) from None


def formula_options(weights=None, na_action="omit"):
    """(LrFormulaOptions, what it points to): weights names a column, or None."""
    o = LrFormulaOptions()
    api.lr_formula_options_init(ctypes.byref(o))
    keep = None
    if weights is not None:
        if not isinstance(weights, str):
            raise api.error(Status.INVALID_ARG, "weights must name a column here, got %s"
                            % type(weights).__name__)
        keep = weights.encode("utf-8")
        o.weights = keep
    o.na_action = _na_action(na_action)
    return o, keep


def _is_path(data):
    return isinstance(data, (str, bytes, os.PathLike))


def as_frame(data, csv=None, categorical=None, scalars=False):
    """(Frame, owned) for data given as a Frame (not owned: the caller's),
    a CSV path (read with the read_csv options in the dict csv), or a
    mapping / pandas DataFrame of columns (see linreg.frame). categorical:
    columns that must be categorical (added to csv's categorical for a
    path: only those the file has)."""
    if isinstance(data, Frame):
        data._h()
        return data, False
    csv = dict(csv or {})
    if _is_path(data):
        force = list(categorical or ())
        if not force:
            return read_csv(data, **csv), True
        f = read_csv(data, **csv)
        # Columns that must be categorical but read as numbers (zip codes,
        # "1"/"2" zones): read the file again with them forced, so their
        # texts match the learnt levels (as the CLI's predict does).
        again = [c for c in force if c in f.names and f.column_type(c) != "categorical"]
        if not again:
            return f, True
        f.close()
        csv["categorical"] = list(csv.get("categorical") or ()) + again
        return read_csv(data, **csv), True
    if csv:
        raise api.error(Status.INVALID_ARG, "CSV options apply to a CSV path only, not to %s"
                        % type(data).__name__)
    return frame(data, categorical=categorical, scalars=scalars), True


def _text(b):
    return None if b is None else b.decode("utf-8", "replace")


def matrix_copy(m):
    """A copy of the doubles an lr_matrix views: a numpy (rows, cols) array,
    or a list of rows; None when its data is NULL."""
    if not m.data:
        return None
    cols = [B.read_strided(m.data + j * m.col_stride * 8, m.rows, m.row_stride)
            for j in range(m.cols)]
    if B.np is not None:
        out = B.np.empty((m.rows, m.cols))
        for j, c in enumerate(cols):
            out[:, j] = B.np.frombuffer(c, dtype=B.np.float64) if m.rows else 0
        return out
    return [[c[i] for c in cols] for i in range(m.rows)]


def vector_copy(v):
    """A copy of the doubles an lr_vector views; None when its data is NULL."""
    if not v.data:
        return None
    a = B.read_strided(v.data, v.len, v.stride)
    if B.np is not None:
        return B.np.frombuffer(a, dtype=B.np.float64).copy() if v.len else B.np.empty(0)
    return a


def design(formula, data, weights=None, na_action="omit", csv=None):
    """The design of formula on data (``lr_design_build``): R's model.frame
    + model.matrix with na.omit and drop.unused.levels. Returns a
    :class:`Design` (X, y, weights, column names, terms, row map).

    data: a CSV path, a Frame or a mapping of columns (see linreg.frame).
    weights: the name of a weights column (excluded from "."). na_action:
    "omit" / "exclude" (drop incomplete rows) or "fail". csv: read_csv
    options when data is a path. Errors name the formula and the term:
    ParseError (syntax), NotFoundError (unknown column),
    InvalidArgumentError (log of a non-positive value, ...), EmptyError.
    """
    opts, keep = formula_options(weights, na_action)
    f, owned = as_frame(data, csv)
    try:
        handle = DesignP()
        api.lr_design_build(f._h(), str(formula).encode("utf-8"), ctypes.byref(opts),
                            ctypes.byref(handle))
    finally:
        if owned:
            f.close()
    del keep
    return Design(handle)


class Design:
    """A design: the formula resolved into terms and columns, and (when
    built from data) the design matrix and the rows used (``lr_design``).

    Made by :func:`linreg.design` or :meth:`Design.apply` (this object owns
    the C design: close() or a ``with`` block frees it), or read from a
    formula model as ``model.design`` (borrowed from the model: it stays
    usable while the model is open). A loaded model's design is its
    specification only: it builds the design of new data but has no rows.

    Attributes (copied at creation): formula, response (None without one),
    intercept, column_names (X's columns, intercept excluded, R's names
    such as "airconyes"), coef_names, term_labels, assign (R's assign: 0
    for the intercept, then the 1-based term of each column), nrows_data
    (rows of the data), nrows (rows used), categorical (data columns read
    as categorical).
    """

    def __init__(self, handle, owner=None):
        if not handle:
            raise api.error(Status.INVALID_ARG, "Design needs a non-NULL lr_design handle")
        self._handle = handle
        # The Model whose design this is (a borrowed handle), held weakly so
        # that a model is freed as soon as its last reference goes.
        self._owner = None if owner is None else weakref.ref(owner)
        h = handle
        self.formula = _text(api.lr_design_formula(h))
        self.response = _text(api.lr_design_response(h))
        self.intercept = bool(api.lr_design_intercept(h))
        k = api.lr_design_ncols(h)
        self.column_names = [_text(api.lr_design_column_name(h, j)) for j in range(k)]
        self.coef_names = (["(Intercept)"] if self.intercept else []) + self.column_names
        self.term_labels = [_text(api.lr_design_term_label(h, t))
                            for t in range(api.lr_design_nterms(h))]
        sizes, addr = B.new_sizes(len(self.coef_names))
        api.lr_design_assign(h, addr, len(self.coef_names))
        self.assign = [int(sizes[j]) for j in range(len(self.coef_names))]
        self.nrows_data = api.lr_design_nrows_data(h)
        self.nrows = api.lr_design_nrows(h)
        self.categorical = [_text(api.lr_design_categorical(h, i))
                            for i in range(api.lr_design_ncategorical(h))]

    # ------------------------------------------------------------ lifetime
    def close(self):
        """Frees the C design. Idempotent. A model's design belongs to the
        model (it is freed with it): close() does nothing to it."""
        if self._owner is not None:
            return
        handle, self._handle = self._handle, None
        if handle:
            api.lr_design_free(handle)

    def _forget(self):
        """Called by the owning model when it frees the C model."""
        self._handle = None

    def _owner_closed(self):
        if self._owner is None:
            return False
        model = self._owner()
        return model is None or model.closed

    @property
    def closed(self):
        return self._handle is None or self._owner_closed()

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
        if self._owner_closed():
            raise ClosedError("this design belongs to a model that is closed", None, None)
        if self._handle is None:
            raise ClosedError("the design is closed", None, None)
        return self._handle

    def __repr__(self):
        return "<linreg.Design %r: %d rows used of %d, columns %s>" % (
            self.formula, self.nrows, self.nrows_data, ", ".join(self.coef_names))

    # ---------------------------------------------------------- structure
    def coef_labels(self):
        """Labels of the coefficients for plain sentences
        (``lr_design_coef_labels``): a dict coefficient name -> {"term": the
        term's label} with, for a dummy of a treatment-coded factor, also its
        "level" and the "reference" level ("airconyes" -> {"term": "aircon",
        "level": "yes", "reference": "no"}); the intercept gets {}. The form
        ``Model.sentences(labels=...)`` and ``Model.check(labels=...)``
        take; formula models use these by default."""
        h = self._h()
        p = len(self.coef_names)
        out = (LrCoefLabel * max(p, 1))()
        api.lr_design_coef_labels(h, out, p)
        labels = {}
        for name, lab in zip(self.coef_names, out):
            labels[name] = {key: _text(getattr(lab, key))
                            for key in ("unit", "term", "level", "reference")
                            if getattr(lab, key) is not None}
        return labels

    @property
    def terms(self):
        """{term label: [its column names]} (R's assign, by name)."""
        out = {t: [] for t in self.term_labels}
        for name, a in zip(self.coef_names, self.assign):
            if a > 0:
                out[self.term_labels[a - 1]].append(name)
        return out

    # --------------------------------------------------------------- data
    @property
    def X(self):
        """The design matrix (nrows x len(column_names), intercept column not
        included) as a copy; None for a specification without rows."""
        return matrix_copy(api.lr_design_x(self._h()))

    @property
    def X_lo(self):
        """The low-order parts of derived columns (exact column = X + X_lo to
        about 106 bits), or None when every column is exact in double."""
        return matrix_copy(api.lr_design_x_lo(self._h()))

    @property
    def y(self):
        """The response of the rows used, or None (no response / new data)."""
        return vector_copy(api.lr_design_y(self._h()))

    @property
    def weights(self):
        """The weights of the rows used, or None when unweighted."""
        return vector_copy(api.lr_design_weights(self._h()))

    def _sizes(self, ptr, n):
        if not ptr or not n:
            return []
        return [int(ptr[i]) for i in range(n)]

    @property
    def rows(self):
        """For each row used, its 0-based row in the data."""
        h = self._h()
        return self._sizes(api.lr_design_rows(h), self.nrows)

    @property
    def dropped(self):
        """The 0-based data rows dropped for missing values."""
        h = self._h()
        return self._sizes(api.lr_design_dropped(h), self.nrows_data - self.nrows
                           if self.nrows_data >= self.nrows else 0)

    @property
    def na_counts(self):
        """{column: missing cells among the rows the model reads}, for the
        columns that have some (a row missing two columns counts for both)."""
        h = self._h()
        out = {}
        for i in range(api.lr_design_na_ncolumns(h)):
            count = ctypes.c_size_t()
            name = api.lr_design_na_column(h, i, ctypes.byref(count))
            out[_text(name)] = count.value
        return out

    def pad(self, values):
        """Per-row values of the rows used (nrows of them) padded to the rows
        of the data (nrows_data), NaN where a row was dropped: R's na.exclude."""
        h = self._h()
        a = B.contiguous(values, "values")
        try:
            if a.shape[0] != self.nrows:
                raise api.error(Status.DIMENSION, "pad needs one value per row used (%d), got %d"
                                % (self.nrows, a.shape[0]))
            out, addr = B.new_vector(self.nrows_data)
            api.lr_design_pad(h, a.addr or addr, addr, self.nrows_data)
        finally:
            a.release()
        return B.vector_result(out, self.nrows_data)

    def apply(self, newdata, csv=None):
        """The design of new data under this design's variables, levels,
        reference levels and polynomial coefficients (``lr_design_apply``,
        what R's predict.lm does). Rows with a missing predictor are dropped
        and listed (rows, dropped); a level not seen in training is an
        InvalidArgumentError naming the variable and the level. newdata: a
        CSV path, a Frame or a mapping of columns (scalars allowed: one row).
        Returns a new Design the caller owns."""
        h = self._h()
        f, owned = as_frame(newdata, csv, categorical=self.categorical, scalars=True)
        try:
            out = DesignP()
            api.lr_design_apply(h, f._h(), ctypes.byref(out))
        finally:
            if owned:
                f.close()
        return Design(out)

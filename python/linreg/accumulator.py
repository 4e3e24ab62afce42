"""Streaming and distributed fits (``lr_accumulator_*``)."""

import ctypes

from ._handle import OwnsHandle
from . import _buffers as B
from ._api import AccumulatorP, ModelP, api
from .errors import Status
from .model import Model, _options

__all__ = ["Accumulator"]


class Accumulator(OwnsHandle):
    """The fit as a mergeable accumulator of the triangular factor of [X | y].

    Feed row blocks with :meth:`add` (in any order, or to several
    accumulators, e.g. one per thread, then :meth:`merge`), and
    :meth:`finish` into a :class:`Model`. Memory is O(k^2) whatever the
    number of rows; the model has no per-row data (fitted values and
    residuals raise NoDataError) and no extended-precision refinement.
    Owns its C handle: close() or a ``with`` block frees it.
    """

    _WHAT = "the accumulator"

    def _free(self, handle):
        api.lr_accumulator_free(handle)

    def __init__(self, k, intercept=True, level=0.95, rank_tol=None, call=None):
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise api.error(Status.INVALID_ARG, "k must be a non-negative integer, got %r" % (k,))
        opts = _options(intercept, level, rank_tol, "auto", False, call)
        handle = AccumulatorP()
        api.lr_accumulator_create(k, ctypes.byref(opts), ctypes.byref(handle))
        self._handle = handle
        self.k = k
        self.level = float(level)

    def add(self, X, y, weights=None):
        """Adds the rows of X (n x k, as for linreg.fit) and y, with optional weights."""
        h = self._h()
        held = []
        try:
            xv, xa = B.matrix(X, "X")
            held.append(xa)
            yv, ya = B.vector(y, "y")
            held.append(ya)
            wp = None
            if weights is not None:
                wv, wa = B.vector(weights, "weights")
                held.append(wa)
                wp = ctypes.byref(wv)
            api.lr_accumulator_add(h, ctypes.byref(xv), ctypes.byref(yv), wp)
        finally:
            for a in held:
                a.release()
        return self

    def merge(self, other):
        """Folds the rows of another accumulator (same k and intercept) into this one."""
        if not isinstance(other, Accumulator):
            raise api.error(Status.INVALID_ARG, "can only merge an Accumulator, got %s"
                            % type(other).__name__)
        api.lr_accumulator_merge(self._h(), other._h())
        return self

    def finish(self, names=None):
        """A Model from the rows added so far (the accumulator stays usable)."""
        h = self._h()
        c_names = None
        if names is not None:
            names = list(names)
            if len(names) != self.k:
                raise api.error(Status.DIMENSION, "names has %d entries but the accumulator "
                                "has %d columns" % (len(names), self.k))
            c_names = B.c_names(names) if names else None
        model = ModelP()
        api.lr_accumulator_finish(h, c_names, ctypes.byref(model))
        return Model(model, level=self.level)

"""The life cycle shared by every object that owns a C handle."""

from .errors import ClosedError


class OwnsHandle:
    """An object owning ``self._handle``: ``close()`` frees it once (with
    ``_free``), ``with`` closes it, ``__del__`` is the fallback, ``_h()``
    returns the live handle or raises ClosedError naming ``_WHAT``. Copy
    and pickle are refused: two Python objects would free one handle."""

    __slots__ = ()
    _WHAT = "the object"

    def _free(self, handle):
        raise NotImplementedError

    def close(self):
        """Frees the C object. Idempotent."""
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            self._free(handle)

    @property
    def closed(self):
        return getattr(self, "_handle", None) is None

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
        handle = getattr(self, "_handle", None)
        if handle is None:
            raise ClosedError("%s is closed" % self._WHAT, None, None)
        return handle

    def __reduce_ex__(self, protocol):
        raise TypeError("a linreg.%s owns a C handle and cannot be copied or pickled"
                        % type(self).__name__)

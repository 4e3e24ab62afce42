"""A base for the objects that own a C handle."""


class OwnsHandle:
    """copy.copy, copy.deepcopy and pickle would make two Python objects
    share one C handle, which both would free: refuse them."""

    __slots__ = ()

    def __reduce_ex__(self, protocol):
        raise TypeError("a linreg.%s owns a C handle and cannot be copied or pickled"
                        % type(self).__name__)

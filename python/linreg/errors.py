"""Exceptions of the linreg binding: one class per kind of ``lr_status``.

Every status the C library can return (``include/linreg.h``) maps to one
class below; each carries the status code, its static text
(``lr_strerror``) and the detailed message of the failing call
(``lr_last_error``). The classes also derive from the nearest built-in
exception, so ``except ValueError`` or ``except OSError`` keep working.
This module does not need the shared library (it is imported before the
library is loaded, to report a failed load).
"""

import enum

__all__ = [
    "Status", "LinregError", "LibraryError", "ClosedError",
    "InvalidArgumentError", "InputTypeError", "DimensionError", "OutOfMemoryError", "NonFiniteError",
    "TooFewRowsError", "NegativeWeightError", "UndefinedError", "NumericError",
    "NoDataError", "InputOutputError", "ParseError", "EmptyError", "NotFoundError",
    "UnsupportedError", "VersionError", "RemoteError", "NetworkError", "AuthError",
    "ConflictError", "ServerError", "error_for_status",
]


class Status(enum.IntEnum):
    """Mirror of ``enum lr_status`` (same order, same values)."""
    OK = 0
    INVALID_ARG = 1
    DIMENSION = 2
    NOMEM = 3
    NONFINITE = 4
    TOO_FEW_ROWS = 5
    NEGATIVE_WEIGHT = 6
    UNDEFINED = 7
    NUMERIC = 8
    NO_DATA = 9
    IO = 10
    PARSE = 11
    EMPTY = 12
    NOT_FOUND = 13
    UNSUPPORTED = 14
    VERSION = 15
    NETWORK = 16
    AUTH = 17
    CONFLICT = 18
    SERVER = 19


#: ``LR_STATUS_COUNT_``: one past the last status code known to this binding.
STATUS_COUNT = 20


class LinregError(Exception):
    """Base class of every error raised by linreg.

    Attributes: ``status`` (a :class:`Status`, or None for an error found on
    the Python side before any C call that has no status), ``status_text``
    (``lr_strerror(status)``), ``detail`` (the C library's ``lr_last_error()``
    message, or the binding's own sentence). ``str(error)`` is the detail.
    """

    def __init__(self, detail, status=None, status_text=None):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.status_text = status_text


class LibraryError(LinregError, ImportError):
    """The shared library could not be found or loaded, is of another
    version, or lacks a function this binding declares."""


class ClosedError(LinregError, ValueError):
    """An object was used after ``close()``."""


class InvalidArgumentError(LinregError, ValueError):
    """LR_ERR_INVALID_ARG: a level outside (0, 1), an unknown option value..."""


class InputTypeError(InvalidArgumentError, TypeError):
    """An input is not numbers (a string, a scalar where rows are expected...);
    found by the binding, with status LR_ERR_INVALID_ARG."""


class DimensionError(LinregError, ValueError):
    """LR_ERR_DIMENSION: lengths or shapes of the inputs disagree."""


class OutOfMemoryError(LinregError, MemoryError):
    """LR_ERR_NOMEM: an allocation failed."""


class NonFiniteError(LinregError, ValueError):
    """LR_ERR_NONFINITE: NaN or Inf in the data or the weights."""


class TooFewRowsError(LinregError, ValueError):
    """LR_ERR_TOO_FEW_ROWS: fewer usable rows than coefficients."""


class NegativeWeightError(LinregError, ValueError):
    """LR_ERR_NEGATIVE_WEIGHT: a weight below zero."""


class UndefinedError(LinregError, ArithmeticError):
    """LR_ERR_UNDEFINED: the statistic asked for is undefined for this model."""


class NumericError(LinregError, ArithmeticError):
    """LR_ERR_NUMERIC: a LAPACK routine failed."""


class NoDataError(LinregError, ValueError):
    """LR_ERR_NO_DATA: the model holds no per-row data (streamed fit)."""


class InputOutputError(LinregError, OSError):
    """LR_ERR_IO: a file could not be opened, read or written."""


class ParseError(LinregError, ValueError):
    """LR_ERR_PARSE: a file or text is malformed."""


class EmptyError(LinregError, ValueError):
    """LR_ERR_EMPTY: a file, column or selection holds no data."""


class NotFoundError(LinregError, LookupError):
    """LR_ERR_NOT_FOUND: a named column, key or object does not exist."""


class UnsupportedError(LinregError, NotImplementedError):
    """LR_ERR_UNSUPPORTED: a feature or scheme not available in this build."""


class VersionError(LinregError, ValueError):
    """LR_ERR_VERSION: a document written by an unknown schema version."""


class RemoteError(LinregError, OSError):
    """Base of the errors of a remote store (S3): network, auth, conflict, server."""


class NetworkError(RemoteError, ConnectionError):
    """LR_ERR_NETWORK: connection refused, DNS failure, timeout."""


class AuthError(RemoteError, PermissionError):
    """LR_ERR_AUTH: credentials missing or refused (HTTP 401/403)."""


class ConflictError(RemoteError):
    """LR_ERR_CONFLICT: the object exists or a precondition failed (409/412)."""


class ServerError(RemoteError):
    """LR_ERR_SERVER: the remote store failed (HTTP 5xx)."""


#: The class raised for each status; every non-OK code of lr_status is here.
STATUS_CLASSES = {
    Status.INVALID_ARG: InvalidArgumentError,
    Status.DIMENSION: DimensionError,
    Status.NOMEM: OutOfMemoryError,
    Status.NONFINITE: NonFiniteError,
    Status.TOO_FEW_ROWS: TooFewRowsError,
    Status.NEGATIVE_WEIGHT: NegativeWeightError,
    Status.UNDEFINED: UndefinedError,
    Status.NUMERIC: NumericError,
    Status.NO_DATA: NoDataError,
    Status.IO: InputOutputError,
    Status.PARSE: ParseError,
    Status.EMPTY: EmptyError,
    Status.NOT_FOUND: NotFoundError,
    Status.UNSUPPORTED: UnsupportedError,
    Status.VERSION: VersionError,
    Status.NETWORK: NetworkError,
    Status.AUTH: AuthError,
    Status.CONFLICT: ConflictError,
    Status.SERVER: ServerError,
}


def error_for_status(status, detail, status_text=None):
    """The exception for a non-zero status code and its detail message.

    An unknown code (a library newer than this binding) gives a plain
    :class:`LinregError` that still carries the code and the message.
    """
    try:
        status = Status(status)
    except ValueError:
        cls = LinregError
    else:
        cls = STATUS_CLASSES.get(status, LinregError)
    if not detail:
        detail = status_text or "linreg status %d" % int(status)
    return cls(detail, status, status_text)

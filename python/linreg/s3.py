"""The S3 module (include/linreg_s3.h, the separate library liblinreg_s3.so):
model documents in Amazon S3 or any S3-compatible store.

Nothing here runs at ``import linreg``: the module library is loaded, and
the "s3" scheme registered with the environment's configuration
(``lr_s3_register(NULL)``), the first time an s3:// URL is used
(``Model.save``, ``linreg.load``, ``list_models``, ``delete``,
``read_document``) or when :func:`register` is called. So the core package
works on a machine without libcurl or the module.

The library is found through ``LINREG_S3_LIBRARY`` (a file or a directory;
when set, the only candidate), then the directory the core library was
loaded from, the repository's ``lib/``, then
``ctypes.util.find_library("linreg_s3")``. It must use the same core
library as this package (one library, one scheme registry): that is checked.

Configuration (credentials, region, endpoint) is read as the C module reads
it: explicit options > AWS_* environment variables > the shared AWS files;
see include/linreg_s3.h. Errors: AuthError (HTTP 401/403, missing
credentials), NotFoundError (404), ConflictError (the key exists),
ServerError (5xx after the retries), NetworkError, InvalidArgumentError (a
malformed URL), ParseError (a corrupted document).
"""

import ctypes
import ctypes.util
import os
import threading

from . import _api, _library
from ._api import SAVE_OVERWRITE, LrS3Options, ModelListP, ModelP, api
from .errors import LibraryError, Status

__all__ = ["ENV_VAR", "candidates", "library", "register", "ensure_registered", "registered",
           "save", "load", "list_models", "delete", "put_object", "get_object"]

ENV_VAR = "LINREG_S3_LIBRARY"
_FILE_NAMES = ("liblinreg_s3.so", "liblinreg_s3.so.0")

_lock = threading.RLock()
_s3 = None          # the bound S3 Api, once loaded
_registered = False


def candidates(environ=None, core_path=None, root=None, find_library=None):
    """The ordered list of (description, path-or-name) the loader tries."""
    environ = os.environ if environ is None else environ
    core_path = api.path if core_path is None else core_path
    root = _library.repository_root() if root is None else root
    find_library = ctypes.util.find_library if find_library is None else find_library
    explicit = environ.get(ENV_VAR)
    if explicit:
        if os.path.isdir(explicit):
            return [(ENV_VAR, os.path.join(explicit, name)) for name in _FILE_NAMES]
        return [(ENV_VAR, explicit)]
    out = []
    if core_path and os.sep in core_path:
        here = os.path.dirname(os.path.abspath(core_path))
        out += [("next to the core library", os.path.join(here, name)) for name in _FILE_NAMES]
    seen = {p for _, p in out}
    lib = os.path.join(os.path.abspath(root), "lib")
    out += [("repository lib/", os.path.join(lib, name)) for name in _FILE_NAMES
            if os.path.join(lib, name) not in seen]
    out.append(("ctypes.util.find_library('linreg_s3')", find_library("linreg_s3")))
    return out


def _address(fn):
    return ctypes.cast(fn, ctypes.c_void_p).value


def library():
    """The bound S3 module (loaded on first use); LibraryError listing every
    path tried when it cannot be loaded."""
    global _s3
    with _lock:
        if _s3 is not None:
            return _s3
        tried = []
        for how, path in candidates():
            if path is None:
                tried.append("%s: nothing found" % how)
                continue
            if os.sep in path and not os.path.exists(path):
                tried.append("%s: %s: no such file" % (how, path))
                continue
            try:
                cdll = ctypes.CDLL(path)
            except OSError as exc:
                tried.append("%s: %s: %s" % (how, path, exc))
                continue
            s3api = _api.bind(cdll, _api.S3_PROTOTYPES, errors=api)
            if _address(s3api.lr_register_scheme) != _address(api.lr_register_scheme):
                tried.append("%s: %s: it uses another copy of liblinreg than %s, so its "
                             "s3 scheme would not reach this package" % (how, path, api.path))
                continue
            _api.check_s3_layout(s3api)
            _s3 = s3api
            return s3api
        raise LibraryError(
            "cannot load the linreg S3 module (build it with `make`, or set %s to its "
            "path); tried:\n  %s" % (ENV_VAR, "\n  ".join(tried)))


_OPTION_NAMES = ("access_key_id", "secret_access_key", "session_token", "profile", "region",
                 "endpoint_url", "path_style", "max_attempts", "max_retry_seconds",
                 "backoff_seconds", "connect_timeout", "request_timeout")


def _options(options):
    """An LrS3Options from keyword options (None when there are none)."""
    if not options:
        return None
    s3api = library()
    o = LrS3Options()
    s3api.lr_s3_options_init(ctypes.byref(o))
    for key, value in options.items():
        if key not in _OPTION_NAMES:
            raise api.error(Status.INVALID_ARG, "unknown S3 option %r (options: %s)"
                            % (key, ", ".join(_OPTION_NAMES)))
        if value is None:
            continue
        if key == "path_style":
            o.path_style = 1 if value else 0
        elif key == "max_attempts":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise api.error(Status.INVALID_ARG, "max_attempts must be a positive integer, "
                                "got %r" % (value,))
            o.max_attempts = value
        elif key in ("max_retry_seconds", "backoff_seconds", "connect_timeout",
                     "request_timeout"):
            try:
                v = float(value)
            except (TypeError, ValueError):
                v = float("nan")
            if not v > 0:
                raise api.error(Status.INVALID_ARG, "%s must be a positive number of seconds, "
                                "got %r" % (key, value))
            setattr(o, key, v)
        else:
            if not isinstance(value, str):
                raise api.error(Status.INVALID_ARG, "%s must be a string" % key)
            setattr(o, key, value.encode("utf-8"))  # the struct keeps the bytes alive
    return o


def _ref(o):
    return None if o is None else ctypes.byref(o)


def register(**options):
    """Registers the "s3" scheme (``lr_s3_register``) with these options, or
    with the environment's configuration when none are given; calling it
    again replaces the options. Options (all optional): access_key_id,
    secret_access_key, session_token, profile, region, endpoint_url (e.g.
    "http://127.0.0.1:9000": path-style addressing), path_style (bool),
    max_attempts, max_retry_seconds, backoff_seconds, connect_timeout,
    request_timeout (seconds)."""
    global _registered
    with _lock:
        s3api = library()
        o = _options(options)
        s3api.lr_s3_register(_ref(o))
        _registered = True


def ensure_registered():
    """Registers the scheme from the environment unless register() ran."""
    with _lock:
        if not _registered:
            register()


def registered():
    """True once the "s3" scheme is registered by this package."""
    return _registered


def save(model, url, overwrite=False, **options):
    """Saves a model at s3://bucket/key with explicit options for this call
    only (``lr_s3_save``); Model.save(url) uses the registered options."""
    s3api = library()
    o = _options(options)
    s3api.lr_s3_save(model._h(), url.encode("utf-8"), _ref(o),
                     SAVE_OVERWRITE if overwrite else 0)


def load(url, **options):
    """Loads s3://bucket/key with explicit options (``lr_s3_load``)."""
    from .persist import _model_from_handle
    s3api = library()
    o = _options(options)
    handle = ModelP()
    s3api.lr_s3_load(url.encode("utf-8"), _ref(o), ctypes.byref(handle))
    return _model_from_handle(handle)


def list_models(prefix_url, **options):
    """Every key under s3://bucket/prefix, all pages (``lr_s3_list``), as
    StoredModel(url, size, modified)."""
    from .persist import _read_list
    s3api = library()
    o = _options(options)
    lst = ModelListP()
    s3api.lr_s3_list(prefix_url.encode("utf-8"), _ref(o), ctypes.byref(lst))
    return _read_list(lst)


def delete(url, **options):
    """Deletes s3://bucket/key (``lr_s3_delete``; NotFoundError when absent)."""
    s3api = library()
    o = _options(options)
    s3api.lr_s3_delete(url.encode("utf-8"), _ref(o))


def put_object(url, data, overwrite=False, **options):
    """Stores raw bytes (or str, as UTF-8) at s3://bucket/key
    (``lr_s3_put_object``); refuses to replace an existing key unless
    overwrite (ConflictError)."""
    s3api = library()
    o = _options(options)
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = bytes(data)
    s3api.lr_s3_put_object(url.encode("utf-8"), _ref(o), data, len(data),
                           SAVE_OVERWRITE if overwrite else 0)


def get_object(url, **options):
    """The bytes stored at s3://bucket/key (``lr_s3_get_object``)."""
    s3api = library()
    o = _options(options)
    text = ctypes.c_void_p()
    n = ctypes.c_size_t()
    s3api.lr_s3_get_object(url.encode("utf-8"), _ref(o), ctypes.byref(text), ctypes.byref(n))
    try:
        return ctypes.string_at(text.value, n.value) if n.value else b""
    finally:
        api.lr_free(text)

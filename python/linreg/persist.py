"""Persistence (include/linreg/io.h): the JSON model document, saving and
loading through URLs (paths, file://, s3:// with the S3 module, schemes
registered from Python), metadata, sections and the training fingerprint."""

import collections
import ctypes
import json
import os
import threading
from collections.abc import MutableMapping

from ._api import (JSON_COMPACT, SAVE_OVERWRITE, LrScheme, ModelListP, ModelP, SchemeList,
                   SchemeLoad, SchemeRemove, SchemeSave, Section, api)
from .errors import LinregError, Status

__all__ = ["PersistenceMixin", "Metadata", "ColumnSummary", "StoredModel", "load",
           "from_document", "verify_document", "read_document", "delete", "list_models",
           "register_scheme", "SECTIONS"]

#: A training column's summary (``lr_model_column_summary``): unweighted, over
#: all rows given to the fit.
ColumnSummary = collections.namedtuple("ColumnSummary", "mean min max")

#: An entry of ``list_models``: its URL (load it with linreg.load), its size
#: in bytes (-1 when unknown) and its last modification (RFC 3339, "" when
#: unknown).
StoredModel = collections.namedtuple("StoredModel", "url size modified")

#: Section names of ``Model.section`` / ``set_section`` (``lr_section``).
SECTIONS = {"terms": Section.TERMS, "robust": Section.ROBUST,
            "diagnostics": Section.DIAGNOSTICS, "report": Section.REPORT}


def _url(url, what="url"):
    """url as bytes for C; s3:// URLs load and register the S3 module first."""
    if isinstance(url, os.PathLike):
        url = os.fspath(url)
    if isinstance(url, bytes):
        url = os.fsdecode(url)
    if not isinstance(url, str):
        raise api.error(Status.INVALID_ARG, "%s must be a path or a URL, not %s"
                        % (what, type(url).__name__))
    if url[:5].lower() == "s3://":
        from . import s3
        s3.ensure_registered()
    return os.fsencode(url) if "://" not in url else url.encode("utf-8")


def _text(b):
    return None if b is None else b.decode("utf-8", "replace")


def _model_from_handle(handle):
    """A Model for a loaded lr_model, with the level its document stored."""
    from .model import Model
    text = ctypes.c_void_p()
    try:
        api.lr_model_to_json(handle, JSON_COMPACT, ctypes.byref(text))
        level = json.loads(api.take_text(text)).get("level", 0.95)
    except BaseException:
        api.lr_model_free(handle)
        raise
    return Model(handle, level=float(level))


def load(url):
    """Loads and validates the model stored at url (``lr_model_load``): a
    path, "file:///abs/path", "s3://bucket/key" (the S3 module is loaded and
    registered on first use) or a scheme registered with
    :func:`register_scheme`. The Model predicts exactly what the saved one
    predicted and reports the same coefficients and statistics; it holds no
    rows (fitted values, residuals and diagnostics raise NoDataError). A
    loaded formula model predicts from new data through its stored design.
    Errors: NotFoundError, ParseError naming the member (e.g.
    "coefficients[3].std_error: expected a number"), VersionError, and the
    S3 errors (AuthError, NetworkError...)."""
    c_url = _url(url)
    handle = ModelP()
    api.lr_model_load(c_url, ctypes.byref(handle))
    return _model_from_handle(handle)


def from_document(text):
    """The Model of a model document (str or bytes), validated as ``load``
    does (``lr_model_from_json``)."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    handle = ModelP()
    api.lr_model_from_json(data, len(data), ctypes.byref(handle))
    return _model_from_handle(handle)


def verify_document(text):
    """Checks a document's own checksum member (``lr_model_json_verify``):
    True when it matches, False when the document carries none (edited by
    hand, which requires removing it); ParseError naming both digests when
    it does not match. Nothing else is validated."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    present = ctypes.c_int()
    api.lr_model_json_verify(data, len(data), ctypes.byref(present))
    return bool(present.value)


def read_document(url):
    """The document stored at url, as stored, after checking its checksum
    (``lr_model_read_document``); not otherwise validated."""
    c_url = _url(url)
    text = ctypes.c_void_p()
    n = ctypes.c_size_t()
    api.lr_model_read_document(c_url, ctypes.byref(text), ctypes.byref(n))
    try:
        return ctypes.string_at(text.value, n.value).decode("utf-8", "replace")
    finally:
        api.lr_free(text)


def delete(url):
    """Deletes the model stored at url (``lr_model_delete``; NotFoundError
    when there is none)."""
    api.lr_model_delete(_url(url))


def _read_list(lst):
    try:
        out = []
        for i in range(api.lr_model_list_count(lst)):
            out.append(StoredModel(_text(api.lr_model_list_url(lst, i)),
                                   int(api.lr_model_list_size(lst, i)),
                                   _text(api.lr_model_list_modified(lst, i)) or ""))
        return out
    finally:
        api.lr_model_list_free(lst)


def list_models(prefix):
    """The models stored under a prefix (``lr_model_list_at``): for files,
    the *.json files of a directory ("models/") or those whose name starts
    so ("models/house-"); for "s3://bucket/prefix" every key under it.
    Returns a list of StoredModel(url, size, modified)."""
    c_url = _url(prefix, "prefix")
    lst = ModelListP()
    api.lr_model_list_at(c_url, ctypes.byref(lst))
    return _read_list(lst)


# ---------------------------------------------------- schemes written in Python

_schemes_lock = threading.Lock()
# Every (LrScheme, callbacks) ever registered, kept for the life of the
# process: even a replaced backend's functions may still be running in
# another thread, so none is ever released.
_schemes = []


def _status_of(exc):
    """The lr_status a backend's exception reports."""
    if isinstance(exc, LinregError) and exc.status:
        return int(exc.status)
    for cls, status in ((FileExistsError, Status.CONFLICT), (FileNotFoundError, Status.NOT_FOUND),
                        (KeyError, Status.NOT_FOUND), (PermissionError, Status.AUTH),
                        (ConnectionError, Status.NETWORK), (TimeoutError, Status.NETWORK),
                        (NotImplementedError, Status.UNSUPPORTED), (ValueError, Status.PARSE),
                        (MemoryError, Status.NOMEM)):
        if isinstance(exc, cls):
            return int(status)
    return int(Status.IO)


def _fail(exc):
    msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    msg = str(msg) or type(exc).__name__
    return api.lr_fail_message(_status_of(exc), msg.encode("utf-8", "replace"))


def register_scheme(scheme, save=None, load=None, remove=None, list=None):
    """Registers (or replaces) a storage backend written in Python for URLs
    "<scheme>://..." (``lr_register_scheme``), so Model.save, linreg.load,
    delete, list_models and read_document use it. Each function receives
    the full URL:

    - save(url, data: bytes, overwrite: bool): must refuse to replace an
      existing model unless overwrite (raise FileExistsError or ConflictError);
    - load(url) -> bytes or str;
    - remove(url);
    - list(prefix_url) -> iterable of URLs or of (url, size, modified).

    An exception raised by a function becomes the C status of its kind
    (FileExistsError: conflict, FileNotFoundError/KeyError: not found,
    PermissionError: auth, ConnectionError: network, a LinregError: its
    own), with its text as the message. A function left None is
    unsupported. The registry is process-wide and entries are never freed:
    the functions stay referenced until exit. "file" cannot be replaced.
    The functions may be called from any thread that uses the library.
    """
    if not isinstance(scheme, str):
        raise api.error(Status.INVALID_ARG, "scheme must be a string, got %r" % (scheme,))
    for name, fn in (("save", save), ("load", load), ("remove", remove), ("list", list)):
        if fn is not None and not callable(fn):
            raise api.error(Status.INVALID_ARG, "%s must be callable or None" % name)

    def c_save(ctx, url, data, n, flags):
        try:
            save(url.decode("utf-8"), ctypes.string_at(data, n) if n else b"",
                 bool(flags & SAVE_OVERWRITE))
            return 0
        except BaseException as exc:  # noqa: B902 (nothing may cross into C)
            return _fail(exc)

    def c_load(ctx, url, data, n):
        try:
            body = load(url.decode("utf-8"))
            if isinstance(body, str):
                body = body.encode("utf-8")
            body = bytes(body)
            buf = api.c_stdio().malloc(len(body) + 1)
            if not buf:
                raise MemoryError("cannot allocate %d bytes for the document" % len(body))
            ctypes.memmove(buf, body, len(body))
            ctypes.memset(buf + len(body), 0, 1)
            data[0] = buf
            n[0] = len(body)
            return 0
        except BaseException as exc:  # noqa: B902
            return _fail(exc)

    def c_remove(ctx, url):
        try:
            remove(url.decode("utf-8"))
            return 0
        except BaseException as exc:  # noqa: B902
            return _fail(exc)

    def c_list(ctx, prefix, out):
        try:
            for entry in list(prefix.decode("utf-8")):
                if isinstance(entry, str):
                    entry = (entry, -1, None)
                url, size, modified = entry
                api.lr_model_list_add(out, str(url).encode("utf-8"),
                                      -1 if size is None else int(size),
                                      None if modified is None else str(modified).encode("utf-8"))
            return 0
        except BaseException as exc:  # noqa: B902
            return _fail(exc)

    callbacks = (SchemeSave(c_save) if save else SchemeSave(),
                 SchemeLoad(c_load) if load else SchemeLoad(),
                 SchemeRemove(c_remove) if remove else SchemeRemove(),
                 SchemeList(c_list) if list else SchemeList())
    name = scheme.encode("utf-8")
    entry = LrScheme(name, *callbacks, None)
    with _schemes_lock:
        api.lr_register_scheme(ctypes.byref(entry))
        # The C registry copies the struct but keeps calling these
        # functions: they must outlive every use, so they are never freed.
        _schemes.append((entry, callbacks, name))


# ------------------------------------------------------------- the mixin

class Metadata(MutableMapping):
    """A model's user metadata: str keys and values, in insertion order
    (``lr_model_set_metadata`` / ``lr_model_metadata``). Saved with the
    document and read back by load."""

    def __init__(self, model):
        self._model = model

    def __getitem__(self, key):
        if not isinstance(key, str):
            raise KeyError(key)
        v = api.lr_model_metadata(self._model._h(), key.encode("utf-8"))
        if v is None:
            raise KeyError(key)
        return v.decode("utf-8", "replace")

    def __setitem__(self, key, value):
        if not isinstance(key, str) or not isinstance(value, str):
            raise api.error(Status.INVALID_ARG, "metadata keys and values must be strings, "
                            "got %r: %r" % (key, value))
        api.lr_model_set_metadata(self._model._h(), key.encode("utf-8"), value.encode("utf-8"))

    def __delitem__(self, key):
        if key not in self:
            raise KeyError(key)
        api.lr_model_set_metadata(self._model._h(), key.encode("utf-8"), None)

    def __iter__(self):
        h = self._model._h()
        keys = [api.lr_model_metadata_key(h, i) for i in range(api.lr_model_metadata_count(h))]
        return iter([k.decode("utf-8", "replace") for k in keys if k is not None])

    def __len__(self):
        return api.lr_model_metadata_count(self._model._h())

    def __contains__(self, key):
        return isinstance(key, str) and \
            api.lr_model_metadata(self._model._h(), key.encode("utf-8")) is not None

    def __repr__(self):
        return "Metadata(%r)" % dict(self)


class PersistenceMixin:
    """Model methods of include/linreg/io.h (mixed into linreg.Model)."""

    def save(self, url, overwrite=False):
        """Saves the model document at url (``lr_model_save``, or
        ``lr_model_save_ex`` with LR_SAVE_OVERWRITE): a path,
        "file:///abs/path", "s3://bucket/key" or a registered scheme. Files
        are written atomically. An existing model is never replaced unless
        overwrite=True (ConflictError otherwise). The training fingerprint
        is computed from the rows the model keeps. Returns self."""
        if overwrite:
            api.lr_model_save_ex(self._h(), _url(url), SAVE_OVERWRITE)
        else:
            api.lr_model_save(self._h(), _url(url))
        return self

    def to_document(self, compact=False):
        """The self-describing JSON model document (``lr_model_to_json``;
        docs/persistence.md), with its trailing checksum. Read it back with
        :func:`linreg.from_document`."""
        text = ctypes.c_void_p()
        api.lr_model_to_json(self._h(), JSON_COMPACT if compact else 0, ctypes.byref(text))
        return api.take_text(text)

    @property
    def metadata(self):
        """The user metadata as a mutable mapping str -> str (see Metadata)."""
        self._h()
        return Metadata(self)

    def set_design(self, response=None, formula=None):
        """Records the response name and formula text of a fit from a matrix
        for its document (``lr_model_set_design``; None clears them)."""
        api.lr_model_set_design(self._h(), None if response is None else response.encode("utf-8"),
                                None if formula is None else formula.encode("utf-8"))
        return self

    def _section_id(self, name):
        try:
            return SECTIONS[name]
        except (KeyError, TypeError):
            raise api.error(Status.INVALID_ARG, "section must be one of %s, got %r"
                            % (", ".join(SECTIONS), name)) from None

    def section(self, name):
        """The parsed JSON of a document section ("terms", "robust",
        "diagnostics", "report"), or None when absent (``lr_model_section``)."""
        s = api.lr_model_section(self._h(), self._section_id(name))
        return None if s is None else json.loads(s.decode("utf-8"))

    def set_section(self, name, value):
        """Attaches a section to the document (``lr_model_set_section``):
        value is JSON text or a Python object (serialized with json.dumps);
        None removes the section. Invalid JSON text is a ParseError; a
        "robust" section must be an array of objects each with a "type"."""
        sid = self._section_id(name)
        if value is not None and not isinstance(value, (str, bytes)):
            value = json.dumps(value, allow_nan=False)
        if isinstance(value, str):
            value = value.encode("utf-8")
        api.lr_model_set_section(self._h(), sid, value)
        return self

    def fingerprint(self):
        """SHA-256 (64 hex digits) of the canonical encoding of the training
        data (``lr_model_fingerprint``; docs/persistence.md). A loaded model
        returns the stored one; a streamed fit has none (NoDataError)."""
        buf = (ctypes.c_char * 65)()
        api.lr_model_fingerprint(self._h(), buf)
        return buf.value.decode("ascii")

    def column_summary(self, j):
        """ColumnSummary(mean, min, max) of a training column over all rows
        given to the fit (``lr_model_column_summary``): j is a predictor (its
        0-based index among the k predictors, or its name) or the response
        (index k, or its name)."""
        h = self._h()
        if isinstance(j, str):
            preds = self.names[len(self.names) - self.k:]
            if j in preds:
                j = preds.index(j)
            elif j == self.response:
                j = self.k
            else:
                raise api.error(Status.NOT_FOUND, "no training column '%s' (predictors: %s; "
                                "response: %s)" % (j, ", ".join(preds), self.response))
        mean, lo, hi = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        api.lr_model_column_summary(h, j, ctypes.byref(mean), ctypes.byref(lo), ctypes.byref(hi))
        return ColumnSummary(mean.value, lo.value, hi.value)

    def training_summary(self):
        """{column: ColumnSummary} for every predictor and the response
        (named by the response, or "(response)" when it has no name)."""
        preds = self.names[len(self.names) - self.k:]
        out = {name: self.column_summary(j) for j, name in enumerate(preds)}
        out[self.response or "(response)"] = self.column_summary(self.k)
        return out

    @property
    def created(self):
        """Creation time (RFC 3339, UTC) of a loaded document; None for a
        model fitted in this process."""
        return _text(api.lr_model_created(self._h()))

    @property
    def document_version(self):
        """The library version that wrote a loaded document; None otherwise."""
        return _text(api.lr_model_document_version(self._h()))

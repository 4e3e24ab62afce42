"""Finding and loading the shared library (liblinreg.so).

Order: the ``LINREG_LIBRARY`` environment variable (a file, or a directory
holding liblinreg); when it is set it is the only candidate, so a typo never
silently loads another build. Otherwise the repository's ``lib/`` (this
file is ``python/linreg/_library.py``), then the system's search through
``ctypes.util.find_library("linreg")``. When nothing loads, the error lists
every path tried and why each failed.
"""

import ctypes
import ctypes.util
import os
import sys

from .errors import LibraryError

ENV_VAR = "LINREG_LIBRARY"

if sys.platform == "darwin":
    _FILE_NAMES = ("liblinreg.dylib", "liblinreg.0.dylib")
elif sys.platform == "win32":
    _FILE_NAMES = ("linreg.dll", "liblinreg.dll")
else:
    _FILE_NAMES = ("liblinreg.so", "liblinreg.so.0")


def repository_root():
    """The checkout this package sits in (two levels above this file)."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def candidates(environ=None, root=None, find_library=None):
    """The ordered list of (description, path-or-name) the loader tries.

    Arguments exist for testing; by default the process environment, this
    checkout and ``ctypes.util.find_library`` are used.
    """
    environ = os.environ if environ is None else environ
    root = repository_root() if root is None else root
    find_library = ctypes.util.find_library if find_library is None else find_library
    explicit = environ.get(ENV_VAR)
    if explicit:
        if os.path.isdir(explicit):
            return [(ENV_VAR, os.path.join(explicit, name)) for name in _FILE_NAMES]
        return [(ENV_VAR, explicit)]
    out = [("repository lib/", os.path.join(root, "lib", name)) for name in _FILE_NAMES]
    found = find_library("linreg")
    out.append(("ctypes.util.find_library('linreg')", found))
    return out


def load(environ=None, root=None, find_library=None):
    """Loads the first candidate that loads; raises LibraryError listing all tried."""
    tried = []
    for how, path in candidates(environ, root, find_library):
        if path is None:
            tried.append("%s: nothing found" % how)
            continue
        if os.sep in path and not os.path.exists(path):
            tried.append("%s: %s: no such file" % (how, path))
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            tried.append("%s: %s: %s" % (how, path, exc))
    raise LibraryError(
        "cannot load the linreg shared library (build it with `make`, or set %s "
        "to its path); tried:\n  %s" % (ENV_VAR, "\n  ".join(tried)))

"""linreg: interpretable linear regression (ordinary and weighted least
squares), a ctypes binding of the C library liblinreg.

    import linreg
    m = linreg.ols("price ~ .", data="examples/data/house_prices_windsor.csv")
    m = linreg.fit(X, y, names=["lotsize", "bedrooms"])
    print(m.summary())
    m.params, m.bse, m.pvalues, m.conf_int(0.9), m.rsquared
    m.predict([[5000, 3]], interval="prediction")
    m.diagnostics(), m.breusch_pagan(), m.vif(), m.influence(), m.outlier_test()
    with m.diagnostics(white=True, keep_influence=True) as d: d["white"], d.influence_values
    with m.robust("HC3") as r: r.bse, r.conf_int()
    m.fwls(), m.boxcox(), m.fixed_features(reliability=[0.9, 1]), m.explain([5000, 3])
    r = m.check(); r.verdicts, r["homoscedasticity"].robust.bse; print(r)
    m.design, m.predict("examples/data/new_house.csv", interval="prediction")
    m.save("house.json"); linreg.load("house.json"); m.save("s3://bucket/house.json")

Works with the Python standard library alone; numpy arrays are used
without a copy, and results are numpy arrays, when numpy is importable.
The shared library is found through LINREG_LIBRARY, the repository's lib/,
then the system (see linreg._library). Every failure raises a LinregError
subclass carrying the C library's message. See docs/python.md.
"""

from ._version import __version__
from .errors import *  # noqa: F401,F403  (the exception classes and Status)
from .errors import __all__ as _errors_all
from ._api import (api as _lib, Stat, Interval, Refine, CoefColumn, VcovType, InfluenceFlag,
                   InfluenceMeasure, Assumption, Verdict, CHECK_CONSTANTS, DiagTest,
                   DIAG_WHITE_MAX_WORK)
from .model import Model, Prediction, fit, ols
from .diagnostics import (TestResult, DurbinWatson, Diagnostics, Moments, QQData, Collinearity,
                          GVIF, Influence, InfluenceSummary, OutlierTest, ljung_box_default_lag,
                          DEFAULT_TESTS, DIAG_OPTIONS)
from .remedies import (RobustResults, BoxCox, FixedFeatures, Effect, Explanation,
                       format_grouped)
from .report import Report, AssumptionCheck, ReportTest, ReportRobust, ASSUMPTIONS
from .accumulator import Accumulator
from .frame import Frame, frame, parse_csv, read_csv
from .design import Design, design
from .persist import (Metadata, ColumnSummary, StoredModel, load, from_document,
                      verify_document, read_document, delete, list_models, register_scheme)
from . import s3

from ._buffers import np as _np

#: True when numpy was imported: results are numpy arrays (inputs are
#: zero-copy through PEP 3118 buffers either way).
HAVE_NUMPY = _np is not None


def version():
    """The shared library's version string (lr_version)."""
    return _lib.lr_version().decode("ascii", "replace")


def library_path():
    """The path or name the shared library was loaded from."""
    return _lib.path


def strerror(status):
    """Static English text of a status code (lr_strerror)."""
    return _lib.strerror(status)


def last_error():
    """The calling thread's most recent C error message (lr_last_error); every
    LinregError already carries it as .detail."""
    return _lib.last_error()


__all__ = ["__version__", "fit", "ols", "Model", "Prediction", "Accumulator", "Frame",
           "frame", "read_csv", "parse_csv", "Design", "design", "load", "from_document",
           "verify_document", "read_document", "delete", "list_models", "register_scheme",
           "Metadata", "ColumnSummary", "StoredModel", "s3", "version", "library_path", "strerror", "last_error", "HAVE_NUMPY",
           "Stat", "Interval", "Refine", "CoefColumn", "VcovType", "InfluenceFlag",
           "InfluenceMeasure", "TestResult", "DurbinWatson", "Diagnostics", "Moments", "QQData",
           "Collinearity", "GVIF", "Influence", "InfluenceSummary", "OutlierTest",
           "ljung_box_default_lag", "DEFAULT_TESTS", "DIAG_OPTIONS", "DiagTest",
           "DIAG_WHITE_MAX_WORK", "RobustResults", "BoxCox",
           "FixedFeatures", "Effect", "Explanation", "format_grouped", "Report",
           "AssumptionCheck", "ReportTest", "ReportRobust", "ASSUMPTIONS", "Assumption",
           "Verdict", "CHECK_CONSTANTS"] + list(_errors_all)

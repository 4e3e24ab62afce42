"""Version of the Python package; the shared library must have the same MAJOR.MINOR."""
__version__ = "0.1.0"

"""mia: a command-line knowledge base of a medical journal club's reviews."""

from mia.base import module_cache as _module_cache

__version__ = "0.1.0"

_module_cache.install()  # mia's modules from one file of compiled code (base/module_cache.py)

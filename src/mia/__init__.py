"""mia: a command-line knowledge base of a medical journal club's reviews."""

__version__ = "0.1.0"

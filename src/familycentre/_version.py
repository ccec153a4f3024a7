"""The version of familycentre: the one place it is written (hatch reads it from here)."""

__version__ = "0.1.0.dev0"

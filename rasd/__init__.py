"""rasd (رصد): Arabic-first news monitoring."""

__version__ = "0.1.0"

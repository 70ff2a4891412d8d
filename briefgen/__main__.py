"""`python -m briefgen`: the same command line as `briefgen`."""

from .cli import run

run()

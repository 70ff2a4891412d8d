"""`python -m briefgen`: the same command line as `briefgen`."""

from .entry import run

run()

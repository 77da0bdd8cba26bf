"""`python -m qcbrand.cli`: the command line."""

from qcbrand.cli import main

main()

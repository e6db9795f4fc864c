"""`python -m builder`: the same program as the `explainer` command."""

import os
import sys

from .cli import main

code = main()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except (OSError, ValueError):  # a closed pipe: nothing more can be said
    pass
# Leave without tearing down every object of the build one by one: after an edit, that
# alone is a tenth of the rebuild. Everything the build writes is closed by now.
os._exit(code)

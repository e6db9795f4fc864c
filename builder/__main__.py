"""`python -m builder`: the same program as the `explainer` command."""

import sys

from .cli import main

sys.exit(main())

"""`python -m scenarios`: the command line."""

import sys

from scenarios.cli import main

sys.exit(main())

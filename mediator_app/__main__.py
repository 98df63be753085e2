"""`python -m mediator_app` starts the GUI (same as the `mediator-app` entry point)."""

import sys

from mediator_app.app import main

sys.exit(main())

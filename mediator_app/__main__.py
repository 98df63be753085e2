"""`python -m mediator_app` starts the GUI (same as the `mediator-app` entry point).

The frozen bundle on Linux has one executable (each executable carried its own 14 MB archive of every
module): `mediator-cli` is a two-line script that starts `mediator-app` with MEDIATOR_COMMAND_LINE=1
(build_installer.spec), which runs the command line instead. The variable is taken out of the
environment first, so that nothing the command starts inherits it.
"""

import os
import sys

if os.environ.pop("MEDIATOR_COMMAND_LINE", "") == "1":
    from mediator_app.cli.main import run

    run()
else:
    from mediator_app.app import main

    sys.exit(main())

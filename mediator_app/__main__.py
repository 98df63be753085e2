"""`python -m mediator_app` starts the GUI (same as the `mediator-app` entry point).

The frozen bundle on Linux has one executable: `mediator-cli` is a link to `mediator-app`
(build_installer.spec; each executable carried its own 14 MB archive of every module), and started
under that name it is the command line.
"""

import os
import sys

if os.path.basename(sys.argv[0]).startswith("mediator-cli"):
    from mediator_app.cli.main import run

    run()
else:
    from mediator_app.app import main

    sys.exit(main())

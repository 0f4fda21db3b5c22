"""The test suite's settings: the project's, with a fixed SECRET_KEY.

The suite runs with no configuration on any database (``DATABASE_URL`` set to
PostgreSQL included), where the project refuses to start without a key. Set in
the environment, so that the processes a test starts inherit it too.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-" + "k" * 50)

from config.settings import *  # noqa: F403

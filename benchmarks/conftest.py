from tests.conftest import *  # noqa: F403  (the same named fixtures as the tests)

from tests.courses.fixtures import *  # noqa: F403

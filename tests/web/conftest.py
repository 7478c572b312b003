from tests.api.conftest import client, demo_auth  # noqa: F401  (the same app fixtures as the API tests)

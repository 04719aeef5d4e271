"""Settings of the product itself."""

from ..environment import env

COMPANY_NAME = env.str("COMPANY_NAME", default="Example Corp")
DEFAULT_CURRENCY = env.str("DEFAULT_CURRENCY", default="USD")
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-pass-123")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
FISCAL_YEAR_START_MONTH = env.int("FISCAL_YEAR_START_MONTH", default=1)

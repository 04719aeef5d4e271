"""Settings of the product itself."""

from ..environment import env

COMPANY_NAME = env.str("COMPANY_NAME", default="Example Corp")
DEFAULT_CURRENCY = env.str("DEFAULT_CURRENCY", default="USD")
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-pass-123")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
FISCAL_YEAR_START_MONTH = env.int("FISCAL_YEAR_START_MONTH", default=1)
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
PO_ARCHIVE_AFTER_DAYS = env.int("PO_ARCHIVE_AFTER_DAYS", default=365)
TEMP_FILE_MAX_AGE_DAYS = env.int("TEMP_FILE_MAX_AGE_DAYS", default=7)

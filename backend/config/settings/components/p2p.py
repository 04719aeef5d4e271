"""Settings of the product itself."""

from ..environment import env

COMPANY_NAME = env.str("COMPANY_NAME", default="Example Corp")
DEFAULT_CURRENCY = env.str("DEFAULT_CURRENCY", default="USD")
# The company's own currency: limits, budgets and reports compare and add amounts converted to
# it at the rate of the submission date (currencies.ExchangeRate).
BASE_CURRENCY = env.str("BASE_CURRENCY", default=DEFAULT_CURRENCY).upper()
# A rate is used for at most this many days after its date (ECB publishes none on weekends and
# holidays); older than that, the amount has no known rate.
EXCHANGE_RATE_MAX_AGE_DAYS = env.int("EXCHANGE_RATE_MAX_AGE_DAYS", default=7)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-pass-123")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
FISCAL_YEAR_START_MONTH = env.int("FISCAL_YEAR_START_MONTH", default=1)
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
PO_ARCHIVE_AFTER_DAYS = env.int("PO_ARCHIVE_AFTER_DAYS", default=365)
TEMP_FILE_MAX_AGE_DAYS = env.int("TEMP_FILE_MAX_AGE_DAYS", default=7)
# Requests by one requester for one vendor within this many days that together exceed the
# requester's spending limit are flagged to the approvers as a possible split purchase.
SPLIT_PURCHASE_DAYS = env.int("SPLIT_PURCHASE_DAYS", default=14)

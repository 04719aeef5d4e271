"""Settings of the product itself."""

from decimal import Decimal

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
# The absolute address of the web app, for links in e-mails (required in production).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

# Accounts payable: the three-way match. An invoiced unit price may exceed the PO's by at most
# this percentage and this amount per line (both must hold; overridable per vendor); quantity
# beyond what was received (ordered, for services) by at most the larger of the two quantity
# tolerances; the lines may differ from the header by at most INVOICE_HEADER_DIFFERENCE.
INVOICE_PRICE_TOLERANCE_PERCENT = Decimal(env.str("INVOICE_PRICE_TOLERANCE_PERCENT", default="2"))
INVOICE_PRICE_TOLERANCE_AMOUNT = Decimal(env.str("INVOICE_PRICE_TOLERANCE_AMOUNT", default="25.00"))
INVOICE_QUANTITY_TOLERANCE_UNITS = Decimal(env.str("INVOICE_QUANTITY_TOLERANCE_UNITS", default="0"))
INVOICE_QUANTITY_TOLERANCE_PERCENT = Decimal(env.str("INVOICE_QUANTITY_TOLERANCE_PERCENT", default="0"))
INVOICE_HEADER_DIFFERENCE = Decimal(env.str("INVOICE_HEADER_DIFFERENCE", default="1.00"))
# A matched invoice up to this base-currency total is approved by itself; empty: any matched
# invoice backed by a PO.
INVOICE_AUTO_APPROVE_LIMIT = Decimal(_limit) if (_limit := env.str("INVOICE_AUTO_APPROVE_LIMIT", default="")) else None
# Same vendor and total, dated within this many days, different number: a possible duplicate.
INVOICE_DUPLICATE_DAYS = env.int("INVOICE_DUPLICATE_DAYS", default=7)
# How long the approve/reject links in an approval e-mail stay valid.
APPROVAL_LINK_MAX_AGE_DAYS = env.int("APPROVAL_LINK_MAX_AGE_DAYS", default=7)

# Purchase orders. The buyer as the PO document prints it (ship-to defaults to the address).
# Lines separated by a literal \n in the environment (an env file holds one line per variable).
COMPANY_ADDRESS = env.str("COMPANY_ADDRESS", default="1 Example Street\\n10115 Berlin\\nGermany").replace("\\n", "\n")
COMPANY_TAX_ID = env.str("COMPANY_TAX_ID", default="")
COMPANY_EMAIL = env.str("COMPANY_EMAIL", default="purchasing@example.com")
COMPANY_PHONE = env.str("COMPANY_PHONE", default="")
# On: an approved request that names its vendor is issued at once (the seed's flow). Off: it
# becomes a draft that procurement completes and issues.
PO_ISSUE_ON_APPROVAL = env.bool("PO_ISSUE_ON_APPROVAL", default=True)
# A draft or a change order may raise the order's total (before tax) to at most this percentage
# above the approved request's; beyond it the request must be approved again.
PO_PRICE_TOLERANCE_PERCENT = Decimal(env.str("PO_PRICE_TOLERANCE_PERCENT", default="5"))

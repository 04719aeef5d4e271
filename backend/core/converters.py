class IdConverter:
    """A database id in a URL: 1 to 18 digits, so an id too large for a BIGINT is a plain 404
    instead of an overflow in the database driver."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)

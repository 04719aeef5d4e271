"""The API's JSON parser: DRF's, with a nesting limit.

DRF reads a JSON body through ``request.body``, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE already
bounds its size (RequestDataTooBig, mapped to 413 by core.exceptions). What it does not bound is
depth: ``json`` recurses once per level and raises RecursionError (a 500) near 1,000 levels, and
a body that parses just below that can still exhaust the stack later, in a serializer, the
idempotency hash or the renderer. Every body is therefore limited to MAX_JSON_DEPTH levels; no
request of this API comes close (a purchase request with items is 3)."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 64


def _deeper_than(data, limit: int) -> bool:
    """Whether nested lists/dicts go beyond `limit` levels; iterative, so any depth is safe."""
    if not isinstance(data, (dict, list)):
        return False
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


class JSONParser(parsers.JSONParser):
    """Stays a subclass of DRF's JSONParser: DRF then reads the body through request.body, which
    enforces DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = ParseError(f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep.")
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if _deeper_than(data, MAX_JSON_DEPTH):
            raise too_deep
        return data

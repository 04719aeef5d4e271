"""Tells drf-spectacular how CookieJWTAuthentication authenticates: a cookie or a bearer token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class CookieJWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "users.authentication.CookieJWTAuthentication"
    name = ["cookieAuth", "bearerAuth"]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "apiKey",
                "in": "cookie",
                "name": "access_token",
                "description": "Set by POST /api/auth/login/. Unsafe methods also need the X-CSRFToken header.",
            },
            {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": "From POST /api/auth/token/, for non-browser clients.",
            },
        ]

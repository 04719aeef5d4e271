"""Sign-in throttling: only failures count, per account (a doubling delay) and per address (a
high bar), so colleagues signing in through one address are never slowed by each other."""

import pytest
from django.contrib.auth.hashers import make_password
from rest_framework.test import APIClient

from users.models import User
from users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/auth/token/"


class Clock:
    def __init__(self):
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("users.throttling.clock", fake)
    return fake


def sign_in(email: str, password: str, address: str = "192.0.2.1"):
    return APIClient().post(TOKEN, {"email": email, "password": password}, REMOTE_ADDR=address)


def test_two_hundred_colleagues_sign_in_through_one_address():
    hashed = make_password(PASSWORD)  # the test settings' MD5 hasher: cheap
    User.objects.bulk_create(User(email=f"colleague{n}@example.com", password=hashed) for n in range(200))
    statuses = {sign_in(f"colleague{n}@example.com", PASSWORD, "203.0.113.7").status_code for n in range(200)}
    assert statuses == {200}


def test_wrong_passwords_from_many_addresses_slow_the_account():
    user = UserFactory()
    responses = [sign_in(user.email, "wrong-guess", f"198.51.100.{n}") for n in range(20)]
    assert [response.status_code for response in responses] == [401] * 5 + [429] * 15
    throttled = responses[-1]
    assert throttled.json()["code"] == "login_throttled"
    assert throttled.headers["Retry-After"] == "30"


def test_the_right_password_works_once_the_delay_has_passed(clock):
    user = UserFactory()
    for n in range(5):
        assert sign_in(user.email, "wrong-guess", f"198.51.100.{n}").status_code == 401
    early = sign_in(user.email, PASSWORD, "192.0.2.99")
    assert early.status_code == 429  # not even checked while the account waits
    clock.advance(int(early.headers["Retry-After"]))
    assert sign_in(user.email, PASSWORD, "192.0.2.99").status_code == 200
    assert sign_in(user.email, "wrong-guess").status_code == 401  # the success forgot the failures
    assert sign_in(user.email, PASSWORD).status_code == 200


def test_the_delay_doubles_with_each_further_failure_up_to_a_cap(clock):
    user = UserFactory()
    for _ in range(5):
        sign_in(user.email, "wrong-guess")
    waits = []
    for _ in range(7):
        wait = int(sign_in(user.email, "wrong-guess").headers["Retry-After"])
        waits.append(wait)
        clock.advance(wait)
        assert sign_in(user.email, "wrong-guess").status_code == 401  # checked again, and wrong
    assert waits == [30, 60, 120, 240, 480, 900, 900]


def test_failures_on_one_account_do_not_slow_another():
    target, colleague = UserFactory(), UserFactory()
    for _ in range(10):
        sign_in(target.email, "wrong-guess")
    assert sign_in(target.email, PASSWORD).status_code == 429
    assert sign_in(colleague.email, "wrong-guess").status_code == 401
    assert sign_in(colleague.email, PASSWORD).status_code == 200


def test_an_address_guessing_many_accounts_is_slowed(clock):
    user = UserFactory()
    for n in range(100):
        assert sign_in(f"nobody{n}@example.com", "wrong-guess", "198.51.100.66").status_code == 401
    refused = sign_in(user.email, PASSWORD, "198.51.100.66")
    assert refused.status_code == 429 and refused.json()["code"] == "login_throttled"
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    assert sign_in(user.email, PASSWORD, "192.0.2.50").status_code == 200  # other addresses are not
    clock.advance(int(refused.headers["Retry-After"]))
    assert sign_in(user.email, PASSWORD, "198.51.100.66").status_code == 200

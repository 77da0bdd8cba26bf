"""Editor passwords, where editors come from, and the limit on failed logins."""

import pytest

from qcbrand import auth


def test_hash_is_salted_and_verifies() -> None:
    first, second = auth.hash_password("correct horse battery"), auth.hash_password("correct horse battery")
    assert first != second and first.startswith("pbkdf2_sha256$310000$")
    assert auth.verify_password("correct horse battery", first)
    assert not auth.verify_password("correct horse batterx", first)
    assert not auth.verify_password("x", "not a hash")


def test_editors_from_environment_and_secrets() -> None:
    a, b = auth.hash_password("a" * 12, iterations=1000), auth.hash_password("b" * 12, iterations=1000)
    env = {"QCBRAND_EDITORS": f"alice={a}; bob=plaintext-is-ignored"}
    assert auth.editors_from(env, {"carol": b, "dave": "password"}) == {"alice": a, "carol": b}
    assert auth.editors_from({}, None) == {}


def test_failed_logins_lock_the_account_for_longer_each_time() -> None:
    now = [0.0]
    gate = auth.Gate({"alice": auth.hash_password("right password", iterations=1000)}, limit=3, lockout=30,
                     clock=lambda: now[0])
    for _ in range(3):
        assert gate.login("alice", "wrong") is None
    with pytest.raises(auth.LockedOut) as e:
        gate.login("alice", "right password")  # even the right password waits
    assert e.value.seconds == 30
    now[0] = 31
    assert gate.login("alice", "wrong") is None  # the fourth failure doubles the wait
    with pytest.raises(auth.LockedOut) as e:
        gate.login("alice", "right password")
    assert e.value.seconds == 60
    now[0] = 92
    assert gate.login("alice", "right password") == auth.Editor("alice")
    assert gate.login("alice", "wrong") is None  # a success resets the count


def test_unknown_names_fail_like_wrong_passwords() -> None:
    gate = auth.Gate({"alice": auth.hash_password("right password", iterations=1000)})
    assert gate.login("mallory", "right password") is None
    assert not auth.Gate({}).enabled

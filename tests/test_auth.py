"""Editor passwords, where editors come from, and the limit on failed logins."""

import pytest

from qcbrand.services import auth


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


def test_concurrent_wrong_logins_count_each_before_any_hash_is_checked() -> None:
    """Twelve wrong logins at once against a limit of five: at most five are tried against the hash, and with four
    failures recorded, the right password among thirty concurrent guesses gets at most one try."""
    import threading

    right = auth.hash_password("right password", iterations=50_000)
    gate = auth.Gate({"alice": right}, limit=5)
    tried = []
    real = auth.verify_password

    def counting(password: str, encoded: str) -> bool:
        tried.append(password)
        return real(password, encoded)

    auth.verify_password = counting
    try:
        def attempt(password: str) -> None:
            try:
                gate.login("alice", password)
            except auth.LockedOut:
                pass

        threads = [threading.Thread(target=attempt, args=(f"wrong {i}",)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(tried) <= 5
        gate = auth.Gate({"alice": right}, limit=5)
        for i in range(4):
            gate.login("alice", f"wrong {i}")
        tried.clear()
        guesses = [f"guess {i}" for i in range(29)] + ["right password"]
        threads = [threading.Thread(target=attempt, args=(g,)) for g in guesses]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(tried) <= 1
    finally:
        auth.verify_password = real


def test_the_lockout_is_capped_and_unknown_names_do_not_grow_the_table() -> None:
    now = [0.0]
    gate = auth.Gate({"alice": auth.hash_password("pw", iterations=1000)}, limit=1, lockout=30, clock=lambda: now[0])
    for _ in range(60):  # a burst of failures, each after the last wait: the wait stops growing at an hour
        now[0] += gate.wait_seconds("alice") + 1
        gate.login("alice", "wrong")
    assert gate.wait_seconds("alice") <= 3600
    for i in range(5_000):
        gate.login(f"name {i}", "x")
    assert len(gate._failures) <= auth.Gate.MAX_TRACKED


def test_an_unknown_name_costs_the_same_hash_as_a_known_one() -> None:
    known = auth.hash_password("pw", iterations=20_000)
    gate = auth.Gate({"alice": known})
    assert gate._dummy.split("$")[1] == known.split("$")[1] == "20000"

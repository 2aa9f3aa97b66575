import pytest
from hypothesis import given, settings, strategies as st

from tinnhiem import signing


@pytest.mark.parametrize(
    "value,canonical",
    [
        ({"b": 2, "a": 1}, b'{"a":1,"b":2}'),
        ({"n": 1.0, "m": 1e21, "s": "Hà Nội"}, '{"m":1e+21,"n":1,"s":"Hà Nội"}'.encode()),
        ({"nested": {"z": [3, {"y": None, "x": True}]}}, b'{"nested":{"z":[3,{"x":true,"y":null}]}}'),
        ({"\u20ac": 1, "\r": 2, "1": 3}, '{"\\r":2,"1":3,"€":1}'.encode()),  # UTF-16 key order
    ],
)
def test_canonical_json_follows_rfc8785(value, canonical):
    assert signing.canonical_json(value) == canonical


def test_sign_and_verify_round_trip_and_tamper():
    key = signing.SigningKey.generate()
    doc = {"serial": "TN-2026-000001", "creator": "Nguyễn Thị Hương", "scores": {"total": 91.5}}
    sig = signing.sign_document(doc, key)
    keys = {key.key_id: key.public_key}
    assert sig["key_id"] == key.key_id and sig["alg"] == "Ed25519"
    assert signing.verify_document(dict(reversed(list(doc.items()))), sig, keys)  # key order is irrelevant
    assert not signing.verify_document({**doc, "scores": {"total": 99.0}}, sig, keys)
    assert not signing.verify_document(doc, {**sig, "key_id": "ed25519:unknown"}, keys)
    assert not signing.verify_document(doc, {**sig, "signature": "AAAA"}, keys)
    assert not signing.verify_document(doc, {**sig, "alg": "RS256"}, keys)


def test_key_id_is_stable_and_survives_pem_round_trip():
    key = signing.SigningKey.generate()
    again = signing.load_private_pem(key.private_pem())
    assert again.key_id == key.key_id and key.key_id.startswith("ed25519:")
    assert signing.key_id(signing.load_public_pem(key.public_pem())) == key.key_id
    assert signing.SigningKey.generate().key_id != key.key_id


def test_rotation_keeps_old_signatures_verifiable():
    old, new = signing.SigningKey.generate(), signing.SigningKey.generate()
    doc = {"serial": "TN-1"}
    old_sig = signing.sign_document(doc, old)
    keys = {old.key_id: old.public_key, new.key_id: new.public_key}
    assert signing.verify_document(doc, old_sig, keys)
    assert signing.verify_document(doc, signing.sign_document(doc, new), keys)


def test_development_key_is_refused_outside_development():
    dev = signing.SigningKey.generate(purpose=signing.DEVELOPMENT_MARKER)
    signing.refuse_development_key(dev, "development")
    with pytest.raises(PermissionError, match="production"):
        signing.refuse_development_key(dev, "production")
    signing.refuse_development_key(signing.SigningKey.generate(), "production")


def test_non_ed25519_keys_are_rejected():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    with pytest.raises(ValueError, match="Ed25519"):
        signing.load_private_pem(pem)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=1500, deadline=None)
@given(json_values)
def test_canonical_json_matches_the_rfc8785_reference_byte_for_byte(value):
    import rfc8785

    assert signing.canonical_json(value) == rfc8785.dumps(value)


@pytest.mark.parametrize("number,text", [
    (1.0, "1"), (0.1, "0.1"), (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"),
    (0.000001, "0.000001"), (-0.0, "0"), (123.456, "123.456"), (5e-324, "5e-324"), (1.7976931348623157e308,
                                                                                     "1.7976931348623157e+308"),
])
def test_es6_number_forms(number, text):
    assert signing.canonical_json(number).decode() == text


def test_non_json_values_are_refused():
    for bad in (float("nan"), float("inf"), 2**60, {1: "x"}, object()):
        with pytest.raises((ValueError, TypeError)):
            signing.canonical_json(bad)

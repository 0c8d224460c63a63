"""ID numbers encrypted at rest (Fernet), and masking of ID numbers and phones for display."""

import base64
import re

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
PHONE = re.compile(r"^1\d{10}$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number_valid(value: str) -> bool:
    """A mainland resident ID number (GB 11643): 17 digits and a check character."""
    if not ID_NUMBER.match(value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == value[17]


def _fernet() -> Fernet:
    key = current_app.config["ID_ENCRYPTION_KEY"]
    if not key:
        # Development convenience only: production refuses to start without ID_ENCRYPTION_KEY.
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"wanganlian id-number v1"
        ).derive(current_app.config["SECRET_KEY"].encode())
        key = base64.urlsafe_b64encode(derived)
    return Fernet(key)


def encrypt_id_number(value: str | None) -> str | None:
    """A Fernet token (ASCII; authenticated AES-128-CBC + HMAC-SHA256), never the number."""
    return None if value is None else _fernet().encrypt(value.encode()).decode("ascii")


def decrypt_id_number(token: str | None) -> str | None:
    if token is None:
        return None
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        # A key rotated without re-encryption: show that something is there, never crash.
        return "?" * 18


def mask_id_number(value: str | None) -> str | None:
    """1101**********1234"""
    if not value:
        return None
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str | None:
    """138****5678"""
    if not value:
        return None
    return value[:3] + "*" * (len(value) - 7) + value[-4:]

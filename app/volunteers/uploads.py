"""Private image uploads (highlights, evidence photos): JPEG/PNG by magic bytes, at most 5 MB,
kept under the instance folder and only ever served through endpoints that check the viewer."""

import os
import secrets

from flask import current_app

from app.errors import AppError, ValidationFailed

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAGIC = {b"\xff\xd8\xff": ("jpeg", "image/jpeg"), b"\x89PNG\r\n\x1a\n": ("png", "image/png")}


class PayloadTooLarge(AppError):
    status, code, message = 413, "image_too_large", "Images are at most 5 MB."


def sniff_image(data: bytes) -> tuple[str, str]:
    """(extension, mimetype) from the file's magic bytes; the client's claim is not trusted."""
    if len(data) > MAX_IMAGE_BYTES:
        raise PayloadTooLarge(details={"fields": {"image": ["At most 5 MB."]}})
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    raise ValidationFailed(
        "Only JPEG and PNG images are accepted.",
        code="image_type_unsupported",
        details={"fields": {"image": ["Must be a JPEG or PNG file."]}},
    )


def upload_dir(kind: str) -> str:
    base = current_app.config["UPLOAD_DIR"]
    path = os.path.join(base, kind)
    os.makedirs(path, exist_ok=True)
    return path


def store_image(kind: str, data: bytes) -> tuple[str, str]:
    """Save a checked image under a random name in the private folder -> (name, mimetype)."""
    extension, mimetype = sniff_image(data)
    name = f"{secrets.token_hex(16)}.{extension}"
    with open(os.path.join(upload_dir(kind), name), "wb") as handle:
        handle.write(data)
    return name, mimetype


def image_path(kind: str, name: str) -> str:
    return os.path.join(upload_dir(kind), os.path.basename(name))
